package dev.jgrad.autograd.kernels;

/**
 * A SIMD version of the float loops of {@link Recurrent} (the LSTM cell's gate arithmetic):
 * implemented by {@code VectorFloatRecurrent} (compiled against {@code jdk.incubator.vector},
 * loaded by {@link VectorModule} when the JVM has the module).
 *
 * <p>Why: the scalar loops make the activated gates in a temporary array, one pass per function
 * (sigmoid, tanh) and a pass per product; these loops take the four gates of a row a vector at a
 * time and keep every intermediate in registers, with {@code exp} and {@code tanh} as the Vector
 * API computes them (within about 1 float ulp of {@link Math}'s).
 */
interface FloatRecurrent {

  /**
   * Writes {@code (h', c')} per row into {@code out} ({@code [batch, 2 * hidden]}), with the
   * semantics of {@link Recurrent#lstmCell}.
   */
  void lstmCell(float[] xg, float[] hg, float[] c, int batch, int hidden, float[] out);

  /**
   * Writes {@code dL/dz} ({@code [batch, 4 * hidden]}) into {@code dz} and {@code dL/dc} ({@code
   * [batch, hidden]}) into {@code dc}, with the semantics of {@link Recurrent#lstmCellBackward}.
   */
  void lstmCellBackward(
      float[] xg, float[] hg, float[] c, float[] out, float[] upstream, int batch, int hidden,
      float[] dz, float[] dc);
}
