package dev.jgrad.nn;

import dev.jgrad.autograd.Tensor;

/** The identity as a module: {@code out = x}; a placeholder where a layer is optional. */
public final class Identity extends Module {
  /** Returns the identity module. */
  public Identity() {}

  /** Returns {@code x} unchanged. */
  @Override
  public Tensor forward(Tensor x) {
    return checkInput(x);
  }
}
