package dev.jgrad.nn;

import dev.jgrad.autograd.ConvOptions;
import dev.jgrad.autograd.Tensor;
import java.util.Random;

/**
 * A transposed 2-d convolution layer ("deconvolution"), as {@code torch.nn.ConvTranspose2d}: input
 * {@code [N, in, H, W]}, output {@code [N, out, H', W']} with {@code H' = (H - 1) stride - 2
 * padding + dilation (kh - 1) + outputPadding + 1}, computed by {@link Tensor#convTranspose2d}.
 * Parameters {@code weight} {@code [in, out / groups, kh, kw]} (PyTorch's layout) and {@code bias}
 * {@code [out]}, uniform with bound {@code 1/sqrt(out / groups * kh * kw)}, as PyTorch computes the
 * fan-in from that layout.
 */
public final class ConvTranspose2d extends Module {
  private final int inChannels;
  private final int outChannels;
  private final int[] kernel;
  private final ConvOptions options;
  private final Tensor weight;
  private final Tensor bias;

  /**
   * Returns a layer with a {@code kernel x kernel} kernel.
   *
   * @throws IllegalArgumentException if a size is not positive or the groups do not divide the
   *     channels
   */
  public ConvTranspose2d(
      int inChannels,
      int outChannels,
      int kernel,
      ConvOptions options,
      boolean bias,
      Random random) {
    Checks.notNull(options, "ConvTranspose2d", "options");
    this.kernel = new int[] {kernel, kernel};
    ConvLayers.checkSizes(
        "ConvTranspose2d", inChannels, outChannels, this.kernel, options.groups(), random);
    this.inChannels = inChannels;
    this.outChannels = outChannels;
    this.options = options;
    int perGroup = outChannels / options.groups();
    int fanIn = perGroup * kernel * kernel;
    this.weight =
        registerParameter(
            "weight", ConvLayers.uniform(fanIn, random, inChannels, perGroup, kernel, kernel));
    this.bias =
        bias ? registerParameter("bias", ConvLayers.uniform(fanIn, random, outChannels)) : null;
  }

  /** Returns the weight, shape {@code [in, out / groups, kh, kw]}. */
  public Tensor weight() {
    return weight;
  }

  /** Returns the bias, shape {@code [out]}, or null. */
  public Tensor bias() {
    return bias;
  }

  /**
   * Returns the transposed convolution of {@code x}, plus the bias.
   *
   * @throws IllegalArgumentException if {@code x} is not {@code [N, in, H, W]}
   */
  @Override
  public Tensor forward(Tensor x) {
    checkInput(x);
    return x.convTranspose2d(weight, bias, options);
  }

  @Override
  protected String extraRepr() {
    return ConvLayers.describe(inChannels, outChannels, kernel, options, bias != null);
  }
}
