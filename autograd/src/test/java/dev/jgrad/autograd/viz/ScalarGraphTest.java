package dev.jgrad.autograd.viz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.Value;
import org.junit.jupiter.api.Test;

class ScalarGraphTest {
  @Test
  void matmulPlusBiasPlusTanhGivesTheSameGradientsAsScalars() {
    Tensor x = Tensor.of(new double[][] {{1, 2}, {3, 4}}).label("x");
    Tensor w = Tensor.of(new double[][] {{0.5, -1}, {0.25, 2}}).requiresGrad().label("W");
    Tensor b = Tensor.of(new double[] {0.1, -0.2}).requiresGrad().label("b");
    Tensor y = x.matmul(w).add(b).tanh().sum();
    ScalarGraph s = ScalarGraph.expand(y);
    assertEquals(y.item(), s.output().data(), 1e-15);
    y.backward();
    s.output().backward();
    assertArrayEquals(w.grad().toArray(), s.grads(w), 1e-15);
    assertArrayEquals(b.grad().toArray(), s.grads(b), 1e-15);
    // hand check: dy/db_j = sum_i (1 - tanh(z_ij)^2)
    double z00 = 1 * 0.5 + 2 * 0.25 + 0.1;
    double z10 = 3 * 0.5 + 4 * 0.25 + 0.1;
    double expected = (1 - Math.pow(Math.tanh(z00), 2)) + (1 - Math.pow(Math.tanh(z10), 2));
    assertEquals(expected, b.grad().get(0), 1e-15);
    assertEquals("W[0,1]", s.values(w)[1].label());
  }

  @Test
  void unsupportedOpIsNamed() {
    Tensor x = Tensor.of(new double[] {1, 2}).requiresGrad().label("x");
    Tensor y = x.pow(2).max();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ScalarGraph.expand(y));
    assertTrue(e.getMessage().contains("cannot expand max") && e.getMessage().contains("supported"), e.getMessage());
    Value v = ScalarGraph.expand(x.mul(x).sum()).output();
    v.backward();
    assertEquals(5.0, v.data());
  }
}
