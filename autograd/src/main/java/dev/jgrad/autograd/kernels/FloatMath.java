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
}
