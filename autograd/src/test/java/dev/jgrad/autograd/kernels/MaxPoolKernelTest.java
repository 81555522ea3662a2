package dev.jgrad.autograd.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The 2x2, stride-2 max pooling kernels against the plain definition (the first largest element of
 * each window in row-major order, the first NaN if there is one) on odd and even image sizes, with
 * ties, signed zeros, infinities and NaNs, in both dtypes.
 */
class MaxPoolKernelTest {
  private static final int[] SIZES = {2, 3, 4, 5, 7, 8, 11, 16, 33};
  private static final double[] SPECIAL = {
    Double.NaN, Double.NEGATIVE_INFINITY, -1, -0.0, 0.0, 0.0, 1, 1, 2, Double.POSITIVE_INFINITY
  };

  /** Returns the offset in a plane of the element the definition picks for window (oy, ox). */
  private static int pick(double[] x, int base, int width, int oy, int ox) {
    int best = -1;
    for (int i = 0; i < 2; i++) {
      for (int j = 0; j < 2; j++) {
        int at = base + (2 * oy + i) * width + 2 * ox + j;
        if (best < 0) {
          best = at;
        } else if (!Double.isNaN(x[best]) && (x[at] > x[best] || Double.isNaN(x[at]))) {
          best = at;
        }
      }
    }
    return best;
  }

  private static double[] sample(Random r, int n, boolean special) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = special ? SPECIAL[r.nextInt(SPECIAL.length)] : r.nextInt(3) - 1; // many ties
    }
    return x;
  }

  private static void check(double[] x, int planes, int h, int w, boolean f32) {
    int outH = h / 2;
    int outW = w / 2;
    Random r = new Random(h * 31 + w);
    double[] up = new double[planes * outH * outW];
    for (int i = 0; i < up.length; i++) {
      up[i] = f32 ? (float) r.nextGaussian() : r.nextGaussian();
    }
    Storage xs = f32 ? Storage.of(toFloat(x)) : Storage.of(x);
    Storage us = f32 ? Storage.of(toFloat(up)) : Storage.of(up);
    Storage max = Conv.maxPool2x2(xs, planes, h, w);
    assertEquals(xs.dtype(), max.dtype());
    double[] got = max.toDoubleArray();
    Storage gradient = Conv.maxPool2x2Backward(xs, us, planes, h, w);
    assertEquals(xs.dtype(), gradient.dtype());
    double[] grad = gradient.toDoubleArray();
    double[] want = new double[planes * h * w];
    String at = (f32 ? "F32 " : "F64 ") + planes + "x" + h + "x" + w;
    for (int p = 0; p < planes; p++) {
      for (int oy = 0; oy < outH; oy++) {
        for (int ox = 0; ox < outW; ox++) {
          int o = (p * outH + oy) * outW + ox;
          int b = pick(x, p * h * w, w, oy, ox);
          assertEquals(
              Double.doubleToLongBits(x[b]), Double.doubleToLongBits(got[o]), at + " window " + o);
          want[b] += up[o];
        }
      }
    }
    for (int e = 0; e < want.length; e++) {
      assertEquals(want[e], grad[e], 0.0, at + " gradient element " + e);
    }
  }

  private static float[] toFloat(double[] x) {
    float[] f = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      f[i] = (float) x[i];
    }
    return f;
  }

  @Test
  void matchesTheDefinitionOnEveryImageSizeWithTies() {
    Random r = new Random(7);
    for (boolean f32 : new boolean[] {false, true}) {
      for (int planes : new int[] {1, 3, 17}) {
        for (int h : SIZES) {
          for (int w : SIZES) {
            check(sample(r, planes * h * w, false), planes, h, w, f32);
          }
        }
      }
    }
  }

  @Test
  void matchesTheDefinitionOnSpecialValues() {
    Random r = new Random(11);
    for (boolean f32 : new boolean[] {false, true}) {
      for (int trial = 0; trial < 50; trial++) {
        int h = SIZES[trial % SIZES.length];
        int w = SIZES[(trial / 3) % SIZES.length];
        check(sample(r, 17 * h * w, true), 17, h, w, f32);
      }
    }
  }

  @Test
  void thePoolKernelInUseIsTheExpectedOne() {
    String expect = System.getProperty("jgrad.test.expectKernel");
    if ("vector".equals(expect)) {
      assertNotNull(Conv.POOL, "the Vector API pooling loops did not load");
    } else if ("scalar".equals(expect)) {
      assertNull(Conv.POOL);
    }
  }

  @Test
  void recognizesOnlyThePlainWindow() {
    assertTrue(Conv.isPlain2x2(new Conv.Window(2, 2, 2, 2, 0, 0, 1, 1, 4, 4)));
    assertFalse(Conv.isPlain2x2(new Conv.Window(2, 2, 1, 1, 0, 0, 1, 1, 7, 7)));
    assertFalse(Conv.isPlain2x2(new Conv.Window(2, 2, 2, 2, 1, 1, 1, 1, 5, 5)));
    assertFalse(Conv.isPlain2x2(new Conv.Window(2, 2, 2, 2, 0, 0, 2, 2, 3, 3)));
    assertFalse(Conv.isPlain2x2(new Conv.Window(3, 3, 2, 2, 0, 0, 1, 1, 3, 3)));
  }
}
