package dev.jgrad.autograd.kernels;

/**
 * Fused loops of the normalizing ops: softmax and log-softmax over one axis of a tensor viewed as
 * {@code [outer, size, inner]} (the result has the input's shape and dtype), and layer norm over
 * the last axis of a tensor viewed as {@code [rows, n]}, with their first-order gradients. Each
 * runs in a few passes over the elements where the ops it replaces took one pass per op. Float
 * storage is computed in float, with {@code exp} through {@link Elementwise#unary}, so a float
 * loop never widens, calls and rounds per element; the scalar loops sum floats in double, in the
 * lanes of {@link Reductions}, and give the composite formulas' values to the last bit. With the
 * Vector API module, float rows along the last axis go through {@link FloatRows} instead (SIMD,
 * sums in float lanes: within rounding of the scalar loops).
 */
public final class Normalization {
  private Normalization() {}

  /** The SIMD row loops, or null when the JVM runs without the Vector API module. */
  static final FloatRows ROWS =
      VectorModule.enabled()
          ? VectorModule.load("dev.jgrad.autograd.kernels.VectorFloatRows", FloatRows.class)
          : null;

  /**
   * {@return {@code softmax(x)} along the middle axis, {@code e / sum(e)} with {@code e = exp(x -
   * m)}, or (when {@code log}) {@code log softmax(x) = (x - m) - log(sum(e))}, where {@code m} is
   * the maximum along the axis (0 where it is infinite)} The maximum is never added back, so
   * three equal logits of 1e15 give exactly {@code -ln 3}; a NaN anywhere on the axis gives NaN
   * all along it, and an axis of {@code -Infinity} only gives NaN (0/0), as the composite
   * {@code exp}/{@code sum}/{@code log} formula does.
   *
   * @param x the input elements
   * @param outer the product of the sizes before the axis
   * @param size the size of the axis, above 0
   * @param inner the product of the sizes after the axis
   * @param log whether to return the log-softmax
   */
  public static Storage softmax(Storage x, int outer, int size, int inner, boolean log) {
    if (inner == 1) {
      return rowSoftmax(x, outer, size, log);
    }
    Storage m = Reductions.max(x, outer, size, inner);
    Storage shifted = shift(x, m, outer, size, inner);
    Storage e = Elementwise.unary(Elementwise.UnaryFn.EXP, shifted);
    Storage s = Reductions.sum(e, outer, size, inner);
    if (log) {
      return subtractLog(shifted, s, outer, size, inner);
    }
    return divide(e, s, outer, size, inner);
  }

  /**
   * {@return the gradient of {@link #softmax} with respect to its input, given the output {@code
   * y} and the upstream gradient {@code g} (both of {@code y}'s dtype): {@code y (g - sum(g y))}
   * for softmax, {@code g - exp(y) sum(g)} for log-softmax, the sums along the middle axis}
   *
   * @param g the upstream gradient
   * @param y the output of {@link #softmax}
   * @param outer the product of the sizes before the axis
   * @param size the size of the axis
   * @param inner the product of the sizes after the axis
   * @param log whether {@code y} is a log-softmax
   */
  public static Storage softmaxBackward(
      Storage g, Storage y, int outer, int size, int inner, boolean log) {
    if (inner == 1) {
      return rowSoftmaxBackward(g, y, outer, size, log);
    }
    if (log) {
      Storage p = Elementwise.unary(Elementwise.UnaryFn.EXP, y);
      return subtractScaled(g, p, Reductions.sum(g, outer, size, inner), outer, size, inner);
    }
    int[] shape = {g.size()};
    Storage gy = Elementwise.binary(Elementwise.BinaryFn.MUL, g, shape, y, shape, shape, y.dtype());
    return subtractScaled(gy, y, Reductions.sum(gy, outer, size, inner), outer, size, inner);
  }

  // The last axis (inner == 1), the common case: row loops, which the JIT vectorizes, in place of
  // the general loops' innermost loop of one element.

  /** {@link #softmax} along rows of {@code n} elements. */
  private static Storage rowSoftmax(Storage x, int rows, int n, boolean log) {
    if (x instanceof Storage.F64 d) {
      double[] a = d.a;
      double[] shifted = new double[a.length];
      for (int r = 0; r < rows; r++) {
        int at = r * n;
        double m = a[at];
        for (int k = 1; k < n; k++) {
          m = Math.max(m, a[at + k]); // branch-free; NaN wins
        }
        m = Double.isInfinite(m) ? 0 : m;
        for (int k = 0; k < n; k++) {
          shifted[at + k] = a[at + k] - m;
        }
      }
      double[] e = ((Storage.F64) Elementwise.unary(Elementwise.UnaryFn.EXP, new Storage.F64(shifted))).a;
      double[] sums = new double[rows];
      for (int r = 0; r < rows; r++) {
        sums[r] = Reductions.rowSum(e, r * n, n);
      }
      double[] out = new double[a.length];
      if (log) {
        double[] logs = ((Storage.F64) Elementwise.unary(Elementwise.UnaryFn.LOG, new Storage.F64(sums))).a;
        for (int r = 0; r < rows; r++) {
          int at = r * n;
          double ls = logs[r];
          for (int k = 0; k < n; k++) {
            out[at + k] = shifted[at + k] - ls;
          }
        }
      } else {
        for (int r = 0; r < rows; r++) {
          int at = r * n;
          double s = sums[r];
          for (int k = 0; k < n; k++) {
            out[at + k] = e[at + k] / s;
          }
        }
      }
      return new Storage.F64(out);
    }
    float[] a = ((Storage.F32) x).a;
    if (ROWS != null) {
      float[] out = new float[a.length];
      ROWS.softmax(a, rows, n, log, out);
      return new Storage.F32(out);
    }
    float[] shifted = new float[a.length];
    for (int r = 0; r < rows; r++) {
      int at = r * n;
      float m = a[at];
      for (int k = 1; k < n; k++) {
        m = Math.max(m, a[at + k]);
      }
      m = Float.isInfinite(m) ? 0 : m;
      for (int k = 0; k < n; k++) {
        shifted[at + k] = a[at + k] - m;
      }
    }
    float[] e = ((Storage.F32) Elementwise.unary(Elementwise.UnaryFn.EXP, new Storage.F32(shifted))).a;
    float[] sums = new float[rows];
    for (int r = 0; r < rows; r++) {
      sums[r] = (float) Reductions.rowSum(e, r * n, n);
    }
    float[] out = new float[a.length];
    if (log) {
      float[] logs = ((Storage.F32) Elementwise.unary(Elementwise.UnaryFn.LOG, new Storage.F32(sums))).a;
      for (int r = 0; r < rows; r++) {
        int at = r * n;
        float ls = logs[r];
        for (int k = 0; k < n; k++) {
          out[at + k] = shifted[at + k] - ls;
        }
      }
    } else {
      for (int r = 0; r < rows; r++) {
        int at = r * n;
        float s = sums[r];
        for (int k = 0; k < n; k++) {
          out[at + k] = e[at + k] / s;
        }
      }
    }
    return new Storage.F32(out);
  }

  /** {@link #softmaxBackward} along rows of {@code n} elements. */
  private static Storage rowSoftmaxBackward(Storage g, Storage y, int rows, int n, boolean log) {
    if (g instanceof Storage.F64 d) {
      double[] up = d.a;
      double[] out = new double[up.length];
      if (log) {
        double[] p = ((Storage.F64) Elementwise.unary(Elementwise.UnaryFn.EXP, y)).a;
        for (int r = 0; r < rows; r++) {
          int at = r * n;
          double s = Reductions.rowSum(up, at, n);
          for (int k = 0; k < n; k++) {
            out[at + k] = up[at + k] - p[at + k] * s;
          }
        }
      } else {
        double[] v = ((Storage.F64) y).a;
        for (int i = 0; i < up.length; i++) {
          out[i] = up[i] * v[i];
        }
        for (int r = 0; r < rows; r++) {
          int at = r * n;
          double s = Reductions.rowSum(out, at, n);
          for (int k = 0; k < n; k++) {
            out[at + k] = out[at + k] - v[at + k] * s;
          }
        }
      }
      return new Storage.F64(out);
    }
    float[] up = ((Storage.F32) g).a;
    float[] out = new float[up.length];
    if (ROWS != null) {
      ROWS.softmaxBackward(up, ((Storage.F32) y).a, rows, n, log, out);
      return new Storage.F32(out);
    }
    if (log) {
      float[] p = ((Storage.F32) Elementwise.unary(Elementwise.UnaryFn.EXP, y)).a;
      for (int r = 0; r < rows; r++) {
        int at = r * n;
        float s = (float) Reductions.rowSum(up, at, n);
        for (int k = 0; k < n; k++) {
          out[at + k] = up[at + k] - p[at + k] * s;
        }
      }
    } else {
      float[] v = ((Storage.F32) y).a;
      for (int i = 0; i < up.length; i++) {
        out[i] = up[i] * v[i];
      }
      for (int r = 0; r < rows; r++) {
        int at = r * n;
        float s = (float) Reductions.rowSum(out, at, n);
        for (int k = 0; k < n; k++) {
          out[at + k] = out[at + k] - v[at + k] * s;
        }
      }
    }
    return new Storage.F32(out);
  }

  /** {@return {@code x - m'} broadcast along the middle axis, {@code m'} being m with infinities as 0} */
  private static Storage shift(Storage x, Storage m, int outer, int size, int inner) {
    if (x instanceof Storage.F64 d) {
      double[] a = d.a;
      double[] max = ((Storage.F64) m).a;
      double[] out = new double[a.length];
      for (int o = 0; o < outer; o++) {
        for (int k = 0; k < size; k++) {
          int at = (o * size + k) * inner;
          int r = o * inner;
          for (int j = 0; j < inner; j++) {
            double v = max[r + j];
            out[at + j] = a[at + j] - (Double.isInfinite(v) ? 0 : v);
          }
        }
      }
      return new Storage.F64(out);
    }
    float[] a = ((Storage.F32) x).a;
    float[] max = ((Storage.F32) m).a;
    float[] out = new float[a.length];
    for (int o = 0; o < outer; o++) {
      for (int k = 0; k < size; k++) {
        int at = (o * size + k) * inner;
        int r = o * inner;
        for (int j = 0; j < inner; j++) {
          float v = max[r + j];
          out[at + j] = a[at + j] - (Float.isInfinite(v) ? 0 : v);
        }
      }
    }
    return new Storage.F32(out);
  }

  /** {@return {@code shifted - log(s)} broadcast along the middle axis} */
  private static Storage subtractLog(Storage shifted, Storage s, int outer, int size, int inner) {
    if (shifted instanceof Storage.F64 d) {
      double[] a = d.a;
      double[] logs = ((Storage.F64) Elementwise.unary(Elementwise.UnaryFn.LOG, s)).a;
      double[] out = new double[a.length];
      for (int o = 0; o < outer; o++) {
        for (int k = 0; k < size; k++) {
          int at = (o * size + k) * inner;
          int r = o * inner;
          for (int j = 0; j < inner; j++) {
            out[at + j] = a[at + j] - logs[r + j];
          }
        }
      }
      return new Storage.F64(out);
    }
    float[] a = ((Storage.F32) shifted).a;
    float[] logs = ((Storage.F32) Elementwise.unary(Elementwise.UnaryFn.LOG, s)).a;
    float[] out = new float[a.length];
    for (int o = 0; o < outer; o++) {
      for (int k = 0; k < size; k++) {
        int at = (o * size + k) * inner;
        int r = o * inner;
        for (int j = 0; j < inner; j++) {
          out[at + j] = a[at + j] - logs[r + j];
        }
      }
    }
    return new Storage.F32(out);
  }

  /** {@return {@code e / s} broadcast along the middle axis} */
  private static Storage divide(Storage e, Storage s, int outer, int size, int inner) {
    if (e instanceof Storage.F64 d) {
      double[] a = d.a;
      double[] sums = ((Storage.F64) s).a;
      double[] out = new double[a.length];
      for (int o = 0; o < outer; o++) {
        for (int k = 0; k < size; k++) {
          int at = (o * size + k) * inner;
          int r = o * inner;
          for (int j = 0; j < inner; j++) {
            out[at + j] = a[at + j] / sums[r + j];
          }
        }
      }
      return new Storage.F64(out);
    }
    float[] a = ((Storage.F32) e).a;
    float[] sums = ((Storage.F32) s).a;
    float[] out = new float[a.length];
    for (int o = 0; o < outer; o++) {
      for (int k = 0; k < size; k++) {
        int at = (o * size + k) * inner;
        int r = o * inner;
        for (int j = 0; j < inner; j++) {
          out[at + j] = a[at + j] / sums[r + j];
        }
      }
    }
    return new Storage.F32(out);
  }

  /** {@return {@code a - b * s} with {@code s} broadcast along the middle axis} */
  private static Storage subtractScaled(
      Storage a, Storage b, Storage s, int outer, int size, int inner) {
    if (a instanceof Storage.F64 d) {
      double[] x = d.a;
      double[] y = ((Storage.F64) b).a;
      double[] sums = ((Storage.F64) s).a;
      double[] out = new double[x.length];
      for (int o = 0; o < outer; o++) {
        for (int k = 0; k < size; k++) {
          int at = (o * size + k) * inner;
          int r = o * inner;
          for (int j = 0; j < inner; j++) {
            out[at + j] = x[at + j] - y[at + j] * sums[r + j];
          }
        }
      }
      return new Storage.F64(out);
    }
    float[] x = ((Storage.F32) a).a;
    float[] y = ((Storage.F32) b).a;
    float[] sums = ((Storage.F32) s).a;
    float[] out = new float[x.length];
    for (int o = 0; o < outer; o++) {
      for (int k = 0; k < size; k++) {
        int at = (o * size + k) * inner;
        int r = o * inner;
        for (int j = 0; j < inner; j++) {
          out[at + j] = x[at + j] - y[at + j] * sums[r + j];
        }
      }
    }
    return new Storage.F32(out);
  }

  /**
   * {@return layer norm of each row of {@code x} ({@code [rows, n]}): {@code (x - mean) / sqrt(var
   * + eps) * weight + bias}, with the biased variance, in {@code x}'s dtype} The operations are
   * those of the composite formula in its order (mean = sum / n, variance = sum((x - mean)^2) /
   * n with the sums in {@link Reductions}' four lanes, divide, scale, shift), so the result is
   * the composite's to the last bit; each row takes three passes.
   *
   * @param x the input elements, {@code rows * n} of them
   * @param weight the scale, {@code n} elements of {@code x}'s dtype, or null for none
   * @param bias the shift, {@code n} elements of {@code x}'s dtype, or null for none
   * @param rows the number of rows
   * @param n the length of a row, above 0
   * @param eps the constant added to the variance
   */
  public static Storage layerNorm(
      Storage x, Storage weight, Storage bias, int rows, int n, double eps) {
    if (x instanceof Storage.F64 d) {
      double[] a = d.a;
      double[] w = weight == null ? ones(n) : ((Storage.F64) weight).a;
      double[] b = bias == null ? null : ((Storage.F64) bias).a;
      double[] out = new double[a.length];
      for (int r = 0; r < rows; r++) {
        int at = r * n;
        double sd = centerRow(a, at, n, out, at, eps);
        if (b == null) {
          for (int k = 0; k < n; k++) {
            out[at + k] = out[at + k] / sd * w[k];
          }
        } else {
          for (int k = 0; k < n; k++) {
            out[at + k] = out[at + k] / sd * w[k] + b[k];
          }
        }
      }
      return new Storage.F64(out);
    }
    float[] a = ((Storage.F32) x).a;
    float[] w = weight == null ? onesF(n) : ((Storage.F32) weight).a;
    float[] b = bias == null ? null : ((Storage.F32) bias).a;
    float[] out = new float[a.length];
    if (ROWS != null) {
      ROWS.layerNorm(a, w, b, rows, n, (float) eps, out);
      return new Storage.F32(out);
    }
    for (int r = 0; r < rows; r++) {
      int at = r * n;
      float sd = centerRow(a, at, n, out, at, (float) eps);
      if (b == null) {
        for (int k = 0; k < n; k++) {
          out[at + k] = out[at + k] / sd * w[k];
        }
      } else {
        for (int k = 0; k < n; k++) {
          out[at + k] = out[at + k] / sd * w[k] + b[k];
        }
      }
    }
    return new Storage.F32(out);
  }

  // Without a weight the scale is 1: x * 1 is x exactly, so one loop serves both cases.
  private static double[] ones(int n) {
    double[] w = new double[n];
    java.util.Arrays.fill(w, 1);
    return w;
  }

  private static float[] onesF(int n) {
    float[] w = new float[n];
    java.util.Arrays.fill(w, 1);
    return w;
  }

  /**
   * Writes {@code x - mean} of row {@code a[at .. at + n)} into {@code out} from {@code outAt} and
   * returns {@code sqrt(var + eps)}. Both sums are taken in the four lanes of {@link
   * Reductions#rowSum}, as the composite formula takes them; the squares are summed as they are
   * made.
   */
  private static double centerRow(double[] a, int at, int n, double[] out, int outAt, double eps) {
    double mean = Reductions.rowSum(a, at, n) / n;
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    int k = 0;
    for (; k + 3 < n; k += 4) {
      double c0 = a[at + k] - mean;
      double c1 = a[at + k + 1] - mean;
      double c2 = a[at + k + 2] - mean;
      double c3 = a[at + k + 3] - mean;
      out[outAt + k] = c0;
      out[outAt + k + 1] = c1;
      out[outAt + k + 2] = c2;
      out[outAt + k + 3] = c3;
      s0 += c0 * c0;
      s1 += c1 * c1;
      s2 += c2 * c2;
      s3 += c3 * c3;
    }
    for (; k < n; k++) {
      double c = a[at + k] - mean;
      out[outAt + k] = c;
      s0 += c * c;
    }
    return Math.sqrt(((s0 + s1) + (s2 + s3)) / n + eps);
  }

  private static float centerRow(float[] a, int at, int n, float[] out, int outAt, float eps) {
    float mean = (float) Reductions.rowSum(a, at, n) / n;
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    int k = 0;
    for (; k + 3 < n; k += 4) {
      float c0 = a[at + k] - mean;
      float c1 = a[at + k + 1] - mean;
      float c2 = a[at + k + 2] - mean;
      float c3 = a[at + k + 3] - mean;
      out[outAt + k] = c0;
      out[outAt + k + 1] = c1;
      out[outAt + k + 2] = c2;
      out[outAt + k + 3] = c3;
      s0 += c0 * c0; // the float product, as the composite's mul, summed in double
      s1 += c1 * c1;
      s2 += c2 * c2;
      s3 += c3 * c3;
    }
    for (; k < n; k++) {
      float c = a[at + k] - mean;
      out[outAt + k] = c;
      s0 += c * c;
    }
    float variance = (float) ((s0 + s1) + (s2 + s3)) / n;
    return (float) Math.sqrt(variance + eps);
  }

  /** Rows per block whose float parameter gradients are summed in float before going to double. */
  private static final int BLOCK_ROWS = 32;

  /**
   * Computes the gradients of {@link #layerNorm} from its input, weight and upstream gradient,
   * with {@code xhat = (x - mean) / sd}, {@code sd = sqrt(var + eps)} and {@code gh = g * weight}:
   *
   * <pre>
   * dx      = (gh - mean(gh) - xhat * mean(gh * xhat)) / sd      (means along the row)
   * dweight = sum over rows of g * xhat
   * dbias   = sum over rows of g
   * </pre>
   *
   * Float row sums are taken in double; the float parameter gradients are summed in float over
   * blocks of 32 rows and the blocks in double. Each row takes four passes.
   *
   * @param x the input elements, {@code rows * n} of them
   * @param weight the scale ({@code n} elements), or null for none
   * @param g the upstream gradient, of {@code x}'s size and dtype
   * @param rows the number of rows
   * @param n the length of a row
   * @param eps the constant added to the variance
   * @param wantX whether to compute {@code dx}
   * @param wantWeight whether to compute {@code dweight}
   * @param wantBias whether to compute {@code dbias}
   * @return {@code {dx, dweight, dbias}}, null where not wanted
   */
  public static Storage[] layerNormBackward(
      Storage x, Storage weight, Storage g, int rows, int n, double eps, boolean wantX,
      boolean wantWeight, boolean wantBias) {
    double[] dw = new double[n];
    double[] db = new double[n];
    Storage dx;
    if (x instanceof Storage.F64 d) {
      double[] a = d.a;
      double[] w = weight == null ? ones(n) : ((Storage.F64) weight).a;
      double[] up = ((Storage.F64) g).a;
      double[] xhat = new double[n];
      double[] gh = new double[n];
      double[] out = wantX ? new double[a.length] : null;
      for (int r = 0; r < rows; r++) {
        int at = r * n;
        double sd = centerRow(a, at, n, xhat, 0, eps);
        double sumGh = 0;
        double sumGhXhat = 0;
        for (int k = 0; k < n; k++) {
          double h = xhat[k] / sd;
          double u = up[at + k];
          double v = u * w[k];
          xhat[k] = h;
          gh[k] = v;
          sumGh += v;
          sumGhXhat += v * h;
          dw[k] += u * h;
          db[k] += u;
        }
        if (out != null) {
          double meanGh = sumGh / n;
          double meanGhXhat = sumGhXhat / n;
          for (int k = 0; k < n; k++) {
            out[at + k] = (gh[k] - meanGh - xhat[k] * meanGhXhat) / sd;
          }
        }
      }
      dx = out == null ? null : new Storage.F64(out);
    } else {
      float[] a = ((Storage.F32) x).a;
      float[] w = weight == null ? onesF(n) : ((Storage.F32) weight).a;
      float[] up = ((Storage.F32) g).a;
      float[] out = wantX ? new float[a.length] : null;
      if (ROWS != null) {
        ROWS.layerNormBackward(a, w, up, rows, n, (float) eps, out, dw, db);
      } else {
        layerNormBackward(a, w, up, rows, n, (float) eps, out, dw, db);
      }
      dx = out == null ? null : new Storage.F32(out);
    }
    return new Storage[] {
      dx, wantWeight ? column(dw, x) : null, wantBias ? column(db, x) : null
    };
  }

  /** The float loop of {@link #layerNormBackward(Storage, Storage, Storage, int, int, double, boolean, boolean, boolean)}. */
  private static void layerNormBackward(
      float[] a, float[] w, float[] up, int rows, int n, float eps, float[] out, double[] dw,
      double[] db) {
    float[] xhat = new float[n];
    float[] gh = new float[n];
    float[] ghXhat = new float[n];
    float[] dwBlock = new float[n];
    float[] dbBlock = new float[n];
    for (int r = 0; r < rows; r++) {
      int at = r * n;
      float sd = centerRow(a, at, n, xhat, 0, eps);
      for (int k = 0; k < n; k++) {
        float h = xhat[k] / sd;
        float u = up[at + k];
        float v = u * w[k];
        xhat[k] = h;
        gh[k] = v;
        ghXhat[k] = v * h;
        dwBlock[k] += u * h;
        dbBlock[k] += u;
      }
      if (out != null) {
        float meanGh = (float) (Reductions.rowSum(gh, 0, n) / n);
        float meanGhXhat = (float) (Reductions.rowSum(ghXhat, 0, n) / n);
        for (int k = 0; k < n; k++) {
          out[at + k] = (gh[k] - meanGh - xhat[k] * meanGhXhat) / sd;
        }
      }
      if ((r + 1) % BLOCK_ROWS == 0 || r == rows - 1) {
        for (int k = 0; k < n; k++) {
          dw[k] += dwBlock[k];
          db[k] += dbBlock[k];
        }
        java.util.Arrays.fill(dwBlock, 0);
        java.util.Arrays.fill(dbBlock, 0);
      }
    }
  }

  /** {@return the sums as storage of {@code like}'s dtype, or null for null} */
  private static Storage column(double[] sums, Storage like) {
    if (sums == null) {
      return null;
    }
    return like instanceof Storage.F64 ? new Storage.F64(sums) : Storage.of(sums).to(like.dtype());
  }
}
