package dev.jgrad.autograd;

import java.util.Arrays;

/**
 * Shape arithmetic shared by every op: element counts, row-major strides, NumPy broadcasting
 * and dimension normalization. All methods are pure and validate their arguments.
 */
public final class Shapes {
  private Shapes() {}

  /**
   * {@return the number of elements of a tensor of this shape (1 for the 0-d shape)}
   *
   * @param shape the size of each dimension
   */
  public static int numel(int[] shape) {
    return numel(null, shape);
  }

  /** The most elements a tensor may hold: the largest {@code double[]} the JVM can allocate. */
  public static final int MAX_ELEMENTS = Integer.MAX_VALUE - 8;

  private static int numel(String op, int[] shape) {
    return (int) product(op, shape, -1);
  }

  /**
   * {@return the row-major strides of a contiguous tensor of this shape}
   *
   * @param shape the size of each dimension
   */
  public static int[] strides(int[] shape) {
    int[] strides = new int[shape.length];
    int s = 1;
    for (int i = shape.length - 1; i >= 0; i--) {
      strides[i] = s;
      s *= shape[i];
    }
    return strides;
  }

  /**
   * Formats a shape as {@code [2, 3]}.
   *
   * @param shape the size of each dimension
   * @return the shape as text, such as {@code [2, 3]}
   */
  public static String format(int[] shape) {
    return Arrays.toString(shape);
  }

  /**
   * Checks that every size is non-negative and returns a defensive copy.
   *
   * @param op the name of the calling op, for the error message
   * @param shape the sizes to check
   * @return a copy of {@code shape}
   * @throws IllegalArgumentException naming {@code op} if a size is negative
   */
  public static int[] checkShape(String op, int... shape) {
    if (shape == null) {
      throw new IllegalArgumentException(op + ": shape must not be null");
    }
    for (int d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException(
            op + ": negative size " + d + " in shape " + format(shape));
      }
    }
    numel(op, shape);
    return shape.clone();
  }

  /**
   * {@return the broadcast shape of {@code a} and {@code b} under NumPy's rules: shapes are
   * aligned at the right; each pair of sizes must be equal or one of them 1}
   *
   * @param op the name of the calling op, for the error message
   * @param a the first shape
   * @param b the second shape
   * @throws IllegalArgumentException naming {@code op}, both shapes and the clashing dimension
   */
  public static int[] broadcast(String op, int[] a, int[] b) {
    if (Arrays.equals(a, b)) {
      return a;
    }
    int rank = Math.max(a.length, b.length);
    int[] out = new int[rank];
    for (int i = 1; i <= rank; i++) {
      int da = i <= a.length ? a[a.length - i] : 1;
      int db = i <= b.length ? b[b.length - i] : 1;
      if (da != db && da != 1 && db != 1) {
        throw new IllegalArgumentException(
            String.format(
                "%s: shapes %s and %s cannot broadcast (dim %d: %d vs %d)",
                op, format(a), format(b), -i, da, db));
      }
      out[rank - i] = da == 1 ? db : da;
    }
    numel(op, out); // [65536, 1] with [1, 65536] broadcasts to more elements than an array holds
    return out;
  }

  /**
   * {@return whether a tensor of shape {@code from} broadcasts to shape {@code to}}
   *
   * @param from the shape of the tensor
   * @param to the target shape
   */
  public static boolean broadcastsTo(int[] from, int[] to) {
    if (from.length > to.length) {
      return false;
    }
    for (int i = 1; i <= from.length; i++) {
      int f = from[from.length - i];
      if (f != 1 && f != to[to.length - i]) {
        return false;
      }
    }
    return true;
  }

  /**
   * Turns a possibly negative dimension into an index in {@code [0, rank)}.
   *
   * @param op the name of the calling op, for the error message
   * @param dim the dimension (negative counts from the end)
   * @param rank the number of dimensions
   * @return {@code dim}, or {@code dim + rank} when negative
   * @throws IllegalArgumentException naming {@code op} if the dim is out of range
   */
  public static int normalizeDim(String op, int dim, int rank) {
    int d = dim < 0 ? dim + rank : dim;
    if (rank == 0) {
      throw new IllegalArgumentException(
          String.format(
              "%s: dim %d does not exist: a tensor of rank 0 has no dims; reshape it to 1-d"
                  + " (reshape(1)) first",
              op, dim));
    }
    if (d < 0 || d >= rank) {
      throw new IllegalArgumentException(
          String.format(
              "%s: dim %d is out of range for a tensor of rank %d (expected %d..%d)",
              op, dim, rank, -rank, rank - 1));
    }
    return d;
  }

  /**
   * {@return the product of the sizes of {@code shape}, leaving out index {@code skip} (-1 for
   * none): the one overflow-checked shape product, so no size arithmetic wraps around}
   *
   * @param op the name of the calling op, for the error message
   * @param shape the size of each dimension
   * @param skip the index to leave out, or -1 for none
   * @throws IllegalArgumentException naming {@code op} if the product exceeds what an array holds
   */
  public static long product(String op, int[] shape, int skip) {
    long n = 1;
    for (int i = 0; i < shape.length; i++) {
      if (i != skip && shape[i] == 0) {
        return 0; // empty, however large the other sizes
      }
    }
    for (int i = 0; i < shape.length; i++) {
      if (i == skip) {
        continue;
      }
      n *= shape[i];
      if (n > MAX_ELEMENTS) {
        throw new IllegalArgumentException(
            (op == null ? "" : op + ": ") + "shape " + format(shape) + " has more than "
                + MAX_ELEMENTS + " elements (the largest Java array)");
      }
    }
    return n;
  }

  /**
   * {@return the product of {@code shape[from..to)}}
   *
   * @param shape the size of each dimension
   * @param from the first index, inclusive
   * @param to the last index, exclusive
   */
  public static int prod(int[] shape, int from, int to) {
    int n = 1;
    for (int i = from; i < to; i++) {
      n *= shape[i];
    }
    return n;
  }

  /**
   * {@return {@code shape} with dimension {@code dim} removed ({@code keepDim=false}) or set to 1}
   *
   * @param shape the size of each dimension
   * @param dim the dimension to reduce, in {@code [0, shape.length)}
   * @param keepDim whether the dimension stays, with size 1
   */
  public static int[] reduced(int[] shape, int dim, boolean keepDim) {
    if (keepDim) {
      int[] out = shape.clone();
      out[dim] = 1;
      return out;
    }
    int[] out = new int[shape.length - 1];
    for (int i = 0, j = 0; i < shape.length; i++) {
      if (i != dim) {
        out[j++] = shape[i];
      }
    }
    return out;
  }
}
