package dev.jgrad.nn;

import dev.jgrad.autograd.Tensor;

/** The rectified linear unit as a module: {@code out = max(x, 0)}. */
public final class Relu extends Module {
  /** Returns the activation module. */
  public Relu() {}

  /** Returns {@code max(x, 0)} elementwise; the input may have any shape. */
  @Override
  public Tensor forward(Tensor x) {
    return checkInput(x).relu();
  }
}
