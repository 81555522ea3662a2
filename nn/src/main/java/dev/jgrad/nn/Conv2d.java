package dev.jgrad.nn;

import dev.jgrad.autograd.ConvOptions;
import dev.jgrad.autograd.Tensor;
import java.util.Random;

/**
 * A 2-d convolution layer, as {@code torch.nn.Conv2d}: input {@code [N, in, H, W]} (or
 * {@code [in, H, W]}), output {@code [N, out, H', W']}, computed by {@link Tensor#conv2d}.
 * Parameters {@code weight} {@code [out, in / groups, kh, kw]} and {@code bias} {@code [out]},
 * initialised uniform in {@code [-1/sqrt(fanIn), 1/sqrt(fanIn)]} with
 * {@code fanIn = in / groups * kh * kw}, as PyTorch.
 */
public final class Conv2d extends ConvLayer {
  /**
   * Returns a square-kernel layer with stride 1, no padding, and a bias.
   *
   * @param inChannels the number of input channels
   * @param outChannels the number of output channels
   * @param kernel the kernel height and width
   * @param random the source of the initial weights
   */
  public Conv2d(int inChannels, int outChannels, int kernel, Random random) {
    this(inChannels, outChannels, new int[] {kernel, kernel}, ConvOptions.defaults(), true, random);
  }

  /**
   * Returns a square-kernel layer with the given options and a bias.
   *
   * @param inChannels the number of input channels
   * @param outChannels the number of output channels
   * @param kernel the kernel height and width
   * @param options stride, padding, dilation and groups
   * @param random the source of the initial weights
   */
  public Conv2d(int inChannels, int outChannels, int kernel, ConvOptions options, Random random) {
    this(inChannels, outChannels, new int[] {kernel, kernel}, options, true, random);
  }

  /**
   * Returns a layer with a {@code kernel[0] x kernel[1]} kernel.
   *
   * @param inChannels the number of input channels
   * @param outChannels the number of output channels
   * @param kernel the kernel height and width, two values
   * @param options stride, padding, dilation and groups
   * @param bias whether the layer has a bias
   * @param random the source of the initial weights
   * @throws IllegalArgumentException if a size is not positive, the groups do not divide the
   *     channels, or the kernel does not have 2 sizes
   */
  public Conv2d(
      int inChannels,
      int outChannels,
      int[] kernel,
      ConvOptions options,
      boolean bias,
      Random random) {
    super(inChannels, outChannels, checkKernel(kernel), options, bias, random,
        new int[] {outChannels, inChannels / groups(options), kernel[0], kernel[1]},
        inChannels / groups(options) * kernel[0] * kernel[1]);
  }

  private static int[] checkKernel(int[] kernel) {
    Checks.notNull(kernel, "Conv2d", "kernel");
    if (kernel.length != 2) {
      throw new IllegalArgumentException("Conv2d: kernel needs 2 sizes, got " + kernel.length);
    }
    return kernel;
  }

  /** Returns the groups of {@code options}, 1 when it is null (the base class reports that). */
  static int groups(ConvOptions options) {
    return options == null || options.groups() <= 0 ? 1 : options.groups();
  }

  /**
   * Returns the convolution of {@code x} with the weight, plus the bias.
   *
   * @throws IllegalArgumentException if {@code x} is not {@code [N, in, H, W]} or too small
   */
  @Override
  public Tensor forward(Tensor x) {
    checkInput(x);
    return x.conv2d(weight(), bias(), options());
  }
}
