package dev.jgrad.autograd.kernels;

/**
 * SIMD versions of some of {@link Elementwise.UnaryFn} on {@code float[]}: implemented by
 * {@code VectorFloatMath} (compiled against {@code jdk.incubator.vector}, loaded by
 * {@link VectorModule} when the JVM has the module).
 */
interface FloatMath {

  /**
   * Writes {@code fn(a[aOff + i])} into {@code out[outOff + i]} for {@code i < n}, if this
   * implementation has {@code fn} ({@code a} and {@code out} may be the same array).
   *
   * @return whether {@code fn} was applied (false: the caller computes it another way)
   */
  boolean apply(Elementwise.UnaryFn fn, float[] a, int aOff, float[] out, int outOff, int n);

  /**
   * Writes {@code x[i] > 0 ? g[i] : 0} (ReLU's gradient: +0 where {@code x} is zero, negative or
   * NaN, {@code g}'s bits otherwise) into {@code out[i]} for every element, exactly as {@link
   * Elementwise#reluBackward}'s loop.
   */
  void reluBackward(float[] x, float[] g, float[] out);

  /**
   * Adds the column sums of {@code x} ({@code [rows, cols]}) to {@code y} ({@code [cols]}), each
   * column's terms added in row order (the bits of {@link Gemm#addColumnSums}'s loop).
   */
  void addColumnSums(float[] x, int rows, int cols, float[] y);
}
