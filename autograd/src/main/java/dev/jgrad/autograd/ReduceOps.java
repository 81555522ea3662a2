package dev.jgrad.autograd;

import dev.jgrad.autograd.graph.Graph;
import dev.jgrad.autograd.kernels.Normalization;
import dev.jgrad.autograd.kernels.Reductions;
import dev.jgrad.autograd.kernels.Storage;
import java.util.Arrays;

/**
 * Reductions: the primitives sum and max (over all elements or one dimension), the fused
 * primitives softmax and logSoftmax, and the composites: mean, min, var, std, the p-norms,
 * logSumExp, sumTo, argmax, argmin, and max/min along a dim with their indices.
 */
public final class ReduceOps {
  private ReduceOps() {}

  /** {@code out = sum_i x_i} (a 0-d tensor); {@code dout/dx_i = 1}. */
  public record SumAll() implements Op {
    static final SumAll OP = new SumAll();

    @Override
    public Tensor forward(Tensor[] in) {
      Tensor x = in[0];
      return Tensor.wrap(Storage.scalar(x.dtype(), Reductions.sumAll(x.storage())), new int[0]);
    }

    @Override
    public Tensor[] backward(Tensor upstream, Tensor output, Tensor[] inputs) {
      return new Tensor[] {upstream.expand(inputs[0].shapeArray())};
    }

    @Override
    public String name() {
      return "sum";
    }

    @Override
    public String formula() {
      return "out = sum of x;  dout/dx_i = 1 (the gradient is copied back)";
    }

    @Override
    public ScalarForm scalarForm() {
      return ScalarForm.SUM;
    }
  }

  /** {@code out = sum_k x[..., k, ...]} along {@code dim}; the gradient is copied along {@code dim}. */
  public record Sum(int dim, boolean keepDim) implements Op {
    @Override
    public Tensor forward(Tensor[] in) {
      int[] s = in[0].shapeArray();
      // Summing away an empty dim can leave more elements than exist: [0, 65536, 65536] -> [65536, 65536].
      int[] outShape = Shapes.checkShape("sum", Shapes.reduced(s, dim, keepDim));
      Storage out =
          Reductions.sum(in[0].storage(), Shapes.prod(s, 0, dim), s[dim], Shapes.prod(s, dim + 1, s.length));
      return Tensor.wrap(out, outShape);
    }

    @Override
    public Tensor[] backward(Tensor upstream, Tensor output, Tensor[] inputs) {
      Tensor kept = keepDim ? upstream : upstream.unsqueeze(dim);
      return new Tensor[] {kept.expand(inputs[0].shapeArray())};
    }

    @Override
    public String name() {
      return "sum";
    }

    @Override
    public String formula() {
      return "out = sum of x along dim " + dim + ";  dout/dx_i = 1 (the gradient is copied back)";
    }

    @Override
    public ScalarForm scalarForm() {
      return ScalarForm.SUM;
    }
  }

  /**
   * {@code out = max_k x[..., k, ...]} along {@code dim}. The gradient is shared equally among the
   * elements that attain the maximum (as {@code torch.amax}).
   */
  public record Max(int dim, boolean keepDim) implements Op {
    @Override
    public Tensor forward(Tensor[] in) {
      int[] s = in[0].shapeArray();
      Storage out =
          Reductions.max(in[0].storage(), Shapes.prod(s, 0, dim), s[dim], Shapes.prod(s, dim + 1, s.length));
      return Tensor.wrap(out, Shapes.reduced(s, dim, keepDim));
    }

    @Override
    public Tensor[] backward(Tensor upstream, Tensor output, Tensor[] inputs) {
      Tensor x = inputs[0];
      int[] kept = Shapes.reduced(x.shapeArray(), dim, true);
      Tensor best = output.detach().reshape(kept);
      Tensor mask = x.detach().eq(best);
      Tensor count = mask.sum(dim, true);
      Tensor share = upstream.reshape(kept).div(count);
      return new Tensor[] {Tensor.where(mask, share, Tensor.scalar(0))};
    }

    @Override
    public String name() {
      return "max";
    }

    @Override
    public String formula() {
      return "out = max of x;  dout/dx_i = 1/k at the k places that attain the max, else 0";
    }

    @Override
    public ScalarForm scalarForm() {
      return ScalarForm.NONE;
    }
  }

  /**
   * {@code out = softmax(x)} along {@code dim}: {@code e^(x_i - m) / sum_j e^(x_j - m)} with
   * {@code m} the maximum along {@code dim}; {@code dx = out (g - sum(g out))}. A primitive for
   * speed: one node whose forward and shortcut backward each take a few passes, where the
   * composite {@code exp(logSoftmax(x))} took about six ops forward and twice as many backward.
   */
  public record Softmax(int dim) implements Op {
    @Override
    public Tensor forward(Tensor[] in) {
      return normalize(in[0], dim, false);
    }

    @Override
    public Tensor[] backward(Tensor upstream, Tensor output, Tensor[] inputs) {
      return new Tensor[] {output.mul(upstream.sub(upstream.mul(output).sum(dim, true)))};
    }

    /** The fused kernel: {@code g out - out sum(g out)} in two passes. */
    @Override
    public Tensor[] fastBackward(Tensor upstream, Tensor output, Tensor[] inputs) {
      return normalizeBackward(upstream, output, dim, false);
    }

    /** {@return the composite this op fuses, {@code exp(logSoftmax(x))} written with primitives} */
    @Override
    public Tensor composite(Tensor[] inputs) {
      return logSoftmaxComposite(inputs[0], dim).exp();
    }

    @Override
    public String name() {
      return "softmax";
    }

    @Override
    public String formula() {
      return "out = e^x_i / sum_j e^x_j along dim " + dim + ";  dL/dx = out * (g - sum(g * out))";
    }

    @Override
    public ScalarForm scalarForm() {
      return ScalarForm.COMPOSITE;
    }
  }

  /**
   * {@code out = x - logSumExp(x)} along {@code dim}, computed as {@code (x - m) - log(sum_j
   * e^(x_j - m))} with {@code m} the maximum (the maximum is never added back, so three equal
   * logits of 1e15 give exactly {@code -ln 3}); {@code dx = g - e^out sum(g)}. A primitive for
   * speed (one node instead of about six), with the composite's values to the last bit.
   */
  public record LogSoftmax(int dim) implements Op {
    @Override
    public Tensor forward(Tensor[] in) {
      return normalize(in[0], dim, true);
    }

    @Override
    public Tensor[] backward(Tensor upstream, Tensor output, Tensor[] inputs) {
      return new Tensor[] {upstream.sub(output.exp().mul(upstream.sum(dim, true)))};
    }

    /** The fused kernel: {@code g - e^out sum(g)} in two passes. */
    @Override
    public Tensor[] fastBackward(Tensor upstream, Tensor output, Tensor[] inputs) {
      return normalizeBackward(upstream, output, dim, true);
    }

    /** {@return the composite this op fuses, {@code (x - m) - log(sum(exp(x - m)))}} */
    @Override
    public Tensor composite(Tensor[] inputs) {
      return logSoftmaxComposite(inputs[0], dim);
    }

    @Override
    public String name() {
      return "logSoftmax";
    }

    @Override
    public String formula() {
      return "out = x_i - log(sum_j e^x_j) along dim " + dim + ";  dL/dx = g - e^out * sum(g)";
    }

    @Override
    public ScalarForm scalarForm() {
      return ScalarForm.COMPOSITE;
    }
  }

  private static Tensor normalize(Tensor x, int dim, boolean log) {
    int[] s = x.shapeArray();
    Storage out =
        Normalization.softmax(
            x.storage(), Shapes.prod(s, 0, dim), s[dim], Shapes.prod(s, dim + 1, s.length), log);
    return Tensor.wrap(out, s);
  }

  private static Tensor[] normalizeBackward(Tensor upstream, Tensor output, int dim, boolean log) {
    if (upstream.dtype() != output.dtype()) {
      return null;
    }
    int[] s = output.shapeArray();
    Storage g =
        Normalization.softmaxBackward(
            upstream.storage(), output.storage(), Shapes.prod(s, 0, dim), s[dim],
            Shapes.prod(s, dim + 1, s.length), log);
    return new Tensor[] {Tensor.wrap(g, s)};
  }

  // ---------------------------------------------------------------- the public face's entries

  static Tensor sum(Tensor x) {
    return Graph.record(SumAll.OP, x);
  }

  static Tensor sum(Tensor x, int dim, boolean keepDim) {
    return Graph.record(new Sum(Shapes.normalizeDim("sum", dim, x.dim()), keepDim), x);
  }

  static Tensor max(Tensor x) {
    if (x.numel() == 0) {
      throw new IllegalArgumentException("max: the tensor is empty (shape " + x.shapeString() + ")");
    }
    return Graph.record(new Max(0, false), x.reshape(x.numel()));
  }

  static Tensor max(Tensor x, int dim, boolean keepDim) {
    int d = checkNotEmpty("max", x, dim);
    return Graph.record(new Max(d, keepDim), x);
  }

  /** Returns the normalized {@code dim}, after checking that it is not empty. */
  static int checkNotEmpty(String op, Tensor x, int dim) {
    int d = Shapes.normalizeDim(op, dim, x.dim());
    if (x.shapeArray()[d] == 0) {
      throw new IllegalArgumentException(
          String.format("%s: dim %d of shape %s is empty", op, dim, x.shapeString()));
    }
    return d;
  }

  // ---------------------------------------------------------------- composites

  /**
   * Returns {@code x} summed down to {@code target}, the inverse of broadcasting: leading dims
   * are summed away and dims of size 1 in {@code target} are summed with keepDim.
   */
  static Tensor sumTo(Tensor x, int[] target) {
    if (target == null) {
      throw new IllegalArgumentException("sumTo: the target shape must not be null");
    }
    int[] shape = x.shapeArray();
    if (Arrays.equals(shape, target)) {
      return x;
    }
    if (!Shapes.broadcastsTo(target, shape)) {
      throw new IllegalArgumentException(
          String.format(
              "sumTo: shape %s does not broadcast to %s, so it cannot be summed down to it",
              Shapes.format(target), Shapes.format(shape)));
    }
    if (x.numel() == 0) {
      return x.sum().expand(target); // zeros, without summing through impossibly large shapes
    }
    Tensor t = x;
    int lead = shape.length - target.length;
    for (int i = 0; i < lead; i++) {
      t = t.sum(0, false);
    }
    for (int d = 0; d < target.length; d++) {
      if (target[d] == 1 && t.shapeArray()[d] != 1) {
        t = t.sum(d, true);
      }
    }
    return t;
  }

  static Tensor mean(Tensor x) {
    return x.sum().div(x.numel());
  }

  static Tensor mean(Tensor x, int dim, boolean keepDim) {
    int d = Shapes.normalizeDim("mean", dim, x.dim());
    Shapes.checkShape("mean", Shapes.reduced(x.shapeArray(), d, true));
    return x.sum(d, keepDim).div(x.shapeArray()[d]);
  }

  static Tensor min(Tensor x) {
    if (x.numel() == 0) {
      throw new IllegalArgumentException("min: the tensor is empty (shape " + x.shapeString() + ")");
    }
    return x.neg().max().neg();
  }

  static Tensor min(Tensor x, int dim, boolean keepDim) {
    int d = checkNotEmpty("min", x, dim);
    return x.neg().max(d, keepDim).neg();
  }

  /**
   * Returns {@code log(sum(exp(x)))} along {@code dim} as {@code m + log(sum(exp(x - m)))} with
   * {@code m} the (detached) maximum, so large x neither overflows nor loses the small terms; its
   * gradient is {@code softmax(x)}.
   */
  static Tensor logSumExp(Tensor x, int dim, boolean keepDim) {
    int d = checkNotEmpty("logSumExp", x, dim);
    Tensor m = finiteMax(x, d);
    Tensor out = x.sub(m).exp().sum(d, true).log().add(m);
    return keepDim ? out : out.squeeze(d);
  }

  /** Returns the detached maximum along {@code d} (kept), with infinities replaced by 0. */
  private static Tensor finiteMax(Tensor x, int d) {
    Tensor m = x.detach().max(d, true);
    return Tensor.wrap(
        dev.jgrad.autograd.kernels.Elementwise.map(m.storage(), v -> Double.isInfinite(v) ? 0 : v),
        m.shapeArray());
  }

  /**
   * Returns {@code x - logSumExp(x)} along {@code dim} as one {@link LogSoftmax} node; the
   * composite it fuses is {@link #logSoftmaxComposite}.
   */
  static Tensor logSoftmax(Tensor x, int dim) {
    int d = checkNotEmpty("logSoftmax", x, dim);
    return Graph.record(new LogSoftmax(d), x);
  }

  /**
   * Returns {@code (x - m) - log(sum(exp(x - m)))} along {@code d} written with primitives, with
   * {@code m} the detached, finite maximum: the maximum is never added back and subtracted again,
   * so three equal logits of 1e15 give exactly {@code -ln 3}.
   */
  static Tensor logSoftmaxComposite(Tensor x, int d) {
    Tensor shifted = x.sub(finiteMax(x, d));
    return shifted.sub(shifted.exp().sum(d, true).log());
  }

  /** Returns {@code softmax(x)} along {@code dim} as one {@link Softmax} node. */
  static Tensor softmax(Tensor x, int dim) {
    int d = checkNotEmpty("softmax", x, dim);
    return Graph.record(new Softmax(d), x);
  }

  /**
   * Returns {@code sum((x - mean)^2) / max(0, n - correction)} along {@code dim}: as PyTorch,
   * a correction of n or more divides by 0, giving +Inf (NaN where all elements are equal).
   */
  static Tensor var(Tensor x, int dim, boolean keepDim, int correction) {
    int d = Shapes.normalizeDim("var", dim, x.dim());
    Shapes.checkShape("var", Shapes.reduced(x.shapeArray(), d, true));
    if (correction < 0) {
      throw new IllegalArgumentException("var: correction must be >= 0, but got " + correction);
    }
    Tensor centered = x.sub(x.mean(d, true));
    return centered.mul(centered).sum(d, keepDim).div(Math.max(0, x.shapeArray()[d] - correction));
  }

  /** Returns the index of the first maximum along {@code dim}, as an F64 constant. */
  static Tensor argmax(Tensor x, int dim) {
    int d = checkNotEmpty("argmax", x, dim);
    int[] s = x.shapeArray();
    Storage out =
        Reductions.argmax(x.storage(), Shapes.prod(s, 0, d), s[d], Shapes.prod(s, d + 1, s.length));
    return Tensor.wrap(out, Shapes.reduced(s, d, false));
  }

  // ---------------------------------------------------------------- statistics and norms (composites)

  /** Returns {@code sqrt(var(x, dim, correction))}: a composite, so its gradient comes from var and sqrt. */
  static Tensor std(Tensor x, int dim, boolean keepDim, int correction) {
    int d = Shapes.normalizeDim("std", dim, x.dim()); // errors name std, not the var inside
    if (correction < 0) {
      throw new IllegalArgumentException("std: correction must be >= 0, but got " + correction);
    }
    return var(x, d, keepDim, correction).sqrt();
  }

  /**
   * Returns the vector p-norm of all elements (as {@code torch.linalg.vector_norm}): p = 1 is
   * {@code sum |x|}, p = 2 is {@code sqrt(sum x^2)}, p = Inf is {@code max |x|} (the gradient
   * shared among ties), any other {@code p > 0} is {@code (sum |x|^p)^(1/p)}. A composite.
   */
  static Tensor norm(Tensor x, double p) {
    checkNormOrder(p);
    if (p == Double.POSITIVE_INFINITY) {
      if (x.numel() == 0) { // a maximum over nothing: checked here, so the error names norm
        throw new IllegalArgumentException(
            "norm: the Infinity norm of an empty tensor (shape " + x.shapeString()
                + ") is undefined: a maximum over no elements");
      }
      return x.abs().max();
    }
    if (p == 1) {
      return x.abs().sum();
    }
    if (p == 2) {
      return x.mul(x).sum().sqrt();
    }
    return x.abs().pow(p).sum().pow(1 / p);
  }

  /** Returns the p-norm along {@code dim} (see {@link #norm(Tensor, double)}). */
  static Tensor norm(Tensor x, double p, int dim, boolean keepDim) {
    checkNormOrder(p);
    int d = Shapes.normalizeDim("norm", dim, x.dim());
    if (p == Double.POSITIVE_INFINITY) {
      checkNotEmpty("norm", x, dim); // the Infinity norm is a maximum: none over an empty dim
      return x.abs().max(d, keepDim);
    }
    if (p == 1) {
      return x.abs().sum(d, keepDim);
    }
    if (p == 2) {
      return x.mul(x).sum(d, keepDim).sqrt();
    }
    return x.abs().pow(p).sum(d, keepDim).pow(1 / p);
  }

  private static void checkNormOrder(double p) {
    if (!(p > 0)) {
      throw new IllegalArgumentException(
          "norm: the order p must be positive (1, 2, Infinity or another p > 0), but got " + p);
    }
  }

  /** Returns the index of the first minimum along {@code dim}, as an F64 constant. */
  static Tensor argmin(Tensor x, int dim) {
    checkNotEmpty("argmin", x, dim);
    return argmax(x.detach().neg(), dim);
  }

  /**
   * Returns the maximum along {@code dim} with its index; the gradient goes to that one element
   * (the first at ties), as {@code torch.max(x, dim)} (unlike {@link #max(Tensor, int, boolean)},
   * which shares it). A composite: a constant one-hot mask of the argmax, where and sum.
   */
  static ValuesAndIndices maxWithIndices(Tensor x, int dim, boolean keepDim) {
    int d = checkNotEmpty("max", x, dim);
    return pick(x, d, keepDim, argmax(x, d));
  }

  /** Returns the minimum along {@code dim} with its index (see {@link #maxWithIndices}). */
  static ValuesAndIndices minWithIndices(Tensor x, int dim, boolean keepDim) {
    int d = checkNotEmpty("min", x, dim);
    return pick(x, d, keepDim, argmin(x, d));
  }

  private static ValuesAndIndices pick(Tensor x, int d, boolean keepDim, Tensor index) {
    Tensor mask = ConvOps.oneHot(index, d, x.shapeArray()[d]);
    Tensor values = x.where(mask, 0).sum(d, keepDim);
    return new ValuesAndIndices(values, keepDim ? index.unsqueeze(d) : index);
  }
}
