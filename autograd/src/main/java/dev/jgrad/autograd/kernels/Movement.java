package dev.jgrad.autograd.kernels;

/**
 * Data movement on row-major storage of either dtype: permuting axes, copying slices, gathering
 * and scatter-adding along one dimension. Each method returns new storage of the input's dtype;
 * copies go through {@link System#arraycopy}, which serves both element types.
 */
public final class Movement {
  private Movement() {}

  /**
   * {@return {@code x} (shape {@code shape}) with its axes reordered: out axis i = in axis perm[i]}
   *
   * @param x the input elements
   * @param shape the shape of {@code x}
   * @param perm the input axis of each output axis
   */
  public static Storage permute(Storage x, int[] shape, int[] perm) {
    int rank = shape.length;
    int n = x.size();
    Storage out = Storage.zeros(x.dtype(), n);
    if (n == 0) {
      return out;
    }
    if (swapsLastTwo(perm) && shape[rank - 1] > 1 && shape[rank - 2] > 1) {
      int rows = shape[rank - 2];
      int cols = shape[rank - 1];
      transposeBatch(x.backing(), out.backing(), n / (rows * cols), rows, cols);
      return out;
    }
    int[] inStrides = new int[rank];
    int s = 1;
    for (int i = rank - 1; i >= 0; i--) {
      inStrides[i] = s;
      s *= shape[i];
    }
    int[] outShape = new int[rank];
    int[] readStrides = new int[rank];
    for (int i = 0; i < rank; i++) {
      outShape[i] = shape[perm[i]];
      readStrides[i] = inStrides[perm[i]];
    }
    // The innermost output axis is copied as a run: contiguous when its read stride is 1.
    int last = rank - 1;
    int inner = outShape[last];
    int innerStride = readStrides[last];
    Object src = x.backing();
    Object dst = out.backing();
    int[] index = new int[rank];
    int offset = 0;
    for (int o = 0; o < n; o += inner) {
      if (innerStride == 1) {
        System.arraycopy(src, offset, dst, o, inner);
      } else if (src instanceof double[] a) {
        double[] b = (double[]) dst;
        for (int k = 0, at = offset; k < inner; k++, at += innerStride) {
          b[o + k] = a[at];
        }
      } else {
        float[] a = (float[]) src;
        float[] b = (float[]) dst;
        for (int k = 0, at = offset; k < inner; k++, at += innerStride) {
          b[o + k] = a[at];
        }
      }
      for (int d = last - 1; d >= 0; d--) {
        index[d]++;
        offset += readStrides[d];
        if (index[d] < outShape[d]) {
          break;
        }
        offset -= readStrides[d] * outShape[d];
        index[d] = 0;
      }
    }
    return out;
  }

  /** Whether {@code perm} keeps every axis but the last two, which it swaps. */
  private static boolean swapsLastTwo(int[] perm) {
    int rank = perm.length;
    if (rank < 2 || perm[rank - 1] != rank - 2 || perm[rank - 2] != rank - 1) {
      return false;
    }
    for (int i = 0; i < rank - 2; i++) {
      if (perm[i] != i) {
        return false;
      }
    }
    return true;
  }

  /**
   * Writes the transpose of each of the {@code batch} matrices {@code [rows, cols]} of {@code src}
   * into {@code dst}: four input rows at a time, so that each output row gets four adjacent
   * elements per visit (the general permute loop writes one element per read of a whole column).
   */
  private static void transposeBatch(Object src, Object dst, int batch, int rows, int cols) {
    int size = rows * cols;
    int fours = rows - rows % 4;
    if (src instanceof double[] a) {
      double[] b = (double[]) dst;
      for (int m = 0; m < batch; m++) {
        int base = m * size;
        for (int i = 0; i < fours; i += 4) {
          int r = base + i * cols;
          for (int j = 0; j < cols; j++) {
            int o = base + j * rows + i;
            int at = r + j;
            b[o] = a[at];
            b[o + 1] = a[at + cols];
            b[o + 2] = a[at + 2 * cols];
            b[o + 3] = a[at + 3 * cols];
          }
        }
        for (int i = fours; i < rows; i++) {
          for (int j = 0; j < cols; j++) {
            b[base + j * rows + i] = a[base + i * cols + j];
          }
        }
      }
    } else {
      float[] a = (float[]) src;
      float[] b = (float[]) dst;
      for (int m = 0; m < batch; m++) {
        int base = m * size;
        for (int i = 0; i < fours; i += 4) {
          int r = base + i * cols;
          for (int j = 0; j < cols; j++) {
            int o = base + j * rows + i;
            int at = r + j;
            b[o] = a[at];
            b[o + 1] = a[at + cols];
            b[o + 2] = a[at + 2 * cols];
            b[o + 3] = a[at + 3 * cols];
          }
        }
        for (int i = fours; i < rows; i++) {
          for (int j = 0; j < cols; j++) {
            b[base + j * rows + i] = a[base + i * cols + j];
          }
        }
      }
    }
  }

  /**
   * {@return the slice {@code [start, start + length)} along the middle axis of {@code x} viewed
   * as {@code [outer, size, inner]}}
   *
   * @param x the input elements
   * @param outer the product of the sizes before the middle axis
   * @param size the size of the middle axis
   * @param inner the product of the sizes after the middle axis
   * @param start the first index of the slice
   * @param length the length of the slice
   */
  public static Storage narrow(Storage x, int outer, int size, int inner, int start, int length) {
    Storage out = Storage.zeros(x.dtype(), outer * length * inner);
    for (int o = 0; o < outer; o++) {
      System.arraycopy(
          x.backing(), (o * size + start) * inner, out.backing(), o * length * inner, length * inner);
    }
    return out;
  }

  /**
   * Copies {@code part} (viewed as {@code [outer, length, inner]}) into {@code out} (viewed as
   * {@code [outer, size, inner]}) at offset {@code start} of the middle axis, converting to
   * {@code out}'s dtype.
   *
   * @param part the elements to copy, {@code [outer, length, inner]}
   * @param out the destination, {@code [outer, size, inner]}, updated in place
   * @param outer the product of the sizes before the middle axis
   * @param size the size of the middle axis
   * @param inner the product of the sizes after the middle axis
   * @param start the offset along the middle axis
   * @param length the middle size of {@code part}
   */
  public static void place(
      Storage part, Storage out, int outer, int size, int inner, int start, int length) {
    Object src = part.to(out.dtype()).backing();
    for (int o = 0; o < outer; o++) {
      System.arraycopy(src, o * length * inner, out.backing(), (o * size + start) * inner, length * inner);
    }
  }

  /**
   * Adds {@code part} ({@code [outer, length, inner]}) into the slice {@code [start, start +
   * length)} of the middle axis of {@code out} ({@code [outer, size, inner]}), in place: {@code
   * out[o, start + i, j] += part[o, i, j]}. Both storages have the same dtype.
   *
   * @param part the elements to add
   * @param out the storage to add into
   * @param outer the product of the sizes before the middle axis
   * @param size the size of the middle axis of {@code out}
   * @param inner the product of the sizes after the middle axis
   * @param start the first index of the slice
   * @param length the length of the slice (the middle size of {@code part})
   */
  public static void addPlaced(
      Storage part, Storage out, int outer, int size, int inner, int start, int length) {
    int n = length * inner;
    if (out instanceof Storage.F64 o64) {
      double[] src = ((Storage.F64) part).a;
      double[] dst = o64.a;
      for (int o = 0; o < outer; o++) {
        int s = o * n;
        int d = (o * size + start) * inner;
        for (int e = 0; e < n; e++) {
          dst[d + e] += src[s + e];
        }
      }
    } else {
      float[] src = ((Storage.F32) part).a;
      float[] dst = ((Storage.F32) out).a;
      for (int o = 0; o < outer; o++) {
        int s = o * n;
        int d = (o * size + start) * inner;
        for (int e = 0; e < n; e++) {
          dst[d + e] += src[s + e];
        }
      }
    }
  }

  /**
   * {@return {@code out[o, i, j] = x[o, index[i], j]} for {@code x} viewed as {@code [outer, size,
   * inner]}}
   *
   * @param x the input elements
   * @param outer the product of the sizes before the middle axis
   * @param size the size of the middle axis
   * @param inner the product of the sizes after the middle axis
   * @param index the middle-axis indices to read, in order
   */
  public static Storage gather(Storage x, int outer, int size, int inner, int[] index) {
    Storage out = Storage.zeros(x.dtype(), outer * index.length * inner);
    if (out.size() == 0) {
      return out; // no copies of length 0, however many the dims would count
    }
    for (int o = 0; o < outer; o++) {
      for (int i = 0; i < index.length; i++) {
        System.arraycopy(
            x.backing(), (o * size + index[i]) * inner, out.backing(), (o * index.length + i) * inner,
            inner);
      }
    }
    return out;
  }

  /**
   * {@return zeros of {@code [outer, size, inner]} plus {@code src[o, i, j]} added at {@code [o,
   * index[i], j]}}
   *
   * @param src the values to add, {@code [outer, index.length, inner]}
   * @param outer the product of the sizes before the middle axis
   * @param size the size of the middle axis
   * @param inner the product of the sizes after the middle axis
   * @param index the middle-axis index at which each slice of {@code src} is added
   */
  public static Storage scatterAdd(Storage src, int outer, int size, int inner, int[] index) {
    Storage out = Storage.zeros(src.dtype(), outer * size * inner);
    if (src.size() == 0 || out.size() == 0) {
      return out; // nothing to add, however many the dims would count
    }
    if (src instanceof Storage.F64 d) {
      double[] from = d.a;
      double[] to = ((Storage.F64) out).a;
      for (int o = 0; o < outer; o++) {
        for (int i = 0; i < index.length; i++) {
          int f = (o * index.length + i) * inner;
          int t = (o * size + index[i]) * inner;
          for (int j = 0; j < inner; j++) {
            to[t + j] += from[f + j];
          }
        }
      }
      return out;
    }
    float[] from = ((Storage.F32) src).a;
    float[] to = ((Storage.F32) out).a;
    for (int o = 0; o < outer; o++) {
      for (int i = 0; i < index.length; i++) {
        int f = (o * index.length + i) * inner;
        int t = (o * size + index[i]) * inner;
        for (int j = 0; j < inner; j++) {
          to[t + j] += from[f + j];
        }
      }
    }
    return out;
  }
}
