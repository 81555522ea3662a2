package dev.jgrad.nn;

import dev.jgrad.autograd.Tensor;

/**
 * Adaptive average pooling to a fixed output size, as {@code torch.nn.AdaptiveAvgPool2d}: input
 * {@code [N, C, H, W]} of any size, output {@code [N, C, outH, outW]} (PyTorch's bins). No
 * parameters; {@code new AdaptiveAvgPool2d(1, 1)} is global average pooling.
 */
public final class AdaptiveAvgPool2d extends Module {
  private final int outH;
  private final int outW;

  /**
   * Returns pooling to {@code outH x outW}.
   *
   * @param outH the output height
   * @param outW the output width
   * @throws IllegalArgumentException if a size is below 1
   */
  public AdaptiveAvgPool2d(int outH, int outW) {
    if (outH < 1 || outW < 1) {
      throw new IllegalArgumentException(
          String.format(
              "AdaptiveAvgPool2d: output size must be at least 1x1, got %dx%d", outH, outW));
    }
    this.outH = outH;
    this.outW = outW;
  }

  /** Returns the adaptive average pooling of {@code x}. */
  @Override
  public Tensor forward(Tensor x) {
    checkInput(x);
    return x.adaptiveAvgPool2d(outH, outW);
  }

  @Override
  protected String extraRepr() {
    return "output=" + outH + "x" + outW;
  }
}
