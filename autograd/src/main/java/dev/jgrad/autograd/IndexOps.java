package dev.jgrad.autograd;

import dev.jgrad.autograd.graph.Graph;
import dev.jgrad.autograd.kernels.Indexing;
import dev.jgrad.autograd.kernels.Storage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Index ops: picking, scattering, running sums, masks, triangles, splitting, tiling and sorting.
 * One is a primitive, {@link Cumsum}: a running sum written with the other primitives would cost
 * a triangular matrix product, quadratic in the length. The rest are composites and get their
 * gradients, both dtypes and second derivatives from the primitives they are built of: {@code
 * gather} is {@code indexSelect} of the flattened tensor at the element offsets the index
 * addresses, and {@code scatterAdd} is its adjoint {@code indexAdd} (each element is read or
 * added once, so a primitive of their own would save nothing); {@code maskedFill}, {@code
 * tril}/{@code triu} are {@code where}; {@code split}/{@code chunk} are {@code narrow}; {@code
 * repeat} is reshape, expand, reshape; {@code sort}/{@code topk} compute the permutation without
 * a graph and gather the values, so the gradient flows to the values and the indices are
 * constants.
 *
 * <p>Index tensors hold whole numbers in either dtype (jgrad has no integer dtype); they are
 * checked for being whole and in range, and returned indices are F64.
 */
public final class IndexOps {
  private IndexOps() {}

  /**
   * {@code out_i = sum_{k <= i} x_k} along {@code dim}; {@code dx_k = sum_{i >= k} upstream_i},
   * the running sum from the end, written as {@code sum(u) - cumsum(u) + u} so it is itself
   * differentiable.
   */
  public record Cumsum(int dim) implements Op {
    @Override
    public Tensor forward(Tensor[] in) {
      int[] s = in[0].shapeArray();
      Storage out =
          Indexing.cumsum(
              in[0].storage(), Shapes.prod(s, 0, dim), s[dim], Shapes.prod(s, dim + 1, s.length));
      return Tensor.wrap(out, s.clone());
    }

    @Override
    public Tensor[] backward(Tensor upstream, Tensor output, Tensor[] inputs) {
      Tensor u = upstream;
      return new Tensor[] {u.sum(dim, true).sub(u.cumsum(dim)).add(u)};
    }

    @Override
    public String name() {
      return "cumsum";
    }

    @Override
    public String formula() {
      return "out_i = sum_{k <= i} x_k;  dout_i/dx_k = 1 for k <= i, else 0";
    }

    @Override
    public ScalarForm scalarForm() {
      return ScalarForm.SUM;
    }
  }

  // ---------------------------------------------------------------- the public face's entries

  /** Returns the whole numbers of {@code index} as ints, or throws naming {@code op}. */
  static int[] wholeNumbers(String op, Tensor index) {
    if (index == null) {
      throw new IllegalArgumentException(op + ": the index must not be null");
    }
    Storage s = index.storage();
    int[] out = new int[s.size()];
    for (int i = 0; i < out.length; i++) {
      double v = s.get(i);
      if (v != Math.rint(v) || Math.abs(v) > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(
            String.format(
                "%s: the index must hold whole numbers, but element %d is %s (index shape %s, %s)",
                op, i, v, index.shapeString(), index.dtype()));
      }
      out[i] = (int) v;
    }
    return out;
  }

  static Tensor gather(Tensor x, int dim, Tensor index) {
    checkSameRank("gather", x, index);
    return gather(x, dim, wholeNumbers("gather", index), index.shapeArray());
  }

  static Tensor gather(Tensor x, int dim, int[] index, int[] indexShape) {
    int d = checkIndex("gather", x.shapeArray(), dim, index, indexShape, "input");
    int[] offsets = Indexing.offsets(x.shapeArray(), d, index, indexShape);
    return x.reshape(-1).indexSelect(0, offsets).reshape(indexShape);
  }

  static Tensor scatterAdd(Tensor x, int dim, Tensor index, Tensor src) {
    checkSameRank("scatterAdd", x, index);
    return scatterAdd(x, dim, wholeNumbers("scatterAdd", index), index.shapeArray(), src);
  }

  static Tensor scatterAdd(Tensor x, int dim, int[] index, int[] indexShape, Tensor src) {
    if (src == null) {
      throw new IllegalArgumentException("scatterAdd: src must not be null");
    }
    if (src.dtype() != x.dtype()) {
      throw new IllegalArgumentException(
          String.format(
              "scatterAdd: self is %s but src is %s; convert one with to(DType) first",
              x.dtype(), src.dtype()));
    }
    int d = checkIndex("scatterAdd", x.shapeArray(), dim, index, indexShape, "self");
    int[] s = src.shapeArray();
    boolean fits = s.length == indexShape.length;
    for (int i = 0; fits && i < s.length; i++) {
      fits = indexShape[i] <= s[i];
    }
    if (!fits) {
      throw new IllegalArgumentException(
          String.format(
              "scatterAdd: the index %s must not be larger than src %s in any dim",
              Shapes.format(indexShape), src.shapeString()));
    }
    Tensor used = src;
    for (int i = 0; i < s.length; i++) {
      used = used.narrow(i, 0, indexShape[i]); // PyTorch reads only the index's part of src
    }
    int[] offsets = Indexing.offsets(x.shapeArray(), d, index, indexShape);
    Tensor scattered = ShapeOps.indexAdd(used.reshape(-1), 0, offsets, x.numel());
    return x.add(scattered.reshape(x.shapeArray()));
  }

  private static void checkSameRank(String op, Tensor x, Tensor index) {
    if (index == null) {
      throw new IllegalArgumentException(op + ": the index must not be null");
    }
    if (index.dim() != x.dim()) {
      throw new IllegalArgumentException(
          String.format(
              "%s: the index %s must have the rank of the input %s (%d), but has %d",
              op, index.shapeString(), x.shapeString(), x.dim(), index.dim()));
    }
  }

  /** Checks dim, the index's shape against the tensor's and every index value; returns the dim. */
  private static int checkIndex(
      String op, int[] shape, int dim, int[] index, int[] indexShape, String what) {
    if (index == null || indexShape == null) {
      throw new IllegalArgumentException(op + ": the index and its shape must not be null");
    }
    int d = Shapes.normalizeDim(op, dim, shape.length);
    Shapes.checkShape(op, indexShape); // a negative size would wrap in the offsets below
    if (indexShape.length != shape.length || Shapes.numel(indexShape) != index.length) {
      throw new IllegalArgumentException(
          String.format(
              "%s: an index of shape %s with %d values does not fit %s %s (same rank needed)",
              op, Shapes.format(indexShape), index.length, what, Shapes.format(shape)));
    }
    for (int i = 0; i < shape.length; i++) {
      if (i != d && indexShape[i] > shape[i]) {
        throw new IllegalArgumentException(
            String.format(
                "%s: the index %s is larger than %s %s in dim %d (only dim %d may differ)",
                op, Shapes.format(indexShape), what, Shapes.format(shape), i, d));
      }
    }
    for (int p = 0; p < index.length; p++) {
      if (index[p] < 0 || index[p] >= shape[d]) {
        throw new IllegalArgumentException(
            String.format(
                "%s: index value %d (at flat position %d) is out of range for dim %d of size %d"
                    + " (%s %s)",
                op, index[p], p, d, shape[d], what, Shapes.format(shape)));
      }
    }
    return d;
  }

  static Tensor cumsum(Tensor x, int dim) {
    if (x.dim() == 0) {
      return x.reshape(1).cumsum(0).reshape();
    }
    int d = Shapes.normalizeDim("cumsum", dim, x.dim());
    return Graph.record(new Cumsum(d), x);
  }

  static Tensor maskedFill(Tensor x, Tensor mask, double value) {
    if (mask == null) {
      throw new IllegalArgumentException("maskedFill: the mask must not be null");
    }
    if (!Shapes.broadcastsTo(mask.shapeArray(), x.shapeArray())) {
      throw new IllegalArgumentException(
          String.format(
              "maskedFill: the mask %s does not broadcast to the input %s",
              mask.shapeString(), x.shapeString()));
    }
    return Tensor.where(mask, x.scalarLike(value), x);
  }

  static Tensor triangle(String op, Tensor x, int diagonal, boolean lower) {
    int rank = x.dim();
    if (rank < 2) {
      throw new IllegalArgumentException(
          String.format("%s: needs a tensor of rank 2 or more, got shape %s", op, x.shapeString()));
    }
    int rows = x.shapeArray()[rank - 2];
    int cols = x.shapeArray()[rank - 1];
    double[] keep = new double[rows * cols];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        boolean inside = lower ? j - i <= diagonal : j - i >= diagonal;
        keep[i * cols + j] = inside ? 1 : 0;
      }
    }
    return Tensor.where(Tensor.of(keep, rows, cols), x, x.scalarLike(0));
  }

  static List<Tensor> split(Tensor x, int[] sizes, int dim) {
    if (sizes == null) {
      throw new IllegalArgumentException("split: the sizes must not be null");
    }
    int d = Shapes.normalizeDim("split", dim, x.dim());
    long total = 0;
    for (int size : sizes) {
      if (size < 0) {
        throw new IllegalArgumentException(
            "split: sizes must not be negative, got " + Arrays.toString(sizes));
      }
      total += size;
    }
    if (total != x.shapeArray()[d]) {
      throw new IllegalArgumentException(
          String.format(
              "split: sizes %s add up to %d, but dim %d of %s has size %d",
              Arrays.toString(sizes), total, dim, x.shapeString(), x.shapeArray()[d]));
    }
    List<Tensor> parts = new ArrayList<>(sizes.length);
    int start = 0;
    for (int size : sizes) {
      parts.add(x.narrow(d, start, size));
      start += size;
    }
    return parts;
  }

  static List<Tensor> split(Tensor x, int splitSize, int dim) {
    int d = Shapes.normalizeDim("split", dim, x.dim());
    if (splitSize <= 0) {
      throw new IllegalArgumentException("split: the split size must be positive, got " + splitSize);
    }
    int size = x.shapeArray()[d];
    int count = Math.max(1, (size + splitSize - 1) / splitSize);
    int[] sizes = new int[count];
    for (int i = 0; i < count; i++) {
      sizes[i] = Math.min(splitSize, size - i * splitSize);
    }
    return split(x, sizes, d);
  }

  static List<Tensor> chunk(Tensor x, int chunks, int dim) {
    int d = Shapes.normalizeDim("chunk", dim, x.dim());
    if (chunks <= 0) {
      throw new IllegalArgumentException("chunk: the number of chunks must be positive, got " + chunks);
    }
    int size = x.shapeArray()[d];
    return split(x, Math.max(1, (size + chunks - 1) / chunks), d);
  }

  static Tensor repeat(Tensor x, int[] repeats) {
    if (repeats == null || repeats.length < x.dim()) {
      throw new IllegalArgumentException(
          String.format(
              "repeat: needs at least one count per dim of %s, got %s",
              x.shapeString(), Arrays.toString(repeats)));
    }
    int rank = repeats.length;
    int[] padded = new int[rank];
    int lead = rank - x.dim();
    for (int i = 0; i < rank; i++) {
      if (repeats[i] < 0) {
        throw new IllegalArgumentException(
            "repeat: counts must not be negative, got " + Arrays.toString(repeats));
      }
      padded[i] = i < lead ? 1 : x.shapeArray()[i - lead];
    }
    int[] interleaved = new int[2 * rank];
    int[] expanded = new int[2 * rank];
    int[] result = new int[rank];
    for (int i = 0; i < rank; i++) {
      interleaved[2 * i] = 1;
      interleaved[2 * i + 1] = padded[i];
      expanded[2 * i] = repeats[i];
      expanded[2 * i + 1] = padded[i];
      result[i] = repeats[i] * padded[i];
    }
    Shapes.checkShape("repeat", result);
    return x.reshape(interleaved).expand(expanded).reshape(result);
  }

  static ValuesAndIndices sort(Tensor x, int dim, boolean descending) {
    if (x.dim() == 0) {
      return new ValuesAndIndices(x, Tensor.scalar(0));
    }
    int d = Shapes.normalizeDim("sort", dim, x.dim());
    return topk("sort", x, x.shapeArray()[d], d, descending);
  }

  static ValuesAndIndices topk(Tensor x, int k, int dim, boolean largest) {
    Tensor t = x.dim() == 0 ? x.reshape(1) : x;
    int d = Shapes.normalizeDim("topk", dim, t.dim());
    int size = t.shapeArray()[d];
    if (k < 0 || k > size) {
      throw new IllegalArgumentException(
          String.format(
              "topk: k = %d is out of range for dim %d of size %d (shape %s)",
              k, dim, size, x.shapeString()));
    }
    if (x.dim() == 0 && k != 1) { // the result of a 0-d tensor is 0-d: exactly one element
      throw new IllegalArgumentException(
          "topk: k = " + k + " does not fit a 0-d tensor, whose result is 0-d too; k must be 1");
    }
    ValuesAndIndices r = topk("topk", t, k, d, largest);
    return x.dim() == 0 ? new ValuesAndIndices(r.values().reshape(), r.indices().reshape()) : r;
  }

  private static ValuesAndIndices topk(String op, Tensor x, int k, int d, boolean descending) {
    int[] s = x.shapeArray();
    int[] positions =
        Indexing.sortedPositions(
            x.storage(), Shapes.prod(s, 0, d), s[d], Shapes.prod(s, d + 1, s.length), k, descending);
    int[] shape = s.clone();
    shape[d] = k;
    double[] asDoubles = new double[positions.length];
    for (int i = 0; i < positions.length; i++) {
      asDoubles[i] = positions[i];
    }
    Tensor indices = Tensor.wrap(Storage.of(asDoubles), shape);
    Tensor values = gather(x, d, positions, shape);
    return new ValuesAndIndices(values, indices);
  }
}
