package dev.jgrad.nn;

import dev.jgrad.autograd.ConvOptions;
import dev.jgrad.autograd.Tensor;
import java.util.Random;

/**
 * A transposed 2-d convolution layer ("deconvolution"), as {@code torch.nn.ConvTranspose2d}:
 * input {@code [N, in, H, W]}, output {@code [N, out, H', W']} with
 * {@code H' = (H - 1) stride - 2 padding + dilation (kh - 1) + outputPadding + 1}, computed by
 * {@link Tensor#convTranspose2d}. Parameters {@code weight} {@code [in, out / groups, kh, kw]}
 * (PyTorch's layout) and {@code bias} {@code [out]}, uniform with bound
 * {@code 1/sqrt(out / groups * kh * kw)}, as PyTorch computes the fan-in from that layout.
 */
public final class ConvTranspose2d extends ConvLayer {
  /**
   * Returns a layer with a {@code kernel x kernel} kernel.
   *
   * @param inChannels the number of input channels
   * @param outChannels the number of output channels
   * @param kernel the kernel height and width
   * @param options stride, padding, output padding, dilation and groups
   * @param bias whether the layer has a bias
   * @param random the source of the initial weights
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
    super(inChannels, outChannels, new int[] {kernel, kernel}, options, bias, random,
        new int[] {inChannels, outChannels / Conv2d.groups(options), kernel, kernel},
        outChannels / Conv2d.groups(options) * kernel * kernel);
  }

  /**
   * Returns the transposed convolution of {@code x}, plus the bias.
   *
   * @throws IllegalArgumentException if {@code x} is not {@code [N, in, H, W]}
   */
  @Override
  public Tensor forward(Tensor x) {
    checkInput(x);
    return x.convTranspose2d(weight(), bias(), options());
  }
}
