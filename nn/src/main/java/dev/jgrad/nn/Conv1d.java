package dev.jgrad.nn;

import dev.jgrad.autograd.ConvOptions;
import dev.jgrad.autograd.Tensor;
import java.util.Random;

/**
 * A 1-d convolution layer, as {@code torch.nn.Conv1d}: input {@code [N, in, L]} (or
 * {@code [in, L]}), output {@code [N, out, L']}, computed by {@link Tensor#conv1d}. Parameters
 * {@code weight} {@code [out, in / groups, k]} and {@code bias} {@code [out]}, initialised as
 * PyTorch (uniform, bound {@code 1/sqrt(in / groups * k)}).
 */
public final class Conv1d extends ConvLayer {
  /**
   * Returns a layer with a kernel of {@code kernel} taps.
   *
   * @param inChannels the number of input channels
   * @param outChannels the number of output channels
   * @param kernel the kernel size
   * @param options one value per setting (stride, padding or "same", dilation, groups)
   * @param bias whether the layer has a bias
   * @param random the source of the initial weights
   * @throws IllegalArgumentException if a size is not positive or the groups do not divide the
   *     channels
   */
  public Conv1d(
      int inChannels,
      int outChannels,
      int kernel,
      ConvOptions options,
      boolean bias,
      Random random) {
    super(inChannels, outChannels, new int[] {kernel}, options, bias, random,
        new int[] {outChannels, inChannels / Conv2d.groups(options), kernel},
        inChannels / Conv2d.groups(options) * kernel);
  }

  /**
   * Returns the convolution of {@code x} with the weight, plus the bias.
   *
   * @throws IllegalArgumentException if {@code x} is not {@code [N, in, L]} or too short
   */
  @Override
  public Tensor forward(Tensor x) {
    checkInput(x);
    return x.conv1d(weight(), bias(), options());
  }
}
