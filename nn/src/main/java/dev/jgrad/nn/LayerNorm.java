package dev.jgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.autograd.Tensor;

/**
 * Layer normalization over the last dim (Ba, Kiros &amp; Hinton 2016): {@code out = (x - mean) /
 * sqrt(var + eps) * weight + bias}, with the biased variance, as {@code torch.nn.LayerNorm}. {@code
 * weight} starts at 1 and {@code bias} at 0, both of shape {@code [features]}.
 */
public final class LayerNorm extends Module {
  private final int features;
  private final double eps;
  private final Tensor weight;
  private final Tensor bias;

  /**
   * Returns layer norm over {@code features} with {@code eps = 1e-5}.
   *
   * @param features the size of the last dimension, normalized over
   */
  public LayerNorm(int features) {
    this(features, 1e-5);
  }

  /**
   * Returns layer norm over {@code features} with the given {@code eps}.
   *
   * @param features the size of the last dimension, normalized over
   * @param eps the small constant added to the denominator for stability, above 0
   * @throws IllegalArgumentException if features is not positive or eps not positive
   */
  public LayerNorm(int features, double eps) {
    checkArgument(
        features > 0 && eps > 0,
        "LayerNorm: need features > 0 and eps > 0, got %s, %s",
        features,
        Double.valueOf(eps)); // boxed: checkArgument has no (int, double) overload
    this.features = features;
    this.eps = eps;
    this.weight = registerParameter("weight", Tensor.ones(features));
    this.bias = registerParameter("bias", Tensor.zeros(features));
  }

  /** {@return the scale parameter, shape {@code [features]}} */
  public Tensor weight() {
    return weight;
  }

  /** {@return the shift parameter, shape {@code [features]}} */
  public Tensor bias() {
    return bias;
  }

  /**
   * Returns {@code x} normalized over its last dim, then scaled and shifted: one fused node
   * ({@link Tensor#layerNorm}) when the input has the parameters' dtype, else the same formula
   * written with elementwise ops (which promote to the wider dtype).
   *
   * @throws IllegalArgumentException if the last dim is not {@code features}
   */
  @Override
  public Tensor forward(Tensor x) {
    checkInput(x);
    Checks.lastDim(x, features, "LayerNorm");
    if (x.dtype() == weight.dtype() && x.dtype() == bias.dtype()) {
      return Tensor.layerNorm(x, weight, bias, eps);
    }
    Tensor centered = x.sub(x.mean(-1, true));
    Tensor variance = centered.mul(centered).mean(-1, true);
    return centered.div(variance.add(eps).sqrt()).mul(weight).add(bias);
  }

  @Override
  protected String extraRepr() {
    return "features=" + features + ", eps=" + eps;
  }
}
