package dev.jgrad.nn;

import dev.jgrad.autograd.Tensor;
import java.util.Arrays;

/**
 * Group normalization (Wu &amp; He 2018), as {@code torch.nn.GroupNorm}: the C channels of an input
 * {@code [N, C, *]} are split into {@code groups} groups, each normalized over its channels and the
 * spatial dims with the biased variance, then every channel is scaled by {@code weight} (1) and
 * shifted by {@code bias} (0), both {@code [C]}. Unlike batch norm it does not depend on the batch,
 * so training and evaluation compute the same.
 */
public final class GroupNorm extends Module {
  private final int groups;
  private final int channels;
  private final double eps;
  private final Tensor weight;
  private final Tensor bias;

  /**
   * Returns group norm with eps 1e-5.
   *
   * @param groups the number of groups, dividing {@code channels}
   * @param channels the number of channels
   */
  public GroupNorm(int groups, int channels) {
    this(groups, channels, 1e-5);
  }

  /**
   * Returns group norm of {@code channels} channels in {@code groups} groups.
   *
   * @param groups the number of groups, dividing {@code channels}
   * @param channels the number of channels
   * @param eps added to the variance before the square root
   * @throws IllegalArgumentException if a size or eps is not positive, or groups does not divide
   *     channels
   */
  public GroupNorm(int groups, int channels, double eps) {
    if (groups <= 0 || channels <= 0 || channels % groups != 0 || !(eps > 0)) {
      throw new IllegalArgumentException(
          String.format(
              "GroupNorm: need groups > 0 dividing channels > 0 and eps > 0, got groups=%d"
                  + " channels=%d eps=%s",
              groups, channels, eps));
    }
    this.groups = groups;
    this.channels = channels;
    this.eps = eps;
    this.weight = registerParameter("weight", Tensor.ones(channels));
    this.bias = registerParameter("bias", Tensor.zeros(channels));
  }

  /**
   * Returns {@code x} normalized per sample and group, scaled and shifted per channel.
   *
   * @throws IllegalArgumentException if {@code x} has fewer than 2 dims or not C channels in dim 1
   */
  @Override
  public Tensor forward(Tensor x) {
    checkInput(x);
    int[] s = x.shape();
    if (s.length < 2 || s[1] != channels) {
      throw new IllegalArgumentException(
          String.format(
              "GroupNorm.forward: expected [N, %d, ...], but got shape %s",
              channels, Arrays.toString(s)));
    }
    Tensor g = x.reshape(s[0], groups, -1);
    Tensor centered = g.sub(g.mean(2, true));
    Tensor var = centered.mul(centered).mean(2, true);
    int[] channelShape = new int[s.length];
    Arrays.fill(channelShape, 1);
    channelShape[1] = channels;
    return centered
        .div(var.add(eps).sqrt())
        .reshape(s)
        .mul(weight.reshape(channelShape))
        .add(bias.reshape(channelShape));
  }

  @Override
  protected String extraRepr() {
    return "groups=" + groups + ", channels=" + channels + ", eps=" + eps;
  }
}
