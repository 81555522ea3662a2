package dev.jgrad.nn;

import dev.jgrad.autograd.Tensor;
import java.util.Arrays;

/**
 * 2-d max pooling, as {@code torch.nn.MaxPool2d}: each output is the largest element of its window,
 * and the gradient goes to that element (the first at ties). No parameters. Input {@code [N, C, H,
 * W]} or {@code [C, H, W]}.
 */
public final class MaxPool2d extends Module {
  private final int[] kernel;
  private final int[] stride;
  private final int[] padding;

  /**
   * Returns pooling over {@code kernel x kernel} windows with stride {@code kernel}, no padding.
   *
   * @param kernel the window size, also the stride
   */
  public MaxPool2d(int kernel) {
    this(new int[] {kernel}, null, new int[] {0});
  }

  /**
   * Returns pooling with the given window (one value or height and width), stride (null: the
   * kernel) and -Inf padding (at most half the kernel); the values are checked at the first {@link
   * #forward}.
   *
   * @param kernel the window size, one value or two
   * @param stride the step between windows, one value or two; null for the kernel size
   * @param padding the implicit negative-infinity padding on each side, one value or two
   */
  public MaxPool2d(int[] kernel, int[] stride, int[] padding) {
    this.kernel = Checks.notNull(kernel, "MaxPool2d", "kernel").clone();
    this.stride = stride == null ? null : stride.clone();
    this.padding = Checks.notNull(padding, "MaxPool2d", "padding").clone();
    // Checked now with a dummy input large enough for any valid window, so bad settings fail early.
    Tensor.zeros(1, 1, 2 * max(this.kernel) + 1, 2 * max(this.kernel) + 1)
        .maxPool2d(this.kernel, this.stride, this.padding);
  }

  static int max(int[] values) {
    return Arrays.stream(values).max().orElse(1);
  }

  /** Returns the max pooling of {@code x}. */
  @Override
  public Tensor forward(Tensor x) {
    checkInput(x);
    return x.maxPool2d(kernel, stride, padding);
  }

  @Override
  protected String extraRepr() {
    return describe(kernel, stride, padding);
  }

  /** Returns a pooling layer's settings as text, e.g. {@code kernel=[2], stride=[2], padding=[0]}. */
  static String describe(int[] kernel, int[] stride, int[] padding) {
    return "kernel=" + Arrays.toString(kernel) + ", stride="
        + Arrays.toString(stride == null ? kernel : stride) + ", padding=" + Arrays.toString(padding);
  }
}
