package dev.jgrad.autograd.kernels;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Loops of the index ops on row-major storage of either dtype: the element offsets an index
 * tensor addresses along one dim (for gather and scatter-add), the running sum along a dim, and
 * the sorting permutation of each lane along a dim. Index arrays are plain {@code int[]}; the
 * callers have checked them.
 */
public final class Indexing {
  private Indexing() {}

  /**
   * Returns, for every position p of an index tensor of shape {@code indexShape} (row-major),
   * the flat offset into a tensor of shape {@code shape} of the element whose coordinates are
   * p's, with the coordinate along {@code dim} replaced by {@code index[p]}.
   *
   * @param shape the shape of the indexed tensor
   * @param dim the dimension the index addresses, in {@code [0, shape.length)}
   * @param index the index elements, row-major
   * @param indexShape the shape of the index
   * @return the flat offset of the element each index position addresses
   */
  public static int[] offsets(int[] shape, int dim, int[] index, int[] indexShape) {
    int rank = shape.length;
    int[] strides = new int[rank];
    for (int i = rank - 1, s = 1; i >= 0; i--) {
      strides[i] = s;
      s *= shape[i];
    }
    int n = index.length;
    int[] out = new int[n];
    int[] coord = new int[rank];
    int base = 0; // sum over d != dim of coord[d] * strides[d]
    for (int p = 0; p < n; p++) {
      out[p] = base + index[p] * strides[dim];
      for (int d = rank - 1; d >= 0; d--) {
        coord[d]++;
        if (d != dim) {
          base += strides[d];
        }
        if (coord[d] < indexShape[d]) {
          break;
        }
        if (d != dim) {
          base -= strides[d] * indexShape[d];
        }
        coord[d] = 0;
      }
    }
    return out;
  }

  /**
   * {@return the running sum along the middle axis of {@code x} viewed as {@code [outer, size,
   * inner]}: {@code out[o, i, j] = sum_{k <= i} x[o, k, j]}; float sums are accumulated in double
   * and rounded}
   *
   * @param x the input elements
   * @param outer the product of the sizes before the middle axis
   * @param size the size of the middle axis
   * @param inner the product of the sizes after the middle axis
   */
  public static Storage cumsum(Storage x, int outer, int size, int inner) {
    int n = x.size();
    if (n == 0) {
      return Storage.zeros(x.dtype(), 0); // no loop over the dims of a huge empty tensor
    }
    double[] sums = new double[inner];
    if (x instanceof Storage.F64 d) {
      double[] out = new double[n];
      for (int o = 0; o < outer; o++) {
        Arrays.fill(sums, 0);
        for (int i = 0; i < size; i++) {
          int at = (o * size + i) * inner;
          for (int j = 0; j < inner; j++) {
            sums[j] += d.a[at + j];
            out[at + j] = sums[j];
          }
        }
      }
      return Storage.of(out);
    }
    float[] a = ((Storage.F32) x).a;
    float[] out = new float[n];
    for (int o = 0; o < outer; o++) {
      Arrays.fill(sums, 0);
      for (int i = 0; i < size; i++) {
        int at = (o * size + i) * inner;
        for (int j = 0; j < inner; j++) {
          sums[j] += a[at + j];
          out[at + j] = (float) sums[j];
        }
      }
    }
    return Storage.of(out);
  }

  /**
   * {@return the positions along the middle axis of {@code x} (viewed as {@code [outer, size,
   * inner]}) of the first {@code k} elements of each lane in sorted order, shape {@code [outer, k,
   * inner]} row-major} The sort is stable; NaN sorts above every number (as in PyTorch) and
   * {@code -0.0} equals {@code 0.0}.
   *
   * @param x the input elements
   * @param outer the product of the sizes before the middle axis
   * @param size the size of the middle axis
   * @param inner the product of the sizes after the middle axis
   * @param k the number of positions per lane
   * @param descending whether the largest element comes first
   */
  public static int[] sortedPositions(
      Storage x, int outer, int size, int inner, int k, boolean descending) {
    int[] out = new int[outer * k * inner];
    if (x.size() == 0) {
      return out; // no lane to sort, however many the dims would count
    }
    Integer[] order = new Integer[size];
    double[] lane = new double[size];
    Comparator<Integer> ascending = (p, q) -> Double.compare(lane[p] + 0.0, lane[q] + 0.0);
    Comparator<Integer> comparator = descending ? ascending.reversed() : ascending;
    for (int o = 0; o < outer; o++) {
      for (int j = 0; j < inner; j++) {
        for (int i = 0; i < size; i++) {
          lane[i] = x.get((o * size + i) * inner + j);
          order[i] = i;
        }
        Arrays.sort(order, comparator); // stable (merge sort on objects)
        for (int i = 0; i < k; i++) {
          out[(o * k + i) * inner + j] = order[i];
        }
      }
    }
    return out;
  }
}
