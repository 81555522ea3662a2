package dev.jgrad.autograd;

import dev.jgrad.autograd.kernels.Elementwise;
import dev.jgrad.autograd.kernels.Reductions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;

/**
 * An n-dimensional array of {@code double}s (row-major, contiguous) that is also a node of the
 * computation graph.
 *
 * <p>Every op returns a new tensor that remembers its inputs and its {@link Op}; {@link
 * #backward()} then applies the chain rule from this node back to every leaf that called {@link
 * #requiresGrad()}. Tensors are immutable from the outside, except for {@link #assign} on leaves
 * (what optimizers use, under {@link Autograd#noGrad()}). Elementwise ops broadcast as NumPy
 * does; dims may be negative, counting from the end.
 *
 * <pre>{@code
 * Tensor x = Tensor.of(new double[][] {{1, 2}, {3, 4}}).requiresGrad();
 * Tensor loss = x.mul(x).sum();   // 30.0
 * loss.backward();                // x.grad() = [[2, 4], [6, 8]]
 * }</pre>
 *
 * <p>Graph nodes use identity equality: two tensors with equal values are different nodes.
 * A tensor may be read from many threads; a graph must be built and backpropagated by one thread
 * at a time, and a leaf that requires grad must not be used by graphs on two threads at once
 * (backward writes its {@code grad()}). Grad, anomaly and no-grad modes are per thread.
 */
public final class Tensor {
  private static final int[] SCALAR_SHAPE = new int[0];

  final double[] data;
  final int[] shape;

  // Graph state: set for nodes built from inputs that require grad, released by backward().
  Op op;
  Tensor[] inputs;
  boolean requiresGrad;
  private Tensor grad;
  private boolean retainsGrad;
  private List<UnaryOperator<Tensor>> hooks;
  private String label;
  StackTraceElement[] createdAt;

  // Scratch state of the backward pass that is running over this node (see Engine).
  long visitEpoch;
  int topoIndex;

  Tensor(double[] data, int[] shape) {
    this.data = data;
    this.shape = shape;
  }

  /** Wraps storage without copying: for ops and kernels that just allocated {@code data}. */
  static Tensor wrap(double[] data, int[] shape) {
    return new Tensor(data, shape);
  }

  /**
   * Records a new node: {@code op} produced {@code data} of {@code shape} from {@code inputs}.
   * The node joins the graph when grad mode is on and some input requires grad; otherwise it is
   * a plain constant and keeps no reference to its inputs.
   */
  static Tensor fromOp(Op op, double[] data, int[] shape, Tensor... inputs) {
    Tensor out = new Tensor(data, shape);
    Autograd.State state = Autograd.state();
    if (state.gradEnabled) {
      for (Tensor in : inputs) {
        if (in.requiresGrad) {
          out.op = op;
          out.inputs = inputs;
          out.requiresGrad = true;
          break;
        }
      }
    }
    if (state.anomaly) {
      Engine.checkForward(out, op, inputs);
    }
    return out;
  }

  // ---------------------------------------------------------------- factories

  /**
   * Returns a tensor holding a copy of {@code data} with the given shape; with no shape, a 1-d
   * tensor of {@code data.length} elements (use {@link #scalar} for a 0-d one).
   *
   * @throws IllegalArgumentException if the shape has a negative size or its element count
   *     differs from {@code data.length}
   */
  public static Tensor of(double[] data, int... shape) {
    if (data == null) {
      throw new IllegalArgumentException("of: data must not be null");
    }
    checkNotNull("of", "the shape", shape);
    int[] s = shape.length == 0 ? new int[] {data.length} : Shapes.checkShape("of", shape);
    int n = Shapes.numel(s);
    if (n != data.length) {
      throw new IllegalArgumentException(
          String.format(
              "of: shape %s needs %d elements, but data has %d", Shapes.format(s), n, data.length));
    }
    return new Tensor(data.clone(), s);
  }

  /**
   * Returns a 2-d tensor holding a copy of the rows.
   *
   * @throws IllegalArgumentException if the rows are ragged or null
   */
  public static Tensor of(double[][] rows) {
    if (rows == null) {
      throw new IllegalArgumentException("of: rows must not be null");
    }
    int cols = rows.length == 0 ? 0 : lengthOf(rows, 0);
    double[] data = new double[Shapes.numel(Shapes.checkShape("of", rows.length, cols))];
    for (int i = 0; i < rows.length; i++) {
      int len = lengthOf(rows, i);
      if (len != cols) {
        throw new IllegalArgumentException(
            String.format(
                "of: ragged rows: row 0 has %d elements but row %d has %d", cols, i, len));
      }
      System.arraycopy(rows[i], 0, data, i * cols, cols);
    }
    return new Tensor(data, new int[] {rows.length, cols});
  }

  private static int lengthOf(double[][] rows, int i) {
    if (rows[i] == null) {
      throw new IllegalArgumentException("of: row " + i + " is null");
    }
    return rows[i].length;
  }

  /** Returns a 0-d tensor holding {@code value}. */
  public static Tensor scalar(double value) {
    return new Tensor(new double[] {value}, SCALAR_SHAPE);
  }

  /** Returns a tensor of zeros. @throws IllegalArgumentException on a negative size */
  public static Tensor zeros(int... shape) {
    int[] s = Shapes.checkShape("zeros", shape);
    return new Tensor(new double[Shapes.numel(s)], s);
  }

  /** Returns a tensor of ones. @throws IllegalArgumentException on a negative size */
  public static Tensor ones(int... shape) {
    return full(1, Shapes.checkShape("ones", shape));
  }

  /** Returns a tensor with every element equal to {@code value}. */
  public static Tensor full(double value, int... shape) {
    int[] s = Shapes.checkShape("full", shape);
    double[] data = new double[Shapes.numel(s)];
    Arrays.fill(data, value);
    return new Tensor(data, s);
  }

  /** Returns zeros of this tensor's shape. */
  public Tensor zerosLike() {
    return new Tensor(new double[data.length], shape);
  }

  /** Returns ones of this tensor's shape. */
  public Tensor onesLike() {
    return full(1, shape);
  }

  /** Returns the 1-d tensor {@code [0, 1, ..., n-1]}. */
  public static Tensor arange(int n) {
    return arange(0, n, 1);
  }

  /**
   * Returns the 1-d tensor {@code start, start + step, ...} of values below {@code end} (above,
   * for a negative step), as {@code torch.arange}.
   *
   * @throws IllegalArgumentException if {@code step} is 0 or not finite
   */
  public static Tensor arange(double start, double end, double step) {
    if (step == 0 || !Double.isFinite(step) || !Double.isFinite(start) || !Double.isFinite(end)) {
      throw new IllegalArgumentException(
          String.format("arange: bad range start=%s end=%s step=%s", start, end, step));
    }
    long n = Math.max(0, (long) Math.ceil((end - start) / step));
    if (n > Shapes.MAX_ELEMENTS) {
      throw new IllegalArgumentException(
          "arange: " + n + " elements is too many (the largest Java array holds "
              + Shapes.MAX_ELEMENTS + ")");
    }
    double[] data = new double[(int) n];
    for (int i = 0; i < n; i++) {
      data[i] = start + i * step;
    }
    return new Tensor(data, new int[] {(int) n});
  }

  /** Returns the {@code n x n} identity matrix. */
  public static Tensor eye(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("eye: negative size " + n);
    }
    Tensor t = zeros(n, n);
    for (int i = 0; i < n; i++) {
      t.data[i * n + i] = 1;
    }
    return t;
  }

  /** Returns standard normal samples drawn from {@code random}. */
  public static Tensor randn(Random random, int... shape) {
    checkNotNull("randn", "random", random);
    int[] s = Shapes.checkShape("randn", shape);
    double[] data = new double[Shapes.numel(s)];
    for (int i = 0; i < data.length; i++) {
      data[i] = random.nextGaussian();
    }
    return new Tensor(data, s);
  }

  /** Returns samples uniform in {@code [0, 1)} drawn from {@code random}. */
  public static Tensor rand(Random random, int... shape) {
    checkNotNull("rand", "random", random);
    int[] s = Shapes.checkShape("rand", shape);
    double[] data = new double[Shapes.numel(s)];
    for (int i = 0; i < data.length; i++) {
      data[i] = random.nextDouble();
    }
    return new Tensor(data, s);
  }

  // ---------------------------------------------------------------- accessors

  /** Returns a copy of the shape. */
  public int[] shape() {
    return shape.clone();
  }

  /** Returns the size of dimension {@code dim} (negative counts from the end). */
  public int size(int dim) {
    return shape[Shapes.normalizeDim("size", dim, shape.length)];
  }

  /** Returns the row-major strides: how many elements apart neighbours along each dim are. */
  public int[] strides() {
    return Shapes.strides(shape);
  }

  /** Returns the number of dimensions (0 for a scalar). */
  public int dim() {
    return shape.length;
  }

  /** Returns the number of elements. */
  public int numel() {
    return data.length;
  }

  /**
   * Returns the single element.
   *
   * @throws IllegalArgumentException if the tensor does not have exactly one element
   */
  public double item() {
    if (data.length != 1) {
      throw new IllegalArgumentException(
          String.format(
              "item: needs exactly one element, but shape %s has %d",
              Shapes.format(shape), data.length));
    }
    return data[0];
  }

  /** Returns a row-major copy of the elements. */
  public double[] toArray() {
    return data.clone();
  }

  /**
   * Returns the element at {@code index} (one index per dimension, negative counts from the end).
   *
   * @throws IllegalArgumentException if the index has the wrong rank or is out of range
   */
  public double get(int... index) {
    checkNotNull("get", "the index", index);
    if (index.length != shape.length) {
      throw new IllegalArgumentException(
          String.format(
              "get: index %s has %d components, but shape %s has %d dims",
              Arrays.toString(index), index.length, Shapes.format(shape), shape.length));
    }
    int offset = 0;
    for (int d = 0; d < shape.length; d++) {
      int i = index[d] < 0 ? index[d] + shape[d] : index[d];
      if (i < 0 || i >= shape[d]) {
        throw new IllegalArgumentException(
            String.format(
                "get: index %s is out of range for shape %s (dim %d)",
                Arrays.toString(index), Shapes.format(shape), d));
      }
      offset = offset * shape[d] + i;
    }
    return data[offset];
  }

  /** Returns the display label, or null. Labels never change behaviour. */
  public String label() {
    return label;
  }

  /** Sets the display label used by graph pictures and error messages; returns {@code this}. */
  public Tensor label(String label) {
    this.label = label;
    return this;
  }

  /** Returns the op that produced this node, or null for a leaf (or after the graph was freed). */
  public Op op() {
    return op;
  }

  /** Returns the inputs of this node's op (empty for a leaf or once backward freed the graph). */
  public List<Tensor> inputs() {
    return inputs == null ? List.of() : Collections.unmodifiableList(Arrays.asList(inputs));
  }

  /** Returns whether this is a leaf: a tensor not produced by a recorded op. */
  public boolean isLeaf() {
    return op == null;
  }

  /** Returns whether gradients flow to this tensor (a marked leaf or a node built from one). */
  public boolean isGradRequired() {
    return requiresGrad;
  }

  // ---------------------------------------------------------------- autograd

  /**
   * Marks this leaf as a variable: backward passes accumulate its gradient into {@link #grad()}.
   * Returns {@code this}.
   *
   * @throws IllegalStateException if this tensor is not a leaf
   */
  public Tensor requiresGrad() {
    return requiresGrad(true);
  }

  /**
   * Sets whether this leaf collects gradients; returns {@code this}.
   *
   * @throws IllegalStateException if this tensor is not a leaf
   */
  public Tensor requiresGrad(boolean required) {
    if (op != null) {
      throw new IllegalStateException(
          "requiresGrad: only leaves can be marked, but this tensor was produced by "
              + op.name()
              + "; use detach().requiresGrad() for a new leaf");
    }
    this.requiresGrad = required;
    return this;
  }

  /** Returns the accumulated gradient, or null until a backward pass reaches this tensor. */
  public Tensor grad() {
    return grad;
  }

  /** Clears the accumulated gradient (sets it to null). */
  public void zeroGrad() {
    grad = null;
  }

  /**
   * Replaces the accumulated gradient with {@code grad} (null clears it), as assigning
   * {@code p.grad} in PyTorch; what gradient clipping and custom optimizers use.
   *
   * @throws IllegalArgumentException if {@code grad} is non-null and its shape differs from this
   *     tensor's
   */
  public void setGrad(Tensor grad) {
    if (grad != null && !Arrays.equals(grad.shape, shape)) {
      throw new IllegalArgumentException(
          String.format(
              "setGrad: gradient shape %s does not match tensor shape %s",
              Shapes.format(grad.shape), Shapes.format(shape)));
    }
    this.grad = grad;
  }

  boolean retainsGrad() {
    return retainsGrad;
  }

  List<UnaryOperator<Tensor>> hooks() {
    return hooks;
  }

  /**
   * Asks this non-leaf node to keep its gradient in {@link #grad()} after backward (leaves
   * always do). Returns {@code this}.
   *
   * @throws IllegalStateException if the tensor does not require grad
   */
  public Tensor retainGrad() {
    if (!requiresGrad) {
      throw new IllegalStateException(
          "retainGrad: this tensor does not require grad, so no gradient will reach it");
    }
    retainsGrad = true;
    return this;
  }

  /**
   * Returns a new leaf sharing this tensor's values, cut from the graph (no gradient flows
   * through it).
   */
  public Tensor detach() {
    return new Tensor(data, shape);
  }

  /**
   * Registers a hook called with this tensor's gradient during backward; a non-null result
   * replaces the gradient. Returns a handle that removes the hook.
   *
   * @throws IllegalStateException if the tensor does not require grad
   */
  public HookHandle registerHook(UnaryOperator<Tensor> hook) {
    if (!requiresGrad) {
      throw new IllegalStateException(
          "registerHook: this tensor does not require grad, so the hook would never run");
    }
    if (hook == null) {
      throw new IllegalArgumentException("registerHook: hook must not be null");
    }
    if (hooks == null) {
      hooks = new ArrayList<>(1);
    }
    hooks.add(hook);
    return () -> hooks.remove(hook);
  }

  /**
   * Backpropagates from this scalar: adds {@code d this / d leaf} to the {@link #grad()} of every
   * leaf that requires grad, then frees the graph.
   *
   * @throws IllegalArgumentException if this tensor has more than one element
   * @throws IllegalStateException if it does not require grad or its graph was already freed
   */
  public void backward() {
    backward(null, false);
  }

  /** As {@link #backward()}, keeping the graph for another backward when {@code retainGraph}. */
  public void backward(boolean retainGraph) {
    backward(null, retainGraph);
  }

  /** Backpropagates {@code upstream} (the gradient of some loss with respect to this tensor). */
  public void backward(Tensor upstream) {
    backward(upstream, false);
  }

  /**
   * Backpropagates {@code upstream}, or 1 for a one-element tensor when it is null.
   *
   * @throws IllegalArgumentException if {@code upstream} is null for a non-scalar or has another shape
   * @throws IllegalStateException if this tensor does not require grad or its graph was freed
   */
  public void backward(Tensor upstream, boolean retainGraph) {
    Engine.backward(List.of(this), Collections.singletonList(upstream), retainGraph, false, null);
  }

  /**
   * Copies {@code source}'s values into this leaf in place (what optimizers and initializers
   * use). Run it outside of any forward pass that still needs the old values.
   *
   * @throws IllegalArgumentException if the shapes differ
   * @throws IllegalStateException if this tensor is not a leaf
   */
  public void assign(Tensor source) {
    checkNotNull("assign", "the source", source);
    if (op != null) {
      throw new IllegalStateException(
          "assign: only leaves can be updated in place, but this tensor was produced by " + op.name());
    }
    if (!Arrays.equals(shape, source.shape)) {
      throw new IllegalArgumentException(
          String.format(
              "assign: shape %s cannot be assigned to a tensor of shape %s",
              Shapes.format(source.shape), Shapes.format(shape)));
    }
    System.arraycopy(source.data, 0, data, 0, data.length);
  }

  // ---------------------------------------------------------------- binary elementwise

  /** Returns {@code this + other}, broadcast. */
  public Tensor add(Tensor other) {
    return BinaryOps.Add.apply(this, checkOperand("add", other));
  }

  /** Returns {@code this + c}. */
  public Tensor add(double c) {
    return BinaryOps.Add.apply(this, scalar(c));
  }

  /** Returns {@code this - other}, broadcast. */
  public Tensor sub(Tensor other) {
    return BinaryOps.Sub.apply(this, checkOperand("sub", other));
  }

  /** Returns {@code this - c}. */
  public Tensor sub(double c) {
    return BinaryOps.Sub.apply(this, scalar(c));
  }

  /** Returns {@code this * other} elementwise, broadcast. */
  public Tensor mul(Tensor other) {
    return BinaryOps.Mul.apply(this, checkOperand("mul", other));
  }

  /** Returns {@code this * c}. */
  public Tensor mul(double c) {
    return BinaryOps.Mul.apply(this, scalar(c));
  }

  /** Returns {@code this / other} elementwise, broadcast (IEEE: x/0 is +-Inf or NaN). */
  public Tensor div(Tensor other) {
    return BinaryOps.Div.apply(this, checkOperand("div", other));
  }

  /** Returns {@code this / c}. */
  public Tensor div(double c) {
    return BinaryOps.Div.apply(this, scalar(c));
  }

  /** Returns {@code this ^ exponent} elementwise; {@code d/dx = p x^(p-1)}. */
  public Tensor pow(double exponent) {
    return UnaryOps.PowScalar.apply(this, exponent);
  }

  /** Returns {@code this ^ exponent} elementwise, broadcast; differentiable in both. */
  public Tensor pow(Tensor exponent) {
    return BinaryOps.Pow.apply(this, checkOperand("pow", exponent));
  }

  /** Returns the elementwise maximum, broadcast; at ties each side gets half the gradient. */
  public Tensor maximum(Tensor other) {
    checkOperand("maximum", other);
    Shapes.broadcast("maximum", shape, other.shape);
    Tensor tie = add(other).mul(0.5);
    return where(gt(other), this, where(lt(other), other, tie));
  }

  /** Returns the elementwise minimum, broadcast; at ties each side gets half the gradient. */
  public Tensor minimum(Tensor other) {
    checkOperand("minimum", other);
    Shapes.broadcast("minimum", shape, other.shape);
    Tensor tie = add(other).mul(0.5);
    return where(lt(other), this, where(gt(other), other, tie));
  }

  private static void checkNotNull(String op, String what, Object argument) {
    if (argument == null) {
      throw new IllegalArgumentException(op + ": " + what + " must not be null");
    }
  }

  private static Tensor checkOperand(String op, Tensor other) {
    if (other == null) {
      throw new IllegalArgumentException(op + ": the other operand is null");
    }
    return other;
  }

  // ---------------------------------------------------------------- unary elementwise

  /** Returns {@code -this}. */
  public Tensor neg() {
    return UnaryOps.Neg.apply(this);
  }

  /** Returns {@code e^this}. */
  public Tensor exp() {
    return UnaryOps.Exp.apply(this);
  }

  /** Returns the natural logarithm (NaN below 0, -Inf at 0, as IEEE). */
  public Tensor log() {
    return UnaryOps.Log.apply(this);
  }

  /** Returns the square root (NaN below 0). */
  public Tensor sqrt() {
    return UnaryOps.Sqrt.apply(this);
  }

  /** Returns the absolute value; its derivative at 0 is taken as 0. */
  public Tensor abs() {
    return UnaryOps.Abs.apply(this);
  }

  /** Returns the sine. */
  public Tensor sin() {
    return UnaryOps.Sin.apply(this);
  }

  /** Returns the cosine. */
  public Tensor cos() {
    return UnaryOps.Cos.apply(this);
  }

  /** Returns the hyperbolic tangent. */
  public Tensor tanh() {
    return UnaryOps.Tanh.apply(this);
  }

  /** Returns the logistic sigmoid {@code 1 / (1 + e^-x)}, stable for large |x|. */
  public Tensor sigmoid() {
    return UnaryOps.Sigmoid.apply(this);
  }

  /** Returns {@code max(x, 0)}; its derivative at 0 is taken as 0. */
  public Tensor relu() {
    return UnaryOps.Relu.apply(this);
  }

  /** Returns {@code x} where positive, {@code slope * x} elsewhere. */
  public Tensor leakyRelu(double slope) {
    return where(gt(0), this, mul(slope));
  }

  /** Returns {@code ln(1 + e^x)}, stable for large |x|. */
  public Tensor softplus() {
    return UnaryOps.Softplus.apply(this);
  }

  /** Returns the Gauss error function {@code erf(x)}. */
  public Tensor erf() {
    return UnaryOps.Erf.apply(this);
  }

  /** Returns the exact GELU, {@code x * Phi(x) = x/2 (1 + erf(x / sqrt 2))} (as PyTorch's default). */
  public Tensor gelu() {
    return mul(0.5).mul(mul(1 / Math.sqrt(2)).erf().add(1));
  }

  /**
   * Returns this clamped to {@code [min, max]}; the gradient is 1 inside (boundaries included)
   * and 0 outside.
   *
   * @throws IllegalArgumentException if {@code min > max} or either is NaN
   */
  public Tensor clamp(double min, double max) {
    if (!(min <= max)) {
      throw new IllegalArgumentException(
          String.format("clamp: min %s must not exceed max %s", min, max));
    }
    return where(lt(min), scalar(min), where(gt(max), scalar(max), this));
  }

  /** Returns the sign: -1, 0 or 1 (NaN stays NaN); not differentiable, no graph. */
  public Tensor sign() {
    return new Tensor(Elementwise.map(data, Math::signum), shape);
  }

  // ---------------------------------------------------------------- comparisons (no grad)

  /** Returns 1 where {@code this > other}, else 0 (broadcast; no graph). */
  public Tensor gt(Tensor other) {
    return compare("gt", other, (a, b) -> a > b ? 1 : 0);
  }

  /** Returns 1 where {@code this > c}, else 0. */
  public Tensor gt(double c) {
    return gt(scalar(c));
  }

  /** Returns 1 where {@code this < other}, else 0 (broadcast; no graph). */
  public Tensor lt(Tensor other) {
    return compare("lt", other, (a, b) -> a < b ? 1 : 0);
  }

  /** Returns 1 where {@code this < c}, else 0. */
  public Tensor lt(double c) {
    return lt(scalar(c));
  }

  /** Returns 1 where {@code this == other}, else 0 (broadcast; no graph). */
  public Tensor eq(Tensor other) {
    return compare("eq", other, (a, b) -> a == b ? 1 : 0);
  }

  /** Returns 1 where {@code this == c}, else 0. */
  public Tensor eq(double c) {
    return eq(scalar(c));
  }

  private Tensor compare(String op, Tensor other, java.util.function.DoubleBinaryOperator f) {
    checkOperand(op, other);
    int[] s = Shapes.broadcast(op, shape, other.shape);
    return new Tensor(Elementwise.zip(data, shape, other.data, other.shape, s, f), s);
  }

  /**
   * Returns the index of the largest element along {@code dim} (the first, at ties), as a tensor
   * of doubles with that dim removed; no graph.
   */
  public Tensor argmax(int dim) {
    int d = Shapes.normalizeDim("argmax", dim, shape.length);
    checkNotEmpty("argmax", d);
    double[] out =
        Reductions.argmax(
            data, Shapes.prod(shape, 0, d), shape[d], Shapes.prod(shape, d + 1, shape.length));
    return new Tensor(out, Shapes.reduced(shape, d, false));
  }

  /**
   * Returns {@code condition ? a : b} elementwise (nonzero means true), all three broadcast.
   *
   * <p>The gradient rule: the upstream gradient is selected, not multiplied by a 0/1 mask, so
   * each branch receives exactly 0 where it was not taken, and NaN or Inf values in the branch
   * not taken never reach the gradient of the other. A branch's own backward still multiplies
   * that 0 by its local derivative, and {@code 0 * Inf} is NaN (IEEE, as in PyTorch): {@code
   * where(x.gt(0), x.sqrt(), zero)} has a NaN gradient at x = 0. Make the branch harmless where
   * it is not taken ("double where"): {@code where(c, where(c, x, one).sqrt(), zero)}.
   */
  public static Tensor where(Tensor condition, Tensor a, Tensor b) {
    checkOperand("where", condition);
    checkOperand("where", a);
    checkOperand("where", b);
    return BinaryOps.Where.apply(condition, a, b);
  }

  /** Returns {@code condition ? this : other} elementwise, broadcast. */
  public Tensor where(Tensor condition, Tensor other) {
    return where(condition, this, other);
  }

  /** Returns {@code condition ? this : other} elementwise. */
  public Tensor where(Tensor condition, double other) {
    return where(condition, this, scalar(other));
  }

  // ---------------------------------------------------------------- reductions

  /** Returns the sum of all elements, as a 0-d tensor. */
  public Tensor sum() {
    return ReduceOps.SumAll.apply(this);
  }

  /** Returns the sum along {@code dim}, keeping it as size 1 when {@code keepDim}. */
  public Tensor sum(int dim, boolean keepDim) {
    return ReduceOps.Sum.apply(this, Shapes.normalizeDim("sum", dim, shape.length), keepDim);
  }

  /** Returns the sum along {@code dim}, removing it. */
  public Tensor sum(int dim) {
    return sum(dim, false);
  }

  /**
   * Returns this gradient-style tensor summed down to {@code target}, the inverse of
   * broadcasting: leading dims are summed away and dims of size 1 in {@code target} are summed
   * with keepDim.
   *
   * @throws IllegalArgumentException if {@code target} does not broadcast to this shape
   */
  public Tensor sumTo(int... target) {
    checkNotNull("sumTo", "the target shape", target);
    if (Arrays.equals(shape, target)) {
      return this;
    }
    if (!Shapes.broadcastsTo(target, shape)) {
      throw new IllegalArgumentException(
          String.format(
              "sumTo: shape %s does not broadcast to %s, so it cannot be summed down to it",
              Shapes.format(target), Shapes.format(shape)));
    }
    if (data.length == 0) {
      return sum().expand(target); // zeros, without summing through impossibly large shapes
    }
    Tensor t = this;
    int lead = shape.length - target.length;
    for (int i = 0; i < lead; i++) {
      t = t.sum(0, false);
    }
    for (int d = 0; d < target.length; d++) {
      if (target[d] == 1 && t.shape[d] != 1) {
        t = t.sum(d, true);
      }
    }
    return t;
  }

  /** Returns the mean of all elements (NaN for an empty tensor). */
  public Tensor mean() {
    return sum().div(data.length);
  }

  /** Returns the mean along {@code dim}. */
  public Tensor mean(int dim, boolean keepDim) {
    int d = Shapes.normalizeDim("mean", dim, shape.length);
    Shapes.checkShape("mean", Shapes.reduced(shape, d, true));
    return sum(d, keepDim).div(shape[d]);
  }

  /** Returns the mean along {@code dim}, removing it. */
  public Tensor mean(int dim) {
    return mean(dim, false);
  }

  /**
   * Returns the largest element as a 0-d tensor; the gradient is shared equally among ties.
   *
   * @throws IllegalArgumentException if the tensor is empty
   */
  public Tensor max() {
    if (data.length == 0) {
      throw new IllegalArgumentException("max: the tensor is empty (shape " + Shapes.format(shape) + ")");
    }
    return ReduceOps.Max.applyAll(this);
  }

  /** Returns the maximum along {@code dim}; the gradient is shared equally among ties. */
  public Tensor max(int dim, boolean keepDim) {
    int d = Shapes.normalizeDim("max", dim, shape.length);
    checkNotEmpty("max", d);
    return ReduceOps.Max.apply(this, d, keepDim);
  }

  /** Returns the smallest element as a 0-d tensor. */
  public Tensor min() {
    if (data.length == 0) {
      throw new IllegalArgumentException("min: the tensor is empty (shape " + Shapes.format(shape) + ")");
    }
    return neg().max().neg();
  }

  /** Returns the minimum along {@code dim}. */
  public Tensor min(int dim, boolean keepDim) {
    int d = Shapes.normalizeDim("min", dim, shape.length);
    checkNotEmpty("min", d);
    return neg().max(d, keepDim).neg();
  }

  private void checkNotEmpty(String op, int dim) {
    if (shape[dim] == 0) {
      throw new IllegalArgumentException(
          String.format("%s: dim %d of shape %s is empty", op, dim, Shapes.format(shape)));
    }
  }

  /**
   * Returns {@code log(sum(exp(x)))} along {@code dim}, computed stably by subtracting the
   * maximum first; its gradient is {@code softmax(x)}.
   */
  public Tensor logSumExp(int dim, boolean keepDim) {
    int d = Shapes.normalizeDim("logSumExp", dim, shape.length);
    checkNotEmpty("logSumExp", d);
    Tensor m = detach().max(d, true);
    m = new Tensor(Elementwise.map(m.data, v -> Double.isInfinite(v) ? 0 : v), m.shape);
    Tensor out = sub(m).exp().sum(d, true).log().add(m);
    return keepDim ? out : out.squeeze(d);
  }

  /**
   * Returns the unbiased variance along {@code dim}: {@code sum((x - mean)^2) / (n - 1)}, as
   * {@code torch.var}.
   */
  public Tensor var(int dim, boolean keepDim) {
    return var(dim, keepDim, 1);
  }

  /** Returns the variance along {@code dim} with {@code sum((x - mean)^2) / (n - correction)}. */
  public Tensor var(int dim, boolean keepDim, int correction) {
    int d = Shapes.normalizeDim("var", dim, shape.length);
    Shapes.checkShape("var", Shapes.reduced(shape, d, true));
    Tensor centered = sub(mean(d, true));
    return centered.mul(centered).sum(d, keepDim).div(shape[d] - correction);
  }

  /** Returns {@code softmax(x)_i = e^(x_i) / sum_j e^(x_j)} along {@code dim}, stable for large x. */
  public Tensor softmax(int dim) {
    int d = Shapes.normalizeDim("softmax", dim, shape.length);
    checkNotEmpty("softmax", d);
    return logSoftmax(d).exp();
  }

  /** Returns {@code x - logSumExp(x)} along {@code dim}, stable for large x. */
  public Tensor logSoftmax(int dim) {
    int d = Shapes.normalizeDim("logSoftmax", dim, shape.length);
    checkNotEmpty("logSoftmax", d);
    return sub(logSumExp(d, true));
  }

  // ---------------------------------------------------------------- linear algebra

  /**
   * Returns the matrix product, as {@code torch.matmul}: 1-d x 1-d is a dot product; a 1-d
   * left operand is a row vector and a 1-d right operand a column vector (the added dim is
   * removed afterwards); operands of rank 3 or more are batches of matrices whose batch dims
   * broadcast.
   *
   * @throws IllegalArgumentException if an operand is 0-d or the inner sizes differ
   */
  public Tensor matmul(Tensor other) {
    checkOperand("matmul", other);
    if (shape.length == 0 || other.shape.length == 0) {
      throw new IllegalArgumentException(
          String.format(
              "matmul: both operands need at least 1 dim, but got shapes %s and %s",
              Shapes.format(shape), Shapes.format(other.shape)));
    }
    Tensor a = shape.length == 1 ? unsqueeze(0) : this;
    Tensor b = other.shape.length == 1 ? other.unsqueeze(1) : other;
    if (a.shape[a.shape.length - 1] != b.shape[b.shape.length - 2]) {
      throw new IllegalArgumentException(
          String.format(
              "matmul: shapes %s and %s do not align (%d != %d)",
              Shapes.format(shape),
              Shapes.format(other.shape),
              a.shape[a.shape.length - 1],
              b.shape[b.shape.length - 2]));
    }
    Tensor out = LinalgOps.MatMul.apply(a, b);
    if (other.shape.length == 1) {
      out = out.squeeze(-1);
    }
    if (shape.length == 1) {
      out = out.squeeze(other.shape.length == 1 ? -1 : -2);
    }
    return out;
  }

  /**
   * Returns the affine map {@code out = input weight^T + bias}, as PyTorch's {@code F.linear}:
   * {@code out[..., o] = sum_i input[..., i] weight[o, i] + bias[o]}. One fused primitive: the
   * weight is read transposed in place and the bias is added in the same pass;
   * {@code dout/dinput = weight}, {@code dout/dweight = input}, {@code dout/dbias = 1} (summed
   * over the leading dims).
   *
   * @param input shape {@code [..., in]}, rank 1 or more
   * @param weight shape {@code [out, in]}
   * @param bias shape {@code [out]}, or null for no bias
   * @throws IllegalArgumentException if the input is 0-d, the weight is not 2-d, the sizes
   *     {@code in} differ, or the bias is not {@code [out]}
   */
  public static Tensor linear(Tensor input, Tensor weight, Tensor bias) {
    checkNotNull("linear", "input", input);
    checkNotNull("linear", "weight", weight);
    return LinalgOps.Linear.apply(input, weight, bias);
  }

  /** Returns this tensor with dims {@code dim0} and {@code dim1} swapped. */
  public Tensor transpose(int dim0, int dim1) {
    int a = Shapes.normalizeDim("transpose", dim0, shape.length);
    int b = Shapes.normalizeDim("transpose", dim1, shape.length);
    if (a == b) {
      return this;
    }
    int[] perm = new int[shape.length];
    for (int i = 0; i < perm.length; i++) {
      perm[i] = i;
    }
    perm[a] = b;
    perm[b] = a;
    return ShapeOps.Permute.apply(this, perm);
  }

  /**
   * Returns the transpose of a matrix (a tensor of rank 0 or 1 is returned as is).
   *
   * @throws IllegalArgumentException if the rank is above 2
   */
  public Tensor t() {
    if (shape.length > 2) {
      throw new IllegalArgumentException(
          "t: expects at most 2 dims, but shape is " + Shapes.format(shape) + "; use transpose");
    }
    return shape.length < 2 ? this : transpose(0, 1);
  }

  // ---------------------------------------------------------------- shape

  /**
   * Returns the same elements with a new shape; one size may be -1 (inferred).
   *
   * @throws IllegalArgumentException if the element counts differ or more than one size is -1
   */
  public Tensor reshape(int... newShape) {
    checkNotNull("reshape", "the shape", newShape);
    int[] s = newShape.clone();
    int infer = -1;
    long known = 1;
    for (int i = 0; i < s.length; i++) {
      if (s[i] == -1) {
        if (infer >= 0) {
          throw new IllegalArgumentException(
              "reshape: only one size may be -1, but got " + Arrays.toString(newShape));
        }
        infer = i;
      } else if (s[i] < 0) {
        throw new IllegalArgumentException(
            "reshape: negative size in " + Arrays.toString(newShape));
      } else {
        known *= s[i];
      }
    }
    if (infer >= 0) {
      if (known == 0 || data.length % known != 0) {
        throw new IllegalArgumentException(
            String.format(
                "reshape: cannot reshape %s (%d elements) to %s",
                Shapes.format(shape), data.length, Arrays.toString(newShape)));
      }
      s[infer] = (int) (data.length / known);
      known = data.length;
    }
    if (known != data.length) {
      throw new IllegalArgumentException(
          String.format(
              "reshape: cannot reshape %s (%d elements) to %s (%d elements)",
              Shapes.format(shape), data.length, Arrays.toString(newShape), known));
    }
    if (Arrays.equals(s, shape)) {
      return this;
    }
    return ShapeOps.Reshape.apply(this, s);
  }

  /** Returns the elements as a 1-d tensor. */
  public Tensor flatten() {
    return reshape(data.length);
  }

  /** Removes dimension {@code dim} if its size is 1 (otherwise returns this, as PyTorch). */
  public Tensor squeeze(int dim) {
    int d = Shapes.normalizeDim("squeeze", dim, shape.length);
    if (shape[d] != 1) {
      return this;
    }
    return ShapeOps.Reshape.apply(this, Shapes.reduced(shape, d, false));
  }

  /** Inserts a dimension of size 1 at {@code dim} (from {@code -(dim()+1)} to {@code dim()}). */
  public Tensor unsqueeze(int dim) {
    int d = Shapes.normalizeDim("unsqueeze", dim, shape.length + 1);
    int[] s = new int[shape.length + 1];
    for (int i = 0, j = 0; i < s.length; i++) {
      s[i] = i == d ? 1 : shape[j++];
    }
    return ShapeOps.Reshape.apply(this, s);
  }

  /**
   * Returns this tensor broadcast to {@code newShape} (-1 keeps a size); the copies share one
   * gradient, summed.
   *
   * @throws IllegalArgumentException if this shape does not broadcast to {@code newShape}
   */
  public Tensor expand(int... newShape) {
    checkNotNull("expand", "the shape", newShape);
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
      return this;
    }
    return ShapeOps.Expand.apply(this, s);
  }

  /**
   * Returns this tensor with its dims reordered: output dim i is input dim {@code dims[i]}.
   *
   * @throws IllegalArgumentException if {@code dims} is not a permutation of the dims
   */
  public Tensor permute(int... dims) {
    checkNotNull("permute", "dims", dims);
    if (dims.length != shape.length) {
      throw new IllegalArgumentException(
          String.format(
              "permute: %s has %d dims, but shape %s has %d",
              Arrays.toString(dims), dims.length, Shapes.format(shape), shape.length));
    }
    int[] perm = new int[dims.length];
    boolean[] seen = new boolean[dims.length];
    boolean identity = true;
    for (int i = 0; i < dims.length; i++) {
      perm[i] = Shapes.normalizeDim("permute", dims[i], shape.length);
      if (seen[perm[i]]) {
        throw new IllegalArgumentException(
            "permute: " + Arrays.toString(dims) + " repeats dim " + dims[i]);
      }
      seen[perm[i]] = true;
      identity &= perm[i] == i;
    }
    return identity ? this : ShapeOps.Permute.apply(this, perm);
  }

  /**
   * Returns the slice {@code [start, start + length)} along {@code dim}.
   *
   * @throws IllegalArgumentException if the slice leaves the dim's range
   */
  public Tensor narrow(int dim, int start, int length) {
    int d = Shapes.normalizeDim("narrow", dim, shape.length);
    if (start < 0 || length < 0 || (long) start + length > shape[d]) {
      throw new IllegalArgumentException(
          String.format(
              "narrow: start %d and length %d do not fit dim %d of size %d (shape %s)",
              start, length, dim, shape[d], Shapes.format(shape)));
    }
    if (start == 0 && length == shape[d]) {
      return this;
    }
    return ShapeOps.Narrow.apply(this, d, start, length);
  }

  /**
   * Returns the slices {@code index[0], index[1], ...} along {@code dim}, in that order
   * (repeats allowed; their gradients add up).
   *
   * @throws IllegalArgumentException if an index is out of range
   */
  public Tensor indexSelect(int dim, int[] index) {
    int d = Shapes.normalizeDim("indexSelect", dim, shape.length);
    if (index == null) {
      throw new IllegalArgumentException("indexSelect: index must not be null");
    }
    for (int i = 0; i < index.length; i++) {
      if (index[i] < 0 || index[i] >= shape[d]) {
        throw new IllegalArgumentException(
            String.format(
                "indexSelect: index[%d] = %d is out of range for dim %d of size %d (shape %s)",
                i, index[i], dim, shape[d], Shapes.format(shape)));
      }
    }
    int[] outShape = shape.clone();
    outShape[d] = index.length;
    Shapes.checkShape("indexSelect", outShape); // 65536 picks of a [1, 65536] row would not fit
    return ShapeOps.IndexSelect.apply(this, d, index.clone());
  }

  /**
   * Returns the tensors joined along {@code dim}; all other sizes must match.
   *
   * @throws IllegalArgumentException if the list is empty or the shapes disagree
   */
  public static Tensor cat(List<Tensor> tensors, int dim) {
    if (tensors == null || tensors.isEmpty()) {
      throw new IllegalArgumentException("cat: needs at least one tensor");
    }
    Tensor[] parts = tensors.toArray(new Tensor[0]);
    for (int i = 0; i < parts.length; i++) {
      checkOperand("cat", parts[i]);
    }
    int[] first = parts[0].shape;
    if (first.length == 0) {
      throw new IllegalArgumentException("cat: 0-d tensors cannot be joined; use stack");
    }
    int d = Shapes.normalizeDim("cat", dim, first.length);
    for (int i = 1; i < parts.length; i++) {
      int[] s = parts[i].shape;
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
    }
    long total = 0;
    for (Tensor p : parts) {
      total += p.shape[d];
    }
    if (total > Shapes.MAX_ELEMENTS) {
      throw new IllegalArgumentException(
          String.format("cat: the joined dim %d would have size %d, more than an int holds", dim, total));
    }
    if (parts.length == 1) {
      return parts[0];
    }
    return ShapeOps.Cat.apply(parts, d);
  }

  /**
   * Returns the tensors stacked along a new dim {@code dim}; all shapes must be equal.
   *
   * @throws IllegalArgumentException if the list is empty or the shapes differ
   */
  public static Tensor stack(List<Tensor> tensors, int dim) {
    if (tensors == null || tensors.isEmpty()) {
      throw new IllegalArgumentException("stack: needs at least one tensor");
    }
    int[] first = checkOperand("stack", tensors.get(0)).shape;
    int d = Shapes.normalizeDim("stack", dim, first.length + 1);
    List<Tensor> parts = new ArrayList<>(tensors.size());
    for (int i = 0; i < tensors.size(); i++) {
      Tensor t = checkOperand("stack", tensors.get(i));
      if (!Arrays.equals(t.shape, first)) {
        throw new IllegalArgumentException(
            String.format(
                "stack: tensor %d has shape %s, but tensor 0 has %s",
                i, Shapes.format(t.shape), Shapes.format(first)));
      }
      parts.add(t.unsqueeze(d));
    }
    return parts.size() == 1 ? parts.get(0) : ShapeOps.Cat.apply(parts.toArray(new Tensor[0]), d);
  }

  // ---------------------------------------------------------------- display

  /**
   * Returns the values (elided with "..." beyond 6 per dim when there are more than 1000), the
   * shape, and the op that produced the tensor, e.g. {@code tensor([1.0, 2.0], shape=[2],
   * op=add)}.
   */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("tensor(");
    appendValues(sb, 0, 0, data.length > 1000);
    sb.append(", shape=").append(Shapes.format(shape));
    if (op != null) {
      sb.append(", op=").append(op.name());
    } else if (requiresGrad) {
      sb.append(", requiresGrad");
    }
    if (label != null) {
      sb.append(", label=").append(label);
    }
    return sb.append(')').toString();
  }

  private void appendValues(StringBuilder sb, int dim, int offset, boolean elide) {
    if (dim == shape.length) {
      sb.append(data[offset]);
      return;
    }
    int n = shape[dim];
    int stride = Shapes.prod(shape, dim + 1, shape.length);
    sb.append('[');
    for (int i = 0; i < n; i++) {
      if (elide && n > 6 && i == 3) {
        sb.append("..., ");
        i = n - 3;
      }
      appendValues(sb, dim + 1, offset + i * stride, elide);
      if (i < n - 1) {
        sb.append(", ");
      }
    }
    sb.append(']');
  }
}
