package dev.jgrad.autograd.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * im2col and col2im (gathers through cached index maps, SIMD for floats) against their plain
 * definitions: a loop over the window entries, and the scatter of every entry into its pixel in
 * entry order (to the bit), on strided, dilated, padded and odd geometries, in both dtypes and
 * both layouts.
 */
class ConvKernelTest {

  /** kernel h, w, stride h, w, padding top, left, dilation h, w. */
  private static final int[][] WINDOWS = {
    {3, 3, 1, 1, 1, 1, 1, 1}, {1, 1, 1, 1, 0, 0, 1, 1}, {2, 3, 2, 1, 0, 1, 1, 2},
    {3, 2, 3, 2, 2, 1, 1, 1}, {5, 5, 2, 2, 2, 2, 1, 1}, {2, 2, 1, 3, 1, 0, 3, 1}
  };
  private static final int[][] IMAGES = {{1, 5, 5}, {3, 7, 4}, {2, 8, 8}, {1, 11, 13}, {4, 1, 9}};

  private static Conv.Window window(int[] g, int height, int width) {
    int outH = (height + 2 * g[4] - g[6] * (g[0] - 1) - 1) / g[2] + 1;
    int outW = (width + 2 * g[5] - g[7] * (g[1] - 1) - 1) / g[3] + 1;
    return outH < 1 || outW < 1
        ? null
        : new Conv.Window(g[0], g[1], g[2], g[3], g[4], g[5], g[6], g[7], outH, outW);
  }

  @Test
  void theGatherKernelInUseIsTheExpectedOne() {
    String expect = System.getProperty("jgrad.test.expectKernel");
    if ("vector".equals(expect)) {
      assertNotNull(Conv.GATHER, "the Vector API gather loops did not load");
    } else if ("scalar".equals(expect)) {
      assertNull(Conv.GATHER);
    }
  }

  @Test
  void im2colAndCol2imMatchTheirDefinitions() {
    Random r = new Random(5);
    for (int[] g : WINDOWS) {
      for (int[] im : IMAGES) {
        int c = im[0];
        int h = im[1];
        int w = im[2];
        Conv.Window win = window(g, h, w);
        if (win == null) {
          continue;
        }
        for (int n : new int[] {1, 3}) {
          for (boolean positionsFirst : new boolean[] {false, true}) {
            for (boolean f32 : new boolean[] {false, true}) {
              check(r, n, c, h, w, win, positionsFirst, f32);
            }
          }
        }
      }
    }
  }

  private static void check(
      Random r, int n, int c, int h, int w, Conv.Window win, boolean positionsFirst, boolean f32) {
    String at = win + ", " + n + "x" + c + "x" + h + "x" + w + (f32 ? " F32" : " F64")
        + (positionsFirst ? " positions first" : "");
    int kk = win.kernelSize();
    int rows = c * kk;
    int positions = win.positions();
    double[] x = new double[n * c * h * w];
    for (int i = 0; i < x.length; i++) {
      x[i] = f32 ? (float) r.nextGaussian() : r.nextGaussian();
    }
    double[] cols = new double[n * rows * positions];
    for (int i = 0; i < cols.length; i++) {
      cols[i] = f32 ? (float) r.nextGaussian() : r.nextGaussian();
    }
    double pad = -3.5;
    double[] unfolded = Conv.im2col(storage(x, f32), n, c, h, w, win, pad, positionsFirst)
        .toDoubleArray();
    double[] folded = Conv.col2im(storage(cols, f32), n, c, h, w, win, positionsFirst)
        .toDoubleArray();
    double[] wantFold = new double[x.length];
    float[] wantFoldF = new float[x.length];
    for (int b = 0; b < n; b++) {
      for (int ch = 0; ch < c; ch++) {
        for (int i = 0; i < win.kernelH(); i++) {
          for (int j = 0; j < win.kernelW(); j++) {
            int row = (ch * win.kernelH() + i) * win.kernelW() + j;
            for (int oy = 0; oy < win.outH(); oy++) {
              for (int ox = 0; ox < win.outW(); ox++) {
                int q = oy * win.outW() + ox;
                int e = b * rows * positions
                    + (positionsFirst ? q * rows + row : row * positions + q);
                int y = oy * win.strideH() - win.padTop() + i * win.dilationH();
                int xx = ox * win.strideW() - win.padLeft() + j * win.dilationW();
                boolean inside = y >= 0 && y < h && xx >= 0 && xx < w;
                int pixel = ((b * c + ch) * h + y) * w + xx;
                double want = inside ? x[pixel] : pad;
                assertEquals(want, unfolded[e], 0.0, at + " im2col entry " + e);
                if (inside) {
                  wantFold[pixel] += cols[e];
                  wantFoldF[pixel] += (float) cols[e];
                }
              }
            }
          }
        }
      }
    }
    // The scatter above visits each pixel's entries in the order of the entries only when the
    // entry loop is in layout order; re-run it in that order to pin the bits.
    double[] scatter = new double[x.length];
    float[] scatterF = new float[x.length];
    int[] map = Conv.maps(c, h, w, win, positionsFirst).map();
    int image = c * h * w;
    for (int b = 0; b < n; b++) {
      for (int e = 0; e < map.length; e++) {
        if (map[e] < image) {
          scatter[b * image + map[e]] += cols[b * map.length + e];
          scatterF[b * image + map[e]] += (float) cols[b * map.length + e];
        }
      }
    }
    for (int p = 0; p < x.length; p++) {
      assertEquals(wantFold[p], f32 ? wantFoldF[p] : wantFold[p], 1e-4, at + " col2im pixel " + p);
      assertEquals(f32 ? scatterF[p] : scatter[p], folded[p], 0.0, at + " col2im pixel " + p);
    }
  }

  private static Storage storage(double[] v, boolean f32) {
    if (!f32) {
      return Storage.of(v.clone());
    }
    float[] f = new float[v.length];
    for (int i = 0; i < v.length; i++) {
      f[i] = (float) v[i];
    }
    return Storage.of(f);
  }
}
