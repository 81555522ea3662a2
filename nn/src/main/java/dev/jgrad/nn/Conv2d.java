package dev.jgrad.nn;

import dev.jgrad.autograd.ConvOptions;
import dev.jgrad.autograd.Tensor;
import java.util.Random;

/**
 * A 2-d convolution layer, as {@code torch.nn.Conv2d}: input {@code [N, in, H, W]} (or {@code [in,
 * H, W]}), output {@code [N, out, H', W']}, computed by {@link Tensor#conv2d}. Parameters {@code
 * weight} {@code [out, in / groups, kh, kw]} and {@code bias} {@code [out]}, initialised uniform in
 * {@code [-1/sqrt(fanIn), 1/sqrt(fanIn)]} with {@code fanIn = in / groups * kh * kw}, as PyTorch.
 */
public final class Conv2d extends Module {
  private final int inChannels;
  private final int outChannels;
  private final int[] kernel;
  private final ConvOptions options;
  private final Tensor weight;
  private final Tensor bias;

  /** Returns a square-kernel layer with stride 1, no padding, and a bias. */
  public Conv2d(int inChannels, int outChannels, int kernel, Random random) {
    this(inChannels, outChannels, new int[] {kernel, kernel}, ConvOptions.defaults(), true, random);
  }

  /** Returns a square-kernel layer with the given options and a bias. */
  public Conv2d(int inChannels, int outChannels, int kernel, ConvOptions options, Random random) {
    this(inChannels, outChannels, new int[] {kernel, kernel}, options, true, random);
  }

  /**
   * Returns a layer with a {@code kernel[0] x kernel[1]} kernel.
   *
   * @throws IllegalArgumentException if a size is not positive or the groups do not divide the
   *     channels
   */
  public Conv2d(
      int inChannels,
      int outChannels,
      int[] kernel,
      ConvOptions options,
      boolean bias,
      Random random) {
    Checks.notNull(kernel, "Conv2d", "kernel");
    Checks.notNull(options, "Conv2d", "options");
    if (kernel.length != 2) {
      throw new IllegalArgumentException("Conv2d: kernel needs 2 sizes, got " + kernel.length);
    }
    ConvLayers.checkSizes("Conv2d", inChannels, outChannels, kernel, options.groups(), random);
    this.inChannels = inChannels;
    this.outChannels = outChannels;
    this.kernel = kernel.clone();
    this.options = options;
    int fanIn = inChannels / options.groups() * kernel[0] * kernel[1];
    this.weight =
        registerParameter(
            "weight",
            ConvLayers.uniform(
                fanIn, random, outChannels, inChannels / options.groups(), kernel[0], kernel[1]));
    this.bias =
        bias ? registerParameter("bias", ConvLayers.uniform(fanIn, random, outChannels)) : null;
  }

  /** Returns the weight, shape {@code [out, in / groups, kh, kw]}. */
  public Tensor weight() {
    return weight;
  }

  /** Returns the bias, shape {@code [out]}, or null. */
  public Tensor bias() {
    return bias;
  }

  /** Returns the convolution settings. */
  public ConvOptions options() {
    return options;
  }

  /**
   * Returns the convolution of {@code x} with the weight, plus the bias.
   *
   * @throws IllegalArgumentException if {@code x} is not {@code [N, in, H, W]} or too small
   */
  @Override
  public Tensor forward(Tensor x) {
    checkInput(x);
    return x.conv2d(weight, bias, options);
  }

  @Override
  protected String extraRepr() {
    return ConvLayers.describe(inChannels, outChannels, kernel, options, bias != null);
  }
}
