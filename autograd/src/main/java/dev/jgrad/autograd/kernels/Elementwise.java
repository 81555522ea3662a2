package dev.jgrad.autograd.kernels;

import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

/**
 * Elementwise loops over row-major {@code double[]} storage, with NumPy broadcasting for
 * binary operations. Every method allocates and returns a new array; inputs are never written.
 */
public final class Elementwise {
  private Elementwise() {}

  /** Returns {@code f(x[i])} for every element. */
  public static double[] map(double[] x, DoubleUnaryOperator f) {
    double[] out = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = f.applyAsDouble(x[i]);
    }
    return out;
  }

  /**
   * Returns {@code f(a, b)} broadcast to {@code outShape}; {@code a} has shape {@code aShape} and
   * {@code b} has {@code bShape}, both broadcastable to {@code outShape} (checked by the caller).
   */
  public static double[] zip(
      double[] a, int[] aShape, double[] b, int[] bShape, int[] outShape, DoubleBinaryOperator f) {
    int n = numel(outShape);
    double[] out = new double[n];
    if (a.length == n && b.length == n) {
      for (int i = 0; i < n; i++) {
        out[i] = f.applyAsDouble(a[i], b[i]);
      }
      return out;
    }
    if (b.length == 1 && a.length == n) {
      double bv = b[0];
      for (int i = 0; i < n; i++) {
        out[i] = f.applyAsDouble(a[i], bv);
      }
      return out;
    }
    if (a.length == 1 && b.length == n) {
      double av = a[0];
      for (int i = 0; i < n; i++) {
        out[i] = f.applyAsDouble(av, b[i]);
      }
      return out;
    }
    if (n == 0) {
      return out;
    }
    int rank = outShape.length;
    int[] sa = broadcastStrides(aShape, outShape);
    int[] sb = broadcastStrides(bShape, outShape);
    int[] index = new int[rank];
    int last = rank - 1;
    int inner = outShape[last];
    int strideA = sa[last];
    int strideB = sb[last];
    int offA = 0;
    int offB = 0;
    for (int o = 0; o < n; o += inner) {
      for (int k = 0, ia = offA, ib = offB; k < inner; k++, ia += strideA, ib += strideB) {
        out[o + k] = f.applyAsDouble(a[ia], b[ib]);
      }
      // Advance the multi-index over all but the last dimension (an odometer).
      for (int d = last - 1; d >= 0; d--) {
        index[d]++;
        offA += sa[d];
        offB += sb[d];
        if (index[d] < outShape[d]) {
          break;
        }
        offA -= sa[d] * outShape[d];
        offB -= sb[d] * outShape[d];
        index[d] = 0;
      }
    }
    return out;
  }

  /**
   * Returns {@code x} (shape {@code shape}) copied out to {@code outShape}, repeating along the
   * broadcast dimensions.
   */
  public static double[] broadcastTo(double[] x, int[] shape, int[] outShape) {
    return zip(x, shape, new double[] {0}, new int[0], outShape, (u, v) -> u);
  }

  /**
   * Returns the strides to read a tensor of {@code shape} as if it had {@code outShape}: 0 on
   * every broadcast dimension, row-major otherwise, aligned at the right.
   */
  public static int[] broadcastStrides(int[] shape, int[] outShape) {
    int[] strides = new int[outShape.length];
    int s = 1;
    for (int i = 1; i <= shape.length; i++) {
      int d = shape[shape.length - i];
      strides[outShape.length - i] = d == 1 ? 0 : s;
      s *= d;
    }
    return strides;
  }

  private static int numel(int[] shape) {
    int n = 1;
    for (int d : shape) {
      n *= d;
    }
    return n;
  }
}
