package dev.jgrad.autograd.kernels;

/**
 * Reductions over one dimension of row-major storage. A tensor is viewed as
 * {@code [outer, size, inner]} around the reduced dimension; the result has shape
 * {@code [outer, inner]}.
 */
public final class Reductions {
  private Reductions() {}

  /** Returns the sum of all elements, accumulated pairwise-blocked for accuracy. */
  public static double sumAll(double[] x) {
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    int i = 0;
    for (; i + 3 < x.length; i += 4) {
      s0 += x[i];
      s1 += x[i + 1];
      s2 += x[i + 2];
      s3 += x[i + 3];
    }
    for (; i < x.length; i++) {
      s0 += x[i];
    }
    return (s0 + s1) + (s2 + s3);
  }

  /** Returns {@code out[o, j] = sum_k x[o, k, j]}. */
  public static double[] sum(double[] x, int outer, int size, int inner) {
    double[] out = new double[outer * inner];
    for (int o = 0; o < outer; o++) {
      int base = o * size * inner;
      int ob = o * inner;
      for (int k = 0; k < size; k++) {
        int row = base + k * inner;
        for (int j = 0; j < inner; j++) {
          out[ob + j] += x[row + j];
        }
      }
    }
    return out;
  }

  /** Returns {@code out[o, j] = max_k x[o, k, j]} (NaN if any element is NaN); size must be > 0. */
  public static double[] max(double[] x, int outer, int size, int inner) {
    double[] out = new double[outer * inner];
    for (int o = 0; o < outer; o++) {
      int base = o * size * inner;
      int ob = o * inner;
      System.arraycopy(x, base, out, ob, inner);
      for (int k = 1; k < size; k++) {
        int row = base + k * inner;
        for (int j = 0; j < inner; j++) {
          double v = x[row + j];
          double m = out[ob + j];
          out[ob + j] = (v > m || Double.isNaN(v)) ? v : m;
        }
      }
    }
    return out;
  }

  /** Returns the index of the first maximum along the middle axis (NaN counts as maximal). */
  public static double[] argmax(double[] x, int outer, int size, int inner) {
    double[] out = new double[outer * inner];
    for (int o = 0; o < outer; o++) {
      int base = o * size * inner;
      for (int j = 0; j < inner; j++) {
        int best = 0;
        double m = x[base + j];
        for (int k = 1; k < size && !Double.isNaN(m); k++) {
          double v = x[base + k * inner + j];
          if (v > m || Double.isNaN(v)) {
            m = v;
            best = k;
          }
        }
        out[o * inner + j] = best;
      }
    }
    return out;
  }
}
