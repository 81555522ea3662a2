package dev.jgrad.autograd;

import dev.jgrad.autograd.kernels.Elementwise;
import dev.jgrad.autograd.kernels.Movement;
import java.util.ArrayList;
import java.util.List;

/** Movement primitives: they rearrange, copy or gather elements without arithmetic. */
final class ShapeOps {
  private ShapeOps() {}

  /** Same elements, new shape (shares storage); the gradient is reshaped back. */
  record Reshape(int[] inputShape) implements Op {
    static Tensor apply(Tensor x, int[] shape) {
      return Tensor.fromOp(new Reshape(x.shape), x.data, shape, x);
    }

    @Override
    public String name() {
      return "reshape";
    }

    @Override
    public Tensor[] backward(Tensor upstream, Tensor output, Tensor[] inputs) {
      return new Tensor[] {upstream.reshape(inputShape)};
    }
  }

  /** Output axis i is input axis {@code perm[i]}; the gradient is permuted back by the inverse. */
  record Permute(int[] perm) implements Op {
    static Tensor apply(Tensor x, int[] perm) {
      int[] shape = new int[perm.length];
      for (int i = 0; i < perm.length; i++) {
        shape[i] = x.shape[perm[i]];
      }
      return Tensor.fromOp(new Permute(perm), Movement.permute(x.data, x.shape, perm), shape, x);
    }

    @Override
    public String name() {
      return "permute";
    }

    @Override
    public Tensor[] backward(Tensor upstream, Tensor output, Tensor[] inputs) {
      int[] inverse = new int[perm.length];
      for (int i = 0; i < perm.length; i++) {
        inverse[perm[i]] = i;
      }
      return new Tensor[] {upstream.permute(inverse)};
    }
  }

  /** Broadcast copy to a larger shape; the gradient is summed back over the copies. */
  record Expand(int[] inputShape) implements Op {
    static Tensor apply(Tensor x, int[] shape) {
      return Tensor.fromOp(
          new Expand(x.shape), Elementwise.broadcastTo(x.data, x.shape, shape), shape, x);
    }

    @Override
    public String name() {
      return "expand";
    }

    @Override
    public Tensor[] backward(Tensor upstream, Tensor output, Tensor[] inputs) {
      return new Tensor[] {upstream.sumTo(inputShape)};
    }
  }

  /** The slice {@code [start, start + length)} along {@code dim}; the gradient is zero-padded back. */
  record Narrow(int dim, int start, int length) implements Op {
    static Tensor apply(Tensor x, int dim, int start, int length) {
      int[] s = x.shape;
      double[] out =
          Movement.narrow(
              x.data, Shapes.prod(s, 0, dim), s[dim], Shapes.prod(s, dim + 1, s.length), start, length);
      int[] shape = s.clone();
      shape[dim] = length;
      return Tensor.fromOp(new Narrow(dim, start, length), out, shape, x);
    }

    @Override
    public String name() {
      return "narrow";
    }

    @Override
    public Tensor[] backward(Tensor upstream, Tensor output, Tensor[] inputs) {
      int[] s = inputs[0].shape;
      List<Tensor> parts = new ArrayList<>(3);
      if (start > 0) {
        int[] before = s.clone();
        before[dim] = start;
        parts.add(Tensor.zeros(before));
      }
      parts.add(upstream);
      int after = s[dim] - start - length;
      if (after > 0) {
        int[] tail = s.clone();
        tail[dim] = after;
        parts.add(Tensor.zeros(tail));
      }
      return new Tensor[] {parts.size() == 1 ? upstream : Tensor.cat(parts, dim)};
    }
  }

  /** Joins tensors along {@code dim}; each input's gradient is its slice of the upstream. */
  record Cat(int dim) implements Op {
    static Tensor apply(Tensor[] parts, int dim) {
      int[] shape = parts[0].shape.clone();
      int total = 0;
      for (Tensor p : parts) {
        total += p.shape[dim];
      }
      shape[dim] = total;
      int outer = Shapes.prod(shape, 0, dim);
      int inner = Shapes.prod(shape, dim + 1, shape.length);
      double[] out = new double[Shapes.numel(shape)];
      int offset = 0;
      for (Tensor p : parts) {
        Movement.place(p.data, out, outer, total, inner, offset, p.shape[dim]);
        offset += p.shape[dim];
      }
      return Tensor.fromOp(new Cat(dim), out, shape, parts);
    }

    @Override
    public String name() {
      return "cat";
    }

    @Override
    public Tensor[] backward(Tensor upstream, Tensor output, Tensor[] inputs) {
      Tensor[] grads = new Tensor[inputs.length];
      int offset = 0;
      for (int i = 0; i < inputs.length; i++) {
        int size = inputs[i].shape[dim];
        grads[i] = upstream.narrow(dim, offset, size);
        offset += size;
      }
      return grads;
    }
  }

  /** Gathers the slices {@code index[i]} along {@code dim}; the gradient is scatter-added back. */
  record IndexSelect(int dim, int[] index) implements Op {
    static Tensor apply(Tensor x, int dim, int[] index) {
      int[] s = x.shape;
      double[] out =
          Movement.gather(
              x.data, Shapes.prod(s, 0, dim), s[dim], Shapes.prod(s, dim + 1, s.length), index);
      int[] shape = s.clone();
      shape[dim] = index.length;
      return Tensor.fromOp(new IndexSelect(dim, index), out, shape, x);
    }

    @Override
    public String name() {
      return "indexSelect";
    }

    @Override
    public Tensor[] backward(Tensor upstream, Tensor output, Tensor[] inputs) {
      return new Tensor[] {IndexAdd.apply(upstream, dim, index, inputs[0].shape[dim])};
    }
  }

  /**
   * Zeros of size {@code size} along {@code dim}, with slice i of the input added at
   * {@code index[i]} (the adjoint of {@link IndexSelect}); the gradient is gathered back.
   */
  record IndexAdd(int dim, int[] index, int size) implements Op {
    static Tensor apply(Tensor x, int dim, int[] index, int size) {
      int[] s = x.shape;
      double[] out =
          Movement.scatterAdd(
              x.data, Shapes.prod(s, 0, dim), size, Shapes.prod(s, dim + 1, s.length), index);
      int[] shape = s.clone();
      shape[dim] = size;
      return Tensor.fromOp(new IndexAdd(dim, index, size), out, shape, x);
    }

    @Override
    public String name() {
      return "indexAdd";
    }

    @Override
    public Tensor[] backward(Tensor upstream, Tensor output, Tensor[] inputs) {
      return new Tensor[] {upstream.indexSelect(dim, index)};
    }
  }
}
