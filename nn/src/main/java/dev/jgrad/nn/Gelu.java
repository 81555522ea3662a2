package dev.jgrad.nn;

import dev.jgrad.autograd.Tensor;

/**
 * The Gaussian error linear unit (exact form) as a module: {@code out = x Phi(x)} (Hendrycks &amp;
 * Gimpel 2016).
 */
public final class Gelu extends Module {
  /** Returns the activation module. */
  public Gelu() {}

  /** Returns {@code x/2 (1 + erf(x / sqrt 2))} elementwise; the input may have any shape. */
  @Override
  public Tensor forward(Tensor x) {
    return checkInput(x).gelu();
  }
}
