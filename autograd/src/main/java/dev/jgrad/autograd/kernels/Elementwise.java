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
    forEachRow(
        aShape,
        bShape,
        outShape,
        (offA, strideA, offB, strideB, o, length) -> {
          for (int k = 0, ia = offA, ib = offB; k < length; k++, ia += strideA, ib += strideB) {
            out[o + k] = f.applyAsDouble(a[ia], b[ib]);
          }
        });
    return out;
  }

  /** What {@link #forEachRow} does with one row of the output. */
  @FunctionalInterface
  private interface RowAction {
    /**
     * Fills {@code out[o .. o + length)} from {@code a} read from {@code offA} in steps of
     * {@code strideA} (0 or 1) and {@code b} likewise.
     */
    void row(int offA, int strideA, int offB, int strideB, int o, int length);
  }

  /**
   * Walks the output of a broadcast binary op row by row (rows along the last dim), handing each
   * row's read offsets and strides in {@code a} and {@code b} to {@code action}. The multi-index
   * over the other dims advances like an odometer; broadcast dims have stride 0.
   */
  private static void forEachRow(int[] aShape, int[] bShape, int[] outShape, RowAction action) {
    int n = numel(outShape);
    int rank = outShape.length;
    int[] sa = broadcastStrides(aShape, outShape);
    int[] sb = broadcastStrides(bShape, outShape);
    int[] index = new int[rank];
    int last = rank - 1;
    int inner = outShape[last];
    int offA = 0;
    int offB = 0;
    for (int o = 0; o < n; o += inner) {
      action.row(offA, sa[last], offB, sb[last], o, inner);
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
  }

  /**
   * Returns {@code x} (shape {@code shape}) copied out to {@code outShape}, repeating along the
   * broadcast dimensions.
   */
  public static double[] broadcastTo(double[] x, int[] shape, int[] outShape) {
    return binary(BinaryFn.SUB, x, shape, ZERO, SCALAR, outShape); // x - (+0) is x exactly
  }

  private static final double[] ZERO = {0};
  private static final int[] SCALAR = {};

  /** The arithmetic of {@link #binary}: each has its own loops, so each loop inlines and vectorizes. */
  public enum BinaryFn {
    /** {@code a + b}. */
    ADD,
    /** {@code a - b}. */
    SUB,
    /** {@code a * b}. */
    MUL,
    /** {@code a / b}. */
    DIV
  }

  /**
   * Returns {@code fn(a, b)} broadcast to {@code outShape}, as {@link #zip} but with the loops
   * written out per function (no call per element), so the JIT compiles them to SIMD code.
   */
  public static double[] binary(
      BinaryFn fn, double[] a, int[] aShape, double[] b, int[] bShape, int[] outShape) {
    int n = numel(outShape);
    double[] out = new double[n];
    if (a.length == n && b.length == n) {
      rowVV(fn, a, 0, b, 0, out, 0, n);
      return out;
    }
    if (b.length == 1 && a.length == n) {
      rowVS(fn, a, 0, b[0], out, 0, n);
      return out;
    }
    if (a.length == 1 && b.length == n) {
      rowSV(fn, a[0], b, 0, out, 0, n);
      return out;
    }
    if (n == 0) {
      return out;
    }
    forEachRow(
        aShape,
        bShape,
        outShape,
        (offA, strideA, offB, strideB, o, length) -> {
          if (strideA == 1 && strideB == 1) {
            rowVV(fn, a, offA, b, offB, out, o, length);
          } else if (strideA == 1) {
            rowVS(fn, a, offA, b[offB], out, o, length);
          } else if (strideB == 1) {
            rowSV(fn, a[offA], b, offB, out, o, length);
          } else {
            rowVS(fn, a, offA, b[offB], out, o, 1);
            java.util.Arrays.fill(out, o + 1, o + length, out[o]);
          }
        });
    return out;
  }

  private static void rowVV(
      BinaryFn fn, double[] a, int ia, double[] b, int ib, double[] out, int o, int n) {
    switch (fn) {
      case ADD -> {
        for (int k = 0; k < n; k++) {
          out[o + k] = a[ia + k] + b[ib + k];
        }
      }
      case SUB -> {
        for (int k = 0; k < n; k++) {
          out[o + k] = a[ia + k] - b[ib + k];
        }
      }
      case MUL -> {
        for (int k = 0; k < n; k++) {
          out[o + k] = a[ia + k] * b[ib + k];
        }
      }
      case DIV -> {
        for (int k = 0; k < n; k++) {
          out[o + k] = a[ia + k] / b[ib + k];
        }
      }
    }
  }

  private static void rowVS(BinaryFn fn, double[] a, int ia, double bv, double[] out, int o, int n) {
    switch (fn) {
      case ADD -> {
        for (int k = 0; k < n; k++) {
          out[o + k] = a[ia + k] + bv;
        }
      }
      case SUB -> {
        for (int k = 0; k < n; k++) {
          out[o + k] = a[ia + k] - bv;
        }
      }
      case MUL -> {
        for (int k = 0; k < n; k++) {
          out[o + k] = a[ia + k] * bv;
        }
      }
      case DIV -> {
        for (int k = 0; k < n; k++) {
          out[o + k] = a[ia + k] / bv;
        }
      }
    }
  }

  private static void rowSV(BinaryFn fn, double av, double[] b, int ib, double[] out, int o, int n) {
    switch (fn) {
      case ADD -> {
        for (int k = 0; k < n; k++) {
          out[o + k] = av + b[ib + k];
        }
      }
      case SUB -> {
        for (int k = 0; k < n; k++) {
          out[o + k] = av - b[ib + k];
        }
      }
      case MUL -> {
        for (int k = 0; k < n; k++) {
          out[o + k] = av * b[ib + k];
        }
      }
      case DIV -> {
        for (int k = 0; k < n; k++) {
          out[o + k] = av / b[ib + k];
        }
      }
    }
  }

  /** Returns {@code -x[i]} for every element. */
  public static double[] neg(double[] x) {
    double[] out = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = -x[i];
    }
    return out;
  }

  /** Returns {@code x[i]^2} for every element. */
  public static double[] square(double[] x) {
    double[] out = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = x[i] * x[i];
    }
    return out;
  }

  /** Returns {@code x[i] > 0 ? upstream[i] : 0}: the gradient of relu, selected, not multiplied. */
  public static double[] reluBackward(double[] x, double[] upstream) {
    double[] out = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      // Branch-free (a branch mispredicts on half the elements): x > 0 exactly when x's bits
      // b satisfy 0 < b <= the bits of +infinity, i.e. b - 1 in [0, 0x7fefffffffffffff];
      // the mask is all ones there and zero elsewhere (zeros, negatives, NaNs).
      long t = Double.doubleToRawLongBits(x[i]) - 1;
      long mask = ~((t | (0x7fefffffffffffffL - t)) >> 63);
      out[i] = Double.longBitsToDouble(Double.doubleToRawLongBits(upstream[i]) & mask);
    }
    return out;
  }

  /** Returns {@code max(x[i], 0)} for every element, NaN kept. */
  public static double[] relu(double[] x) {
    double[] out = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = Math.max(x[i], 0.0); // branch-free; NaN stays NaN, -0.0 becomes 0.0
    }
    return out;
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
