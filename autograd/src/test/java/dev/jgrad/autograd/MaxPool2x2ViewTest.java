package dev.jgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * 2x2, stride-2 max pooling (its own kernels) on strided views and odd sizes, against the window
 * maxima written with reshape, permute and max, forward and backward, in both dtypes.
 */
class MaxPool2x2ViewTest {

  /** Returns the 2x2 window maxima of {@code x} ({@code [N, C, H, W]}, H and W even) by definition. */
  private static Tensor byDefinition(Tensor x) {
    int[] s = x.shape();
    return x.reshape(s[0], s[1], s[2] / 2, 2, s[3] / 2, 2)
        .permute(0, 1, 2, 4, 3, 5)
        .reshape(s[0], s[1], s[2] / 2, s[3] / 2, 4)
        .max(4, false);
  }

  @Test
  void transposedAndNarrowedViewsPoolLikeTheDefinition() {
    for (DType d : DType.values()) {
      Random r = new Random(3);
      // A transposed view [2, 3, 6, 10] and a narrowed one (odd source width 11 cut to 10).
      Tensor base = Tensor.randn(d, r, 2, 3, 10, 6).detach().requiresGrad();
      Tensor wide = Tensor.randn(d, r, 2, 3, 6, 11).detach().requiresGrad();
      Tensor[] sources = {base, wide};
      for (int v = 0; v < 2; v++) {
        Tensor src = sources[v];
        Tensor view = v == 0 ? base.transpose(2, 3) : wide.narrow(3, 1, 10);
        Tensor up = Tensor.randn(d, r, 2, 3, 3, 5);
        Tensor pooled = view.maxPool2d(new int[] {2}, new int[] {2}, new int[] {0});
        Tensor want = byDefinition(view.detach());
        assertArrayEquals(want.toArray(), pooled.toArray(), 0.0, d + " forward");
        pooled.mul(up).sum().backward();
        double[] got = src.grad().toArray();
        src.zeroGrad();
        byDefinition(v == 0 ? base.transpose(2, 3) : wide.narrow(3, 1, 10)).mul(up).sum().backward();
        assertArrayEquals(src.grad().toArray(), got, 0.0, d + " backward");
        src.zeroGrad();
      }
    }
  }
}
