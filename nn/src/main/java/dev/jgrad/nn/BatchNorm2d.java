package dev.jgrad.nn;

/**
 * Batch normalization of {@code [N, C, H, W]} inputs per channel C, as {@code torch.nn.BatchNorm2d}
 * (see {@link BatchNorm} for the math, the running statistics and the state-dict keys).
 */
public final class BatchNorm2d extends BatchNorm {
  /**
   * Returns batch norm over {@code features} channels with eps 1e-5 and momentum 0.1.
   *
   * @param features the number of channels
   */
  public BatchNorm2d(int features) {
    this(features, 1e-5, 0.1);
  }

  /**
   * Returns batch norm with the given eps and momentum.
   *
   * @param features the number of channels
   * @param eps added to the variance before the square root
   * @param momentum the weight of the batch statistics in the running averages
   * @throws IllegalArgumentException if a setting is out of range
   */
  public BatchNorm2d(int features, double eps, double momentum) {
    super(features, eps, momentum);
  }

  @Override
  int[] inputRanks() {
    return new int[] {4};
  }
}
