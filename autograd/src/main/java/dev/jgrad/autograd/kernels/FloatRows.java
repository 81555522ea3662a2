package dev.jgrad.autograd.kernels;

/**
 * SIMD versions of the float loops of {@link Normalization} (softmax, layer norm) and of GELU's
 * tanh form in {@link Elementwise}: implemented by {@code VectorFloatRows} (compiled against
 * {@code jdk.incubator.vector}, loaded by {@link VectorModule} when the JVM has the module).
 *
 * <p>Why: the rows of a transformer are short (16 to 256 floats), and on JDK 17 the JIT's
 * auto-vectorized loop needs more elements than that before its vector body runs, so a row loop
 * runs scalar. These loops take each row a vector at a time, and keep {@code exp} and {@code
 * tanh} in registers. Row sums are accumulated in float lanes (as PyTorch's CPU kernels do), so
 * results may differ from the scalar loops in the last bits.
 */
interface FloatRows {

  /**
   * Writes the softmax (or, when {@code log}, the log-softmax) of each row of {@code x} into
   * {@code out}, with the semantics of {@link Normalization#softmax}.
   */
  void softmax(float[] x, int rows, int n, boolean log, float[] out);

  /** Writes the gradient of {@link #softmax} into {@code out} (see {@link Normalization#softmaxBackward}). */
  void softmaxBackward(float[] g, float[] y, int rows, int n, boolean log, float[] out);

  /**
   * Writes layer norm of each row of {@code x} into {@code out} (see {@link
   * Normalization#layerNorm}); {@code w} has {@code n} elements (ones for no weight), {@code b}
   * too, or is null.
   */
  void layerNorm(float[] x, float[] w, float[] b, int rows, int n, float eps, float[] out);

  /**
   * Writes {@code dx} into {@code dx} (when not null) and adds the column sums of {@code g xhat}
   * and {@code g} into {@code dw} and {@code db} (see {@link Normalization#layerNormBackward}).
   */
  void layerNormBackward(
      float[] x, float[] w, float[] g, int rows, int n, float eps, float[] dx, double[] dw,
      double[] db);

  /** Writes GELU's tanh form of each element into {@code out} (see {@link Elementwise#geluTanh}). */
  void geluTanh(float[] x, float[] out);

  /** Writes the gradient of GELU's tanh form into {@code out} (see {@link Elementwise#geluTanhBackward}). */
  void geluTanhBackward(float[] x, float[] g, float[] out);
}
