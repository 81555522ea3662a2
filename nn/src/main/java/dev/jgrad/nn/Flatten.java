package dev.jgrad.nn;

import dev.jgrad.autograd.Tensor;

/**
 * Flattens dims {@code startDim..endDim} into one, as {@code torch.nn.Flatten} (defaults 1 and -1:
 * {@code [N, C, H, W]} becomes {@code [N, C * H * W]}, channel-major). No parameters.
 */
public final class Flatten extends Module {
  private final int startDim;
  private final int endDim;

  /** Returns a flatten of every dim but the first (the batch). */
  public Flatten() {
    this(1, -1);
  }

  /**
   * Returns a flatten of dims {@code startDim..endDim} (negative values count from the end).
   *
   * @param startDim the first dimension to flatten (negative counts from the end)
   * @param endDim the last dimension to flatten (negative counts from the end)
   */
  public Flatten(int startDim, int endDim) {
    this.startDim = startDim;
    this.endDim = endDim;
  }

  /**
   * Returns {@code x} with dims {@code startDim..endDim} merged.
   *
   * @throws IllegalArgumentException if a dim is out of range or {@code startDim > endDim}
   */
  @Override
  public Tensor forward(Tensor x) {
    checkInput(x);
    int rank = x.dim();
    int start = startDim < 0 ? startDim + rank : startDim;
    int end = endDim < 0 ? endDim + rank : endDim;
    if (start < 0 || end >= rank || start > end) {
      throw new IllegalArgumentException(
          String.format(
              "Flatten.forward: dims %d..%d do not fit an input of shape %s",
              startDim, endDim, java.util.Arrays.toString(x.shape())));
    }
    int[] s = x.shape();
    int[] out = new int[rank - (end - start)];
    int merged = 1;
    for (int d = start; d <= end; d++) {
      merged *= s[d];
    }
    for (int d = 0, o = 0; d < rank; d++) {
      if (d < start || d > end) {
        out[o++] = s[d];
      } else if (d == start) {
        out[o++] = merged;
      }
    }
    return x.reshape(out);
  }

  @Override
  protected String extraRepr() {
    return "startDim=" + startDim + ", endDim=" + endDim;
  }
}
