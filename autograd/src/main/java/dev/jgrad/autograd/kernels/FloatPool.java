package dev.jgrad.autograd.kernels;

/**
 * SIMD versions of the float loops of {@link Conv#maxPool2x2} and {@link Conv#maxPool2x2Backward}:
 * implemented by {@code VectorFloatPool} (compiled against {@code jdk.incubator.vector}, loaded by
 * {@link VectorModule} when the JVM has the module).
 *
 * <p>Why: on JDK 17, C2 compiles a float select ({@code v > m ? v : m}) to a branch, and on ReLU
 * outputs (half zeros, the rest in no order) that branch mispredicts on about every other window,
 * so the scalar loops run at several nanoseconds per window. The vector loops read the four
 * corners of a vector of windows with gathers and pick with lane masks: no branches. Both methods
 * work on whole blocks of planes (as many as a vector of windows needs) and return how many planes
 * they did; the caller finishes the rest with its scalar loop. Results equal the scalar loops' to
 * the bit.
 */
interface FloatPool {

  /**
   * Writes the 2x2, stride-2 max pooling of the first planes of {@code x} into {@code out} (see
   * {@link Conv#maxPool2x2}) and returns how many planes it wrote, a multiple of its block size.
   */
  int maxPool2x2(float[] x, int planes, int height, int width, float[] out);

  /**
   * Writes the gradient of {@link #maxPool2x2} for the first planes into {@code dx} (see {@link
   * Conv#maxPool2x2Backward}; every element of those planes is written) and returns how many planes
   * it wrote.
   */
  int maxPool2x2Backward(float[] x, float[] upstream, int planes, int height, int width, float[] dx);
}
