package dev.jgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The engine-side examples of the reliability issue, one test each: precision at huge logits,
 * pow's gradients at 0, variance with a large correction, shape products that would overflow,
 * printing a tensor of very high rank, scopes closed out of order, and messages that name the
 * right call.
 */
class EngineReliabilityTest {

  @Test
  void softmaxOfHugeEqualLogitsIsExact() {
    for (double big : new double[] {1e12, 1e15, 1e300}) {
      Tensor x = Tensor.full(big, 3);
      for (double p : x.softmax(0).toArray()) {
        assertEquals(1.0 / 3, p, 1e-16, "softmax at " + big);
      }
      for (double l : x.logSoftmax(0).toArray()) {
        assertEquals(-Math.log(3), l, 1e-15, "logSoftmax at " + big);
      }
    }
  }

  @Test
  void logSoftmaxGradientAtHugeLogitsIsExact() {
    Tensor x = Tensor.of(new double[] {1e15, 1e15, 1e15}).requiresGrad();
    x.logSoftmax(0).narrow(0, 0, 1).sum().backward();
    double[] g = x.grad().toArray();
    assertEquals(2.0 / 3, g[0], 1e-15);
    assertEquals(-1.0 / 3, g[1], 1e-15);
  }

  @Test
  void powGradientsAtZeroMatchPyTorch() {
    Tensor a = Tensor.of(new double[] {0, 0, 0}).requiresGrad();
    Tensor b = Tensor.of(new double[] {0, -1, 2}).requiresGrad();
    a.pow(b).sum().backward();
    // d/da: 0 where b == 0 (0^0), b a^(b-1) elsewhere: -1 * 0^-2 = -inf, 2 * 0 = 0
    assertEquals(0, a.grad().get(0));
    assertEquals(Double.NEGATIVE_INFINITY, a.grad().get(1));
    assertEquals(0, a.grad().get(2));
    // d/db: 0 where a == 0 and b >= 0; out ln a = inf * -inf = -inf at b < 0
    assertEquals(0, b.grad().get(0));
    assertEquals(Double.NEGATIVE_INFINITY, b.grad().get(1));
    assertEquals(0, b.grad().get(2));
  }

  @Test
  void varianceWithCorrectionAtLeastNDividesByZeroAsPyTorch() {
    Tensor x = Tensor.of(new double[] {1, 2, 4});
    assertEquals(Double.POSITIVE_INFINITY, x.var(0, false, 3).item());
    assertEquals(Double.POSITIVE_INFINITY, x.var(0, false, 5).item());
    assertTrue(Double.isNaN(Tensor.ones(3).var(0, false, 3).item()), "0/0 where all are equal");
    var e = assertThrows(IllegalArgumentException.class, () -> x.var(0, false, -1));
    assertTrue(e.getMessage().contains("correction"), e.getMessage());
  }

  @Test
  void reshapeWhoseProductWouldWrapIsRejected() {
    var e = assertThrows(IllegalArgumentException.class,
        () -> Tensor.ones(4).reshape(2147418113, 1718039348, 5));
    assertTrue(e.getMessage().startsWith("reshape:"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Tensor.ones(4).reshape(65536, 65536, -1));
  }

  @Test
  void aTensorOfRank100000PrintsWithoutRecursion() {
    int[] shape = new int[100_000];
    java.util.Arrays.fill(shape, 1);
    String s = Tensor.ones(1).reshape(shape).toString();
    assertTrue(s.startsWith("tensor([[[[") && s.contains("1.0"), s.substring(0, 40));
    assertEquals(100_000, s.chars().filter(c -> c == '[').count() - 1, "one bracket per dim, plus the shape's");
  }

  @Test
  void printingElidesLongDims() {
    assertEquals("tensor([[0.0, 1.0, 2.0, ..., 1197.0, 1198.0, 1199.0]], shape=[1, 1200])",
        Tensor.arange(1200).reshape(1, 1200).toString());
    assertEquals("tensor([[], []], shape=[2, 0])", Tensor.zeros(2, 0).toString());
    assertEquals("tensor(5.0, shape=[])", Tensor.scalar(5).toString());
  }

  @Test
  void scopesClosedOutOfOrderAreAnErrorNamingBoth() {
    Autograd.Scope outer = Autograd.noGrad();
    Autograd.Scope inner = Autograd.enableGrad();
    var e = assertThrows(IllegalStateException.class, outer::close);
    assertTrue(e.getMessage().contains("noGrad()") && e.getMessage().contains("enableGrad()"),
        e.getMessage());
    inner.close();
    outer.close();
    assertTrue(Autograd.isGradEnabled(), "grad mode restored once closed in order");
  }

  @Test
  void dimOfAZeroDTensorSaysItHasNoDims() {
    var e = assertThrows(IllegalArgumentException.class, () -> Tensor.scalar(1).sum(0));
    assertTrue(e.getMessage().contains("no dims"), e.getMessage());
    assertFalse(e.getMessage().contains("expected -1..0"), e.getMessage());
  }

  @Test
  void stdNamesItselfNotTheVarianceInsideIt() {
    // found by FuzzProperties once it drew the architecture ops
    var e = assertThrows(IllegalArgumentException.class, () -> Tensor.scalar(1).std(1, false, 1));
    assertTrue(e.getMessage().startsWith("std:"), e.getMessage());
  }

  @Test
  void eyeTooLargeNamesEye() {
    var e = assertThrows(IllegalArgumentException.class, () -> Tensor.eye(50000));
    assertTrue(e.getMessage().startsWith("eye:"), e.getMessage());
  }
}
