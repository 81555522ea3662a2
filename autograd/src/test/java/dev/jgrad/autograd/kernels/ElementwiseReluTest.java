package dev.jgrad.autograd.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jgrad.autograd.DType;
import org.junit.jupiter.api.Test;

/** The branch-free relu kernels against their plain definitions on every special value. */
class ElementwiseReluTest {
  private static final double[] SPECIAL = {
    Double.NaN, Double.longBitsToDouble(0xfff8000000000001L), Double.NEGATIVE_INFINITY,
    -Double.MAX_VALUE, -1, -Double.MIN_NORMAL, -Double.MIN_VALUE, -0.0, 0.0, Double.MIN_VALUE,
    Double.MIN_NORMAL, 0.5, 1, Double.MAX_VALUE, Double.POSITIVE_INFINITY
  };

  @Test
  void reluBackwardSelectsUpstreamExactlyWhereXIsPositive() {
    int n = SPECIAL.length;
    double[] x = new double[n * n];
    double[] up = new double[n * n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        x[i * n + j] = SPECIAL[i];
        up[i * n + j] = SPECIAL[j];
      }
    }
    double[] got = Elementwise.reluBackward(Storage.of(x), Storage.of(up)).toDoubleArray();
    for (int e = 0; e < x.length; e++) {
      double want = x[e] > 0 ? up[e] : 0.0;
      assertEquals(
          Double.doubleToRawLongBits(want),
          Double.doubleToRawLongBits(got[e]),
          "x = " + x[e] + ", upstream = " + up[e]);
    }
  }

  @Test
  void floatReluBackwardSelectsUpstreamExactlyWhereXIsPositive() {
    int n = SPECIAL.length;
    float[] x = new float[n * n]; // 225 elements: whole vectors and a tail
    float[] up = new float[n * n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        x[i * n + j] = (float) SPECIAL[i];
        up[i * n + j] = (float) SPECIAL[j];
      }
    }
    Storage got = Elementwise.reluBackward(Storage.of(x), Storage.of(up));
    assertEquals(DType.F32, got.dtype());
    float[] g = got.toFloatArray();
    for (int e = 0; e < x.length; e++) {
      float want = x[e] > 0 ? up[e] : 0.0f;
      assertEquals(
          Float.floatToRawIntBits(want),
          Float.floatToRawIntBits(g[e]),
          "x = " + x[e] + ", upstream = " + up[e]);
    }
  }

  @Test
  void reluKeepsNanAndMapsNegativesAndZerosToPositiveZero() {
    double[] got = Elementwise.relu(Storage.of(SPECIAL)).toDoubleArray();
    for (int e = 0; e < SPECIAL.length; e++) {
      double v = SPECIAL[e];
      double want = v > 0 ? v : (Double.isNaN(v) ? v : 0.0);
      assertEquals(
          Double.doubleToRawLongBits(Double.isNaN(want) ? Double.NaN : want),
          Double.doubleToRawLongBits(Double.isNaN(got[e]) ? Double.NaN : got[e]),
          "x = " + v);
    }
  }
}
