package dev.jgrad.nn.init;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;

class InitTest {
  private static double[] stats(Tensor t) {
    double[] v = t.toArray();
    double sum = 0;
    double sq = 0;
    double max = 0;
    for (double x : v) {
      sum += x;
      sq += x * x;
      max = Math.max(max, Math.abs(x));
    }
    double mean = sum / v.length;
    return new double[] {mean, Math.sqrt(sq / v.length - mean * mean), max};
  }

  @Test
  void sameSeedSameValues() {
    Tensor a = Init.xavierUniform(Tensor.zeros(30, 20), 1, new Random(5));
    Tensor b = Init.xavierUniform(Tensor.zeros(30, 20), 1, new Random(5));
    assertArrayEquals(a.toArray(), b.toArray(), 0);
  }

  @Test
  void constants() {
    assertArrayEquals(new double[] {0, 0}, Init.zeros(Tensor.ones(2)).toArray(), 0);
    assertArrayEquals(new double[] {1, 1}, Init.ones(Tensor.zeros(2)).toArray(), 0);
    assertArrayEquals(new double[] {3, 3}, Init.constant(Tensor.zeros(2), 3).toArray(), 0);
    assertEquals(2.5, Init.constant(Tensor.scalar(0), 2.5).item(), 0);
  }

  @Test
  void scalesFollowTheFormulas() {
    // 200 x 300 weight: fanIn = 300, fanOut = 200.
    Random random = new Random(1);
    double xavierBound = Math.sqrt(6.0 / 500);
    double[] s = stats(Init.xavierUniform(Tensor.zeros(200, 300), 1, random));
    assertTrue(s[2] <= xavierBound);
    assertEquals(xavierBound / Math.sqrt(3), s[1], 0.01 * xavierBound);
    s = stats(Init.xavierNormal(Tensor.zeros(200, 300), 2, random));
    assertEquals(2 * Math.sqrt(2.0 / 500), s[1], 0.01 * s[1]);
    s = stats(Init.kaimingUniform(Tensor.zeros(200, 300), random));
    assertTrue(s[2] <= Math.sqrt(6.0 / 300));
    assertEquals(Math.sqrt(2.0 / 300), s[1], 0.01 * s[1]);
    s = stats(Init.kaimingNormal(Tensor.zeros(200, 300), random));
    assertEquals(Math.sqrt(2.0 / 300), s[1], 0.01 * s[1]);
    s = stats(Init.normal(Tensor.zeros(100, 100), 3, 0.5, random));
    assertEquals(3, s[0], 0.02);
    assertEquals(0.5, s[1], 0.01);
    s = stats(Init.uniform(Tensor.zeros(100, 100), -2, 2, random));
    assertTrue(s[2] <= 2);
    assertEquals(2 / Math.sqrt(3), s[1], 0.02);
  }

  @Test
  void fansOfConvolutionShapedWeights() {
    assertArrayEquals(new int[] {3 * 5 * 5, 8 * 5 * 5}, Init.fans("t", Tensor.zeros(8, 3, 5, 5)));
    assertArrayEquals(new int[] {7, 7}, Init.fans("t", Tensor.zeros(7)));
    assertEquals(
        "kaimingUniform: needs a non-empty tensor with at least 1 dim, got shape []",
        assertThrows(
                IllegalArgumentException.class,
                () -> Init.kaimingUniform(Tensor.scalar(0), new Random(0)))
            .getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> Init.uniform(Tensor.zeros(2), 1, 0, new Random(0)));
  }
}
