package dev.jgrad.nn;

import dev.jgrad.autograd.Tensor;

/** The squashing function a {@link Neuron} applies to its weighted sum. */
public enum Activation {
  /** {@code out = x}: a linear neuron (micrograd's {@code nonlin=False}). */
  LINEAR,
  /** {@code out = max(x, 0)} (micrograd's default). */
  RELU,
  /** {@code out = tanh(x)}. */
  TANH,
  /** {@code out = 1 / (1 + e^-x)}. */
  SIGMOID;

  /**
   * {@return this function applied elementwise to {@code x}}
   *
   * @param x the input tensor
   */
  public Tensor apply(Tensor x) {
    Checks.notNull(x, "Activation.apply", "input");
    switch (this) {
      case RELU:
        return x.relu();
      case TANH:
        return x.tanh();
      case SIGMOID:
        return x.sigmoid();
      default:
        return x;
    }
  }
}
