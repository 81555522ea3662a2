package dev.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jgrad.autograd.ConvOptions;
import dev.jgrad.autograd.Tensor;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Whole-module properties: a {@link Conv2d} is a {@link Linear} applied to every window of its
 * input (im2col written out here with plain loops), in value and gradient; a {@link BatchNorm2d} in
 * evaluation mode is the per-channel affine map of its running statistics, and training moves them
 * as PyTorch's formula says.
 */
class CnnLayersProperties {

  @Property(tries = 60)
  void conv2dEqualsItsUnfoldedLinear(
      @ForAll @IntRange(min = 1, max = 3) int in,
      @ForAll @IntRange(min = 1, max = 3) int out,
      @ForAll @IntRange(min = 1, max = 3) int kernel,
      @ForAll @IntRange(min = 1, max = 2) int stride,
      @ForAll @IntRange(min = 0, max = 1) int padding,
      @ForAll @IntRange(min = 1, max = 2) int dilation,
      @ForAll long seed) {
    Random r = new Random(seed);
    int reach = dilation * (kernel - 1) + 1;
    int h = Math.max(1, reach - 2 * padding) + r.nextInt(3);
    int w = Math.max(1, reach - 2 * padding) + r.nextInt(3);
    int n = 1 + r.nextInt(2);
    ConvOptions options =
        ConvOptions.defaults().withStride(stride).withPadding(padding).withDilation(dilation);
    Conv2d conv = new Conv2d(in, out, kernel, options, r);
    Linear linear = new Linear(in * kernel * kernel, out, r);
    linear.weight().assign(conv.weight().reshape(out, in * kernel * kernel));
    linear.bias().assign(conv.bias());
    double[] x = Tensor.randn(r, n, in, h, w).toArray();
    int oh = (h + 2 * padding - reach) / stride + 1;
    int ow = (w + 2 * padding - reach) / stride + 1;
    // rows: (image, oy, ox); columns: (channel, i, j), zero outside the image
    double[] cols = new double[n * oh * ow * in * kernel * kernel];
    int at = 0;
    for (int b = 0; b < n; b++) {
      for (int oy = 0; oy < oh; oy++) {
        for (int ox = 0; ox < ow; ox++) {
          for (int c = 0; c < in; c++) {
            for (int i = 0; i < kernel; i++) {
              for (int j = 0; j < kernel; j++) {
                int y = oy * stride - padding + i * dilation;
                int xx = ox * stride - padding + j * dilation;
                boolean inside = y >= 0 && y < h && xx >= 0 && xx < w;
                cols[at++] = inside ? x[((b * in + c) * h + y) * w + xx] : 0;
              }
            }
          }
        }
      }
    }
    Tensor viaLinear =
        linear
            .forward(Tensor.of(cols, n, oh * ow, in * kernel * kernel))
            .permute(0, 2, 1)
            .reshape(n, out, oh, ow);
    Tensor viaConv = conv.forward(Tensor.of(x, n, in, h, w));
    assertArrayEquals(viaLinear.toArray(), viaConv.toArray(), 1e-12);

    Tensor upstream = Tensor.randn(r, n, out, oh, ow);
    viaConv.backward(upstream);
    viaLinear.backward(upstream);
    assertArrayEquals(linear.weight().grad().toArray(), conv.weight().grad().toArray(), 1e-11);
    assertArrayEquals(linear.bias().grad().toArray(), conv.bias().grad().toArray(), 1e-11);
  }

  @Property(tries = 60)
  void batchNorm2dInEvaluationIsTheAffineMapOfItsRunningStatistics(
      @ForAll @IntRange(min = 1, max = 4) int channels,
      @ForAll @IntRange(min = 1, max = 3) int steps,
      @ForAll long seed) {
    Random r = new Random(seed);
    double momentum = 0.05 + 0.9 * r.nextDouble();
    BatchNorm2d bn = new BatchNorm2d(channels, 1e-5, momentum);
    bn.weight().assign(Tensor.randn(r, channels));
    bn.bias().assign(Tensor.randn(r, channels));
    for (int s = 0; s < steps; s++) {
      int n = 2 + r.nextInt(3);
      Tensor batch = Tensor.randn(r, n, channels, 2, 3).mul(2).add(1);
      double[] before = bn.runningMean().toArray();
      double[] beforeVar = bn.runningVar().toArray();
      bn.forward(batch);
      double[] data = batch.toArray();
      int per = 6;
      for (int c = 0; c < channels; c++) {
        double sum = 0;
        for (int b = 0; b < n; b++) {
          for (int k = 0; k < per; k++) {
            sum += data[(b * channels + c) * per + k];
          }
        }
        double mean = sum / (n * per);
        double sq = 0;
        for (int b = 0; b < n; b++) {
          for (int k = 0; k < per; k++) {
            double d = data[(b * channels + c) * per + k] - mean;
            sq += d * d;
          }
        }
        double unbiased = sq / (n * per - 1);
        assertEquals(
            (1 - momentum) * before[c] + momentum * mean, bn.runningMean().toArray()[c], 1e-12);
        assertEquals(
            (1 - momentum) * beforeVar[c] + momentum * unbiased,
            bn.runningVar().toArray()[c],
            1e-12);
      }
    }
    bn.eval();
    Tensor x = Tensor.randn(r, 2, channels, 3, 2);
    double[] y = bn.forward(x).toArray();
    double[] xs = x.toArray();
    double[] mean = bn.runningMean().toArray();
    double[] var = bn.runningVar().toArray();
    double[] weight = bn.weight().toArray();
    double[] bias = bn.bias().toArray();
    for (int i = 0; i < xs.length; i++) {
      int c = (i / 6) % channels;
      double a = weight[c] / Math.sqrt(var[c] + 1e-5);
      assertEquals(xs[i] * a + (bias[c] - mean[c] * a), y[i], 1e-12, "element " + i);
    }
  }

  /**
   * GroupNorm with one group per channel and a batch of one is what BatchNorm2d computes in
   * training.
   */
  @Property(tries = 30)
  void groupNormWithOneChannelPerGroupEqualsBatchNormOfOneImage(
      @ForAll @IntRange(min = 1, max = 4) int channels, @ForAll long seed) {
    Random r = new Random(seed);
    Tensor x = Tensor.randn(r, 1, channels, 3, 3);
    GroupNorm gn = new GroupNorm(channels, channels);
    BatchNorm2d bn = new BatchNorm2d(channels);
    assertArrayEquals(bn.forward(x).toArray(), gn.forward(x).toArray(), 1e-12);
  }
}
