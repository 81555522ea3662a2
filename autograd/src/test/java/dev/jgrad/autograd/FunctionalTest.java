package dev.jgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Hand-derived values of {@link Autograd#jacobian}, {@link Autograd#hessian}, {@link Autograd#vjp},
 * {@link Autograd#jvp} and {@link Autograd#hvp}, their shapes, their create-graph forms and their
 * error messages.
 */
class FunctionalTest {
  private static final double TOL = 1e-12;

  private static Tensor vec(double... values) {
    return Tensor.of(values);
  }

  @Test
  void jacobianOfSquareIsDiagonalTwoX() {
    Tensor j = Autograd.jacobian(x -> x.pow(2), vec(1, 2));
    assertArrayEquals(new int[] {2, 2}, j.shape());
    assertArrayEquals(new double[] {2, 0, 0, 4}, j.toArray(), TOL);
  }

  @Test
  void jacobianOfMatrixTimesVectorIsTheMatrix() {
    Tensor w = Tensor.of(new double[][] {{1, -2, 3}, {0.5, 4, -1}});
    Tensor j = Autograd.jacobian(x -> w.matmul(x), vec(0.3, -0.7, 2));
    assertArrayEquals(new int[] {2, 3}, j.shape());
    assertArrayEquals(w.toArray(), j.toArray(), TOL);
  }

  @Test
  void jacobianShapeIsOutputShapeThenInputShape() {
    Tensor x = Tensor.of(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
    Tensor j = Autograd.jacobian(t -> t.sum(0), x);
    assertArrayEquals(new int[] {3, 2, 3}, j.shape());
    // d (sum_i x[i][c]) / d x[r][k] = [c == k]
    for (int c = 0; c < 3; c++) {
      for (int r = 0; r < 2; r++) {
        for (int k = 0; k < 3; k++) {
          assertEquals(c == k ? 1 : 0, j.get(c, r, k), TOL);
        }
      }
    }
  }

  @Test
  void jacobianOfScalarFunctionIsTheGradientAndOfScalarInputIsTheDerivative() {
    Tensor g = Autograd.jacobian(x -> x.mul(x).sum(), vec(3, -1));
    assertArrayEquals(new int[] {2}, g.shape());
    assertArrayEquals(new double[] {6, -2}, g.toArray(), TOL);
    Tensor d = Autograd.jacobian(x -> x.mul(vec(1, 2, 3)), Tensor.scalar(5));
    assertArrayEquals(new int[] {3}, d.shape());
    assertArrayEquals(new double[] {1, 2, 3}, d.toArray(), TOL);
    Tensor s = Autograd.jacobian(x -> x.sin(), Tensor.scalar(0.5));
    assertArrayEquals(new int[] {}, s.shape());
    assertEquals(Math.cos(0.5), s.item(), TOL);
  }

  @Test
  void hessianOfCubeSumIsDiagonalSixX() {
    Tensor h = Autograd.hessian(x -> x.pow(3).sum(), vec(1, 2));
    assertArrayEquals(new int[] {2, 2}, h.shape());
    assertArrayEquals(new double[] {6, 0, 0, 12}, h.toArray(), TOL);
  }

  @Test
  void hessianOfASquaredTimesB() {
    // f = a^2 b: H = [[2b, 2a], [2a, 0]]
    Tensor h =
        Autograd.hessian(x -> x.narrow(0, 0, 1).pow(2).mul(x.narrow(0, 1, 1)).sum(), vec(3, 5));
    assertArrayEquals(new double[] {10, 6, 6, 0}, h.toArray(), TOL);
  }

  @Test
  void hessianOfMatrixInputHasFourDims() {
    // f = sum(x)^2: every second derivative is 2
    Tensor h = Autograd.hessian(x -> x.sum().pow(2), Tensor.zeros(2, 3));
    assertArrayEquals(new int[] {2, 3, 2, 3}, h.shape());
    for (double v : h.toArray()) {
      assertEquals(2, v, TOL);
    }
  }

  @Test
  void vjpWeightsEachRowOfTheJacobian() {
    Tensor r = Autograd.vjp(x -> x.pow(2), vec(3, 4), vec(1, 10));
    assertArrayEquals(new double[] {6, 80}, r.toArray(), TOL);
  }

  @Test
  void jvpIsTheDirectionalDerivative() {
    // f = [x0 x1, sin x0]; J = [[x1, x0], [cos x0, 0]]; J [1, 2] at [2, 3] = [7, cos 2]
    Tensor r =
        Autograd.jvp(
            x ->
                Tensor.cat(
                    List.of(x.narrow(0, 0, 1).mul(x.narrow(0, 1, 1)), x.narrow(0, 0, 1).sin()), 0),
            vec(2, 3),
            vec(1, 2));
    assertArrayEquals(new int[] {2}, r.shape());
    assertArrayEquals(new double[] {7, Math.cos(2)}, r.toArray(), TOL);
  }

  @Test
  void hvpOfASquaredTimesB() {
    // f = a^2 b at [1, 2]: H = [[4, 2], [2, 0]], H [1, 1] = [6, 2]
    Tensor r =
        Autograd.hvp(
            x -> x.narrow(0, 0, 1).pow(2).mul(x.narrow(0, 1, 1)).sum(), vec(1, 2), vec(1, 1));
    assertArrayEquals(new double[] {6, 2}, r.toArray(), TOL);
  }

  @Test
  void multiInputVjpOfMatmulGivesBothGradients() {
    Tensor x = Tensor.of(new double[][] {{1, 2}, {3, 4}});
    Tensor w = Tensor.of(new double[][] {{0.5, -1, 2}, {1, 0, -3}});
    Tensor u = Tensor.of(new double[][] {{1, 0, 2}, {-1, 1, 0}});
    List<Tensor> r = Autograd.vjp(in -> in.get(0).matmul(in.get(1)), List.of(x, w), u, false);
    // d/dx = u w^T, d/dw = x^T u
    assertArrayEquals(new double[] {4.5, -5, -1.5, -1}, r.get(0).toArray(), TOL);
    assertArrayEquals(new double[] {-2, 3, 2, -2, 4, 4}, r.get(1).toArray(), TOL);
  }

  @Test
  void multiInputJvpSumsOverInputs() {
    // f(a, b) = a * b elementwise: J_a v_a + J_b v_b = b v_a + a v_b
    Tensor r =
        Autograd.jvp(
            in -> in.get(0).mul(in.get(1)),
            List.of(vec(1, 2), vec(3, 4)),
            List.of(vec(1, 1), vec(10, 0)),
            false);
    assertArrayEquals(new double[] {3 + 10, 4}, r.toArray(), TOL);
  }

  @Test
  void multiInputHessianBlocks() {
    // f = sum(a * b): d2f/da2 = 0, d2f/dadb = I
    List<List<Tensor>> h =
        Autograd.hessian(
            in -> in.get(0).mul(in.get(1)).sum(), List.of(vec(1, 2), vec(3, 4)), false);
    assertArrayEquals(new double[] {0, 0, 0, 0}, h.get(0).get(0).toArray(), TOL);
    assertArrayEquals(new double[] {1, 0, 0, 1}, h.get(0).get(1).toArray(), TOL);
    assertArrayEquals(new double[] {1, 0, 0, 1}, h.get(1).get(0).toArray(), TOL);
    List<Tensor> hv =
        Autograd.hvp(
            in -> in.get(0).mul(in.get(1)).sum(),
            List.of(vec(1, 2), vec(3, 4)),
            List.of(vec(1, 2), vec(5, 7)),
            false);
    assertArrayEquals(new double[] {5, 7}, hv.get(0).toArray(), TOL);
    assertArrayEquals(new double[] {1, 2}, hv.get(1).toArray(), TOL);
  }

  @Test
  void multiInputJacobianPerInput() {
    List<Tensor> j =
        Autograd.jacobian(in -> in.get(0).mul(in.get(1)), List.of(vec(1, 2), vec(3, 4)), false);
    assertArrayEquals(new double[] {3, 0, 0, 4}, j.get(0).toArray(), TOL);
    assertArrayEquals(new double[] {1, 0, 0, 2}, j.get(1).toArray(), TOL);
  }

  @Test
  void unusedInputsAndConstantFunctionsGiveZeros() {
    List<Tensor> j =
        Autograd.jacobian(in -> in.get(0).exp(), List.of(vec(0, 0), vec(1, 2, 3)), false);
    assertArrayEquals(new int[] {2, 3}, j.get(1).shape());
    assertArrayEquals(new double[6], j.get(1).toArray(), 0);
    Tensor constant = Autograd.jacobian(x -> vec(1, 2), vec(5));
    assertArrayEquals(new double[] {0, 0}, constant.toArray(), 0);
    assertArrayEquals(new double[4], Autograd.hessian(x -> x.sum(), vec(1, 2)).toArray(), 0);
    assertArrayEquals(
        new double[] {0, 0}, Autograd.hvp(x -> x.sum(), vec(1, 2), vec(1, 1)).toArray(), 0);
    assertArrayEquals(
        new double[] {0, 0}, Autograd.jvp(x -> vec(1, 2), vec(5), vec(1)).toArray(), 0);
  }

  @Test
  void jacobianOfCreateGraphJacobianIsTheHessian() {
    Tensor x = vec(0.3, -1.2, 0.8).requiresGrad();
    java.util.function.UnaryOperator<Tensor> f = t -> t.tanh().mul(t.sum()).sum();
    Tensor viaJacobians = Autograd.jacobian(t -> Autograd.jacobian(f, t, true), x);
    Tensor hessian = Autograd.hessian(f, x);
    assertArrayEquals(hessian.toArray(), viaJacobians.toArray(), 1e-12);
    // and the Hessian is symmetric
    for (int i = 0; i < 3; i++) {
      for (int k = 0; k < 3; k++) {
        assertEquals(hessian.get(i, k), hessian.get(k, i), 1e-12);
      }
    }
  }

  @Test
  void createGraphResultsDifferentiateAgain() {
    // f = sum(x^4): hvp with v = 1 is 12 x^2; its gradient summed is 24 x
    Tensor x = vec(1, 2).requiresGrad();
    Tensor h = Autograd.hvp(t -> t.pow(4).sum(), x, vec(1, 1), true);
    assertArrayEquals(new double[] {12, 48}, h.toArray(), TOL);
    assertTrue(h.isGradRequired());
    assertArrayEquals(new double[] {24, 48}, Autograd.grad(h.sum(), x, false).toArray(), TOL);
    // jvp of sin along 1 is cos x; its derivative -sin x
    Tensor y = vec(0.5).requiresGrad();
    Tensor d = Autograd.jvp(Tensor::sin, y, vec(1), true);
    assertEquals(-Math.sin(0.5), Autograd.grad(d.sum(), y, false).item(), TOL);
    Tensor g = Autograd.vjp(t -> t.pow(3), y, vec(1), true);
    assertEquals(6 * 0.5, Autograd.grad(g.sum(), y, false).item(), TOL);
    Tensor hess = Autograd.hessian(t -> t.pow(3).sum(), y, true);
    assertEquals(6, Autograd.grad(hess.sum(), y, false).item(), TOL);
  }

  @Test
  void pointAndItsGradAreLeftAlone() {
    Tensor x = vec(1, 2).requiresGrad();
    Autograd.hessian(t -> t.pow(3).sum(), x);
    Autograd.jvp(t -> t.exp(), x, vec(1, 1));
    assertNull(x.grad());
    assertArrayEquals(new double[] {1, 2}, x.toArray(), 0);
    Tensor plain = vec(1, 2);
    Autograd.vjp(t -> t.exp(), plain, vec(1, 1));
    assertFalse(plain.isGradRequired());
  }

  @Test
  void worksInsideNoGrad() {
    try (Autograd.Scope off = Autograd.noGrad()) {
      Tensor j = Autograd.jacobian(x -> x.pow(2), vec(1, 2));
      assertArrayEquals(new double[] {2, 0, 0, 4}, j.toArray(), TOL);
      assertFalse(Autograd.isGradEnabled());
    }
  }

  @Test
  void badArgumentsAreNamed() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Autograd.vjp(x -> x.pow(2), vec(1, 2), vec(1, 2, 3)));
    assertEquals("vjp: u has shape [3] but f(x) has shape [2]; they must match", e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class, () -> Autograd.jvp(x -> x.pow(2), vec(1, 2), vec(1)));
    assertEquals(
        "jvp: direction 0 has shape [1] but input 0 has shape [2]; they must match",
        e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class, () -> Autograd.hessian(x -> x.pow(2), vec(1, 2)));
    assertEquals(
        "hessian: needs a scalar function, but f returned shape [2]; reduce it with"
            + " sum() or mean(), or use jacobian for a vector function",
        e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Autograd.hvp(x -> x.pow(2), vec(1, 2), vec(1, 2)));
    assertTrue(e.getMessage().startsWith("hvp: needs a scalar function"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Autograd.jacobian(null, vec(1)));
    assertEquals("jacobian: the function must not be null", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Autograd.jacobian(x -> null, vec(1)));
    assertEquals("jacobian: the function returned null", e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Autograd.jvp(in -> in.get(0), List.of(vec(1)), List.of(), false));
    assertEquals("jvp: 1 inputs but 0 directions; pass one direction per input", e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Autograd.jacobian(in -> in.get(0), List.of(), false));
    assertEquals("jacobian: needs at least one input", e.getMessage());
  }
}
