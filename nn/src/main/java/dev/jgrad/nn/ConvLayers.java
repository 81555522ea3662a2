package dev.jgrad.nn;

import dev.jgrad.autograd.Tensor;
import dev.jgrad.nn.init.Init;
import java.util.Arrays;
import java.util.Random;

/** Shared checks and initialisation of the convolution modules. */
final class ConvLayers {
  private ConvLayers() {}

  /** Checks that every size is positive and that {@code groups} divides both channel counts. */
  static void checkSizes(String module, int in, int out, int[] kernel, int groups, Random random) {
    for (int k : kernel) {
      if (k <= 0) {
        throw new IllegalArgumentException(
            String.format(
                "%s: kernel sizes must be positive, got %s", module, Arrays.toString(kernel)));
      }
    }
    if (in <= 0 || out <= 0 || groups <= 0) {
      throw new IllegalArgumentException(
          String.format(
              "%s: channels and groups must be positive, got in=%d out=%d groups=%d",
              module, in, out, groups));
    }
    if (in % groups != 0 || out % groups != 0) {
      throw new IllegalArgumentException(
          String.format(
              "%s: groups %d must divide both in=%d and out=%d channels", module, groups, in, out));
    }
    Checks.notNull(random, module, "random");
  }

  /**
   * Returns a tensor of {@code shape} drawn uniformly from {@code [-1/sqrt(fanIn), 1/sqrt(fanIn)]}:
   * PyTorch's default for convolution weights (Kaiming uniform with {@code a = sqrt(5)}, He et al.
   * 2015) and biases.
   */
  static Tensor uniform(int fanIn, Random random, int... shape) {
    double bound = 1 / Math.sqrt(fanIn);
    return Init.uniform(Tensor.zeros(shape), -bound, bound, random);
  }

  /**
   * Returns the settings as text for {@code toString}, e.g. {@code in=1, out=16, kernel=[3, 3]}.
   */
  static String describe(int in, int out, int[] kernel, Object options, boolean bias) {
    return "in="
        + in
        + ", out="
        + out
        + ", kernel="
        + Arrays.toString(kernel)
        + ", "
        + options
        + (bias ? "" : ", bias=false");
  }
}
