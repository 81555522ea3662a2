package dev.jgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Numerical trouble: the stable ops stay finite and right at +-1000, {@code where} selects
 * gradients without leaking NaN from the branch not taken, and anomaly mode names the first op
 * that produced a non-finite value, forward or backward.
 */
class NumericStabilityTest {
  private static final double TOL = 1e-12;

  private static void assertAllFinite(Tensor t, String what) {
    for (double v : t.toArray()) {
      assertTrue(Double.isFinite(v), what + " has a non-finite value: " + t);
    }
  }

  private static void assertClose(double[] expected, Tensor actual, double tol) {
    double[] a = actual.toArray();
    assertEquals(expected.length, a.length, "length");
    for (int i = 0; i < a.length; i++) {
      assertEquals(expected[i], a[i], tol * Math.max(1, Math.abs(expected[i])), "element " + i + " of " + actual);
    }
  }

  /** Returns the gradient of {@code sum(v * f(x))} at x. */
  private static Tensor vjp(java.util.function.UnaryOperator<Tensor> f, Tensor x, Tensor v) {
    Tensor leaf = x.detach().requiresGrad();
    return Autograd.grad(f.apply(leaf).mul(v).sum(), leaf, false);
  }

  @Test
  void softmaxAtPlusMinus1000() {
    Tensor x = Tensor.of(new double[] {1000, -1000, 0, 1000, 999});
    double z = 2 + Math.exp(-1);
    double[] s = {1 / z, 0, 0, 1 / z, Math.exp(-1) / z};
    assertClose(s, x.softmax(0), TOL);
    Tensor v = Tensor.of(new double[] {0.3, -1.2, 2.0, 0.7, -0.4});
    double vs = 0;
    for (int i = 0; i < 5; i++) {
      vs += v.toArray()[i] * s[i];
    }
    double[] expected = new double[5];
    for (int i = 0; i < 5; i++) {
      expected[i] = s[i] * (v.toArray()[i] - vs); // d(v . softmax)/dx = s * (v - v . s)
    }
    Tensor g = vjp(t -> t.softmax(0), x, v);
    assertAllFinite(g, "softmax gradient");
    assertClose(expected, g, 1e-12);
  }

  @Test
  void logSoftmaxAndLogSumExpAtPlusMinus1000() {
    Tensor x = Tensor.of(new double[][] {{1000, -1000}, {-1000, -1000}, {1000, 1000}});
    assertClose(new double[] {0, -2000, -Math.log(2), -Math.log(2), -Math.log(2), -Math.log(2)},
        x.logSoftmax(1), TOL);
    assertClose(new double[] {1000, -1000 + Math.log(2), 1000 + Math.log(2)}, x.logSumExp(1, false), TOL);
    // d logSumExp / dx = softmax(x)
    Tensor g = vjp(t -> t.logSumExp(1, false), x, Tensor.ones(3));
    assertClose(new double[] {1, 0, 0.5, 0.5, 0.5, 0.5}, g, TOL);
    // d (v . logSoftmax) / dx = v - softmax * sum(v)
    Tensor v = Tensor.of(new double[][] {{1, 2}, {3, -1}, {0.5, 0.25}});
    Tensor gl = vjp(t -> t.logSoftmax(1), x, v);
    assertClose(new double[] {1 - 3, 2, 3 - 1, -1 - 1, 0.5 - 0.375, 0.25 - 0.375}, gl, TOL);
  }

  @Test
  void sigmoidSoftplusTanhAtPlusMinus1000() {
    Tensor x = Tensor.of(new double[] {1000, -1000, 745, -745});
    assertClose(new double[] {1, 0, 1, Math.exp(-745)}, x.sigmoid(), TOL);
    assertClose(new double[] {1000, 0, 745, Math.exp(-745)}, x.softplus(), TOL);
    assertClose(new double[] {1, -1, 1, -1}, x.tanh(), TOL);
    Tensor ones = Tensor.ones(4);
    assertClose(new double[] {0, 0, 0, Math.exp(-745)}, vjp(Tensor::sigmoid, x, ones), TOL);
    assertClose(new double[] {1, 0, 1, Math.exp(-745)}, vjp(Tensor::softplus, x, ones), TOL);
    assertClose(new double[] {0, 0, 0, 0}, vjp(Tensor::tanh, x, ones), TOL);
  }

  /** Near +-1000 the gradients also match central differences (not just stay finite). */
  @Test
  void stableOpsPassGradCheckNear1000() {
    Random random = new Random(4);
    for (double centre : new double[] {1000, -1000}) {
      Tensor x = Tensor.randn(random, 3, 4).add(centre);
      for (GradCheck.Fn f :
          List.<GradCheck.Fn>of(
              in -> in.get(0).softmax(1),
              in -> in.get(0).logSoftmax(0),
              in -> in.get(0).logSumExp(1, true),
              in -> in.get(0).sub(centre).sigmoid(),
              in -> in.get(0).softplus())) {
        GradCheck.check(f, x).assertOk();
      }
    }
  }

  // ------------------------------------------------------------------ where and masking

  /**
   * The rule: {@code where} selects the gradient, so the branch not taken receives exactly zero
   * and a NaN or Inf in its values never reaches the gradient of the branch taken.
   */
  @Test
  void whereSelectsGradientsSoNanInTheOtherBranchDoesNotLeak() {
    Tensor cond = Tensor.of(new double[] {1, 0, 1});
    Tensor a = Tensor.of(new double[] {1, 2, 3}).requiresGrad();
    Tensor b = Tensor.of(new double[] {Double.NaN, 5, Double.POSITIVE_INFINITY}).requiresGrad();
    Tensor.where(cond, a.mul(2), b.mul(3)).sum().backward();
    assertClose(new double[] {2, 0, 2}, a.grad(), 0);
    assertClose(new double[] {0, 3, 0}, b.grad(), 0);
  }

  /**
   * Ops built on {@code where} keep the rule: relu, clamp, leakyRelu, maximum, minimum and
   * pow's exponent gradient at base 0 give finite gradients at infinite or zero inputs.
   */
  @Test
  void maskingOpsGiveFiniteGradientsAtInfinities() {
    double inf = Double.POSITIVE_INFINITY;
    Tensor x = Tensor.of(new double[] {inf, -inf, 2, -2});
    Tensor ones = Tensor.ones(4);
    assertClose(new double[] {1, 0, 1, 0}, vjp(Tensor::relu, x, ones), 0);
    assertClose(new double[] {0, 0, 1, 0}, vjp(t -> t.clamp(-1, 3), x, ones), 0);
    assertClose(new double[] {1, 0.1, 1, 0.1}, vjp(t -> t.leakyRelu(0.1), x, ones), 0);
    Tensor other = Tensor.of(new double[] {-inf, inf, 2, 5});
    assertClose(new double[] {1, 0, 0.5, 0}, vjp(t -> t.maximum(other), x, ones), 0);
    assertClose(new double[] {0, 1, 0.5, 1}, vjp(t -> t.minimum(other), x, ones), 0);
    Tensor base = Tensor.of(new double[] {0, 0, 1, 2});
    Tensor gb = vjp(e -> base.pow(e), Tensor.of(new double[] {2, 3, 1, 1}), ones);
    assertClose(new double[] {0, 0, 0, 2 * Math.log(2)}, gb, 1e-15);
  }

  /**
   * The limit of the rule, as in IEEE arithmetic and PyTorch: the branch not taken still
   * multiplies its zero upstream by its own local derivative, and {@code 0 * Inf} is NaN. So
   * {@code where(x > 0, sqrt(x), 0)} at x = 0 has a NaN gradient; the fix is to make the branch
   * harmless where it is not taken (the "double where").
   */
  @Test
  void doubleWhereKeepsGradientFiniteWhereTheBranchIsUndefined() {
    Tensor x = Tensor.of(new double[] {-1, 0, 4}).requiresGrad();
    Tensor positive = x.gt(0);
    Tensor naive = Tensor.where(positive, x.sqrt(), Tensor.scalar(0));
    Tensor g = Autograd.grad(naive.sum(), x, false);
    assertTrue(Double.isNaN(g.toArray()[0]) && Double.isNaN(g.toArray()[1]), "IEEE: 0 * NaN/Inf " + g);
    Tensor safe = Tensor.where(positive, Tensor.where(positive, x, Tensor.scalar(1)).sqrt(), Tensor.scalar(0));
    assertClose(new double[] {0, 0, 0.25}, Autograd.grad(safe.sum(), x, false), 0);
  }

  // ------------------------------------------------------------------ anomaly mode

  @Test
  void anomalyModeNamesFirstOpProducingInfInForward() {
    Tensor x = Tensor.of(new double[] {1, 2}).requiresGrad();
    try (var anomaly = Autograd.detectAnomaly()) {
      Tensor big = x.mul(1e200);
      var e = assertThrows(IllegalStateException.class, () -> big.mul(1e200));
      assertTrue(e.getMessage().startsWith("anomaly: mul produced +Inf"), e.getMessage());
      assertTrue(e.getMessage().contains("forward") && e.getMessage().contains("NumericStabilityTest"), e.getMessage());
      var e2 = assertThrows(IllegalStateException.class, () -> x.neg().log());
      assertTrue(e2.getMessage().startsWith("anomaly: log produced NaN"), e2.getMessage());
    }
    // Outside the scope, IEEE semantics: no error.
    assertTrue(Double.isInfinite(x.mul(1e200).mul(1e200).toArray()[0]));
  }

  @Test
  void anomalyModeNamesFirstOpProducingInfInBackward() {
    Tensor x = Tensor.of(new double[] {0, 4}).requiresGrad();
    try (var anomaly = Autograd.detectAnomaly()) {
      Tensor y = x.sqrt().mul(3).sum(); // forward is finite: sqrt(0) = 0
      var e = assertThrows(IllegalStateException.class, y::backward);
      assertTrue(e.getMessage().startsWith("anomaly: the backward of sqrt produced +Inf"), e.getMessage());
      assertTrue(e.getMessage().contains("NumericStabilityTest"), "names where sqrt was created: " + e.getMessage());
    }
  }
}
