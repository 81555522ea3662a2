package dev.jgrad.autograd.kernels;

/**
 * SIMD versions of the float loops of {@link Conv#im2col} and {@link Conv#col2im}: reads through
 * an index map, a vector at a time. Implemented by {@code VectorFloatGather} (compiled against
 * {@code jdk.incubator.vector}, loaded by {@link VectorModule} when the JVM has the module).
 *
 * <p>Why: unfolding copies every input element about {@code kh * kw} times through a map, one
 * scalar load, one map load and one store per element; a gather instruction reads a vector of
 * elements through a vector of map entries. Results equal the scalar loops' to the bit (the sums
 * add their terms in the same order).
 */
interface FloatGather {

  /** Writes {@code src[index[e]]} into {@code dst[dstOffset + e]} for {@code e < n}. */
  void gather(float[] src, int[] index, int n, float[] dst, int dstOffset);

  /**
   * Writes {@code 0 + src[base + index[p]] + src[base + index[n + p]] + ... + src[base +
   * index[(taps - 1) * n + p]]} (added in that order, each term only where {@code valid} holds at
   * its slot) into {@code dst[dstOffset + p]} for {@code p < n}. Every index must lie in {@code
   * src}, valid or not.
   */
  void gatherSum(
      float[] src, int base, int[] index, boolean[] valid, int taps, int n, float[] dst,
      int dstOffset);
}
