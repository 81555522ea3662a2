package dev.jgrad.autograd.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The row loops of {@link FloatRows} with the Vector API: a row is read a vector at a time, the
 * elements past the last whole vector one by one, and {@code exp}/{@code tanh} are the Vector API's (Intel's
 * SVML on HotSpot, within about 1 float ulp). Compiled separately with {@code --add-modules
 * jdk.incubator.vector} and loaded reflectively by {@link Normalization} and {@link
 * Elementwise}, which fall back to their scalar loops when the module is absent.
 */
final class VectorFloatRows implements FloatRows {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();

  /** Creates the loops (called reflectively by {@link VectorModule}). */
  VectorFloatRows() {}

  // Each row loop runs whole vectors, then the remaining elements one by one: on JDK 17 masked
  // loads and stores are not compiled to SIMD instructions, and would run slower than a scalar
  // tail.

  @Override
  public void softmax(float[] x, int rows, int n, boolean log, float[] out) {
    int bound = n - n % L;
    for (int r = 0; r < rows; r++) {
      int at = r * n;
      float max = Float.NEGATIVE_INFINITY;
      if (bound > 0) {
        FloatVector mv = FloatVector.fromArray(S, x, at);
        for (int k = L; k < bound; k += L) {
          mv = mv.max(FloatVector.fromArray(S, x, at + k));
        }
        max = mv.reduceLanes(VectorOperators.MAX); // NaN wins, as Math.max
      }
      for (int k = bound; k < n; k++) {
        max = Math.max(max, x[at + k]);
      }
      float shift = Float.isInfinite(max) ? 0 : max;
      FloatVector sv = FloatVector.zero(S);
      for (int k = 0; k < bound; k += L) {
        FloatVector e = FloatVector.fromArray(S, x, at + k).sub(shift).lanewise(VectorOperators.EXP);
        sv = sv.add(e);
        e.intoArray(out, at + k);
      }
      float sum = sv.reduceLanes(VectorOperators.ADD);
      for (int k = bound; k < n; k++) {
        float e = (float) Math.exp(x[at + k] - shift);
        sum += e;
        out[at + k] = e;
      }
      if (log) {
        float logSum = (float) Math.log(sum);
        for (int k = 0; k < bound; k += L) {
          FloatVector.fromArray(S, x, at + k).sub(shift).sub(logSum).intoArray(out, at + k);
        }
        for (int k = bound; k < n; k++) {
          out[at + k] = (x[at + k] - shift) - logSum;
        }
      } else {
        for (int k = 0; k < bound; k += L) {
          FloatVector.fromArray(S, out, at + k).div(sum).intoArray(out, at + k);
        }
        for (int k = bound; k < n; k++) {
          out[at + k] = out[at + k] / sum;
        }
      }
    }
  }

  @Override
  public void softmaxBackward(float[] g, float[] y, int rows, int n, boolean log, float[] out) {
    int bound = n - n % L;
    for (int r = 0; r < rows; r++) {
      int at = r * n;
      FloatVector sv = FloatVector.zero(S);
      for (int k = 0; k < bound; k += L) {
        FloatVector u = FloatVector.fromArray(S, g, at + k);
        sv = sv.add(log ? u : u.mul(FloatVector.fromArray(S, y, at + k)));
      }
      float s = sv.reduceLanes(VectorOperators.ADD);
      for (int k = bound; k < n; k++) {
        s += log ? g[at + k] : g[at + k] * y[at + k];
      }
      for (int k = 0; k < bound; k += L) {
        FloatVector u = FloatVector.fromArray(S, g, at + k);
        FloatVector v = FloatVector.fromArray(S, y, at + k);
        FloatVector result =
            log
                ? u.sub(v.lanewise(VectorOperators.EXP).mul(s)) // g - e^out sum(g)
                : u.mul(v).sub(v.mul(s)); // g out - out sum(g out)
        result.intoArray(out, at + k);
      }
      for (int k = bound; k < n; k++) {
        float u = g[at + k];
        float v = y[at + k];
        out[at + k] = log ? u - (float) Math.exp(v) * s : u * v - v * s;
      }
    }
  }

  @Override
  public void layerNorm(float[] x, float[] w, float[] b, int rows, int n, float eps, float[] out) {
    int bound = n - n % L;
    for (int r = 0; r < rows; r++) {
      int at = r * n;
      float sd = center(x, at, n, out, at, eps);
      for (int k = 0; k < bound; k += L) {
        FloatVector v =
            FloatVector.fromArray(S, out, at + k).div(sd).mul(FloatVector.fromArray(S, w, k));
        if (b != null) {
          v = v.add(FloatVector.fromArray(S, b, k));
        }
        v.intoArray(out, at + k);
      }
      for (int k = bound; k < n; k++) {
        float v = out[at + k] / sd * w[k];
        out[at + k] = b == null ? v : v + b[k];
      }
    }
  }

  /**
   * Writes {@code x - mean} of row {@code x[at .. at + n)} into {@code out} from {@code outAt}
   * and returns {@code sqrt(var + eps)} (biased variance; sums in float lanes).
   */
  private static float center(float[] x, int at, int n, float[] out, int outAt, float eps) {
    int bound = n - n % L;
    FloatVector sv = FloatVector.zero(S);
    for (int k = 0; k < bound; k += L) {
      sv = sv.add(FloatVector.fromArray(S, x, at + k));
    }
    float sum = sv.reduceLanes(VectorOperators.ADD);
    for (int k = bound; k < n; k++) {
      sum += x[at + k];
    }
    float mean = sum / n;
    FloatVector qv = FloatVector.zero(S);
    for (int k = 0; k < bound; k += L) {
      FloatVector c = FloatVector.fromArray(S, x, at + k).sub(mean);
      c.intoArray(out, outAt + k);
      qv = qv.add(c.mul(c));
    }
    float squares = qv.reduceLanes(VectorOperators.ADD);
    for (int k = bound; k < n; k++) {
      float c = x[at + k] - mean;
      out[outAt + k] = c;
      squares += c * c;
    }
    return (float) Math.sqrt(squares / n + eps);
  }

  /** Rows per block whose parameter gradients are summed in float before going to double. */
  private static final int BLOCK_ROWS = 32;

  @Override
  public void layerNormBackward(
      float[] x, float[] w, float[] g, int rows, int n, float eps, float[] dx, double[] dw,
      double[] db) {
    int bound = n - n % L;
    float[] xhat = new float[n];
    float[] gh = new float[n];
    float[] dwBlock = new float[n];
    float[] dbBlock = new float[n];
    for (int r = 0; r < rows; r++) {
      int at = r * n;
      float sd = center(x, at, n, xhat, 0, eps);
      FloatVector sumGhV = FloatVector.zero(S);
      FloatVector sumGhXhatV = FloatVector.zero(S);
      for (int k = 0; k < bound; k += L) {
        FloatVector h = FloatVector.fromArray(S, xhat, k).div(sd);
        FloatVector u = FloatVector.fromArray(S, g, at + k);
        FloatVector v = u.mul(FloatVector.fromArray(S, w, k));
        h.intoArray(xhat, k);
        v.intoArray(gh, k);
        sumGhV = sumGhV.add(v);
        sumGhXhatV = sumGhXhatV.add(v.mul(h));
        FloatVector.fromArray(S, dwBlock, k).add(u.mul(h)).intoArray(dwBlock, k);
        FloatVector.fromArray(S, dbBlock, k).add(u).intoArray(dbBlock, k);
      }
      float sumGh = sumGhV.reduceLanes(VectorOperators.ADD);
      float sumGhXhat = sumGhXhatV.reduceLanes(VectorOperators.ADD);
      for (int k = bound; k < n; k++) {
        float h = xhat[k] / sd;
        float u = g[at + k];
        float v = u * w[k];
        xhat[k] = h;
        gh[k] = v;
        sumGh += v;
        sumGhXhat += v * h;
        dwBlock[k] += u * h;
        dbBlock[k] += u;
      }
      if (dx != null) {
        float meanGh = sumGh / n;
        float meanGhXhat = sumGhXhat / n;
        for (int k = 0; k < bound; k += L) {
          FloatVector h = FloatVector.fromArray(S, xhat, k);
          FloatVector.fromArray(S, gh, k)
              .sub(meanGh)
              .sub(h.mul(meanGhXhat))
              .div(sd)
              .intoArray(dx, at + k);
        }
        for (int k = bound; k < n; k++) {
          dx[at + k] = (gh[k] - meanGh - xhat[k] * meanGhXhat) / sd;
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

  @Override
  public void geluTanh(float[] x, float[] out) {
    float k = (float) Elementwise.GELU_CUBIC;
    float c = (float) Elementwise.GELU_SCALE;
    int bound = S.loopBound(x.length);
    for (int i = 0; i < bound; i += L) {
      FloatVector v = FloatVector.fromArray(S, x, i);
      // (v + v v v k) c, then (v 0.5) (tanh(u) + 1): the composite's float operations in order
      FloatVector u = v.add(v.mul(v).mul(v).mul(k)).mul(c);
      v.mul(0.5f).mul(u.lanewise(VectorOperators.TANH).add(1f)).intoArray(out, i);
    }
    for (int i = bound; i < x.length; i++) {
      float v = x[i];
      float u = (v + v * v * v * k) * c;
      out[i] = (v * 0.5f) * ((float) Math.tanh(u) + 1f);
    }
  }

  @Override
  public void geluTanhBackward(float[] x, float[] g, float[] out) {
    float k = (float) Elementwise.GELU_CUBIC;
    float c = (float) Elementwise.GELU_SCALE;
    float k3 = (float) (3 * Elementwise.GELU_CUBIC);
    int bound = S.loopBound(x.length);
    for (int i = 0; i < bound; i += L) {
      FloatVector v = FloatVector.fromArray(S, x, i);
      FloatVector t = v.add(v.mul(v).mul(v).mul(k)).mul(c).lanewise(VectorOperators.TANH);
      // 0.5 (1 + t) + 0.5 v (1 - t^2) c (1 + 3k v^2)
      FloatVector slope = v.mul(v).mul(k3).add(1f).mul(c);
      FloatVector local =
          t.add(1f).mul(0.5f).add(v.mul(0.5f).mul(t.mul(t).neg().add(1f)).mul(slope));
      FloatVector.fromArray(S, g, i).mul(local).intoArray(out, i);
    }
    for (int i = bound; i < x.length; i++) {
      float v = x[i];
      float t = (float) Math.tanh((v + v * v * v * k) * c);
      float local = 0.5f * (1 + t) + 0.5f * v * (1 - t * t) * c * (1 + k3 * v * v);
      out[i] = g[i] * local;
    }
  }
}
