package dev.jgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.autograd.Tensor;
import dev.jgrad.nn.init.Init;
import java.util.Random;

/**
 * A fully connected layer: {@code out = x W^T + b}, with {@code W} of shape {@code [out, in]} (row
 * j holds neuron j's weights, as PyTorch's {@code nn.Linear}) and {@code b} of shape {@code [out]}.
 *
 * <p>Input {@code [..., in]}, output {@code [..., out]}. It computes exactly what a {@link Layer}
 * of linear {@link Neuron}s with the same weights computes, in one matrix product.
 */
public final class Linear extends Module {
  private final int inFeatures;
  private final int outFeatures;
  private final Tensor weight;
  private final Tensor bias;

  /**
   * Returns a layer initialised as PyTorch does: weights and bias uniform in {@code [-1/sqrt(in),
   * 1/sqrt(in)]}, drawn from {@code random}.
   *
   * @param inFeatures the size of each input row, at least 1
   * @param outFeatures the size of each output row, at least 1
   * @param random the source of the initial weights
   * @throws IllegalArgumentException if a size is not positive
   */
  public Linear(int inFeatures, int outFeatures, Random random) {
    this(inFeatures, outFeatures, true, random);
  }

  /**
   * Returns a layer as {@link #Linear(int, int, Random)}, without a bias when {@code bias} is
   * false.
   *
   * @param inFeatures the size of each input row, at least 1
   * @param outFeatures the size of each output row, at least 1
   * @param bias whether to add a learned bias
   * @param random the source of the initial weights
   * @throws IllegalArgumentException if a size is not positive
   */
  public Linear(int inFeatures, int outFeatures, boolean bias, Random random) {
    checkArgument(
        inFeatures > 0 && outFeatures > 0,
        "Linear: sizes must be positive, got in=%s out=%s",
        inFeatures,
        outFeatures);
    checkArgument(random != null, "Linear: random must not be null");
    this.inFeatures = inFeatures;
    this.outFeatures = outFeatures;
    double bound = 1 / Math.sqrt(inFeatures);
    this.weight =
        registerParameter(
            "weight", Init.uniform(Tensor.zeros(outFeatures, inFeatures), -bound, bound, random));
    this.bias =
        bias
            ? registerParameter(
                "bias", Init.uniform(Tensor.zeros(outFeatures), -bound, bound, random))
            : null;
  }

  /** {@return the weight parameter, shape {@code [out, in]}} */
  public Tensor weight() {
    return weight;
  }

  /** {@return the bias parameter, shape {@code [out]}, or null for a layer without bias} */
  public Tensor bias() {
    return bias;
  }

  /** {@return the number of input features} */
  public int inFeatures() {
    return inFeatures;
  }

  /** {@return the number of output features} */
  public int outFeatures() {
    return outFeatures;
  }

  /**
   * Returns {@code x W^T + b}, computed by the fused {@link Tensor#linear} primitive.
   *
   * @throws IllegalArgumentException if the last dim of {@code x} is not {@code in}
   */
  @Override
  public Tensor forward(Tensor x) {
    checkInput(x);
    Checks.lastDim(x, inFeatures, "Linear");
    return Tensor.linear(x, weight, bias);
  }

  @Override
  protected String extraRepr() {
    return "in=" + inFeatures + ", out=" + outFeatures + (bias == null ? ", bias=false" : "");
  }
}
