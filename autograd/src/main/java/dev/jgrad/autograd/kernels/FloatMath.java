package dev.jgrad.autograd.kernels;

/**
 * SIMD versions of some of {@link Elementwise.UnaryFn} on {@code float[]}: implemented by
 * {@code VectorFloatMath} (compiled against {@code jdk.incubator.vector}, loaded by
 * {@link VectorModule} when the JVM has the module).
 */
interface FloatMath {

  /**
   * Writes {@code fn(a[i])} into {@code out[i]} for every element, if this implementation has
   * {@code fn}.
   *
   * @return whether {@code fn} was applied (false: the caller computes it another way)
   */
  boolean apply(Elementwise.UnaryFn fn, float[] a, float[] out);
}
