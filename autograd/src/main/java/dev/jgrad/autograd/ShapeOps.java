package dev.jgrad.autograd;

import dev.jgrad.autograd.graph.Graph;
import dev.jgrad.autograd.kernels.Elementwise;
import dev.jgrad.autograd.kernels.Movement;
import dev.jgrad.autograd.kernels.Storage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Movement ops: they rearrange, copy or gather elements without arithmetic. The primitives, and
 * the entries that check their arguments (reshape with an inferred size, squeeze, stack...).
 */
public final class ShapeOps {
  private ShapeOps() {}

  /** Same elements, new shape (shares storage); the gradient is reshaped back. */
  public record Reshape(int[] shape) implements Op {
    @Override
    public Tensor forward(Tensor[] in) {
      return Tensor.wrap(in[0].storage(), shape);
    }

    @Override
    public Tensor[] backward(Tensor upstream, Tensor output, Tensor[] inputs) {
      return new Tensor[] {upstream.reshape(inputs[0].shapeArray())};
    }

    @Override
    public String name() {
      return "reshape";
    }

    @Override
    public String formula() {
      return moves("reshape");
    }

    @Override
    public ScalarForm scalarForm() {
      return ScalarForm.MOVEMENT;
    }
  }

  private static String moves(String op) {
    return "out = " + op + "(x): moves numbers;  the gradient moves back the same way (summed where copied)";
  }

  /** Output axis i is input axis {@code perm[i]}; the gradient is permuted back by the inverse. */
  public record Permute(int[] perm) implements Op {
    @Override
    public Tensor forward(Tensor[] in) {
      int[] xs = in[0].shapeArray();
      int[] shape = new int[perm.length];
      for (int i = 0; i < perm.length; i++) {
        shape[i] = xs[perm[i]];
      }
      return Tensor.wrap(Movement.permute(in[0].storage(), xs, perm), shape);
    }

    @Override
    public Tensor[] backward(Tensor upstream, Tensor output, Tensor[] inputs) {
      int[] inverse = new int[perm.length];
      for (int i = 0; i < perm.length; i++) {
        inverse[perm[i]] = i;
      }
      return new Tensor[] {upstream.permute(inverse)};
    }

    @Override
    public String name() {
      return "permute";
    }

    @Override
    public String formula() {
      return moves("permute");
    }

    @Override
    public ScalarForm scalarForm() {
      return ScalarForm.MOVEMENT;
    }
  }

  /** Broadcast copy to a larger shape; the gradient is summed back over the copies. */
  public record Expand(int[] shape) implements Op {
    @Override
    public Tensor forward(Tensor[] in) {
      return Tensor.wrap(Elementwise.broadcastTo(in[0].storage(), in[0].shapeArray(), shape), shape);
    }

    @Override
    public Tensor[] backward(Tensor upstream, Tensor output, Tensor[] inputs) {
      return new Tensor[] {upstream.sumTo(inputs[0].shapeArray())};
    }

    @Override
    public String name() {
      return "expand";
    }

    @Override
    public String formula() {
      return moves("expand");
    }

    @Override
    public ScalarForm scalarForm() {
      return ScalarForm.MOVEMENT;
    }
  }

  /** The slice {@code [start, start + length)} along {@code dim}; the gradient is zero-padded back. */
  public record Narrow(int dim, int start, int length) implements Op {
    @Override
    public Tensor forward(Tensor[] in) {
      int[] s = in[0].shapeArray();
      Storage out =
          Movement.narrow(
              in[0].storage(), Shapes.prod(s, 0, dim), s[dim], Shapes.prod(s, dim + 1, s.length),
              start, length);
      int[] shape = s.clone();
      shape[dim] = length;
      return Tensor.wrap(out, shape);
    }

    @Override
    public Tensor[] backward(Tensor upstream, Tensor output, Tensor[] inputs) {
      int[] s = inputs[0].shapeArray();
      List<Tensor> parts = new ArrayList<>(3);
      if (start > 0) {
        int[] before = s.clone();
        before[dim] = start;
        parts.add(Tensor.zeros(upstream.dtype(), before));
      }
      parts.add(upstream);
      int after = s[dim] - start - length;
      if (after > 0) {
        int[] tail = s.clone();
        tail[dim] = after;
        parts.add(Tensor.zeros(upstream.dtype(), tail));
      }
      return new Tensor[] {parts.size() == 1 ? upstream : Tensor.cat(parts, dim)};
    }

    @Override
    public String name() {
      return "narrow";
    }

    @Override
    public String formula() {
      return moves("narrow");
    }

    @Override
    public ScalarForm scalarForm() {
      return ScalarForm.MOVEMENT;
    }
  }

  /** Joins tensors along {@code dim}; each input's gradient is its slice of the upstream. */
  public record Cat(int dim) implements Op {
    @Override
    public Tensor forward(Tensor[] parts) {
      int[] shape = parts[0].shapeArray().clone();
      int total = 0;
      DType dtype = parts[0].dtype();
      for (Tensor p : parts) {
        total += p.shapeArray()[dim];
        dtype = DType.wider(dtype, p.dtype());
      }
      shape[dim] = total;
      int outer = Shapes.prod(shape, 0, dim);
      int inner = Shapes.prod(shape, dim + 1, shape.length);
      Storage out = Storage.zeros(dtype, Shapes.numel(shape));
      int offset = 0;
      for (Tensor p : parts) {
        int size = p.shapeArray()[dim];
        Movement.place(p.storage(), out, outer, total, inner, offset, size);
        offset += size;
      }
      return Tensor.wrap(out, shape);
    }

    @Override
    public Tensor[] backward(Tensor upstream, Tensor output, Tensor[] inputs) {
      Tensor[] grads = new Tensor[inputs.length];
      int offset = 0;
      for (int i = 0; i < inputs.length; i++) {
        int size = inputs[i].shapeArray()[dim];
        grads[i] = upstream.narrow(dim, offset, size);
        offset += size;
      }
      return grads;
    }

    @Override
    public String name() {
      return "cat";
    }

    @Override
    public String formula() {
      return moves("cat");
    }

    @Override
    public ScalarForm scalarForm() {
      return ScalarForm.MOVEMENT;
    }
  }

  /** Gathers the slices {@code index[i]} along {@code dim}; the gradient is scatter-added back. */
  public record IndexSelect(int dim, int[] index) implements Op {
    @Override
    public Tensor forward(Tensor[] in) {
      int[] s = in[0].shapeArray();
      Storage out =
          Movement.gather(
              in[0].storage(), Shapes.prod(s, 0, dim), s[dim], Shapes.prod(s, dim + 1, s.length), index);
      int[] shape = s.clone();
      shape[dim] = index.length;
      return Tensor.wrap(out, shape);
    }

    @Override
    public Tensor[] backward(Tensor upstream, Tensor output, Tensor[] inputs) {
      return new Tensor[] {
        Graph.record(new IndexAdd(dim, index, inputs[0].shapeArray()[dim]), upstream)
      };
    }

    @Override
    public String name() {
      return "indexSelect";
    }

    @Override
    public String formula() {
      return moves("indexSelect");
    }

    @Override
    public ScalarForm scalarForm() {
      return ScalarForm.MOVEMENT;
    }
  }

  /**
   * Zeros of size {@code size} along {@code dim}, with slice i of the input added at
   * {@code index[i]} (the adjoint of {@link IndexSelect}); the gradient is gathered back.
   */
  public record IndexAdd(int dim, int[] index, int size) implements Op {
    @Override
    public Tensor forward(Tensor[] in) {
      int[] s = in[0].shapeArray();
      Storage out =
          Movement.scatterAdd(
              in[0].storage(), Shapes.prod(s, 0, dim), size, Shapes.prod(s, dim + 1, s.length), index);
      int[] shape = s.clone();
      shape[dim] = size;
      return Tensor.wrap(out, shape);
    }

    @Override
    public Tensor[] backward(Tensor upstream, Tensor output, Tensor[] inputs) {
      return new Tensor[] {upstream.indexSelect(dim, index)};
    }

    @Override
    public String name() {
      return "indexAdd";
    }

    @Override
    public String formula() {
      return "out = zeros with slices of x added at index;  the gradient is gathered back";
    }

    @Override
    public ScalarForm scalarForm() {
      return ScalarForm.SUM;
    }
  }

  // ---------------------------------------------------------------- the public face's entries

  static Tensor reshape(Tensor x, int[] newShape) {
    if (newShape == null) {
      throw new IllegalArgumentException("reshape: the shape must not be null");
    }
    int n = x.numel();
    int[] s = newShape.clone();
    int infer = -1;
    for (int i = 0; i < s.length; i++) {
      if (s[i] == -1) {
        if (infer >= 0) {
          throw new IllegalArgumentException(
              "reshape: only one size may be -1, but got " + Arrays.toString(newShape));
        }
        infer = i;
      } else if (s[i] < 0) {
        throw new IllegalArgumentException("reshape: negative size in " + Arrays.toString(newShape));
      }
    }
    long known = Shapes.product("reshape", s, infer);
    if (infer >= 0) {
      if (known == 0 || n % known != 0) {
        throw new IllegalArgumentException(
            String.format(
                "reshape: cannot reshape %s (%d elements) to %s",
                x.shapeString(), n, Arrays.toString(newShape)));
      }
      s[infer] = (int) (n / known);
      known = n;
    }
    if (known != n) {
      throw new IllegalArgumentException(
          String.format(
              "reshape: cannot reshape %s (%d elements) to %s (%d elements)",
              x.shapeString(), n, Arrays.toString(newShape), known));
    }
    if (Arrays.equals(s, x.shapeArray())) {
      return x;
    }
    return Graph.record(new Reshape(s), x);
  }

  /** Returns zeros of size {@code size} along {@code dim} with slice i of {@code x} added at {@code index[i]}. */
  static Tensor indexAdd(Tensor x, int dim, int[] index, int size) {
    return Graph.record(new IndexAdd(dim, index, size), x);
  }

  static Tensor squeeze(Tensor x, int dim) {
    int d = Shapes.normalizeDim("squeeze", dim, x.dim());
    if (x.shapeArray()[d] != 1) {
      return x;
    }
    return Graph.record(new Reshape(Shapes.reduced(x.shapeArray(), d, false)), x);
  }

  static Tensor unsqueeze(Tensor x, int dim) {
    int[] shape = x.shapeArray();
    int d = Shapes.normalizeDim("unsqueeze", dim, shape.length + 1);
    int[] s = new int[shape.length + 1];
    for (int i = 0, j = 0; i < s.length; i++) {
      s[i] = i == d ? 1 : shape[j++];
    }
    return Graph.record(new Reshape(s), x);
  }

  static Tensor expand(Tensor x, int[] newShape) {
    if (newShape == null) {
      throw new IllegalArgumentException("expand: the shape must not be null");
    }
    int[] shape = x.shapeArray();
    int[] s = newShape.clone();
    int lead = s.length - shape.length;
    for (int i = 0; i < s.length; i++) {
      if (s[i] == -1) {
        if (i < lead) {
          throw new IllegalArgumentException(
              "expand: -1 is not allowed for a new leading dim in " + Arrays.toString(newShape));
        }
        s[i] = shape[i - lead];
      }
    }
    Shapes.checkShape("expand", s);
    if (!Shapes.broadcastsTo(shape, s)) {
      throw new IllegalArgumentException(
          String.format(
              "expand: shape %s cannot be expanded to %s",
              Shapes.format(shape), Arrays.toString(newShape)));
    }
    if (Arrays.equals(s, shape)) {
      return x;
    }
    return Graph.record(new Expand(s), x);
  }

  static Tensor permute(Tensor x, int[] dims) {
    if (dims == null) {
      throw new IllegalArgumentException("permute: dims must not be null");
    }
    int rank = x.dim();
    if (dims.length != rank) {
      throw new IllegalArgumentException(
          String.format(
              "permute: %s has %d dims, but shape %s has %d",
              Arrays.toString(dims), dims.length, x.shapeString(), rank));
    }
    int[] perm = new int[dims.length];
    boolean[] seen = new boolean[dims.length];
    boolean identity = true;
    for (int i = 0; i < dims.length; i++) {
      perm[i] = Shapes.normalizeDim("permute", dims[i], rank);
      if (seen[perm[i]]) {
        throw new IllegalArgumentException(
            "permute: " + Arrays.toString(dims) + " repeats dim " + dims[i]);
      }
      seen[perm[i]] = true;
      identity &= perm[i] == i;
    }
    return identity ? x : Graph.record(new Permute(perm), x);
  }

  static Tensor narrow(Tensor x, int dim, int start, int length) {
    int d = Shapes.normalizeDim("narrow", dim, x.dim());
    int size = x.shapeArray()[d];
    if (start < 0 || length < 0 || (long) start + length > size) {
      throw new IllegalArgumentException(
          String.format(
              "narrow: start %d and length %d do not fit dim %d of size %d (shape %s)",
              start, length, dim, size, x.shapeString()));
    }
    if (start == 0 && length == size) {
      return x;
    }
    return Graph.record(new Narrow(d, start, length), x);
  }

  static Tensor indexSelect(Tensor x, int dim, int[] index) {
    int d = Shapes.normalizeDim("indexSelect", dim, x.dim());
    if (index == null) {
      throw new IllegalArgumentException("indexSelect: index must not be null");
    }
    int size = x.shapeArray()[d];
    for (int i = 0; i < index.length; i++) {
      if (index[i] < 0 || index[i] >= size) {
        throw new IllegalArgumentException(
            String.format(
                "indexSelect: index[%d] = %d is out of range for dim %d of size %d (shape %s)",
                i, index[i], dim, size, x.shapeString()));
      }
    }
    int[] outShape = x.shapeArray().clone();
    outShape[d] = index.length;
    Shapes.checkShape("indexSelect", outShape); // 65536 picks of a [1, 65536] row would not fit
    return Graph.record(new IndexSelect(d, index.clone()), x);
  }

  static Tensor cat(List<Tensor> tensors, int dim) {
    if (tensors == null || tensors.isEmpty()) {
      throw new IllegalArgumentException("cat: needs at least one tensor");
    }
    Tensor[] parts = tensors.toArray(new Tensor[0]);
    for (Tensor part : parts) {
      BinaryOps.checkOperand("cat", part);
    }
    int[] first = parts[0].shapeArray();
    if (first.length == 0) {
      throw new IllegalArgumentException("cat: 0-d tensors cannot be joined; use stack");
    }
    int d = Shapes.normalizeDim("cat", dim, first.length);
    long total = 0;
    for (int i = 0; i < parts.length; i++) {
      int[] s = parts[i].shapeArray();
      boolean ok = s.length == first.length;
      for (int k = 0; ok && k < s.length; k++) {
        ok = k == d || s[k] == first[k];
      }
      if (!ok) {
        throw new IllegalArgumentException(
            String.format(
                "cat: tensor %d has shape %s, which does not match %s outside dim %d",
                i, Shapes.format(s), Shapes.format(first), dim));
      }
      total += s[d];
    }
    if (total > Shapes.MAX_ELEMENTS) {
      throw new IllegalArgumentException(
          String.format(
              "cat: the joined dim %d would have size %d, more than an int holds", dim, total));
    }
    int[] joined = first.clone();
    joined[d] = (int) total;
    Shapes.checkShape("cat", joined);
    if (parts.length == 1) {
      return parts[0];
    }
    return Graph.record(new Cat(d), parts);
  }

  static Tensor stack(List<Tensor> tensors, int dim) {
    if (tensors == null || tensors.isEmpty()) {
      throw new IllegalArgumentException("stack: needs at least one tensor");
    }
    int[] first = BinaryOps.checkOperand("stack", tensors.get(0)).shapeArray();
    int d = Shapes.normalizeDim("stack", dim, first.length + 1);
    List<Tensor> parts = new ArrayList<>(tensors.size());
    for (int i = 0; i < tensors.size(); i++) {
      Tensor t = BinaryOps.checkOperand("stack", tensors.get(i));
      if (!Arrays.equals(t.shapeArray(), first)) {
        throw new IllegalArgumentException(
            String.format(
                "stack: tensor %d has shape %s, but tensor 0 has %s",
                i, t.shapeString(), Shapes.format(first)));
      }
      parts.add(t.unsqueeze(d));
    }
    return parts.size() == 1 ? parts.get(0) : Graph.record(new Cat(d), parts.toArray(new Tensor[0]));
  }
}
