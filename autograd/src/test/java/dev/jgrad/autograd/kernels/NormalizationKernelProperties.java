package dev.jgrad.autograd.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The float kernels of {@link Normalization} and GELU's tanh form agree with plain double loops
 * written here from the formulas, on row lengths that end inside a vector, at a vector's end and
 * past several vectors (so the SIMD row loops' scalar tails run too) and on either kernel: the
 * Vector API's ({@link FloatRows}, in the Maven run with the module) or the scalar loops.
 */
class NormalizationKernelProperties {

  @Test
  void theRowKernelInUseIsTheExpectedOne() {
    String expect = System.getProperty("jgrad.test.expectKernel");
    if ("vector".equals(expect)) {
      assertNotNull(Normalization.ROWS, "the Vector API row loops did not load");
    } else if ("scalar".equals(expect)) {
      assertNull(Normalization.ROWS);
    }
  }

  private static float[] random(Random r, int size, double scale) {
    float[] x = new float[size];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (scale * r.nextGaussian());
    }
    return x;
  }

  private static void assertClose(double[] want, Storage got, String what) {
    assertEquals(want.length, got.size(), what);
    for (int i = 0; i < want.length; i++) {
      assertEquals(want[i], got.get(i), 3e-6 * (1 + Math.abs(want[i])), what + " element " + i);
    }
  }

  /** As {@link #assertClose(double[], Storage, String)}, relative to the size of what was summed. */
  private static void assertClose(double[] want, double[] scale, Storage got, String what) {
    assertEquals(want.length, got.size(), what);
    for (int i = 0; i < want.length; i++) {
      assertEquals(
          want[i], got.get(i), 3e-6 * (1 + Math.abs(want[i]) + scale[i]), what + " element " + i);
    }
  }

  @Property(tries = 80)
  void softmaxRows(
      @ForAll @IntRange(min = 1, max = 9) int rows,
      @ForAll @IntRange(min = 1, max = 70) int n,
      @ForAll boolean log,
      @ForAll long seed) {
    Random r = new Random(seed);
    float[] x = random(r, rows * n, 3);
    float[] g = random(r, rows * n, 1);
    double[] y = new double[rows * n];
    double[] dx = new double[rows * n];
    for (int row = 0; row < rows; row++) {
      int at = row * n;
      double max = Double.NEGATIVE_INFINITY;
      for (int k = 0; k < n; k++) {
        max = Math.max(max, x[at + k]);
      }
      double sum = 0;
      for (int k = 0; k < n; k++) {
        sum += Math.exp(x[at + k] - max);
      }
      double gy = 0;
      double gs = 0;
      for (int k = 0; k < n; k++) {
        double p = Math.exp(x[at + k] - max) / sum;
        y[at + k] = log ? x[at + k] - max - Math.log(sum) : p;
        gy += g[at + k] * p;
        gs += g[at + k];
      }
      for (int k = 0; k < n; k++) {
        double p = Math.exp(x[at + k] - max) / sum;
        dx[at + k] = log ? g[at + k] - p * gs : p * (g[at + k] - gy);
      }
    }
    Storage out = Normalization.softmax(Storage.of(x), rows, n, 1, log);
    assertClose(y, out, log ? "logSoftmax" : "softmax");
    assertClose(dx, Normalization.softmaxBackward(Storage.of(g), out, rows, n, 1, log), "gradient");
  }

  @Property(tries = 80)
  void layerNormRows(
      @ForAll @IntRange(min = 1, max = 40) int rows,
      @ForAll @IntRange(min = 1, max = 70) int n,
      @ForAll boolean biased,
      @ForAll long seed) {
    Random r = new Random(seed);
    float[] x = random(r, rows * n, 2);
    float[] w = random(r, n, 1);
    float[] b = random(r, n, 1);
    float[] g = random(r, rows * n, 1);
    double eps = 1e-2;
    double[] y = new double[rows * n];
    double[] dx = new double[rows * n];
    double[] dxScale = new double[rows * n];
    double[] dw = new double[n];
    double[] db = new double[n];
    for (int row = 0; row < rows; row++) {
      int at = row * n;
      double mean = 0;
      for (int k = 0; k < n; k++) {
        mean += x[at + k];
      }
      mean /= n;
      double var = 0;
      for (int k = 0; k < n; k++) {
        var += (x[at + k] - mean) * (x[at + k] - mean);
      }
      double sd = Math.sqrt(var / n + eps);
      double meanGh = 0;
      double meanGhXhat = 0;
      for (int k = 0; k < n; k++) {
        double h = (x[at + k] - mean) / sd;
        y[at + k] = h * w[k] + (biased ? b[k] : 0);
        meanGh += g[at + k] * w[k] / n;
        meanGhXhat += g[at + k] * w[k] * h / n;
        dw[k] += g[at + k] * h;
        db[k] += g[at + k];
      }
      for (int k = 0; k < n; k++) {
        double h = (x[at + k] - mean) / sd;
        dx[at + k] = (g[at + k] * w[k] - meanGh - h * meanGhXhat) / sd;
        // The three terms cancel: float rounding errs relative to their size, not the result's.
        dxScale[at + k] =
            (Math.abs(g[at + k] * w[k]) + Math.abs(meanGh) + Math.abs(h * meanGhXhat)) / sd;
      }
    }
    Storage xs = Storage.of(x);
    Storage ws = Storage.of(w);
    assertClose(y, Normalization.layerNorm(xs, ws, biased ? Storage.of(b) : null, rows, n, eps),
        "layerNorm");
    Storage[] grads =
        Normalization.layerNormBackward(xs, ws, Storage.of(g), rows, n, eps, true, true, true);
    assertClose(dx, dxScale, grads[0], "dx");
    assertClose(dw, grads[1], "dweight");
    assertClose(db, grads[2], "dbias");
  }

  @Property(tries = 60)
  void geluTanhElements(@ForAll @IntRange(min = 1, max = 100) int size, @ForAll long seed) {
    Random r = new Random(seed);
    float[] x = random(r, size, 3);
    float[] g = random(r, size, 1);
    double c = Math.sqrt(2 / Math.PI);
    double[] y = new double[size];
    double[] dx = new double[size];
    for (int i = 0; i < size; i++) {
      double v = x[i];
      double t = Math.tanh(c * (v + 0.044715 * v * v * v));
      y[i] = 0.5 * v * (1 + t);
      dx[i] = g[i] * (0.5 * (1 + t) + 0.5 * v * (1 - t * t) * c * (1 + 3 * 0.044715 * v * v));
    }
    assertClose(y, Elementwise.geluTanh(Storage.of(x)), "geluTanh");
    assertClose(dx, Elementwise.geluTanhBackward(Storage.of(x), Storage.of(g)), "gradient");
  }
}
