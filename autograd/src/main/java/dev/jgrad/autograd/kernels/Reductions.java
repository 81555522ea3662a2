package dev.jgrad.autograd.kernels;

/**
 * Reductions over one dimension of row-major storage. A tensor is viewed as
 * {@code [outer, size, inner]} around the reduced dimension; the result has shape
 * {@code [outer, inner]} and the input's dtype. Float sums accumulate in double.
 */
public final class Reductions {
  private Reductions() {}

  /**
   * {@return the sum of all elements (accumulated in double in four lanes, for accuracy)}
   *
   * @param x the input elements
   */
  public static double sumAll(Storage x) {
    if (x instanceof Storage.F64 d) {
      return sumAll(d.a);
    }
    float[] a = ((Storage.F32) x).a;
    double s0 = 0;
    double s1 = 0;
    int i = 0;
    for (; i + 1 < a.length; i += 2) {
      s0 += a[i];
      s1 += a[i + 1];
    }
    for (; i < a.length; i++) {
      s0 += a[i];
    }
    return s0 + s1;
  }

  private static double sumAll(double[] x) {
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

  /**
   * {@return {@code out[o, j] = sum_k x[o, k, j]}}
   *
   * @param x the input elements
   * @param outer the product of the sizes before the reduced axis
   * @param size the size of the reduced axis
   * @param inner the product of the sizes after the reduced axis
   */
  public static Storage sum(Storage x, int outer, int size, int inner) {
    if (outer == 0 || size == 0 || inner == 0) {
      // Nothing to add (a huge empty tensor would still cost outer x size empty iterations).
      return Storage.zeros(x.dtype(), outer * inner);
    }
    if (x instanceof Storage.F64 d) {
      double[] a = d.a;
      double[] out = new double[outer * inner];
      for (int o = 0; o < outer; o++) {
        int base = o * size * inner;
        int ob = o * inner;
        for (int k = 0; k < size; k++) {
          int row = base + k * inner;
          for (int j = 0; j < inner; j++) {
            out[ob + j] += a[row + j];
          }
        }
      }
      return Storage.of(out);
    }
    float[] a = ((Storage.F32) x).a;
    double[] acc = new double[inner];
    float[] out = new float[outer * inner];
    for (int o = 0; o < outer; o++) {
      java.util.Arrays.fill(acc, 0);
      int base = o * size * inner;
      for (int k = 0; k < size; k++) {
        int row = base + k * inner;
        for (int j = 0; j < inner; j++) {
          acc[j] += a[row + j];
        }
      }
      for (int j = 0; j < inner; j++) {
        out[o * inner + j] = (float) acc[j];
      }
    }
    return Storage.of(out);
  }

  /**
   * {@return {@code out[o, j] = max_k x[o, k, j]} (NaN if any element is NaN); size must be > 0}
   *
   * @param x the input elements
   * @param outer the product of the sizes before the reduced axis
   * @param size the size of the reduced axis
   * @param inner the product of the sizes after the reduced axis
   */
  public static Storage max(Storage x, int outer, int size, int inner) {
    Storage out = Storage.zeros(x.dtype(), outer * inner);
    for (int o = 0; o < outer; o++) {
      int base = o * size * inner;
      int ob = o * inner;
      for (int j = 0; j < inner; j++) {
        double m = x.get(base + j);
        for (int k = 1; k < size; k++) {
          double v = x.get(base + k * inner + j);
          m = (v > m || Double.isNaN(v)) ? v : m;
        }
        out.set(ob + j, m);
      }
    }
    return out;
  }

  /**
   * {@return the index of the first maximum along the middle axis (NaN counts as maximal), as
   * double storage}
   *
   * @param x the input elements
   * @param outer the product of the sizes before the reduced axis
   * @param size the size of the reduced axis
   * @param inner the product of the sizes after the reduced axis
   */
  public static Storage argmax(Storage x, int outer, int size, int inner) {
    double[] out = new double[outer * inner];
    for (int o = 0; o < outer; o++) {
      int base = o * size * inner;
      for (int j = 0; j < inner; j++) {
        int best = 0;
        double m = x.get(base + j);
        for (int k = 1; k < size && !Double.isNaN(m); k++) {
          double v = x.get(base + k * inner + j);
          if (v > m || Double.isNaN(v)) {
            m = v;
            best = k;
          }
        }
        out[o * inner + j] = best;
      }
    }
    return Storage.of(out);
  }
}
