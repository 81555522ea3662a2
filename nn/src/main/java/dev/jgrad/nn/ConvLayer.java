package dev.jgrad.nn;

import dev.jgrad.autograd.ConvOptions;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.nn.init.Init;
import java.util.Arrays;
import java.util.Random;

/**
 * The shared part of the convolution layers ({@link Conv1d}, {@link Conv2d},
 * {@link ConvTranspose2d}): the channel counts, kernel size and {@link ConvOptions}, and the
 * parameters {@code weight} and (optional) {@code bias}, PyTorch's state-dict keys. Both are
 * initialised as PyTorch does, uniform in {@code [-1/sqrt(fanIn), 1/sqrt(fanIn)]} (Kaiming
 * uniform with {@code a = sqrt(5)}, He et al. 2015), with the fan-in each layer computes from
 * its weight layout.
 */
public abstract class ConvLayer extends Module {
  private final int inChannels;
  private final int outChannels;
  private final int[] kernel;
  private final ConvOptions options;
  private final Tensor weight;
  private final Tensor bias;

  /**
   * Checks the sizes and creates the parameters.
   *
   * @param weightShape the weight's shape in the layer's layout
   * @param fanIn the inputs each output element sums, for the initial bound
   * @throws IllegalArgumentException if a size is not positive, the groups do not divide both
   *     channel counts, or an argument is null
   */
  ConvLayer(
      int inChannels,
      int outChannels,
      int[] kernel,
      ConvOptions options,
      boolean bias,
      Random random,
      int[] weightShape,
      int fanIn) {
    String module = getClass().getSimpleName();
    Checks.notNull(options, module, "options");
    Checks.notNull(random, module, "random");
    for (int k : kernel) {
      if (k <= 0) {
        throw new IllegalArgumentException(
            String.format(
                "%s: kernel sizes must be positive, got %s", module, Arrays.toString(kernel)));
      }
    }
    int groups = options.groups();
    if (inChannels <= 0 || outChannels <= 0 || groups <= 0) {
      throw new IllegalArgumentException(
          String.format(
              "%s: channels and groups must be positive, got in=%d out=%d groups=%d",
              module, inChannels, outChannels, groups));
    }
    if (inChannels % groups != 0 || outChannels % groups != 0) {
      throw new IllegalArgumentException(
          String.format(
              "%s: groups %d must divide both in=%d and out=%d channels",
              module, groups, inChannels, outChannels));
    }
    this.inChannels = inChannels;
    this.outChannels = outChannels;
    this.kernel = kernel.clone();
    this.options = options;
    double bound = 1 / Math.sqrt(fanIn);
    this.weight =
        registerParameter("weight", Init.uniform(Tensor.zeros(weightShape), -bound, bound, random));
    this.bias =
        bias
            ? registerParameter(
                "bias", Init.uniform(Tensor.zeros(outChannels), -bound, bound, random))
            : null;
  }

  /** {@return the weight parameter (shape as the layer documents)} */
  public final Tensor weight() {
    return weight;
  }

  /** {@return the bias parameter, shape {@code [out]}, or null for a layer without bias} */
  public final Tensor bias() {
    return bias;
  }

  /** {@return the convolution settings} */
  public final ConvOptions options() {
    return options;
  }

  /** {@return the number of input channels} */
  public final int inChannels() {
    return inChannels;
  }

  /** {@return the number of output channels} */
  public final int outChannels() {
    return outChannels;
  }

  @Override
  protected String extraRepr() {
    return "in=" + inChannels + ", out=" + outChannels + ", kernel=" + Arrays.toString(kernel)
        + ", " + options + (bias == null ? ", bias=false" : "");
  }
}
