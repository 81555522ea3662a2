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
    return x instanceof Storage.F64 d
        ? rowSum(d.a, 0, d.a.length)
        : rowSum(((Storage.F32) x).a, 0, x.size());
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
      if (inner == 1) { // one sum per row: four accumulators, as sumAll
        for (int o = 0; o < outer; o++) {
          out[o] = rowSum(a, o * size, size);
        }
        return Storage.of(out);
      }
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
    float[] out = new float[outer * inner];
    if (inner == 1) {
      for (int o = 0; o < outer; o++) {
        out[o] = (float) rowSum(a, o * size, size);
      }
      return Storage.of(out);
    }
    // Widen a row, then add it: on JDK 17 one loop that widens and adds runs several times slower.
    double[] acc = new double[inner];
    double[] row = new double[inner];
    for (int o = 0; o < outer; o++) {
      java.util.Arrays.fill(acc, 0);
      int base = o * size * inner;
      for (int k = 0; k < size; k++) {
        int at = base + k * inner;
        for (int j = 0; j < inner; j++) {
          row[j] = a[at + j];
        }
        for (int j = 0; j < inner; j++) {
          acc[j] += row[j];
        }
      }
      for (int j = 0; j < inner; j++) {
        out[o * inner + j] = (float) acc[j];
      }
    }
    return Storage.of(out);
  }

  /** {@return the sum of {@code a[from .. from + n)} in four accumulators} */
  static double rowSum(double[] a, int from, int n) {
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    int i = from;
    int end = from + n;
    for (; i + 3 < end; i += 4) {
      s0 += a[i];
      s1 += a[i + 1];
      s2 += a[i + 2];
      s3 += a[i + 3];
    }
    for (; i < end; i++) {
      s0 += a[i];
    }
    return (s0 + s1) + (s2 + s3);
  }

  /** {@return the sum of {@code a[from .. from + n)} in double, in four accumulators} */
  static double rowSum(float[] a, int from, int n) {
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    int i = from;
    int end = from + n;
    for (; i + 3 < end; i += 4) {
      s0 += a[i];
      s1 += a[i + 1];
      s2 += a[i + 2];
      s3 += a[i + 3];
    }
    for (; i < end; i++) {
      s0 += a[i];
    }
    return (s0 + s1) + (s2 + s3);
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
    if (outer == 0 || inner == 0) {
      return Storage.zeros(x.dtype(), 0); // nothing to compare (skip outer x size empty loops)
    }
    if (x instanceof Storage.F64 d) {
      double[] a = d.a;
      double[] out = new double[outer * inner];
      for (int o = 0; o < outer; o++) {
        int base = o * size * inner;
        System.arraycopy(a, base, out, o * inner, inner);
        for (int k = 1; k < size; k++) {
          int row = base + k * inner;
          for (int j = 0; j < inner; j++) {
            double v = a[row + j];
            double m = out[o * inner + j];
            out[o * inner + j] = (v > m || v != v) ? v : m; // v != v: NaN wins
          }
        }
      }
      return Storage.of(out);
    }
    float[] a = ((Storage.F32) x).a;
    float[] out = new float[outer * inner];
    for (int o = 0; o < outer; o++) {
      int base = o * size * inner;
      System.arraycopy(a, base, out, o * inner, inner);
      for (int k = 1; k < size; k++) {
        int row = base + k * inner;
        for (int j = 0; j < inner; j++) {
          float v = a[row + j];
          float m = out[o * inner + j];
          out[o * inner + j] = (v > m || v != v) ? v : m;
        }
      }
    }
    return Storage.of(out);
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
