package dev.jgrad.autograd.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The LSTM cell loops of {@link FloatRecurrent} with the Vector API: for each row, the four gate
 * quarters are read a vector at a time from both projections, activated ({@code exp} and {@code
 * tanh} are the Vector API's: Intel's SVML on HotSpot, within about 1 float ulp) and combined in
 * registers; the elements past the last whole vector of a quarter go one by one through {@link
 * Math}. Compiled separately with {@code --add-modules jdk.incubator.vector} and loaded
 * reflectively by {@link Recurrent}, which falls back to its scalar loops when the module is
 * absent.
 */
final class VectorFloatRecurrent implements FloatRecurrent {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();

  /** Creates the loops (called reflectively by {@link VectorModule}). */
  VectorFloatRecurrent() {}

  private static FloatVector sigmoid(FloatVector z, FloatVector one) {
    // 1 / (1 + e^-z): e^-z overflows to +inf for z < -88.7, giving exactly 0 as it should.
    return one.div(z.neg().lanewise(VectorOperators.EXP).add(one));
  }

  private static FloatVector gate(float[] xg, float[] hg, int at) {
    return FloatVector.fromArray(S, xg, at).add(FloatVector.fromArray(S, hg, at));
  }

  private static float sigmoid(float z) {
    return (float) Elementwise.sigmoid(z);
  }

  @Override
  public void lstmCell(float[] xg, float[] hg, float[] c, int batch, int hidden, float[] out) {
    int h = hidden;
    int bound = h - h % L;
    FloatVector one = FloatVector.broadcast(S, 1f);
    for (int r = 0; r < batch; r++) {
      int g = r * 4 * h;
      int o = r * 2 * h;
      int s = r * h;
      for (int j = 0; j < bound; j += L) {
        FloatVector i = sigmoid(gate(xg, hg, g + j), one);
        FloatVector f = sigmoid(gate(xg, hg, g + h + j), one);
        FloatVector gg = gate(xg, hg, g + 2 * h + j).lanewise(VectorOperators.TANH);
        FloatVector og = sigmoid(gate(xg, hg, g + 3 * h + j), one);
        FloatVector next = f.mul(FloatVector.fromArray(S, c, s + j)).add(i.mul(gg));
        next.intoArray(out, o + h + j);
        og.mul(next.lanewise(VectorOperators.TANH)).intoArray(out, o + j);
      }
      for (int j = bound; j < h; j++) {
        float i = sigmoid(xg[g + j] + hg[g + j]);
        float f = sigmoid(xg[g + h + j] + hg[g + h + j]);
        float gg = (float) Math.tanh(xg[g + 2 * h + j] + hg[g + 2 * h + j]);
        float og = sigmoid(xg[g + 3 * h + j] + hg[g + 3 * h + j]);
        float next = f * c[s + j] + i * gg;
        out[o + h + j] = next;
        out[o + j] = og * (float) Math.tanh(next);
      }
    }
  }

  @Override
  public void lstmCellBackward(
      float[] xg, float[] hg, float[] c, float[] out, float[] upstream, int batch, int hidden,
      float[] dz, float[] dc) {
    int h = hidden;
    int bound = h - h % L;
    FloatVector one = FloatVector.broadcast(S, 1f);
    for (int r = 0; r < batch; r++) {
      int g = r * 4 * h;
      int o = r * 2 * h;
      int s = r * h;
      for (int j = 0; j < bound; j += L) {
        FloatVector i = sigmoid(gate(xg, hg, g + j), one);
        FloatVector f = sigmoid(gate(xg, hg, g + h + j), one);
        FloatVector gg = gate(xg, hg, g + 2 * h + j).lanewise(VectorOperators.TANH);
        FloatVector og = sigmoid(gate(xg, hg, g + 3 * h + j), one);
        FloatVector t = FloatVector.fromArray(S, out, o + h + j).lanewise(VectorOperators.TANH);
        FloatVector dh = FloatVector.fromArray(S, upstream, o + j);
        FloatVector dct =
            FloatVector.fromArray(S, upstream, o + h + j).add(dh.mul(og).mul(one.sub(t.mul(t))));
        dct.mul(gg).mul(i.mul(one.sub(i))).intoArray(dz, g + j);
        dct.mul(FloatVector.fromArray(S, c, s + j)).mul(f.mul(one.sub(f))).intoArray(dz, g + h + j);
        dct.mul(i).mul(one.sub(gg.mul(gg))).intoArray(dz, g + 2 * h + j);
        dh.mul(t).mul(og.mul(one.sub(og))).intoArray(dz, g + 3 * h + j);
        dct.mul(f).intoArray(dc, s + j);
      }
      for (int j = bound; j < h; j++) {
        float i = sigmoid(xg[g + j] + hg[g + j]);
        float f = sigmoid(xg[g + h + j] + hg[g + h + j]);
        float gg = (float) Math.tanh(xg[g + 2 * h + j] + hg[g + 2 * h + j]);
        float og = sigmoid(xg[g + 3 * h + j] + hg[g + 3 * h + j]);
        float t = (float) Math.tanh(out[o + h + j]);
        float dh = upstream[o + j];
        float dct = upstream[o + h + j] + dh * og * (1 - t * t);
        dz[g + j] = dct * gg * (i * (1 - i));
        dz[g + h + j] = dct * c[s + j] * (f * (1 - f));
        dz[g + 2 * h + j] = dct * i * (1 - gg * gg);
        dz[g + 3 * h + j] = dh * t * (og * (1 - og));
        dc[s + j] = dct * f;
      }
    }
  }
}
