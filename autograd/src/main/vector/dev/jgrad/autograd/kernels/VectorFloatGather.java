package dev.jgrad.autograd.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * The gather loops of {@link FloatGather} with the Vector API: whole vectors through gathers, the
 * elements past the last whole vector one by one. Compiled separately with {@code --add-modules
 * jdk.incubator.vector} and loaded reflectively by {@link Conv}, which falls back to its scalar
 * loops when the module is absent.
 */
final class VectorFloatGather implements FloatGather {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();

  /** Creates the loops (called reflectively by {@link VectorModule}). */
  VectorFloatGather() {}

  @Override
  public void gather(float[] src, int[] index, int n, float[] dst, int dstOffset) {
    int bound = n - n % L;
    for (int e = 0; e < bound; e += L) {
      FloatVector.fromArray(S, src, 0, index, e).intoArray(dst, dstOffset + e);
    }
    for (int e = bound; e < n; e++) {
      dst[dstOffset + e] = src[index[e]];
    }
  }

  @Override
  public void gatherSum(
      float[] src, int base, int[] index, boolean[] valid, int taps, int n, float[] dst,
      int dstOffset) {
    int bound = n - n % L;
    for (int p = 0; p < bound; p += L) {
      FloatVector sum = FloatVector.zero(S);
      for (int t = 0; t < taps; t++) {
        int at = t * n + p;
        VectorMask<Float> real = VectorMask.fromArray(S, valid, at);
        sum = sum.add(FloatVector.fromArray(S, src, base, index, at), real);
      }
      sum.intoArray(dst, dstOffset + p);
    }
    for (int p = bound; p < n; p++) {
      float sum = 0;
      for (int t = 0; t < taps; t++) {
        if (valid[t * n + p]) {
          sum += src[base + index[t * n + p]];
        }
      }
      dst[dstOffset + p] = sum;
    }
  }
}
