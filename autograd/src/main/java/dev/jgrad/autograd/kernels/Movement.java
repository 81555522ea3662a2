package dev.jgrad.autograd.kernels;

/**
 * Data movement on row-major storage: permuting axes, copying slices, gathering and
 * scatter-adding along one dimension. Each method returns a new array.
 */
public final class Movement {
  private Movement() {}

  /** Returns {@code x} (shape {@code shape}) with its axes reordered: out axis i = in axis perm[i]. */
  public static double[] permute(double[] x, int[] shape, int[] perm) {
    int rank = shape.length;
    double[] out = new double[x.length];
    if (x.length == 0) {
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
    int[] index = new int[rank];
    int offset = 0;
    for (int o = 0; o < out.length; o++) {
      out[o] = x[offset];
      for (int d = rank - 1; d >= 0; d--) {
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

  /**
   * Returns the slice {@code [start, start + length)} along the middle axis of {@code x} viewed
   * as {@code [outer, size, inner]}.
   */
  public static double[] narrow(double[] x, int outer, int size, int inner, int start, int length) {
    double[] out = new double[outer * length * inner];
    for (int o = 0; o < outer; o++) {
      System.arraycopy(x, (o * size + start) * inner, out, o * length * inner, length * inner);
    }
    return out;
  }

  /**
   * Copies {@code part} (viewed as {@code [outer, length, inner]}) into {@code out} (viewed as
   * {@code [outer, size, inner]}) at offset {@code start} of the middle axis.
   */
  public static void place(
      double[] part, double[] out, int outer, int size, int inner, int start, int length) {
    for (int o = 0; o < outer; o++) {
      System.arraycopy(part, o * length * inner, out, (o * size + start) * inner, length * inner);
    }
  }

  /** Returns {@code out[o, i, j] = x[o, index[i], j]} for {@code x} viewed as {@code [outer, size, inner]}. */
  public static double[] gather(double[] x, int outer, int size, int inner, int[] index) {
    double[] out = new double[outer * index.length * inner];
    for (int o = 0; o < outer; o++) {
      for (int i = 0; i < index.length; i++) {
        System.arraycopy(
            x, (o * size + index[i]) * inner, out, (o * index.length + i) * inner, inner);
      }
    }
    return out;
  }

  /** Returns zeros of {@code [outer, size, inner]} plus {@code src[o, i, j]} added at {@code [o, index[i], j]}. */
  public static double[] scatterAdd(double[] src, int outer, int size, int inner, int[] index) {
    double[] out = new double[outer * size * inner];
    for (int o = 0; o < outer; o++) {
      for (int i = 0; i < index.length; i++) {
        int from = (o * index.length + i) * inner;
        int to = (o * size + index[i]) * inner;
        for (int j = 0; j < inner; j++) {
          out[to + j] += src[from + j];
        }
      }
    }
    return out;
  }
}
