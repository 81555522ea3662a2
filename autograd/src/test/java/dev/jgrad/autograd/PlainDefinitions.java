package dev.jgrad.autograd;

/**
 * The image and index ops written out as PyTorch documents them, with loops over plain arrays and
 * nothing shared with the engine (no unfold, no offsets, no composites): what {@link
 * FuzzProperties} compares the engine's results against. Images are {@code [N, C, H, W]} in
 * row-major order; settings are (height, width) pairs.
 */
final class PlainDefinitions {
  private PlainDefinitions() {}

  /** A result of a plain definition: row-major values and their shape. */
  record Result(double[] values, int[] shape) {}

  /**
   * {@code F.conv2d}: {@code out[n, o, y, x] = b[o] + sum_{c, i, j} w[o, c, i, j] in[n, g(o) C/g +
   * c, y sh - ph + i dh, x sw - pw + j dw]}, the input 0 outside the image, where {@code g(o) = o /
   * (O/g)}.
   */
  static Result conv2d(double[] x, int[] xs, double[] w, int[] ws, double[] bias, int[] stride,
      int[] padding, int[] dilation, int groups) {
    int n = xs[0];
    int c = xs[1];
    int h = xs[2];
    int wd = xs[3];
    int o = ws[0];
    int cg = ws[1];
    int kh = ws[2];
    int kw = ws[3];
    int oh = (h + 2 * padding[0] - dilation[0] * (kh - 1) - 1) / stride[0] + 1;
    int ow = (wd + 2 * padding[1] - dilation[1] * (kw - 1) - 1) / stride[1] + 1;
    double[] out = new double[n * o * oh * ow];
    int perGroup = o / groups;
    for (int b = 0; b < n; b++) {
      for (int oc = 0; oc < o; oc++) {
        int first = oc / perGroup * cg;
        for (int y = 0; y < oh; y++) {
          for (int xx = 0; xx < ow; xx++) {
            double sum = bias == null ? 0 : bias[oc];
            for (int ci = 0; ci < cg; ci++) {
              for (int i = 0; i < kh; i++) {
                int iy = y * stride[0] - padding[0] + i * dilation[0];
                for (int j = 0; j < kw; j++) {
                  int ix = xx * stride[1] - padding[1] + j * dilation[1];
                  boolean inside = iy >= 0 && iy < h && ix >= 0 && ix < wd;
                  // zero padding is a 0 that is multiplied: 0 * Inf is NaN, as in PyTorch
                  sum += w[((oc * cg + ci) * kh + i) * kw + j]
                      * (inside ? x[((b * c + first + ci) * h + iy) * wd + ix] : 0);
                }
              }
            }
            out[((b * o + oc) * oh + y) * ow + xx] = sum;
          }
        }
      }
    }
    return new Result(out, new int[] {n, o, oh, ow});
  }

  /**
   * {@code F.conv_transpose2d}: every input pixel {@code in[n, ci, iy, ix]} adds {@code in * w[ci,
   * oc', i, j]} at output {@code (iy sh - ph + i dh, ix sw - pw + j dw)} of channel {@code oc =
   * g(ci) Cout/g + oc'}; output size {@code (H - 1) sh - 2 ph + dh (kh - 1) + outputPadding + 1}.
   */
  static Result convTranspose2d(double[] x, int[] xs, double[] w, int[] ws, double[] bias,
      int[] stride, int[] padding, int[] dilation, int[] outputPadding, int groups) {
    int n = xs[0];
    int cin = xs[1];
    int h = xs[2];
    int wd = xs[3];
    int coutG = ws[1];
    int kh = ws[2];
    int kw = ws[3];
    int cout = coutG * groups;
    int cinG = cin / groups;
    int oh = (h - 1) * stride[0] - 2 * padding[0] + dilation[0] * (kh - 1) + outputPadding[0] + 1;
    int ow = (wd - 1) * stride[1] - 2 * padding[1] + dilation[1] * (kw - 1) + outputPadding[1] + 1;
    double[] out = new double[n * cout * oh * ow];
    for (int b = 0; b < n; b++) {
      for (int oc = 0; oc < cout; oc++) {
        for (int p = 0; p < oh * ow; p++) {
          out[(b * cout + oc) * oh * ow + p] = bias == null ? 0 : bias[oc];
        }
      }
      for (int ci = 0; ci < cin; ci++) {
        int g = ci / cinG;
        for (int iy = 0; iy < h; iy++) {
          for (int ix = 0; ix < wd; ix++) {
            double v = x[((b * cin + ci) * h + iy) * wd + ix];
            for (int oc2 = 0; oc2 < coutG; oc2++) {
              int oc = g * coutG + oc2;
              for (int i = 0; i < kh; i++) {
                int y = iy * stride[0] - padding[0] + i * dilation[0];
                for (int j = 0; j < kw; j++) {
                  int xx = ix * stride[1] - padding[1] + j * dilation[1];
                  if (y >= 0 && y < oh && xx >= 0 && xx < ow) {
                    out[((b * cout + oc) * oh + y) * ow + xx] +=
                        v * w[((ci * coutG + oc2) * kh + i) * kw + j];
                  }
                }
              }
            }
          }
        }
      }
    }
    return new Result(out, new int[] {n, cout, oh, ow});
  }

  /**
   * {@code F.max_pool2d} (dilation 1, floor mode): the largest element of each window inside the
   * image, NaN if the window holds one; {@code F.avg_pool2d}: the window's sum over {@code kh kw}
   * ({@code countIncludePad}) or over the number of its elements inside the image.
   */
  static Result pool2d(boolean max, double[] x, int[] xs, int[] kernel, int[] stride,
      int[] padding, boolean countIncludePad) {
    int planes = xs[0] * xs[1];
    int h = xs[2];
    int wd = xs[3];
    int oh = (h + 2 * padding[0] - kernel[0]) / stride[0] + 1;
    int ow = (wd + 2 * padding[1] - kernel[1]) / stride[1] + 1;
    double[] out = new double[planes * oh * ow];
    for (int p = 0; p < planes; p++) {
      for (int y = 0; y < oh; y++) {
        for (int xx = 0; xx < ow; xx++) {
          double best = Double.NEGATIVE_INFINITY;
          double sum = 0;
          int inside = 0;
          for (int i = 0; i < kernel[0]; i++) {
            int iy = y * stride[0] - padding[0] + i;
            for (int j = 0; j < kernel[1]; j++) {
              int ix = xx * stride[1] - padding[1] + j;
              if (iy >= 0 && iy < h && ix >= 0 && ix < wd) {
                double v = x[(p * h + iy) * wd + ix];
                if (!Double.isNaN(best) && (Double.isNaN(v) || v > best)) {
                  best = v; // a NaN, once seen, stays
                }
                sum += v;
                inside++;
              }
            }
          }
          out[(p * oh + y) * ow + xx] =
              max ? best : sum / (countIncludePad ? kernel[0] * kernel[1] : inside);
        }
      }
    }
    return new Result(out, new int[] {xs[0], xs[1], oh, ow});
  }

  /** {@code F.adaptive_avg_pool2d}: cell (i, j) averages rows {@code floor(i H / oh) .. ceil((i + 1) H / oh)} and the matching columns. */
  static Result adaptiveAvgPool2d(double[] x, int[] xs, int oh, int ow) {
    int planes = xs[0] * xs[1];
    int h = xs[2];
    int wd = xs[3];
    double[] out = new double[planes * oh * ow];
    for (int p = 0; p < planes; p++) {
      for (int i = 0; i < oh; i++) {
        int y0 = (int) Math.floor((double) i * h / oh);
        int y1 = (int) Math.ceil((double) (i + 1) * h / oh);
        for (int j = 0; j < ow; j++) {
          int x0 = (int) Math.floor((double) j * wd / ow);
          int x1 = (int) Math.ceil((double) (j + 1) * wd / ow);
          double sum = 0;
          for (int y = y0; y < y1; y++) {
            for (int xx = x0; xx < x1; xx++) {
              sum += x[(p * h + y) * wd + xx];
            }
          }
          out[(p * oh + i) * ow + j] = sum / ((y1 - y0) * (x1 - x0));
        }
      }
    }
    return new Result(out, new int[] {xs[0], xs[1], oh, ow});
  }

  /** {@code torch.gather}: {@code out[p] = x[p with its coordinate along dim replaced by index[p]]}. */
  static double[] gather(double[] x, int[] xs, int dim, int[] index, int[] is) {
    double[] out = new double[index.length];
    int[] coord = new int[is.length];
    for (int p = 0; p < index.length; p++) {
      unravel(p, is, coord);
      coord[dim] = index[p];
      out[p] = x[ravel(coord, xs)];
    }
    return out;
  }

  /** {@code self.scatter_add(dim, index, src)}: a copy of self plus {@code src[p]} at {@code p with coordinate dim = index[p]}. */
  static double[] scatterAdd(double[] self, int[] selfShape, int dim, int[] index, int[] is,
      double[] src, int[] srcShape) {
    double[] out = self.clone();
    int[] coord = new int[is.length];
    for (int p = 0; p < index.length; p++) {
      unravel(p, is, coord);
      double v = src[ravel(coord, srcShape)];
      coord[dim] = index[p];
      out[ravel(coord, selfShape)] += v;
    }
    return out;
  }

  private static void unravel(int flat, int[] shape, int[] coord) {
    for (int d = shape.length - 1; d >= 0; d--) {
      coord[d] = flat % shape[d];
      flat /= shape[d];
    }
  }

  private static int ravel(int[] coord, int[] shape) {
    int flat = 0;
    for (int d = 0; d < shape.length; d++) {
      flat = flat * shape[d] + coord[d];
    }
    return flat;
  }
}
