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
   * Writes {@code 0 + src[index[p]] + src[index[n + p]] + ... + src[index[(taps - 1) * n + p]]}
   * (added in that order) into {@code dst[dstOffset + p]} for {@code p < n}.
   */
  void gatherSum(float[] src, int[] index, int taps, int n, float[] dst, int dstOffset);
}
