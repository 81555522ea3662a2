package dev.jgrad.nn;

import dev.jgrad.autograd.Tensor;

/** The logistic sigmoid as a module: {@code out = 1 / (1 + e^-x)}. */
public final class Sigmoid extends Module {
  /** Returns the activation module. */
  public Sigmoid() {}

  /** Returns {@code 1 / (1 + e^-x)} elementwise; the input may have any shape. */
  @Override
  public Tensor forward(Tensor x) {
    return checkInput(x).sigmoid();
  }
}
