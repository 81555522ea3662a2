package dev.jgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Inputs found by {@link FuzzProperties} that once broke the error contract or the gradient, each
 * reduced by hand to its smallest form. The comment on each test names the bug and its fix.
 */
class FuzzRegressionTest {

  private static void assertMessageContains(Throwable e, String... parts) {
    for (String part : parts) {
      assertTrue(
          e.getMessage() != null && e.getMessage().contains(part),
          () -> "expected '" + part + "' in: " + e.getMessage());
    }
  }

  /** Found: softmax/logSoftmax with a bad dim blamed logSumExp (fuzz seed 245). */
  @Test
  void softmaxWithBadDimNamesSoftmax() {
    Tensor x = Tensor.scalar(1).requiresGrad();
    var e1 = assertThrows(IllegalArgumentException.class, () -> x.logSoftmax(-1));
    assertMessageContains(e1, "logSoftmax", "-1", "rank 0");
    var e2 = assertThrows(IllegalArgumentException.class, () -> Tensor.ones(2, 3).softmax(2));
    assertMessageContains(e2, "softmax: dim 2", "rank 2");
    var e3 = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, 0).softmax(1));
    assertMessageContains(e3, "softmax", "[2, 0]");
  }
}
