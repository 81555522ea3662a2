package dev.jgrad.autograd.kernels;

import dev.jgrad.autograd.kernels.Elementwise.UnaryFn;

/**
 * The LSTM cell's gate arithmetic in one pass over the elements, forward and backward, on
 * row-major {@code [batch, 4 * hidden]} gate pre-activations (gates i, f, g, o, PyTorch's order),
 * a {@code [batch, hidden]} cell state and a {@code [batch, 2 * hidden]} result holding
 * {@code (h', c')} per row. Float storage is computed in float: the sigmoid and tanh as
 * {@link Elementwise#unary} computes them (the Vector API's functions where the JVM has them),
 * the rest in plain float loops; with the Vector API module, through {@link FloatRecurrent}
 * instead (one SIMD pass per row, every intermediate in registers).
 */
public final class Recurrent {
  private Recurrent() {}

  /** The SIMD float loops, or null when the JVM runs without the Vector API module. */
  static final FloatRecurrent FLOATS =
      VectorModule.enabled()
          ? VectorModule.load("dev.jgrad.autograd.kernels.VectorFloatRecurrent", FloatRecurrent.class)
          : null;

  /**
   * {@return {@code (h', c')} per row, {@code [batch, 2 * hidden]}: with {@code z = xg + hg},
   * {@code i, f, o = sigmoid} and {@code g = tanh} of its four quarters, {@code c' = f c + i g}
   * and {@code h' = o tanh(c')}}
   *
   * @param xg the input gates {@code [batch, 4 * hidden]}
   * @param hg the hidden gates {@code [batch, 4 * hidden]}, same dtype
   * @param c the cell state {@code [batch, hidden]}, same dtype
   * @param batch the number of rows
   * @param hidden the hidden size
   */
  public static Storage lstmCell(Storage xg, Storage hg, Storage c, int batch, int hidden) {
    int h = hidden;
    if (xg instanceof Storage.F64 x) {
      double[] gates = activations(x.a, ((Storage.F64) hg).a, batch, h);
      double[] cs = ((Storage.F64) c).a;
      double[] out = new double[batch * 2 * h];
      for (int r = 0; r < batch; r++) {
        int g = r * 4 * h;
        int o = r * 2 * h;
        for (int j = 0; j < h; j++) {
          double next = gates[g + h + j] * cs[r * h + j] + gates[g + j] * gates[g + 2 * h + j];
          out[o + h + j] = next;
          out[o + j] = gates[g + 3 * h + j] * Math.tanh(next);
        }
      }
      return new Storage.F64(out);
    }
    float[] out = new float[batch * 2 * h];
    if (FLOATS != null) {
      FLOATS.lstmCell(((Storage.F32) xg).a, ((Storage.F32) hg).a, ((Storage.F32) c).a, batch, h, out);
    } else {
      lstmCellLoops(((Storage.F32) xg).a, ((Storage.F32) hg).a, ((Storage.F32) c).a, batch, h, out);
    }
    return new Storage.F32(out);
  }

  /** The scalar float loops of {@link #lstmCell} (package-private for the kernel tests). */
  static void lstmCellLoops(float[] xs, float[] hs, float[] cs, int batch, int h, float[] out) {
    float[] gates = activations(xs, hs, batch, h);
    for (int r = 0; r < batch; r++) {
      int g = r * 4 * h;
      int o = r * 2 * h;
      for (int j = 0; j < h; j++) {
        out[o + h + j] = gates[g + h + j] * cs[r * h + j] + gates[g + j] * gates[g + 2 * h + j];
      }
      Elementwise.unary(UnaryFn.TANH, out, o + h, out, o, h);
      for (int j = 0; j < h; j++) {
        out[o + j] *= gates[g + 3 * h + j];
      }
    }
  }

  /**
   * {@return the gradients {@code {dL/dz, dL/dc}} of {@link #lstmCell} ({@code [batch, 4 * hidden]}
   * and {@code [batch, hidden]}; {@code dL/dz} is the gradient of both gate inputs)} With
   * {@code t = tanh(c')} and the upstream split into {@code dh'} and {@code dc'}: {@code
   * dc'_total = dc' + dh' o (1 - t^2)}, {@code dz_i = dc'_total g i (1 - i)}, {@code dz_f =
   * dc'_total c f (1 - f)}, {@code dz_g = dc'_total i (1 - g^2)}, {@code dz_o = dh' t o (1 - o)},
   * {@code dc = dc'_total f}. The gates are computed again from {@code xg + hg}.
   *
   * @param xg the input gates {@code [batch, 4 * hidden]}
   * @param hg the hidden gates {@code [batch, 4 * hidden]}
   * @param c the cell state {@code [batch, hidden]}
   * @param out the forward result {@code (h', c')}, {@code [batch, 2 * hidden]}
   * @param upstream the gradient of the loss with respect to {@code out}
   * @param batch the number of rows
   * @param hidden the hidden size
   */
  public static Storage[] lstmCellBackward(
      Storage xg, Storage hg, Storage c, Storage out, Storage upstream, int batch, int hidden) {
    int h = hidden;
    if (xg instanceof Storage.F64 x) {
      double[] gates = activations(x.a, ((Storage.F64) hg).a, batch, h);
      double[] cs = ((Storage.F64) c).a;
      double[] next = ((Storage.F64) out).a;
      double[] up = ((Storage.F64) upstream).a;
      double[] dz = new double[batch * 4 * h];
      double[] dc = new double[batch * h];
      for (int r = 0; r < batch; r++) {
        int g = r * 4 * h;
        int o = r * 2 * h;
        for (int j = 0; j < h; j++) {
          double i = gates[g + j];
          double f = gates[g + h + j];
          double gg = gates[g + 2 * h + j];
          double og = gates[g + 3 * h + j];
          double t = Math.tanh(next[o + h + j]);
          double dh = up[o + j];
          double dct = up[o + h + j] + dh * og * (1 - t * t);
          dz[g + j] = dct * gg * i * (1 - i);
          dz[g + h + j] = dct * cs[r * h + j] * f * (1 - f);
          dz[g + 2 * h + j] = dct * i * (1 - gg * gg);
          dz[g + 3 * h + j] = dh * t * og * (1 - og);
          dc[r * h + j] = dct * f;
        }
      }
      return new Storage[] {new Storage.F64(dz), new Storage.F64(dc)};
    }
    float[] dz = new float[batch * 4 * h];
    float[] dc = new float[batch * h];
    float[] xs = ((Storage.F32) xg).a;
    float[] hs = ((Storage.F32) hg).a;
    float[] cs = ((Storage.F32) c).a;
    float[] next = ((Storage.F32) out).a;
    float[] up = ((Storage.F32) upstream).a;
    if (FLOATS != null) {
      FLOATS.lstmCellBackward(xs, hs, cs, next, up, batch, h, dz, dc);
    } else {
      lstmCellBackwardLoops(xs, hs, cs, next, up, batch, h, dz, dc);
    }
    return new Storage[] {new Storage.F32(dz), new Storage.F32(dc)};
  }

  /** The scalar float loops of {@link #lstmCellBackward} (package-private for the kernel tests). */
  static void lstmCellBackwardLoops(
      float[] xs, float[] hs, float[] cs, float[] next, float[] up, int batch, int h, float[] dz,
      float[] dc) {
    float[] gates = activations(xs, hs, batch, h);
    float[] t = new float[h];
    for (int r = 0; r < batch; r++) {
      int g = r * 4 * h;
      int o = r * 2 * h;
      Elementwise.unary(UnaryFn.TANH, next, o + h, t, 0, h);
      for (int j = 0; j < h; j++) {
        float i = gates[g + j];
        float f = gates[g + h + j];
        float gg = gates[g + 2 * h + j];
        float og = gates[g + 3 * h + j];
        float dh = up[o + j];
        float dct = up[o + h + j] + dh * og * (1 - t[j] * t[j]);
        dz[g + j] = dct * gg * i * (1 - i);
        dz[g + h + j] = dct * cs[r * h + j] * f * (1 - f);
        dz[g + 2 * h + j] = dct * i * (1 - gg * gg);
        dz[g + 3 * h + j] = dh * t[j] * og * (1 - og);
        dc[r * h + j] = dct * f;
      }
    }
  }

  /** Returns the activated gates: sigmoid, sigmoid, tanh, sigmoid of the quarters of each row of {@code a + b}. */
  private static double[] activations(double[] a, double[] b, int batch, int h) {
    double[] z = new double[a.length];
    for (int e = 0; e < z.length; e++) {
      z[e] = a[e] + b[e];
    }
    for (int r = 0; r < batch; r++) {
      int g = r * 4 * h;
      for (int e = g; e < g + 2 * h; e++) {
        z[e] = Elementwise.sigmoid(z[e]);
      }
      for (int e = g + 2 * h; e < g + 3 * h; e++) {
        z[e] = Math.tanh(z[e]);
      }
      for (int e = g + 3 * h; e < g + 4 * h; e++) {
        z[e] = Elementwise.sigmoid(z[e]);
      }
    }
    return z;
  }

  /** The float version of {@link #activations(double[], double[], int, int)}. */
  private static float[] activations(float[] a, float[] b, int batch, int h) {
    float[] z = new float[a.length];
    for (int e = 0; e < z.length; e++) {
      z[e] = a[e] + b[e];
    }
    for (int r = 0; r < batch; r++) {
      int g = r * 4 * h;
      Elementwise.unary(UnaryFn.SIGMOID, z, g, z, g, 2 * h);
      Elementwise.unary(UnaryFn.TANH, z, g + 2 * h, z, g + 2 * h, h);
      Elementwise.unary(UnaryFn.SIGMOID, z, g + 3 * h, z, g + 3 * h, h);
    }
    return z;
  }
}
