package dev.jgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SetGradTest {
  @Test
  void replacesAndClearsTheGradient() {
    Tensor x = Tensor.of(new double[] {1, 2}).requiresGrad();
    x.mul(x).sum().backward();
    assertArrayEquals(new double[] {2, 4}, x.grad().toArray(), 0);
    x.setGrad(Tensor.of(new double[] {0.5, 0.25}));
    x.mul(3).sum().backward();
    assertArrayEquals(new double[] {3.5, 3.25}, x.grad().toArray(), 0);
    x.setGrad(null);
    assertNull(x.grad());
  }

  @Test
  void rejectsAnotherShape() {
    Tensor x = Tensor.zeros(2, 3);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> x.setGrad(Tensor.zeros(3, 2)));
    assertTrue(e.getMessage().contains("[3, 2]") && e.getMessage().contains("[2, 3]"), e.getMessage());
  }
}
