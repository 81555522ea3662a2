package dev.jgrad.autograd;

import dev.jgrad.autograd.kernels.Storage;

/**
 * Writes a tensor's values as nested brackets, {@code [[1.0, 2.0], [3.0, 4.0]]}, without
 * recursion (a tensor may have any rank), eliding the middle of long dims.
 */
final class Printer {
  private Printer() {}

  /**
   * Appends the values of {@code storage} viewed with {@code shape}; when {@code elide}, each dim
   * longer than 6 shows its first and last three entries around {@code ...}.
   */
  static void appendValues(StringBuilder sb, Storage storage, int[] shape, boolean elide) {
    int rank = shape.length;
    if (rank == 0) {
      appendValue(sb, storage, 0);
      return;
    }
    int[][] visible = new int[rank][];
    for (int d = 0; d < rank; d++) {
      visible[d] = visibleIndices(shape[d], elide);
    }
    int[] strides = Shapes.strides(shape);
    int[] pos = new int[rank];
    int d = 0;
    sb.append('[');
    while (true) {
      if (pos[d] < visible[d].length) {
        if (pos[d] > 0) {
          sb.append(", ");
          if (visible[d][pos[d]] != visible[d][pos[d] - 1] + 1) {
            sb.append("..., ");
          }
        }
        if (d == rank - 1) {
          int offset = 0;
          for (int k = 0; k < rank; k++) {
            offset += visible[k][pos[k]] * strides[k];
          }
          appendValue(sb, storage, offset);
          pos[d]++;
        } else {
          sb.append('[');
          d++;
          pos[d] = 0;
        }
      } else {
        sb.append(']');
        if (d == 0) {
          return;
        }
        d--;
        pos[d]++;
      }
    }
  }

  private static int[] visibleIndices(int n, boolean elide) {
    if (elide && n > 6) {
      return new int[] {0, 1, 2, n - 3, n - 2, n - 1};
    }
    int[] all = new int[n];
    for (int i = 0; i < n; i++) {
      all[i] = i;
    }
    return all;
  }

  private static void appendValue(StringBuilder sb, Storage storage, int i) {
    double v = storage.get(i);
    if (storage.dtype() == DType.F32) {
      sb.append((float) v);
    } else {
      sb.append(v);
    }
  }
}
