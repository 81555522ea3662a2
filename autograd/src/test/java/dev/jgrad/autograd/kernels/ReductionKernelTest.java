package dev.jgrad.autograd.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link Reductions#sum} and {@link Reductions#max} against the plain definition, for every layout
 * {@code [outer, size, inner]} of small sizes (1, primes, the unrolled width), both dtypes, with
 * NaN taking the maximum.
 */
class ReductionKernelTest {
  private static final int[] DIMS = {1, 2, 3, 4, 5, 7, 16, 17};

  @Test
  void sumAndMaxMatchTheDefinition() {
    Random random = new Random(1);
    for (int outer : DIMS) {
      for (int size : DIMS) {
        for (int inner : new int[] {1, 3, 8}) {
          int n = outer * size * inner;
          double[] x = new double[n];
          float[] xf = new float[n];
          for (int i = 0; i < n; i++) {
            xf[i] = (float) random.nextGaussian();
            x[i] = xf[i];
          }
          if (n > 7 && random.nextBoolean()) {
            x[n / 2] = Double.NaN;
            xf[n / 2] = Float.NaN;
          }
          Storage sd = Reductions.sum(Storage.of(x), outer, size, inner);
          Storage sf = Reductions.sum(Storage.of(xf), outer, size, inner);
          Storage md = Reductions.max(Storage.of(x), outer, size, inner);
          Storage mf = Reductions.max(Storage.of(xf), outer, size, inner);
          for (int o = 0; o < outer; o++) {
            for (int j = 0; j < inner; j++) {
              double sum = 0;
              double max = Double.NEGATIVE_INFINITY;
              for (int k = 0; k < size; k++) {
                double v = x[(o * size + k) * inner + j];
                sum += v;
                max = Double.isNaN(v) || Double.isNaN(max) ? Double.NaN : Math.max(max, v);
              }
              String at = "[" + outer + ", " + size + ", " + inner + "] at " + o + ", " + j;
              int i = o * inner + j;
              assertEquals(sum, sd.get(i), 1e-14 * size, "double sum " + at);
              float fs = (float) sum;
              assertEquals(fs, (float) sf.get(i), Float.isNaN(fs) ? 0 : Math.ulp(fs) + 1e-14 * size, "float sum " + at);
              assertEquals(max, md.get(i), 0, "double max " + at);
              assertEquals(max, mf.get(i), 0, "float max " + at);
            }
          }
        }
      }
    }
  }

  @Test
  void sumAllMatchesTheDefinition() {
    Random random = new Random(2);
    for (int n : new int[] {0, 1, 3, 4, 5, 1001}) {
      double[] x = new double[n];
      float[] xf = new float[n];
      double sum = 0;
      for (int i = 0; i < n; i++) {
        xf[i] = (float) random.nextGaussian();
        x[i] = xf[i];
        sum += x[i];
      }
      assertEquals(sum, Reductions.sumAll(Storage.of(x)), 1e-13, "double, n=" + n);
      assertEquals(sum, Reductions.sumAll(Storage.of(xf)), 1e-13, "float, n=" + n);
    }
  }
}
