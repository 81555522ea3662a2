package dev.jgrad.autograd.kernels;

import dev.jgrad.autograd.DType;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

/**
 * Elementwise loops over row-major {@link Storage} of either dtype, with NumPy broadcasting for
 * binary operations. Every method allocates and returns new storage; inputs are never written.
 * Float storage is computed in float where the operation is one IEEE operation (add, sub, mul,
 * div), and through {@code double} then rounded for library functions ({@code exp}, {@code log}...),
 * which is at least as accurate as a float implementation.
 */
public final class Elementwise {
  private Elementwise() {}

  /**
   * {@return {@code f(x[i])} for every element, in {@code x}'s dtype}. Float elements are widened
   * to double in blocks, mapped, and rounded back: on JDK 17 a loop that widens, calls and rounds
   * element by element runs several times slower than the three simple loops.
   *
   * @param x the input elements
   * @param f the function applied to each element
   */
  public static Storage map(Storage x, DoubleUnaryOperator f) {
    if (x instanceof Storage.F64 d) {
      double[] a = d.a;
      double[] out = new double[a.length];
      for (int i = 0; i < a.length; i++) {
        out[i] = f.applyAsDouble(a[i]);
      }
      return new Storage.F64(out);
    }
    float[] a = ((Storage.F32) x).a;
    float[] out = new float[a.length];
    double[] block = new double[Math.min(BLOCK, a.length)];
    for (int start = 0; start < a.length; start += BLOCK) {
      int len = Math.min(BLOCK, a.length - start);
      widen(a, start, block, len);
      for (int i = 0; i < len; i++) {
        block[i] = f.applyAsDouble(block[i]);
      }
      narrow(block, out, start, len);
    }
    return new Storage.F32(out);
  }

  /** Elements per block when float elements go through a double function. */
  private static final int BLOCK = 1024;

  private static void widen(float[] a, int start, double[] block, int len) {
    for (int i = 0; i < len; i++) {
      block[i] = a[start + i];
    }
  }

  private static void narrow(double[] block, float[] out, int start, int len) {
    for (int i = 0; i < len; i++) {
      out[start + i] = (float) block[i];
    }
  }

  /**
   * The functions of {@link #unary}: each has its own loop (no call through an interface per
   * element), and float storage uses the Vector API's SIMD versions where the JVM has them.
   */
  public enum UnaryFn {
    /** {@code e^x}. */
    EXP,
    /** {@code ln x}. */
    LOG,
    /** {@code ln(1 + x)}. */
    LOG1P,
    /** {@code sqrt(x)}. */
    SQRT,
    /** {@code |x|}. */
    ABS,
    /** {@code sin x}. */
    SIN,
    /** {@code cos x}. */
    COS,
    /** {@code tanh x}. */
    TANH,
    /** {@code 1 / (1 + e^-x)}, without overflow. */
    SIGMOID
  }

  /** The SIMD float functions, or null when the JVM runs without the Vector API module. */
  static final FloatMath FLOAT_MATH =
      VectorModule.enabled()
          ? VectorModule.load("dev.jgrad.autograd.kernels.VectorFloatMath", FloatMath.class)
          : null;

  /**
   * {@return {@code fn(x[i])} for every element, in {@code x}'s dtype}. Double elements use
   * {@link Math} (within 1 ulp). Float elements use the Vector API's functions where present
   * ({@code exp}, {@code log}, {@code tanh}, {@code sigmoid}, {@code sqrt}: within about 1 float
   * ulp), else the double function rounded to float.
   *
   * @param fn the function
   * @param x the input elements
   */
  public static Storage unary(UnaryFn fn, Storage x) {
    if (x instanceof Storage.F64 d) {
      double[] out = new double[d.a.length];
      apply(fn, d.a, out, d.a.length);
      return new Storage.F64(out);
    }
    float[] a = ((Storage.F32) x).a;
    float[] out = new float[a.length];
    if (fn == UnaryFn.ABS) {
      for (int i = 0; i < a.length; i++) {
        out[i] = Math.abs(a[i]);
      }
      return new Storage.F32(out);
    }
    unary(fn, a, 0, out, 0, a.length);
    return new Storage.F32(out);
  }

  /**
   * Writes {@code fn(a[aOff + i])} into {@code out[outOff + i]} for {@code i < n} in float, as
   * {@link #unary(UnaryFn, Storage)} computes it ({@code a} and {@code out} may be the same array):
   * the Vector API's function where present, else the double function rounded, in blocks.
   */
  static void unary(UnaryFn fn, float[] a, int aOff, float[] out, int outOff, int n) {
    if (FLOAT_MATH != null && FLOAT_MATH.apply(fn, a, aOff, out, outOff, n)) {
      return;
    }
    double[] block = new double[Math.min(BLOCK, n)];
    for (int start = 0; start < n; start += BLOCK) {
      int len = Math.min(BLOCK, n - start);
      widen(a, aOff + start, block, len);
      apply(fn, block, block, len);
      narrow(block, out, outOff + start, len);
    }
  }

  /** {@code out[i] = fn(a[i])} for {@code i < n}, one loop per function. */
  private static void apply(UnaryFn fn, double[] a, double[] out, int n) {
    switch (fn) {
      case EXP -> {
        for (int i = 0; i < n; i++) {
          out[i] = Math.exp(a[i]);
        }
      }
      case LOG -> {
        for (int i = 0; i < n; i++) {
          out[i] = Math.log(a[i]);
        }
      }
      case LOG1P -> {
        for (int i = 0; i < n; i++) {
          out[i] = Math.log1p(a[i]);
        }
      }
      case SQRT -> {
        for (int i = 0; i < n; i++) {
          out[i] = Math.sqrt(a[i]);
        }
      }
      case ABS -> {
        for (int i = 0; i < n; i++) {
          out[i] = Math.abs(a[i]);
        }
      }
      case SIN -> {
        for (int i = 0; i < n; i++) {
          out[i] = Math.sin(a[i]);
        }
      }
      case COS -> {
        for (int i = 0; i < n; i++) {
          out[i] = Math.cos(a[i]);
        }
      }
      case TANH -> {
        for (int i = 0; i < n; i++) {
          out[i] = Math.tanh(a[i]);
        }
      }
      case SIGMOID -> {
        for (int i = 0; i < n; i++) {
          out[i] = sigmoid(a[i]);
        }
      }
    }
  }

  /** {@code sqrt(2 / pi)}, the scale inside the tanh form of GELU. */
  static final double GELU_SCALE = Math.sqrt(2 / Math.PI);

  /** The cubic coefficient inside the tanh form of GELU. */
  static final double GELU_CUBIC = 0.044715;

  /**
   * {@return GELU in its tanh form, {@code 0.5 x (1 + tanh(u))} with {@code u = sqrt(2/pi) (x +
   * 0.044715 x^3)}, for every element, in {@code x}'s dtype} The operations are those of the
   * composite formula in its order ({@code (x + x x x 0.044715) sqrt(2/pi)}, then {@code (0.5 x)
   * (tanh(u) + 1)}), so the result is the composite's to the last bit.
   *
   * @param x the input elements
   */
  public static Storage geluTanh(Storage x) {
    if (x instanceof Storage.F32 f && Normalization.ROWS != null) {
      float[] out = new float[f.a.length];
      Normalization.ROWS.geluTanh(f.a, out);
      return new Storage.F32(out);
    }
    Storage t = unary(UnaryFn.TANH, geluInner(x));
    if (x instanceof Storage.F64 d) {
      double[] a = d.a;
      double[] th = ((Storage.F64) t).a;
      double[] out = new double[a.length];
      for (int i = 0; i < a.length; i++) {
        out[i] = (a[i] * 0.5) * (th[i] + 1);
      }
      return new Storage.F64(out);
    }
    float[] a = ((Storage.F32) x).a;
    float[] th = ((Storage.F32) t).a;
    float[] out = new float[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = (a[i] * 0.5f) * (th[i] + 1f);
    }
    return new Storage.F32(out);
  }

  /**
   * {@return the gradient of {@link #geluTanh}: {@code g (0.5 (1 + t) + 0.5 x (1 - t^2) sqrt(2/pi)
   * (1 + 3 * 0.044715 x^2))} with {@code t = tanh(u)}, in {@code x}'s dtype}
   *
   * @param x the input of the activation
   * @param g the upstream gradient, of {@code x}'s size and dtype
   */
  public static Storage geluTanhBackward(Storage x, Storage g) {
    if (x instanceof Storage.F32 f && Normalization.ROWS != null) {
      float[] out = new float[f.a.length];
      Normalization.ROWS.geluTanhBackward(f.a, ((Storage.F32) g).a, out);
      return new Storage.F32(out);
    }
    Storage t = unary(UnaryFn.TANH, geluInner(x));
    if (x instanceof Storage.F64 d) {
      double[] a = d.a;
      double[] th = ((Storage.F64) t).a;
      double[] up = ((Storage.F64) g).a;
      double[] out = new double[a.length];
      double c = GELU_SCALE;
      double k3 = 3 * GELU_CUBIC;
      for (int i = 0; i < a.length; i++) {
        double v = a[i];
        double tv = th[i];
        double local = 0.5 * (1 + tv) + 0.5 * v * (1 - tv * tv) * c * (1 + k3 * v * v);
        out[i] = up[i] * local;
      }
      return new Storage.F64(out);
    }
    float[] a = ((Storage.F32) x).a;
    float[] th = ((Storage.F32) t).a;
    float[] up = ((Storage.F32) g).a;
    float[] out = new float[a.length];
    float c = (float) GELU_SCALE;
    float k3 = (float) (3 * GELU_CUBIC);
    for (int i = 0; i < a.length; i++) {
      float v = a[i];
      float tv = th[i];
      float local = 0.5f * (1 + tv) + 0.5f * v * (1 - tv * tv) * c * (1 + k3 * v * v);
      out[i] = up[i] * local;
    }
    return new Storage.F32(out);
  }

  /** {@return {@code (x + x x x 0.044715) sqrt(2/pi)}, the argument of tanh in {@link #geluTanh}} */
  private static Storage geluInner(Storage x) {
    if (x instanceof Storage.F64 d) {
      double[] a = d.a;
      double[] out = new double[a.length];
      for (int i = 0; i < a.length; i++) {
        double v = a[i];
        out[i] = (v + v * v * v * GELU_CUBIC) * GELU_SCALE;
      }
      return new Storage.F64(out);
    }
    float[] a = ((Storage.F32) x).a;
    float[] out = new float[a.length];
    float k = (float) GELU_CUBIC;
    float c = (float) GELU_SCALE;
    for (int i = 0; i < a.length; i++) {
      float v = a[i];
      out[i] = (v + v * v * v * k) * c;
    }
    return new Storage.F32(out);
  }

  /**
   * {@return {@code 1 / (1 + e^-v)}, computed without overflow for either sign of {@code v}}
   *
   * @param v the argument
   */
  public static double sigmoid(double v) {
    if (v >= 0) {
      return 1 / (1 + Math.exp(-v));
    }
    double e = Math.exp(v);
    return e / (1 + e);
  }

  /**
   * {@return {@code f(a, b)} broadcast to {@code outShape}, in dtype {@code out}; {@code a} has
   * shape {@code aShape} and {@code b} has {@code bShape}, both broadcastable to {@code outShape}
   * (checked by the caller)}
   *
   * @param a the left operand
   * @param aShape the shape of {@code a}
   * @param b the right operand
   * @param bShape the shape of {@code b}
   * @param outShape the shape of the result
   * @param out the dtype of the result
   * @param f the function applied to each element (pair of elements)
   */
  public static Storage zip(
      Storage a, int[] aShape, Storage b, int[] bShape, int[] outShape, DType out,
      DoubleBinaryOperator f) {
    double[] x = a instanceof Storage.F64 d ? d.a : a.toDoubleArray();
    double[] y = b instanceof Storage.F64 d ? d.a : b.toDoubleArray();
    double[] result = zip(x, aShape, y, bShape, outShape, f);
    return out == DType.F64 ? new Storage.F64(result) : Storage.of(result).to(DType.F32);
  }

  private static double[] zip(
      double[] a, int[] aShape, double[] b, int[] bShape, int[] outShape, DoubleBinaryOperator f) {
    int n = numel(outShape);
    double[] out = new double[n];
    if (a.length == n && b.length == n) {
      for (int i = 0; i < n; i++) {
        out[i] = f.applyAsDouble(a[i], b[i]);
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
   * {@return {@code x} (shape {@code shape}) copied out to {@code outShape}, repeating along the
   * broadcast dimensions, in {@code x}'s dtype}
   *
   * @param x the input elements
   * @param shape the shape of {@code x}
   * @param outShape the shape of the result
   */
  public static Storage broadcastTo(Storage x, int[] shape, int[] outShape) {
    // x - (+0) is x exactly, in either dtype
    return binary(BinaryFn.SUB, x, shape, Storage.scalar(x.dtype(), 0), SCALAR, outShape, x.dtype());
  }

  private static final int[] SCALAR = {};

  /**
   * {@return {@code condition[i] != 0 ? a[i] : b[i]}, all three broadcast to {@code outShape}, in
   * dtype {@code out}}
   *
   * @param condition where nonzero, the element comes from {@code a}
   * @param cShape the shape of {@code condition}
   * @param a the values taken where {@code condition} is nonzero
   * @param aShape the shape of {@code a}
   * @param b the values taken where {@code condition} is zero
   * @param bShape the shape of {@code b}
   * @param outShape the shape of the result
   * @param out the dtype of the result
   */
  public static Storage where(
      Storage condition, int[] cShape, Storage a, int[] aShape, Storage b, int[] bShape,
      int[] outShape, DType out) {
    int n = numel(outShape);
    int[] take = nonzero(condition.size() == n ? condition : broadcastTo(condition, cShape, outShape));
    // Operands of the output's size or of one element are read in place; others are broadcast.
    Storage x = a.to(out);
    Storage y = b.to(out);
    if (x.size() != n && x.size() != 1) {
      x = broadcastTo(x, aShape, outShape);
    }
    if (y.size() != n && y.size() != 1) {
      y = broadcastTo(y, bShape, outShape);
    }
    if (out == DType.F64) {
      return new Storage.F64(select(take, ((Storage.F64) x).a, ((Storage.F64) y).a, n));
    }
    return new Storage.F32(select(take, ((Storage.F32) x).a, ((Storage.F32) y).a, n));
  }

  // where() selects with bit masks, without branches: a mask follows the condition's pattern,
  // which a branch would mispredict at every change (the causal mask changes twice a row).

  /** {@return -1 (all bits set) where {@code c} is nonzero (NaN included), else 0} */
  private static int[] nonzero(Storage c) {
    int[] take = new int[c.size()];
    if (c instanceof Storage.F64 d) {
      double[] v = d.a;
      for (int i = 0; i < v.length; i++) {
        // |bits| is above 0 exactly for nonzero values; adding 2^63 - 1 then overflows.
        long magnitude = Double.doubleToRawLongBits(v[i]) & Long.MAX_VALUE;
        take[i] = (int) ((magnitude + Long.MAX_VALUE) >> 63);
      }
    } else {
      float[] v = ((Storage.F32) c).a;
      for (int i = 0; i < v.length; i++) {
        int magnitude = Float.floatToRawIntBits(v[i]) & Integer.MAX_VALUE;
        take[i] = (magnitude + Integer.MAX_VALUE) >> 31;
      }
    }
    return take;
  }

  /** {@return {@code take[i] != 0 ? x[i] : y[i]}, where an operand of one element is repeated} */
  private static double[] select(int[] take, double[] x, double[] y, int n) {
    double[] r = new double[n];
    if (x.length == n && y.length == n) {
      for (int i = 0; i < n; i++) {
        long m = take[i]; // sign-extended: all ones or zero
        r[i] = Double.longBitsToDouble(
            (Double.doubleToRawLongBits(x[i]) & m) | (Double.doubleToRawLongBits(y[i]) & ~m));
      }
    } else if (x.length == n) {
      long yb = Double.doubleToRawLongBits(y[0]);
      for (int i = 0; i < n; i++) {
        long m = take[i];
        r[i] = Double.longBitsToDouble((Double.doubleToRawLongBits(x[i]) & m) | (yb & ~m));
      }
    } else if (y.length == n) {
      long xb = Double.doubleToRawLongBits(x[0]);
      for (int i = 0; i < n; i++) {
        long m = take[i];
        r[i] = Double.longBitsToDouble((xb & m) | (Double.doubleToRawLongBits(y[i]) & ~m));
      }
    } else if (n > 0) {
      long xb = Double.doubleToRawLongBits(x[0]);
      long yb = Double.doubleToRawLongBits(y[0]);
      for (int i = 0; i < n; i++) {
        long m = take[i];
        r[i] = Double.longBitsToDouble((xb & m) | (yb & ~m));
      }
    }
    return r;
  }

  private static float[] select(int[] take, float[] x, float[] y, int n) {
    float[] r = new float[n];
    if (x.length == n && y.length == n) {
      for (int i = 0; i < n; i++) {
        int m = take[i];
        r[i] = Float.intBitsToFloat(
            (Float.floatToRawIntBits(x[i]) & m) | (Float.floatToRawIntBits(y[i]) & ~m));
      }
    } else if (x.length == n) {
      int yb = Float.floatToRawIntBits(y[0]);
      for (int i = 0; i < n; i++) {
        int m = take[i];
        r[i] = Float.intBitsToFloat((Float.floatToRawIntBits(x[i]) & m) | (yb & ~m));
      }
    } else if (y.length == n) {
      int xb = Float.floatToRawIntBits(x[0]);
      for (int i = 0; i < n; i++) {
        int m = take[i];
        r[i] = Float.intBitsToFloat((xb & m) | (Float.floatToRawIntBits(y[i]) & ~m));
      }
    } else if (n > 0) {
      int xb = Float.floatToRawIntBits(x[0]);
      int yb = Float.floatToRawIntBits(y[0]);
      for (int i = 0; i < n; i++) {
        int m = take[i];
        r[i] = Float.intBitsToFloat((xb & m) | (yb & ~m));
      }
    }
    return r;
  }

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
   * {@return {@code fn(a, b)} broadcast to {@code outShape} in dtype {@code out} (operands of
   * another dtype are converted first), with the loops written out per function (no call per
   * element), so the JIT compiles them to SIMD code}
   *
   * @param fn the function to apply
   * @param a the left operand
   * @param aShape the shape of {@code a}
   * @param b the right operand
   * @param bShape the shape of {@code b}
   * @param outShape the shape of the result
   * @param out the dtype of the result
   */
  public static Storage binary(
      BinaryFn fn, Storage a, int[] aShape, Storage b, int[] bShape, int[] outShape, DType out) {
    Storage x = a.to(out);
    Storage y = b.to(out);
    if (out == DType.F64) {
      return new Storage.F64(binary(fn, ((Storage.F64) x).a, aShape, ((Storage.F64) y).a, bShape, outShape));
    }
    return new Storage.F32(binary(fn, ((Storage.F32) x).a, aShape, ((Storage.F32) y).a, bShape, outShape));
  }

  private static double[] binary(
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

  // The float loops below have the structure of the double loops above, line for line: Java has
  // no generics over primitive arrays, and a loop per element type is what the JIT vectorizes.
  private static float[] binary(
      BinaryFn fn, float[] a, int[] aShape, float[] b, int[] bShape, int[] outShape) {
    int n = numel(outShape);
    float[] out = new float[n];
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

  private static void rowVV(
      BinaryFn fn, float[] a, int ia, float[] b, int ib, float[] out, int o, int n) {
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

  private static void rowVS(BinaryFn fn, float[] a, int ia, float bv, float[] out, int o, int n) {
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

  private static void rowSV(BinaryFn fn, float av, float[] b, int ib, float[] out, int o, int n) {
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

  /**
   * {@return {@code -x[i]} for every element}
   *
   * @param x the input elements
   */
  public static Storage neg(Storage x) {
    if (x instanceof Storage.F64 d) {
      double[] a = d.a;
      double[] out = new double[a.length];
      for (int i = 0; i < a.length; i++) {
        out[i] = -a[i];
      }
      return new Storage.F64(out);
    }
    float[] a = ((Storage.F32) x).a;
    float[] out = new float[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = -a[i];
    }
    return new Storage.F32(out);
  }

  /**
   * {@return {@code x[i]^2} for every element}
   *
   * @param x the input elements
   */
  public static Storage square(Storage x) {
    if (x instanceof Storage.F64 d) {
      double[] a = d.a;
      double[] out = new double[a.length];
      for (int i = 0; i < a.length; i++) {
        out[i] = a[i] * a[i];
      }
      return new Storage.F64(out);
    }
    float[] a = ((Storage.F32) x).a;
    float[] out = new float[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i] * a[i];
    }
    return new Storage.F32(out);
  }

  /**
   * {@return {@code x[i] > 0 ? upstream[i] : 0}: the gradient of relu, selected, not multiplied,
   * in {@code upstream}'s dtype}
   *
   * @param x the input of relu
   * @param upstream the upstream gradient, of {@code x}'s size
   */
  public static Storage reluBackward(Storage x, Storage upstream) {
    int n = upstream.size();
    if (upstream instanceof Storage.F64 u) {
      double[] out = new double[n];
      double[] g = u.a;
      if (x instanceof Storage.F64 d) {
        double[] xa = d.a;
        for (int i = 0; i < n; i++) {
          // Branch-free (a branch mispredicts on half the elements): x > 0 exactly when x's bits
          // b satisfy 0 < b <= the bits of +infinity, i.e. b - 1 in [0, 0x7fefffffffffffff];
          // the mask is all ones there and zero elsewhere (zeros, negatives, NaNs).
          long t = Double.doubleToRawLongBits(xa[i]) - 1;
          long mask = ~((t | (0x7fefffffffffffffL - t)) >> 63);
          out[i] = Double.longBitsToDouble(Double.doubleToRawLongBits(g[i]) & mask);
        }
      } else {
        for (int i = 0; i < n; i++) {
          out[i] = x.get(i) > 0 ? g[i] : 0;
        }
      }
      return new Storage.F64(out);
    }
    float[] g = ((Storage.F32) upstream).a;
    float[] out = new float[n];
    if (x instanceof Storage.F32 f && FLOAT_MATH != null) {
      FLOAT_MATH.reluBackward(f.a, g, out); // SIMD: JDK 17 does not vectorize the bit masks below
    } else if (x instanceof Storage.F32 f) {
      float[] xa = f.a;
      for (int i = 0; i < n; i++) {
        // The same mask on float bits: 0 < b <= 0x7f7fffff (the largest finite float) + 1.
        int t = Float.floatToRawIntBits(xa[i]) - 1;
        int mask = ~((t | (0x7f7fffff - t)) >> 31);
        out[i] = Float.intBitsToFloat(Float.floatToRawIntBits(g[i]) & mask);
      }
    } else {
      for (int i = 0; i < n; i++) {
        out[i] = x.get(i) > 0 ? g[i] : 0;
      }
    }
    return new Storage.F32(out);
  }

  /**
   * {@return {@code max(x[i], 0)} for every element, NaN kept}
   *
   * @param x the input elements
   */
  public static Storage relu(Storage x) {
    if (x instanceof Storage.F64 d) {
      double[] a = d.a;
      double[] out = new double[a.length];
      for (int i = 0; i < a.length; i++) {
        out[i] = Math.max(a[i], 0.0); // branch-free; NaN stays NaN, -0.0 becomes 0.0
      }
      return new Storage.F64(out);
    }
    float[] a = ((Storage.F32) x).a;
    float[] out = new float[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = Math.max(a[i], 0.0f);
    }
    return new Storage.F32(out);
  }

  /**
   * {@return the strides to read a tensor of {@code shape} as if it had {@code outShape}: 0 on
   * every broadcast dimension, row-major otherwise, aligned at the right}
   *
   * @param shape the shape of the tensor to read, of no higher rank than {@code outShape}
   * @param outShape the broadcast shape
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
