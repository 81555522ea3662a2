package dev.jgrad.nn;

import dev.jgrad.autograd.Tensor;

/**
 * 2-d average pooling, as {@code torch.nn.AvgPool2d}: each output is the mean of its window; with
 * {@code countIncludePad} (PyTorch's default) padding zeros count in the mean. No parameters. Input
 * {@code [N, C, H, W]} or {@code [C, H, W]}.
 */
public final class AvgPool2d extends Module {
  private final int[] kernel;
  private final int[] stride;
  private final int[] padding;
  private final boolean countIncludePad;

  /**
   * Returns pooling over {@code kernel x kernel} windows with stride {@code kernel}, no padding.
   *
   * @param kernel the window size, also the stride
   */
  public AvgPool2d(int kernel) {
    this(new int[] {kernel}, null, new int[] {0}, true);
  }

  /**
   * Returns pooling with the given window (one value or two), stride (null: the kernel), zero
   * padding (at most half the kernel) and divisor rule.
   *
   * @param kernel the window size, one value or two
   * @param stride the step between windows, one value or two; null for the kernel size
   * @param padding the implicit zero padding on each side, one value or two
   * @param countIncludePad whether padded positions count in each window's divisor
   * @throws IllegalArgumentException if a setting is out of range
   */
  public AvgPool2d(int[] kernel, int[] stride, int[] padding, boolean countIncludePad) {
    this.kernel = Checks.notNull(kernel, "AvgPool2d", "kernel").clone();
    this.stride = stride == null ? null : stride.clone();
    this.padding = Checks.notNull(padding, "AvgPool2d", "padding").clone();
    this.countIncludePad = countIncludePad;
    int side = 2 * MaxPool2d.max(this.kernel) + 1;
    Tensor.zeros(1, 1, side, side)
        .avgPool2d(this.kernel, this.stride, this.padding, countIncludePad);
  }

  /** Returns the average pooling of {@code x}. */
  @Override
  public Tensor forward(Tensor x) {
    checkInput(x);
    return x.avgPool2d(kernel, stride, padding, countIncludePad);
  }

  @Override
  protected String extraRepr() {
    return MaxPool2d.describe(kernel, stride, padding) + ", countIncludePad=" + countIncludePad;
  }
}
