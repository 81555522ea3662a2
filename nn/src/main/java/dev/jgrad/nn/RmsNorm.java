package dev.jgrad.nn;

import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Tensor;

/**
 * Root-mean-square normalization over the last dim (Zhang &amp; Sennrich 2019), as {@code
 * torch.nn.RMSNorm}: {@code out = x / sqrt(mean(x^2) + eps) * weight}, {@code weight} of shape
 * {@code [features]} starting at 1. Unlike {@link LayerNorm} it neither centres nor shifts.
 */
public final class RmsNorm extends Module {
  private final int features;
  private final Double eps;
  private final Tensor weight;

  /**
   * Returns RMS norm over {@code features} with PyTorch's default {@code eps}: the machine
   * epsilon of the input's dtype ({@code 2.2e-16} for F64, {@code 1.19e-7} for F32).
   *
   * @param features the size of the normalized last dimension
   * @throws IllegalArgumentException if features is not positive
   */
  public RmsNorm(int features) {
    this(features, null);
  }

  /**
   * Returns RMS norm over {@code features} with the given {@code eps} (null for the dtype's
   * machine epsilon).
   *
   * @param features the size of the normalized last dimension
   * @param eps added to the mean square, or null for the dtype's machine epsilon
   * @throws IllegalArgumentException if features is not positive or eps is not positive
   */
  public RmsNorm(int features, Double eps) {
    if (features <= 0 || (eps != null && !(eps > 0))) {
      throw new IllegalArgumentException(
          String.format("RmsNorm: need features > 0 and eps > 0, got %d, %s", features, eps));
    }
    this.features = features;
    this.eps = eps;
    this.weight = registerParameter("weight", Tensor.ones(features));
  }

  /** {@return the scale parameter, shape {@code [features]}} */
  public Tensor weight() {
    return weight;
  }

  /**
   * Returns {@code x} divided by its root mean square over the last dim, then scaled.
   *
   * @throws IllegalArgumentException if the last dim is not {@code features}
   */
  @Override
  public Tensor forward(Tensor x) {
    checkInput(x);
    Checks.lastDim(x, features, "RmsNorm");
    double e = eps != null ? eps : x.dtype() == DType.F32 ? Math.ulp(1f) : Math.ulp(1.0);
    return x.div(x.mul(x).mean(-1, true).add(e).sqrt()).mul(weight);
  }

  @Override
  protected String extraRepr() {
    return "features=" + features + ", eps=" + (eps == null ? "dtype epsilon" : eps);
  }
}
