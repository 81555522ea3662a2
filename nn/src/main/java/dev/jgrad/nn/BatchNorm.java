package dev.jgrad.nn;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.Tensor;
import java.util.Arrays;

/**
 * Batch normalization (Ioffe &amp; Szegedy 2015) over dim 1 (the channels), as PyTorch's {@code
 * BatchNorm1d}/{@code BatchNorm2d}, the shared part of {@link BatchNorm1d} and {@link BatchNorm2d}.
 *
 * <p>In training mode, {@code out = (x - mean) / sqrt(var + eps) * weight + bias} with the mean and
 * the biased variance of each channel over the batch (and the spatial dims), and the running
 * statistics move towards the batch's: {@code running = (1 - momentum) running + momentum stat},
 * with the unbiased variance, as PyTorch. In evaluation mode the running statistics replace the
 * batch's, so the layer is the affine map {@code x * a + c} per channel. Parameters {@code weight}
 * (1) and {@code bias} (0), buffers {@code running_mean} (0) and {@code running_var} (1), all
 * {@code [features]}: PyTorch's state-dict keys except {@code num_batches_tracked}, which only
 * matters for {@code momentum=None} (not supported).
 */
public abstract class BatchNorm extends Module {
  private final int features;
  private final double eps;
  private final double momentum;
  private final Tensor weight;
  private final Tensor bias;
  private final Tensor runningMean;
  private final Tensor runningVar;

  /**
   * Creates the parameters and buffers.
   *
   * @param features the number of channels
   * @param eps added to the variance before the square root
   * @param momentum the weight of the batch statistics in the running averages
   * @throws IllegalArgumentException if features or eps is not positive, or momentum is outside [0,
   *     1]
   */
  protected BatchNorm(int features, double eps, double momentum) {
    if (features <= 0 || !(eps > 0) || !(momentum >= 0 && momentum <= 1)) {
      throw new IllegalArgumentException(
          String.format(
              "%s: need features > 0, eps > 0 and momentum in [0, 1], got %d, %s, %s",
              getClass().getSimpleName(), features, eps, momentum));
    }
    this.features = features;
    this.eps = eps;
    this.momentum = momentum;
    this.weight = registerParameter("weight", Tensor.ones(features));
    this.bias = registerParameter("bias", Tensor.zeros(features));
    this.runningMean = registerBuffer("running_mean", Tensor.zeros(features));
    this.runningVar = registerBuffer("running_var", Tensor.ones(features));
  }

  /** Returns the ranks of input this layer accepts (e.g. 2 and 3 for BatchNorm1d). */
  abstract int[] inputRanks();

  /** {@return the scale, shape {@code [features]}} */
  public Tensor weight() {
    return weight;
  }

  /** {@return the shift, shape {@code [features]}} */
  public Tensor bias() {
    return bias;
  }

  /** {@return the running mean buffer, shape {@code [features]}} */
  public Tensor runningMean() {
    return runningMean;
  }

  /** {@return the running (unbiased) variance buffer, shape {@code [features]}} */
  public Tensor runningVar() {
    return runningVar;
  }

  /**
   * Returns {@code x} normalized per channel (batch statistics in training mode, running ones in
   * evaluation mode), scaled and shifted; in training mode also updates the running statistics.
   *
   * @throws IllegalArgumentException if the rank or the channel count does not fit, or training
   *     sees a single value per channel
   */
  @Override
  public Tensor forward(Tensor x) {
    checkInput(x);
    String name = getClass().getSimpleName();
    if (Arrays.stream(inputRanks()).noneMatch(r -> r == x.dim()) || x.shape()[1] != features) {
      throw new IllegalArgumentException(
          String.format(
              "%s.forward: expected an input of rank %s with %d channels in dim 1, but got shape"
                  + " %s",
              name, Arrays.toString(inputRanks()), features, Arrays.toString(x.shape())));
    }
    int[] channelShape = new int[x.dim()];
    Arrays.fill(channelShape, 1);
    channelShape[1] = features;
    Tensor mean;
    Tensor var;
    if (isTraining()) {
      int count = x.numel() / features;
      if (count < 2) {
        throw new IllegalArgumentException(
            String.format(
                "%s.forward: training needs more than 1 value per channel, but got shape %s",
                name, Arrays.toString(x.shape())));
      }
      mean = perChannelMean(x);
      Tensor centered = x.sub(mean);
      var = perChannelMean(centered.mul(centered));
      try (Autograd.Scope off = Autograd.noGrad()) {
        Tensor m = mean.detach().reshape(features).to(runningMean.dtype());
        Tensor v =
            var.detach().reshape(features).mul((double) count / (count - 1)).to(runningVar.dtype());
        runningMean.assign(runningMean.mul(1 - momentum).add(m.mul(momentum)));
        runningVar.assign(runningVar.mul(1 - momentum).add(v.mul(momentum)));
      }
      return centered
          .div(var.add(eps).sqrt())
          .mul(weight.reshape(channelShape))
          .add(bias.reshape(channelShape));
    }
    mean = runningMean.reshape(channelShape);
    var = runningVar.reshape(channelShape);
    return x.sub(mean)
        .div(var.add(eps).sqrt())
        .mul(weight.reshape(channelShape))
        .add(bias.reshape(channelShape));
  }

  /** Returns the mean over every dim but 1, kept as size-1 dims. */
  private static Tensor perChannelMean(Tensor x) {
    Tensor m = x.mean(0, true);
    for (int d = 2; d < x.dim(); d++) {
      m = m.mean(d, true);
    }
    return m;
  }

  @Override
  protected String extraRepr() {
    return "features=" + features + ", eps=" + eps + ", momentum=" + momentum;
  }
}
