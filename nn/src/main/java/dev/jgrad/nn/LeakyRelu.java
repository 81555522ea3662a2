package dev.jgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.autograd.Tensor;

/**
 * The leaky rectified linear unit as a module: {@code out = x} for {@code x > 0}, else {@code slope
 * * x}.
 */
public final class LeakyRelu extends Module {
  private final double slope;

  /** Returns the module with PyTorch's default slope 0.01. */
  public LeakyRelu() {
    this(0.01);
  }

  /**
   * Returns the module with the given negative-side slope.
   *
   * @param slope the slope for negative inputs
   * @throws IllegalArgumentException if {@code slope} is not finite
   */
  public LeakyRelu(double slope) {
    checkArgument(Double.isFinite(slope), "LeakyRelu: slope must be finite, got %s", slope);
    this.slope = slope;
  }

  /** {@return the slope applied to negative inputs} */
  public double slope() {
    return slope;
  }

  /** Returns {@code x > 0 ? x : slope * x} elementwise. */
  @Override
  public Tensor forward(Tensor x) {
    return checkInput(x).leakyRelu(slope);
  }

  @Override
  protected String extraRepr() {
    return "slope=" + slope;
  }
}
