package dev.jgrad.nn;

import dev.jgrad.autograd.Tensor;

/** The hyperbolic tangent as a module: {@code out = tanh(x)}. */
public final class Tanh extends Module {
  /** Returns the activation module. */
  public Tanh() {}

  /** Returns {@code tanh(x)} elementwise; the input may have any shape. */
  @Override
  public Tensor forward(Tensor x) {
    return checkInput(x).tanh();
  }
}
