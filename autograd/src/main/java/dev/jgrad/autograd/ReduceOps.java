package dev.jgrad.autograd;

import dev.jgrad.autograd.kernels.Reductions;

/** Reductions: sum and max, over all elements or one dimension. */
final class ReduceOps {
  private ReduceOps() {}

  /** {@code out = sum_i x_i} (a 0-d tensor); {@code dout/dx_i = 1}. */
  record SumAll() implements Op {
    static final SumAll OP = new SumAll();

    static Tensor apply(Tensor x) {
      return Tensor.fromOp(OP, new double[] {Reductions.sumAll(x.data)}, new int[0], x);
    }

    @Override
    public String name() {
      return "sum";
    }

    @Override
    public Tensor[] backward(Tensor upstream, Tensor output, Tensor[] inputs) {
      return new Tensor[] {upstream.expand(inputs[0].shape)};
    }
  }

  /** {@code out = sum_k x[..., k, ...]} along {@code dim}; the gradient is copied along {@code dim}. */
  record Sum(int dim, boolean keepDim) implements Op {
    static Tensor apply(Tensor x, int dim, boolean keepDim) {
      int[] s = x.shape;
      // Summing away an empty dim can leave more elements than exist: [0, 65536, 65536] -> [65536, 65536].
      int[] outShape = Shapes.checkShape("sum", Shapes.reduced(s, dim, keepDim));
      double[] out =
          Reductions.sum(x.data, Shapes.prod(s, 0, dim), s[dim], Shapes.prod(s, dim + 1, s.length));
      return Tensor.fromOp(new Sum(dim, keepDim), out, outShape, x);
    }

    @Override
    public String name() {
      return "sum";
    }

    @Override
    public Tensor[] backward(Tensor upstream, Tensor output, Tensor[] inputs) {
      Tensor kept = keepDim ? upstream : upstream.unsqueeze(dim);
      return new Tensor[] {kept.expand(inputs[0].shape)};
    }
  }

  /**
   * {@code out = max_k x[..., k, ...]} along {@code dim}, or over all elements when {@code dim}
   * is -1 on a flattened view. The gradient is shared equally among the elements that attain the
   * maximum (as {@code torch.amax}).
   */
  record Max(int dim, boolean keepDim, int[] keptShape) implements Op {
    static Tensor apply(Tensor x, int dim, boolean keepDim) {
      int[] s = x.shape;
      double[] out =
          Reductions.max(x.data, Shapes.prod(s, 0, dim), s[dim], Shapes.prod(s, dim + 1, s.length));
      int[] kept = Shapes.reduced(s, dim, true);
      return Tensor.fromOp(new Max(dim, keepDim, kept), out, Shapes.reduced(s, dim, keepDim), x);
    }

    static Tensor applyAll(Tensor x) {
      Tensor flat = x.reshape(x.numel());
      return apply(flat, 0, false);
    }

    @Override
    public String name() {
      return "max";
    }

    @Override
    public Tensor[] backward(Tensor upstream, Tensor output, Tensor[] inputs) {
      Tensor x = inputs[0];
      Tensor best = output.detach().reshape(keptShape);
      Tensor mask = x.detach().eq(best);
      Tensor count = mask.sum(dim, true);
      Tensor share = upstream.reshape(keptShape).div(count);
      return new Tensor[] {Tensor.where(mask, share, Tensor.scalar(0))};
    }
  }
}
