package dev.jgrad.autograd.kernels;

/**
 * Sliding windows over images of either dtype: {@link #im2col} copies every window of a batch of
 * {@code [C, H, W]} images into the columns of a matrix (so a convolution becomes one matrix
 * product), and {@link #col2im} adds columns back into images (its adjoint). Both walk one
 * precomputed map from matrix entries to image positions, shared by the double and float loops. The
 * matrix of one image is {@code [C * kh * kw, positions]} (PyTorch's {@code F.unfold} layout) or,
 * with {@code positionsFirst}, its transpose {@code [positions, C * kh * kw]} (one window per row,
 * ready for a single {@code rows x weight^T} product over the whole batch).
 */
public final class Conv {
  private Conv() {}

  /**
   * The geometry of a sliding window over an {@code H x W} image: kernel size, stride, the padding
   * before the first row and column (the padding after them follows from {@code outH} and {@code
   * outW}), dilation, and the number of window positions per axis.
   *
   * @param kernelH kernel rows
   * @param kernelW kernel columns
   * @param strideH step between window rows
   * @param strideW step between window columns
   * @param padTop padding rows above the image
   * @param padLeft padding columns left of the image
   * @param dilationH spacing of kernel rows
   * @param dilationW spacing of kernel columns
   * @param outH window positions down
   * @param outW window positions across
   */
  public record Window(
      int kernelH,
      int kernelW,
      int strideH,
      int strideW,
      int padTop,
      int padLeft,
      int dilationH,
      int dilationW,
      int outH,
      int outW) {

    /** {@return the number of elements of one window ({@code kernelH * kernelW})} */
    public int kernelSize() {
      return kernelH * kernelW;
    }

    /** {@return the number of window positions ({@code outH * outW})} */
    public int positions() {
      return outH * outW;
    }

    /** Returns e.g. {@code kernel 3x3, stride 1x1, padding 1x1, dilation 1x1, output 8x8}. */
    @Override
    public String toString() {
      return String.format(
          "kernel %dx%d, stride %dx%d, padding %dx%d, dilation %dx%d, output %dx%d",
          kernelH, kernelW, strideH, strideW, padTop, padLeft, dilationH, dilationW, outH, outW);
    }
  }

  /** The SIMD gather loops, or null when the JVM runs without the Vector API module. */
  static final FloatGather GATHER =
      VectorModule.enabled()
          ? VectorModule.load("dev.jgrad.autograd.kernels.VectorFloatGather", FloatGather.class)
          : null;

  /**
   * The index maps of one geometry: {@code map} from matrix entries to pixels (see {@link #map}),
   * and its inverse {@code sources}: {@code sources[t * image + p]} is the {@code t}-th entry (in
   * entry order) that reads pixel {@code p}, or {@code map.length} (one past the matrix) when
   * fewer than {@code t + 1} entries do; {@code taps} is the most entries any pixel has. {@code
   * inPlace} is {@code sources} with 0 for those slots and {@code valid} says which slots are real,
   * for loops that read the entries where they are (no copy next to a zero slot).
   */
  record Maps(int[] map, int[] sources, int taps, int[] inPlace, boolean[] valid) {}

  private record Geometry(int channels, int height, int width, Window w, boolean positionsFirst) {}

  /** The maps of the geometries seen last (a training loop repeats a handful of them). */
  private static final java.util.Map<Geometry, Maps> MAPS =
      new java.util.concurrent.ConcurrentHashMap<>();

  /** Returns the maps of a geometry, computed once and kept for the next calls. */
  static Maps maps(int channels, int height, int width, Window w, boolean positionsFirst) {
    Geometry key = new Geometry(channels, height, width, w, positionsFirst);
    Maps maps = MAPS.get(key);
    if (maps == null) {
      if (MAPS.size() >= 64) {
        MAPS.clear(); // many geometries: keep memory bounded, recompute on demand
      }
      int[] map = map(channels, height, width, w, positionsFirst);
      int image = channels * height * width;
      int[] count = new int[image + 1];
      for (int m : map) {
        count[m]++;
      }
      int taps = 0;
      for (int p = 0; p < image; p++) {
        taps = Math.max(taps, count[p]);
      }
      int[] sources = new int[taps * image];
      java.util.Arrays.fill(sources, map.length);
      java.util.Arrays.fill(count, 0);
      for (int e = 0; e < map.length; e++) {
        int p = map[e];
        if (p < image) {
          sources[count[p]++ * image + p] = e;
        }
      }
      int[] inPlace = new int[sources.length];
      boolean[] valid = new boolean[sources.length];
      for (int i = 0; i < sources.length; i++) {
        valid[i] = sources[i] < map.length;
        inPlace[i] = valid[i] ? sources[i] : 0;
      }
      maps = new Maps(map, sources, taps, inPlace, valid);
      MAPS.put(key, maps);
    }
    return maps;
  }

  /**
   * Returns, for each entry of one image's matrix, the offset of its pixel in the {@code [C, H, W]}
   * image, or {@code channels * height * width} (one past the image: a slot the loops keep for
   * padding) where the window lies on padding. Entry (row {@code (c * kh + i) * kw + j},
   * position {@code oy * outW + ox}) sits at {@code row * positions + position}, or at {@code
   * position * rows + row} when {@code positionsFirst}.
   */
  static int[] map(int channels, int height, int width, Window w, boolean positionsFirst) {
    int kk = w.kernelSize();
    int positions = w.positions();
    int rows = channels * kk;
    int[] map = new int[rows * positions];
    int row = 0;
    for (int c = 0; c < channels; c++) {
      for (int i = 0; i < w.kernelH(); i++) {
        for (int j = 0; j < w.kernelW(); j++, row++) {
          int position = 0;
          for (int oy = 0; oy < w.outH(); oy++) {
            int y = oy * w.strideH() - w.padTop() + i * w.dilationH();
            for (int ox = 0; ox < w.outW(); ox++, position++) {
              int x = ox * w.strideW() - w.padLeft() + j * w.dilationW();
              boolean inside = y >= 0 && y < height && x >= 0 && x < width;
              int at = positionsFirst ? position * rows + row : row * positions + position;
              map[at] = inside ? (c * height + y) * width + x : channels * height * width;
            }
          }
        }
      }
    }
    return map;
  }

  /**
   * {@return the columns of {@code images} ({@code [n, channels, height, width]}): shape {@code [n,
   * channels * kh * kw, outH * outW]}, each window position a column, or {@code [n, outH * outW,
   * channels * kh * kw]} when {@code positionsFirst}; padding reads as {@code padValue}}
   *
   * @param images the input elements, {@code [n, channels, height, width]}
   * @param n the batch size
   * @param channels the number of channels per image
   * @param height the image height
   * @param width the image width
   * @param w the window: kernel size, stride, padding and dilation
   * @param padValue the value read on padding
   * @param positionsFirst whether rows rather than columns are the window positions
   */
  public static Storage im2col(
      Storage images,
      int n,
      int channels,
      int height,
      int width,
      Window w,
      double padValue,
      boolean positionsFirst) {
    int[] map = maps(channels, height, width, w, positionsFirst).map();
    int image = channels * height * width;
    Storage out = Storage.zeros(images.dtype(), n * map.length);
    // Each image is copied next to a padding slot, so that every entry is one read through the map:
    // a test for padding in the loop is a branch whose pattern (the length of one image's matrix)
    // the predictor cannot learn.
    if (images instanceof Storage.F64 in) {
      double[] x = in.a;
      double[] y = ((Storage.F64) out).a;
      double[] padded = new double[image + 1];
      padded[image] = padValue;
      for (int b = 0; b < n; b++) {
        System.arraycopy(x, b * image, padded, 0, image);
        int dst = b * map.length;
        for (int e = 0; e < map.length; e++) {
          y[dst + e] = padded[map[e]];
        }
      }
    } else {
      float[] x = ((Storage.F32) images).a;
      float[] y = ((Storage.F32) out).a;
      float[] padded = new float[image + 1];
      padded[image] = (float) padValue;
      for (int b = 0; b < n; b++) {
        System.arraycopy(x, b * image, padded, 0, image);
        int dst = b * map.length;
        if (GATHER != null) {
          GATHER.gather(padded, map, map.length, y, dst);
        } else {
          for (int e = 0; e < map.length; e++) {
            y[dst + e] = padded[map[e]];
          }
        }
      }
    }
    return out;
  }

  /**
   * {@return images {@code [n, channels, height, width]} in which every entry of {@code columns}
   * (laid out as {@link #im2col} lays it out) is added to the pixel its window covers (entries on
   * padding are dropped): the adjoint of {@link #im2col} with zero padding}
   *
   * @param columns the columns, laid out as {@link #im2col} lays them out
   * @param n the batch size
   * @param channels the number of channels per image
   * @param height the image height
   * @param width the image width
   * @param w the window: kernel size, stride, padding and dilation
   * @param positionsFirst whether rows rather than columns are the window positions
   */
  public static Storage col2im(
      Storage columns,
      int n,
      int channels,
      int height,
      int width,
      Window w,
      boolean positionsFirst) {
    Maps maps = maps(channels, height, width, w, positionsFirst);
    int entries = maps.map().length;
    int[] sources = maps.sources();
    int taps = maps.taps();
    int image = channels * height * width;
    Storage out = Storage.zeros(columns.dtype(), n * image);
    // Each pixel sums the entries that cover it (read through the inverse map, in the order of the
    // entries, as a scatter in entry order would add them); each image's entries are copied next
    // to a zero slot, which the inverse map reads where a pixel has fewer entries than others.
    if (columns instanceof Storage.F64 in) {
      double[] x = in.a;
      double[] y = ((Storage.F64) out).a;
      double[] entry = new double[entries + 1];
      for (int b = 0; b < n; b++) {
        System.arraycopy(x, b * entries, entry, 0, entries);
        int dst = b * image;
        for (int p = 0; p < image; p++) {
          double sum = 0;
          for (int t = 0; t < taps; t++) {
            sum += entry[sources[t * image + p]];
          }
          y[dst + p] = sum;
        }
      }
    } else {
      float[] x = ((Storage.F32) columns).a;
      float[] y = ((Storage.F32) out).a;
      if (GATHER != null) {
        // Straight from the columns, the missing entries masked off (skipping one adds what +0
        // would: a sum that starts at +0 never becomes -0).
        for (int b = 0; b < n; b++) {
          GATHER.gatherSum(
              x, b * entries, maps.inPlace(), maps.valid(), taps, image, y, b * image);
        }
      } else {
        float[] entry = new float[entries + 1];
        for (int b = 0; b < n; b++) {
          System.arraycopy(x, b * entries, entry, 0, entries);
          int dst = b * image;
          for (int p = 0; p < image; p++) {
            float sum = 0;
            for (int t = 0; t < taps; t++) {
              sum += entry[sources[t * image + p]];
            }
            y[dst + p] = sum;
          }
        }
      }
    }
    return out;
  }

  /**
   * Returns, for each window of each of the {@code planes} images {@code [height, width]} in {@code
   * x}, the offset in {@code x} of its largest element: the first one in the window's row-major
   * order at ties, a NaN if there is one (as PyTorch's max pooling), padding never (a window
   * entirely on padding, which pooling's checks exclude, gets its first element). Result: {@code
   * [planes, outH * outW]}.
   *
   * @param x the input elements
   * @param planes the number of images
   * @param height the image height
   * @param width the image width
   * @param w the window: kernel size, stride, padding and dilation
   * @return the offset in {@code x} of each window's largest element, windows in row-major order
   *     per image
   */
  public static int[] windowArgmax(Storage x, int planes, int height, int width, Window w) {
    int[] map = maps(1, height, width, w, true).map();
    int kk = w.kernelSize();
    int positions = w.positions();
    int image = height * width;
    int[] best = new int[planes * positions];
    // One loop per dtype, comparing in the elements' own type: on JDK 17 a loop that widens each
    // float to double inside the comparison chain ran several times slower.
    if (x instanceof Storage.F64 in) {
      double[] a = in.a;
      for (int p = 0; p < planes; p++) {
        int base = p * image;
        for (int q = 0; q < positions; q++) {
          int row = q * kk;
          int at = -1;
          double max = 0;
          for (int k = 0; k < kk; k++) {
            int m = map[row + k];
            if (m == image) { // padding
              continue;
            }
            double v = a[base + m];
            if (at < 0 || v > max || v != v) { // v != v: NaN wins, as in PyTorch
              at = m;
              max = v;
              if (v != v) {
                break;
              }
            }
          }
          best[p * positions + q] = base + Math.max(at, 0);
        }
      }
    } else {
      float[] a = ((Storage.F32) x).a;
      for (int p = 0; p < planes; p++) {
        int base = p * image;
        for (int q = 0; q < positions; q++) {
          int row = q * kk;
          int at = -1;
          float max = 0;
          for (int k = 0; k < kk; k++) {
            int m = map[row + k];
            if (m == image) { // padding
              continue;
            }
            float v = a[base + m];
            if (at < 0 || v > max || v != v) {
              at = m;
              max = v;
              if (v != v) {
                break;
              }
            }
          }
          best[p * positions + q] = base + Math.max(at, 0);
        }
      }
    }
    return best;
  }

  /**
   * {@return whether {@code w} is the common pooling window that {@link #maxPool2x2} handles:
   * kernel 2x2, stride 2, no padding, no dilation}
   *
   * @param w the window
   */
  public static boolean isPlain2x2(Window w) {
    return w.kernelH() == 2 && w.kernelW() == 2 && w.strideH() == 2 && w.strideW() == 2
        && w.padTop() == 0 && w.padLeft() == 0 && w.dilationH() == 1 && w.dilationW() == 1;
  }

  /** The SIMD 2x2 pooling loops, or null when the JVM runs without the Vector API module. */
  static final FloatPool POOL =
      VectorModule.enabled()
          ? VectorModule.load("dev.jgrad.autograd.kernels.VectorFloatPool", FloatPool.class)
          : null;

  /**
   * {@return the 2x2, stride-2 max pooling of the {@code planes} images {@code [height, width]} of
   * {@code x}: {@code [planes, height / 2, width / 2]}, each output the first largest element of
   * its window in row-major order, a NaN if the window holds one (the element {@link
   * #windowArgmax} selects)} An odd last row or column is in no window.
   *
   * <p>Why a kernel of its own: the general loop walks a map of window offsets and branches on
   * each comparison, which mispredicts on about half the windows of ReLU outputs. Floats go through
   * {@link FloatPool} (SIMD, no branches) when the Vector API module is present.
   *
   * @param x the input elements, {@code [planes, height, width]}
   * @param planes the number of images
   * @param height the image height, at least 2
   * @param width the image width, at least 2
   */
  public static Storage maxPool2x2(Storage x, int planes, int height, int width) {
    int outH = height / 2;
    int outW = width / 2;
    int image = height * width;
    if (x instanceof Storage.F64 in) {
      double[] a = in.a;
      double[] y = new double[planes * outH * outW];
      int o = 0;
      for (int p = 0; p < planes; p++) {
        for (int oy = 0; oy < outH; oy++) {
          for (int ox = 0; ox < outW; ox++, o++) {
            int t = p * image + 2 * oy * width + 2 * ox;
            int c = corner(a, t, width);
            y[o] = a[t + (c >> 1) * width + (c & 1)];
          }
        }
      }
      return new Storage.F64(y);
    }
    float[] a = ((Storage.F32) x).a;
    float[] y = new float[planes * outH * outW];
    int done = POOL == null ? 0 : POOL.maxPool2x2(a, planes, height, width, y);
    int o = done * outH * outW;
    for (int p = done; p < planes; p++) {
      for (int oy = 0; oy < outH; oy++) {
        for (int ox = 0; ox < outW; ox++, o++) {
          int t = p * image + 2 * oy * width + 2 * ox;
          int c = corner(a, t, width);
          y[o] = a[t + (c >> 1) * width + (c & 1)];
        }
      }
    }
    return new Storage.F32(y);
  }

  /**
   * {@return the gradient of {@link #maxPool2x2} with respect to its input {@code x}: each {@code
   * upstream} element goes to the element its window picked (the first largest, the first NaN),
   * every other element gets 0} {@code upstream} must have {@code x}'s dtype.
   *
   * <p>Every element of the result is written once (no zeroed array to scatter into); floats go
   * through {@link FloatPool} when the Vector API module is present.
   *
   * @param x the input elements, {@code [planes, height, width]}
   * @param upstream the gradient with respect to the pooled output, {@code [planes, height / 2,
   *     width / 2]}
   * @param planes the number of images
   * @param height the image height, at least 2
   * @param width the image width, at least 2
   */
  public static Storage maxPool2x2Backward(
      Storage x, Storage upstream, int planes, int height, int width) {
    int outH = height / 2;
    int outW = width / 2;
    int image = height * width;
    if (x instanceof Storage.F64 in) {
      double[] a = in.a;
      double[] g = ((Storage.F64) upstream).a;
      double[] d = new double[planes * image];
      int o = 0;
      for (int p = 0; p < planes; p++) {
        for (int oy = 0; oy < outH; oy++) {
          for (int ox = 0; ox < outW; ox++, o++) {
            int t = p * image + 2 * oy * width + 2 * ox;
            d[t + pickOffset(corner(a, t, width), width)] = g[o];
          }
        }
      }
      return new Storage.F64(d);
    }
    float[] a = ((Storage.F32) x).a;
    float[] g = ((Storage.F32) upstream).a;
    float[] d = new float[planes * image];
    int done = POOL == null ? 0 : POOL.maxPool2x2Backward(a, g, planes, height, width, d);
    int o = done * outH * outW;
    for (int p = done; p < planes; p++) {
      for (int oy = 0; oy < outH; oy++) {
        for (int ox = 0; ox < outW; ox++, o++) {
          int t = p * image + 2 * oy * width + 2 * ox;
          d[t + pickOffset(corner(a, t, width), width)] = g[o];
        }
      }
    }
    return new Storage.F32(d);
  }

  private static int pickOffset(int corner, int width) {
    return (corner >> 1) * width + (corner & 1);
  }

  /**
   * Returns the corner (0 to 3, row-major) of the 2x2 window at {@code top} holding its first
   * largest element, or its first NaN.
   */
  private static int corner(double[] x, int top, int width) {
    int c = 0;
    double m = x[top];
    for (int k = 1; k < 4; k++) {
      double v = x[top + pickOffset(k, width)];
      if ((v > m || v != v) && m == m) { // v != v: NaN wins, as in PyTorch
        c = k;
        m = v;
      }
    }
    return c;
  }

  private static int corner(float[] x, int top, int width) {
    int c = 0;
    float m = x[top];
    for (int k = 1; k < 4; k++) {
      float v = x[top + pickOffset(k, width)];
      if ((v > m || v != v) && m == m) {
        c = k;
        m = v;
      }
    }
    return c;
  }

  /**
   * {@return {@code x[index[i]]} for each i, in {@code x}'s dtype}
   *
   * @param x the input elements
   * @param index the offsets to read
   */
  public static Storage gather(Storage x, int[] index) {
    Storage out = Storage.zeros(x.dtype(), index.length);
    if (x instanceof Storage.F64 in) {
      double[] y = ((Storage.F64) out).a;
      for (int i = 0; i < index.length; i++) {
        y[i] = in.a[index[i]];
      }
    } else {
      float[] a = ((Storage.F32) x).a;
      float[] y = ((Storage.F32) out).a;
      for (int i = 0; i < index.length; i++) {
        y[i] = a[index[i]];
      }
    }
    return out;
  }

  /**
   * {@return {@code size} zeros of {@code values}' dtype with {@code values[i]} added at {@code
   * index[i]}}
   *
   * @param values the values to add
   * @param index the offset at which each value is added
   * @param size the number of elements of the result
   */
  public static Storage scatterAdd(Storage values, int[] index, int size) {
    Storage out = Storage.zeros(values.dtype(), size);
    if (values instanceof Storage.F64 in) {
      double[] y = ((Storage.F64) out).a;
      for (int i = 0; i < index.length; i++) {
        y[index[i]] += in.a[i];
      }
    } else {
      float[] a = ((Storage.F32) values).a;
      float[] y = ((Storage.F32) out).a;
      for (int i = 0; i < index.length; i++) {
        y[index[i]] += a[i];
      }
    }
    return out;
  }
}
