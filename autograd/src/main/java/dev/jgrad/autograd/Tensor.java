package dev.jgrad.autograd;

import dev.jgrad.autograd.graph.Engine;
import dev.jgrad.autograd.graph.Node;
import dev.jgrad.autograd.kernels.InPlace;
import dev.jgrad.autograd.kernels.Storage;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * An n-dimensional array of {@code double}s or {@code float}s (row-major, contiguous; see
 * {@link DType}) that is also a node of the computation graph.
 *
 * <p>Every op returns a new tensor that remembers its inputs and its {@link Op}; {@link
 * #backward()} then applies the chain rule from this node back to every leaf that called {@link
 * #requiresGrad()}. The graph half of a tensor (op, inputs, gradient, hooks) is its superclass
 * {@link Node}; the elements are its {@link Storage}. Tensors are immutable from the outside,
 * except for the in-place updates of leaves ({@link #assign}, {@link #addInPlace} and its
 * siblings, {@link #setData}) that optimizers use under {@link Autograd#noGrad()}. Elementwise ops
 * broadcast as NumPy does and promote dtypes as PyTorch does; dims may be negative, counting from
 * the end. Each method is one line: the ops, their checks and their derivatives live in the op
 * family files ({@code UnaryOps}, {@code BinaryOps}, {@code ReduceOps}, {@code LinalgOps},
 * {@code ShapeOps}).
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
public final class Tensor extends Node {
  private static final int[] SCALAR_SHAPE = new int[0];

  /**
   * The elements: a {@code double[]} or a {@code float[]}, kept bare (one object fewer per
   * node than a {@link Storage} would cost) and handed out as a {@code Storage} view.
   */
  private Object elements;
  private final int[] shape;
  private String label;

  private Tensor(Storage storage, int[] shape) {
    this.elements = storage.backing();
    this.shape = shape;
  }

  /**
   * Wraps storage without copying, for ops and kernels that just allocated it; the shape array
   * is kept as is and must not change afterwards.
   */
  static Tensor wrap(Storage storage, int[] shape) {
    return new Tensor(storage, shape);
  }

  /** Returns the shape array itself (not a copy), for the op families; never modify it. */
  int[] shapeArray() {
    return shape;
  }

  @Override
  protected int[] nodeShape() {
    return shape;
  }

  /** Returns the shape as text, {@code [2, 3]}. */
  String shapeString() {
    return Arrays.toString(shape);
  }

  /** Returns a 0-d constant holding {@code value} in this tensor's dtype. */
  Tensor scalarLike(double value) {
    return new Tensor(Storage.scalar(Storage.dtypeOf(elements), value), SCALAR_SHAPE);
  }

  // ---------------------------------------------------------------- factories

  /**
   * {@return an F64 tensor holding a copy of {@code data} with the given shape; with no shape, a
   * 1-d tensor of {@code data.length} elements (use {@link #scalar} for a 0-d one)}
   *
   * @param data the elements in row-major order, copied
   * @param shape the size of each dimension; none for a 1-d tensor
   * @throws IllegalArgumentException if the shape has a negative size or its element count
   *     differs from {@code data.length}
   */
  public static Tensor of(double[] data, int... shape) {
    checkNotNull("of", "data", data);
    return new Tensor(Storage.of(data.clone()), checkCount(data.length, shape));
  }

  /**
   * {@return an F32 tensor holding a copy of {@code data} with the given shape; with no shape, a
   * 1-d tensor of {@code data.length} elements}
   *
   * @param data the elements in row-major order, copied
   * @param shape the size of each dimension; none for a 1-d tensor
   * @throws IllegalArgumentException if the shape has a negative size or its element count
   *     differs from {@code data.length}
   */
  public static Tensor of(float[] data, int... shape) {
    checkNotNull("of", "data", data);
    return new Tensor(Storage.of(data.clone()), checkCount(data.length, shape));
  }

  private static int[] checkCount(int length, int[] shape) {
    checkNotNull("of", "the shape", shape);
    int[] s = shape.length == 0 ? new int[] {length} : Shapes.checkShape("of", shape);
    int n = Shapes.numel(s);
    if (n != length) {
      throw new IllegalArgumentException(
          String.format(
              "of: shape %s needs %d elements, but data has %d", Shapes.format(s), n, length));
    }
    return s;
  }

  /**
   * {@return a 2-d F64 tensor holding a copy of the rows}
   *
   * @param rows the rows of the matrix, all of the same length
   * @throws IllegalArgumentException if the rows are ragged or null
   */
  public static Tensor of(double[][] rows) {
    checkNotNull("of", "rows", rows);
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
    return new Tensor(Storage.of(data), new int[] {rows.length, cols});
  }

  private static int lengthOf(double[][] rows, int i) {
    if (rows[i] == null) {
      throw new IllegalArgumentException("of: row " + i + " is null");
    }
    return rows[i].length;
  }

  /**
   * {@return a 0-d F64 tensor holding {@code value}}
   *
   * @param value the element
   */
  public static Tensor scalar(double value) {
    return new Tensor(Storage.scalar(DType.F64, value), SCALAR_SHAPE);
  }

  /**
   * {@return a 0-d tensor of {@code dtype} holding {@code value}}
   *
   * @param dtype the element type of the result
   * @param value the element
   */
  public static Tensor scalar(DType dtype, double value) {
    return new Tensor(Storage.scalar(checkDtype("scalar", dtype), value), SCALAR_SHAPE);
  }

  /**
   * {@return an F64 tensor of zeros}
   *
   * @param shape the size of each dimension
   * @throws IllegalArgumentException on a negative size
   */
  public static Tensor zeros(int... shape) {
    return zeros(DType.F64, shape);
  }

  /**
   * {@return a tensor of zeros of {@code dtype}}
   *
   * @param dtype the element type of the result
   * @param shape the size of each dimension
   * @throws IllegalArgumentException on a negative size
   */
  public static Tensor zeros(DType dtype, int... shape) {
    int[] s = Shapes.checkShape("zeros", shape);
    return new Tensor(Storage.zeros(checkDtype("zeros", dtype), Shapes.numel(s)), s);
  }

  /**
   * {@return an F64 tensor of ones}
   *
   * @param shape the size of each dimension
   * @throws IllegalArgumentException on a negative size
   */
  public static Tensor ones(int... shape) {
    return full(DType.F64, 1, Shapes.checkShape("ones", shape));
  }

  /**
   * {@return a tensor of ones of {@code dtype}}
   *
   * @param dtype the element type of the result
   * @param shape the size of each dimension
   * @throws IllegalArgumentException on a negative size
   */
  public static Tensor ones(DType dtype, int... shape) {
    return full(dtype, 1, Shapes.checkShape("ones", shape));
  }

  /**
   * {@return an F64 tensor with every element equal to {@code value}}
   *
   * @param value the value of every element
   * @param shape the size of each dimension
   */
  public static Tensor full(double value, int... shape) {
    return full(DType.F64, value, shape);
  }

  /**
   * {@return a tensor of {@code dtype} with every element equal to {@code value}}
   *
   * @param dtype the element type of the result
   * @param value the value of every element
   * @param shape the size of each dimension
   */
  public static Tensor full(DType dtype, double value, int... shape) {
    int[] s = Shapes.checkShape("full", shape);
    return new Tensor(Storage.full(checkDtype("full", dtype), Shapes.numel(s), value), s);
  }

  /** {@return zeros of this tensor's shape and dtype} */
  public Tensor zerosLike() {
    return new Tensor(Storage.zeros(Storage.dtypeOf(elements), Storage.sizeOf(elements)), shape);
  }

  /** {@return ones of this tensor's shape and dtype} */
  public Tensor onesLike() {
    return new Tensor(Storage.full(Storage.dtypeOf(elements), Storage.sizeOf(elements), 1), shape);
  }

  /**
   * {@return the 1-d F64 tensor {@code [0, 1, ..., n-1]}}
   *
   * @param n the number of elements
   */
  public static Tensor arange(int n) {
    return arange(DType.F64, 0, n, 1);
  }

  /**
   * {@return the 1-d tensor {@code [0, 1, ..., n-1]} of {@code dtype}}
   *
   * @param dtype the element type of the result
   * @param n the number of elements
   */
  public static Tensor arange(DType dtype, int n) {
    return arange(dtype, 0, n, 1);
  }

  /**
   * {@return the 1-d F64 tensor {@code start, start + step, ...} of values below {@code end}
   * (above, for a negative step), as {@code torch.arange}}
   *
   * @param start the first value
   * @param end the exclusive bound
   * @param step the difference between consecutive values
   * @throws IllegalArgumentException if {@code step} is 0 or not finite
   */
  public static Tensor arange(double start, double end, double step) {
    return arange(DType.F64, start, end, step);
  }

  /**
   * As {@link #arange(double, double, double)}, in {@code dtype}.
   *
   * @param dtype the element type of the result
   * @param start the first value
   * @param end the exclusive bound
   * @param step the difference between consecutive values
   * @return the values {@code start, start + step, ...} before {@code end}
   */
  public static Tensor arange(DType dtype, double start, double end, double step) {
    checkDtype("arange", dtype);
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
    Storage data = Storage.zeros(dtype, (int) n);
    for (int i = 0; i < n; i++) {
      data.set(i, start + i * step);
    }
    return new Tensor(data, new int[] {(int) n});
  }

  /**
   * {@return the {@code n x n} F64 identity matrix}
   *
   * @param n the number of rows and columns
   */
  public static Tensor eye(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("eye: negative size " + n);
    }
    Storage data = Storage.zeros(DType.F64, Shapes.numel(Shapes.checkShape("eye", n, n)));
    for (int i = 0; i < n; i++) {
      data.set(i * n + i, 1);
    }
    return new Tensor(data, new int[] {n, n});
  }

  /**
   * {@return F64 standard normal samples drawn from {@code random}}
   *
   * @param random the source of the samples (seed it for repeatable draws)
   * @param shape the size of each dimension
   */
  public static Tensor randn(Random random, int... shape) {
    return randn(DType.F64, random, shape);
  }

  /**
   * {@return standard normal samples drawn from {@code random}, rounded to {@code dtype} (the same
   * draws as the F64 version, so a seed gives the same numbers in both dtypes)}
   *
   * @param dtype the element type of the result
   * @param random the source of the samples (seed it for repeatable draws)
   * @param shape the size of each dimension
   */
  public static Tensor randn(DType dtype, Random random, int... shape) {
    checkNotNull("randn", "random", random);
    int[] s = Shapes.checkShape("randn", shape);
    Storage data = Storage.zeros(checkDtype("randn", dtype), Shapes.numel(s));
    for (int i = 0; i < data.size(); i++) {
      data.set(i, random.nextGaussian());
    }
    return new Tensor(data, s);
  }

  /**
   * {@return F64 samples uniform in {@code [0, 1)} drawn from {@code random}}
   *
   * @param random the source of the samples (seed it for repeatable draws)
   * @param shape the size of each dimension
   */
  public static Tensor rand(Random random, int... shape) {
    return rand(DType.F64, random, shape);
  }

  /**
   * {@return samples uniform in {@code [0, 1)} drawn from {@code random}, rounded to {@code dtype}}
   *
   * @param dtype the element type of the result
   * @param random the source of the samples (seed it for repeatable draws)
   * @param shape the size of each dimension
   */
  public static Tensor rand(DType dtype, Random random, int... shape) {
    checkNotNull("rand", "random", random);
    int[] s = Shapes.checkShape("rand", shape);
    Storage data = Storage.zeros(checkDtype("rand", dtype), Shapes.numel(s));
    for (int i = 0; i < data.size(); i++) {
      double v = random.nextDouble();
      // Rounding to float may give 1.0f for v just below 1: keep the half-open interval.
      data.set(i, dtype == DType.F32 && (float) v == 1.0f ? Math.nextDown(1.0f) : v);
    }
    return new Tensor(data, s);
  }

  private static DType checkDtype(String op, DType dtype) {
    if (dtype == null) {
      throw new IllegalArgumentException(op + ": the dtype must not be null (F64 or F32)");
    }
    return dtype;
  }

  private static void checkNotNull(String op, String what, Object argument) {
    if (argument == null) {
      throw new IllegalArgumentException(op + ": " + what + " must not be null");
    }
  }

  // ---------------------------------------------------------------- accessors

  /** {@return the element type} */
  public DType dtype() {
    return Storage.dtypeOf(elements);
  }

  /**
   * {@return the elements (no copy): read them with {@link Storage#get}} Writing to it bypasses
   * the graph; use the in-place updates of leaves instead.
   */
  public Storage storage() {
    return Storage.view(elements);
  }

  /** {@return a copy of the shape} */
  public int[] shape() {
    return shape.clone();
  }

  /**
   * {@return the size of dimension {@code dim} (negative counts from the end)}
   *
   * @param dim the dimension (negative counts from the end)
   */
  public int size(int dim) {
    return shape[Shapes.normalizeDim("size", dim, shape.length)];
  }

  /** {@return the row-major strides: how many elements apart neighbours along each dim are} */
  public int[] strides() {
    return Shapes.strides(shape);
  }

  /** {@return the number of dimensions (0 for a scalar)} */
  public int dim() {
    return shape.length;
  }

  /** {@return the number of elements} */
  public int numel() {
    return Storage.sizeOf(elements);
  }

  /**
   * {@return the single element (as a double, whatever the dtype)}
   *
   * @throws IllegalArgumentException if the tensor does not have exactly one element
   */
  public double item() {
    if (Storage.sizeOf(elements) != 1) {
      throw new IllegalArgumentException(
          String.format(
              "item: needs exactly one element, but shape %s has %d",
              Shapes.format(shape), Storage.sizeOf(elements)));
    }
    return storage().get(0);
  }

  /** {@return a row-major copy of the elements as doubles (exact for both dtypes)} */
  public double[] toArray() {
    return storage().toDoubleArray();
  }

  /** {@return a row-major copy of the elements as floats (rounded to nearest for F64)} */
  public float[] toFloatArray() {
    return storage().toFloatArray();
  }

  /** {@return whether every element is finite (no NaN, no infinity)} */
  public boolean isFinite() {
    return storage().allFinite();
  }

  /**
   * {@return the element at {@code index} (one index per dimension, negative counts from the end)}
   *
   * @param index one index per dimension (negative counts from the end)
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
    return storage().get(offset);
  }

  /** {@return the display label, or null} Labels never change behaviour. */
  public String label() {
    return label;
  }

  /**
   * Sets the display label used by graph pictures and error messages; returns {@code this}.
   *
   * @param label the label to show
   * @return this tensor
   */
  public Tensor label(String label) {
    this.label = label;
    return this;
  }

  // ---------------------------------------------------------------- autograd

  /**
   * {@return a new leaf sharing this tensor's values, cut from the graph (no gradient flows
   * through it)}
   */
  public Tensor detach() {
    return new Tensor(storage(), shape);
  }

  /** {@return a new leaf holding a copy of the values, with this tensor's shape and dtype} */
  public Tensor copy() {
    return new Tensor(storage().copy(), shape);
  }

  /**
   * {@return this tensor converted to {@code dtype} (itself when it already has it)}
   * Differentiable: the gradient comes back converted to this tensor's dtype.
   *
   * @param dtype the element type to convert to
   * @throws IllegalArgumentException if {@code dtype} is null
   */
  public Tensor to(DType dtype) {
    return UnaryOps.to(this, dtype);
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

  /**
   * As {@link #backward()}, keeping the graph for another backward when {@code retainGraph}.
   *
   * @param retainGraph whether to keep the graph for another backward
   */
  public void backward(boolean retainGraph) {
    backward(null, retainGraph);
  }

  /**
   * Backpropagates {@code upstream} (the gradient of some loss with respect to this tensor).
   *
   * @param upstream the gradient of the loss with respect to this tensor, of this shape
   */
  public void backward(Tensor upstream) {
    backward(upstream, false);
  }

  /**
   * Backpropagates {@code upstream}, or 1 for a one-element tensor when it is null.
   *
   * @param upstream the gradient of the loss with respect to this tensor, of this shape; null for 1
   * @param retainGraph whether to keep the graph for another backward
   * @throws IllegalArgumentException if {@code upstream} is null for a non-scalar or has another shape
   * @throws IllegalStateException if this tensor does not require grad or its graph was freed
   */
  public void backward(Tensor upstream, boolean retainGraph) {
    Engine.backward(
        List.of(this), Collections.singletonList(upstream), retainGraph, false, null, null);
  }

  // ---------------------------------------------------------------- in-place updates of leaves

  /**
   * Copies {@code source}'s values into this leaf in place, converted to this tensor's dtype
   * (what optimizers and initializers use). Run it outside of any forward pass that still needs
   * the old values.
   *
   * @param source the tensor whose values are copied, of this shape
   * @throws IllegalArgumentException if the shapes differ
   * @throws IllegalStateException if this tensor is not a leaf
   */
  public void assign(Tensor source) {
    checkNotNull("assign", "the source", source);
    checkInPlace("assign", source);
    InPlace.copy(storage(), source.storage());
  }

  /**
   * Replaces this leaf's values with {@code source}'s, taking its dtype too (as assigning
   * {@code p.data} in PyTorch): what {@code Module.to(DType)} uses, so that modules keep their
   * parameter objects. A gradient of another dtype is cleared.
   *
   * @param source the tensor whose values and dtype are taken, of this shape
   * @throws IllegalArgumentException if the shapes differ
   * @throws IllegalStateException if this tensor is not a leaf
   */
  public void setData(Tensor source) {
    checkNotNull("setData", "the source", source);
    checkInPlace("setData", source);
    if (grad() != null && grad().dtype() != source.dtype()) {
      zeroGrad();
    }
    elements = source.storage().copy().backing();
  }

  /**
   * Adds {@code alpha * other} to this leaf in place ({@code torch.Tensor.add_(other, alpha)}),
   * {@code other} broadcast to this shape.
   *
   * @param other the tensor to add, broadcast to this shape
   * @param alpha the factor applied to {@code other}
   * @return this tensor
   * @throws IllegalArgumentException if {@code other} does not broadcast to this shape
   * @throws IllegalStateException if this is not a leaf, or a leaf that requires grad while
   *     grad mode is on
   */
  public Tensor addInPlace(Tensor other, double alpha) {
    checkInPlaceOperand("addInPlace", other);
    InPlace.axpy(storage(), shape, other.storage(), other.shape, alpha);
    return this;
  }

  /**
   * Multiplies this leaf by {@code factor} in place; the checks of {@link #addInPlace}.
   *
   * @param factor the factor to multiply by
   * @return this tensor
   */
  public Tensor mulInPlace(double factor) {
    checkInPlaceOperand("mulInPlace", this);
    InPlace.scale(storage(), factor);
    return this;
  }

  /**
   * Adds {@code value * a * b} to this leaf in place ({@code torch.Tensor.addcmul_}); {@code a}
   * and {@code b} have this shape.
   *
   * @param a the first factor, of this shape
   * @param b the second factor, of this shape
   * @param value the scale applied to {@code a * b}
   * @return this tensor
   */
  public Tensor addcmulInPlace(Tensor a, Tensor b, double value) {
    checkInPlaceOperand("addcmulInPlace", a);
    checkInPlaceOperand("addcmulInPlace", b);
    InPlace.addcmul(storage(), broadcastToThis(a).storage(), broadcastToThis(b).storage(), value);
    return this;
  }

  /**
   * Adds {@code value * a / b} to this leaf in place ({@code torch.Tensor.addcdiv_}); {@code a}
   * and {@code b} have this shape.
   *
   * @param a the numerator, of this shape
   * @param b the denominator, of this shape
   * @param value the scale applied to {@code a / b}
   * @return this tensor
   */
  public Tensor addcdivInPlace(Tensor a, Tensor b, double value) {
    checkInPlaceOperand("addcdivInPlace", a);
    checkInPlaceOperand("addcdivInPlace", b);
    InPlace.addcdiv(storage(), broadcastToThis(a).storage(), broadcastToThis(b).storage(), value);
    return this;
  }

  /**
   * {@return this leaf's own storage for an in-place update: the one sanctioned way to write a
   * leaf's elements directly, what optimizers use (their state and math stay out of the graph)}
   * Write it with {@link Storage#set}, inside {@link Autograd#noGrad()}, and not while a graph that
   * still needs the old values is alive.
   *
   * @param caller names the caller in errors, e.g. {@code "Adam.step"}
   * @throws IllegalStateException if this is not a leaf, or it requires grad while grad mode is on
   */
  public Storage storageForUpdate(String caller) {
    checkLeaf(caller + "InPlace");
    return storage();
  }

  /** Returns {@code operand} broadcast to this shape (itself when it has it). */
  private Tensor broadcastToThis(Tensor operand) {
    return Arrays.equals(operand.shape, shape) ? operand : operand.detach().expand(shape);
  }

  /** The one gate of every in-place update: a leaf, with the source's shape. */
  private void checkInPlace(String op, Tensor source) {
    checkLeaf(op);
    if (!Arrays.equals(shape, source.shape)) {
      throw new IllegalArgumentException(
          String.format(
              "%s: shape %s cannot be assigned to a tensor of shape %s",
              op, Shapes.format(source.shape), Shapes.format(shape)));
    }
  }

  private void checkLeaf(String op) {
    if (op() != null) {
      throw new IllegalStateException(
          op + ": only leaves can be updated in place, but this tensor was produced by "
              + op().name());
    }
    if (op.endsWith("InPlace") && isGradRequired() && Autograd.isGradEnabled()) {
      throw new IllegalStateException(
          op + ": this leaf requires grad; update it inside try (var off = Autograd.noGrad())"
              + " so the change is not mistaken for part of a graph");
    }
  }

  private void checkInPlaceOperand(String op, Tensor operand) {
    checkNotNull(op, "the operand", operand);
    checkLeaf(op);
    if (!Shapes.broadcastsTo(operand.shape, shape)) {
      throw new IllegalArgumentException(
          String.format(
              "%s: operand shape %s does not broadcast to this tensor's shape %s",
              op, Shapes.format(operand.shape), Shapes.format(shape)));
    }
  }

  // ---------------------------------------------------------------- binary elementwise

  /**
   * {@return {@code this + other}, broadcast and promoted}
   *
   * @param other the right operand, broadcast against this tensor
   */
  public Tensor add(Tensor other) {
    return BinaryOps.apply(BinaryOps.Add.OP, this, other, "add");
  }

  /**
   * {@return {@code this + c} (c does not change the dtype)}
   *
   * @param c the scalar right operand
   */
  public Tensor add(double c) {
    return BinaryOps.apply(BinaryOps.Add.OP, this, scalarLike(c), "add");
  }

  /**
   * {@return {@code this - other}, broadcast and promoted}
   *
   * @param other the right operand, broadcast against this tensor
   */
  public Tensor sub(Tensor other) {
    return BinaryOps.apply(BinaryOps.Sub.OP, this, other, "sub");
  }

  /**
   * {@return {@code this - c}}
   *
   * @param c the scalar right operand
   */
  public Tensor sub(double c) {
    return BinaryOps.apply(BinaryOps.Sub.OP, this, scalarLike(c), "sub");
  }

  /**
   * {@return {@code this * other} elementwise, broadcast and promoted}
   *
   * @param other the right operand, broadcast against this tensor
   */
  public Tensor mul(Tensor other) {
    return BinaryOps.apply(BinaryOps.Mul.OP, this, other, "mul");
  }

  /**
   * {@return {@code this * c}}
   *
   * @param c the scalar right operand
   */
  public Tensor mul(double c) {
    return BinaryOps.apply(BinaryOps.Mul.OP, this, scalarLike(c), "mul");
  }

  /**
   * {@return {@code this / other} elementwise, broadcast (IEEE: x/0 is +-Inf or NaN)}
   *
   * @param other the right operand, broadcast against this tensor
   */
  public Tensor div(Tensor other) {
    return BinaryOps.apply(BinaryOps.Div.OP, this, other, "div");
  }

  /**
   * {@return {@code this / c}}
   *
   * @param c the scalar right operand
   */
  public Tensor div(double c) {
    return BinaryOps.apply(BinaryOps.Div.OP, this, scalarLike(c), "div");
  }

  /**
   * {@return {@code this ^ exponent} elementwise; {@code d/dx = p x^(p-1)}}
   *
   * @param exponent the power {@code p}
   */
  public Tensor pow(double exponent) {
    return UnaryOps.pow(this, exponent);
  }

  /**
   * {@return {@code this ^ exponent} elementwise, broadcast; differentiable in both}
   *
   * @param exponent the power, broadcast against this tensor
   */
  public Tensor pow(Tensor exponent) {
    return BinaryOps.apply(BinaryOps.Pow.OP, this, exponent, "pow");
  }

  /**
   * {@return the elementwise maximum, broadcast; at ties each side gets half the gradient}
   *
   * @param other the right operand, broadcast against this tensor
   */
  public Tensor maximum(Tensor other) {
    return BinaryOps.maximum(this, other);
  }

  /**
   * {@return the elementwise minimum, broadcast; at ties each side gets half the gradient}
   *
   * @param other the right operand, broadcast against this tensor
   */
  public Tensor minimum(Tensor other) {
    return BinaryOps.minimum(this, other);
  }

  // ---------------------------------------------------------------- unary elementwise

  /** {@return {@code -this}} */
  public Tensor neg() {
    return UnaryOps.apply(UnaryOps.Neg.OP, this);
  }

  /** {@return {@code e^this}} */
  public Tensor exp() {
    return UnaryOps.apply(UnaryOps.Exp.OP, this);
  }

  /** {@return the natural logarithm (NaN below 0, -Inf at 0, as IEEE)} */
  public Tensor log() {
    return UnaryOps.apply(UnaryOps.Log.OP, this);
  }

  /** {@return {@code ln(1 + this)}, accurate where {@code this} is tiny (NaN below -1)} */
  public Tensor log1p() {
    return UnaryOps.apply(UnaryOps.Log1p.OP, this);
  }

  /** {@return the square root (NaN below 0)} */
  public Tensor sqrt() {
    return UnaryOps.apply(UnaryOps.Sqrt.OP, this);
  }

  /** {@return the absolute value; its derivative at 0 is taken as 0} */
  public Tensor abs() {
    return UnaryOps.apply(UnaryOps.Abs.OP, this);
  }

  /** {@return the sine} */
  public Tensor sin() {
    return UnaryOps.apply(UnaryOps.Sin.OP, this);
  }

  /** {@return the cosine} */
  public Tensor cos() {
    return UnaryOps.apply(UnaryOps.Cos.OP, this);
  }

  /** {@return the hyperbolic tangent} */
  public Tensor tanh() {
    return UnaryOps.apply(UnaryOps.Tanh.OP, this);
  }

  /** {@return the logistic sigmoid {@code 1 / (1 + e^-x)}, stable for large |x|} */
  public Tensor sigmoid() {
    return UnaryOps.apply(UnaryOps.Sigmoid.OP, this);
  }

  /** {@return {@code max(x, 0)}; its derivative at 0 is taken as 0} */
  public Tensor relu() {
    return UnaryOps.apply(UnaryOps.Relu.OP, this);
  }

  /**
   * {@return {@code x} where positive, {@code slope * x} elsewhere}
   *
   * @param slope the factor applied to negative elements
   */
  public Tensor leakyRelu(double slope) {
    return UnaryOps.leakyRelu(this, slope);
  }

  /** {@return {@code ln(1 + e^x)}, stable for large |x|} */
  public Tensor softplus() {
    return UnaryOps.apply(UnaryOps.Softplus.OP, this);
  }

  /** {@return the Gauss error function {@code erf(x)}} */
  public Tensor erf() {
    return UnaryOps.apply(UnaryOps.Erf.OP, this);
  }

  /**
   * {@return the exact GELU, {@code x * Phi(x) = x/2 (1 + erf(x / sqrt 2))} (as PyTorch's
   * default)}
   */
  public Tensor gelu() {
    return UnaryOps.gelu(this);
  }

  /**
   * {@return GELU in its tanh form, {@code 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))}
   * (Hendrycks &amp; Gimpel 2016; GPT-2's activation, PyTorch's {@code
   * gelu(approximate="tanh")}), as one fused node}
   */
  public Tensor geluTanh() {
    return UnaryOps.geluTanh(this);
  }

  /**
   * {@return this clamped to {@code [min, max]}; the gradient is 1 inside (boundaries included)
   * and 0 outside}
   *
   * @param min the lower bound
   * @param max the upper bound
   * @throws IllegalArgumentException if {@code min > max} or either is NaN
   */
  public Tensor clamp(double min, double max) {
    return UnaryOps.clamp(this, min, max);
  }

  /** {@return the sign: -1, 0 or 1 (NaN stays NaN); not differentiable, no graph} */
  public Tensor sign() {
    return UnaryOps.sign(this);
  }

  // ---------------------------------------------------------------- comparisons (no grad)

  /**
   * {@return 1 where {@code this > other}, else 0 (broadcast; no graph)}
   *
   * @param other the right operand, broadcast against this tensor
   */
  public Tensor gt(Tensor other) {
    return BinaryOps.compare("gt", this, other, (a, b) -> a > b ? 1 : 0);
  }

  /**
   * {@return 1 where {@code this > c}, else 0}
   *
   * @param c the scalar right operand
   */
  public Tensor gt(double c) {
    return gt(scalarLike(c));
  }

  /**
   * {@return 1 where {@code this < other}, else 0 (broadcast; no graph)}
   *
   * @param other the right operand, broadcast against this tensor
   */
  public Tensor lt(Tensor other) {
    return BinaryOps.compare("lt", this, other, (a, b) -> a < b ? 1 : 0);
  }

  /**
   * {@return 1 where {@code this < c}, else 0}
   *
   * @param c the scalar right operand
   */
  public Tensor lt(double c) {
    return lt(scalarLike(c));
  }

  /**
   * {@return 1 where {@code this == other}, else 0 (broadcast; no graph)}
   *
   * @param other the right operand, broadcast against this tensor
   */
  public Tensor eq(Tensor other) {
    return BinaryOps.compare("eq", this, other, (a, b) -> a == b ? 1 : 0);
  }

  /**
   * {@return 1 where {@code this == c}, else 0}
   *
   * @param c the scalar right operand
   */
  public Tensor eq(double c) {
    return eq(scalarLike(c));
  }

  /**
   * {@return the index of the largest element along {@code dim} (the first, at ties), as an F64
   * tensor with that dim removed; no graph}
   *
   * @param dim the dimension to search (negative counts from the end)
   */
  public Tensor argmax(int dim) {
    return ReduceOps.argmax(this, dim);
  }

  /**
   * {@return {@code condition ? a : b} elementwise (nonzero means true), all three broadcast}
   *
   * <p>The gradient rule: the upstream gradient is selected, not multiplied by a 0/1 mask, so
   * each branch receives exactly 0 where it was not taken, and NaN or Inf values in the branch
   * not taken never reach the gradient of the other. A branch's own backward still multiplies
   * that 0 by its local derivative, and {@code 0 * Inf} is NaN (IEEE, as in PyTorch): {@code
   * where(x.gt(0), x.sqrt(), zero)} has a NaN gradient at x = 0. Make the branch harmless where
   * it is not taken ("double where"): {@code where(c, where(c, x, one).sqrt(), zero)}.
   *
   * @param condition where nonzero, the element comes from {@code a}
   * @param a the values taken where {@code condition} is nonzero
   * @param b the values taken where {@code condition} is zero
   */
  public static Tensor where(Tensor condition, Tensor a, Tensor b) {
    return BinaryOps.where(condition, a, b);
  }

  /**
   * {@return {@code condition ? this : other} elementwise, broadcast}
   *
   * @param condition where nonzero, the element comes from this tensor
   * @param other the values taken where {@code condition} is zero
   */
  public Tensor where(Tensor condition, Tensor other) {
    return BinaryOps.where(condition, this, other);
  }

  /**
   * {@return {@code condition ? this : other} elementwise}
   *
   * @param condition where nonzero, the element comes from this tensor
   * @param other the value taken where {@code condition} is zero
   */
  public Tensor where(Tensor condition, double other) {
    return BinaryOps.where(condition, this, scalarLike(other));
  }

  // ---------------------------------------------------------------- reductions

  /** {@return the sum of all elements, as a 0-d tensor} */
  public Tensor sum() {
    return ReduceOps.sum(this);
  }

  /**
   * {@return the sum along {@code dim}, keeping it as size 1 when {@code keepDim}}
   *
   * @param dim the dimension to reduce (negative counts from the end)
   * @param keepDim whether the reduced dimension stays, with size 1
   */
  public Tensor sum(int dim, boolean keepDim) {
    return ReduceOps.sum(this, dim, keepDim);
  }

  /**
   * {@return the sum along {@code dim}, removing it}
   *
   * @param dim the dimension to reduce (negative counts from the end)
   */
  public Tensor sum(int dim) {
    return ReduceOps.sum(this, dim, false);
  }

  /**
   * {@return this gradient-style tensor summed down to {@code target}, the inverse of
   * broadcasting: leading dims are summed away and dims of size 1 in {@code target} are summed
   * with keepDim}
   *
   * @param target the shape to sum down to
   * @throws IllegalArgumentException if {@code target} does not broadcast to this shape
   */
  public Tensor sumTo(int... target) {
    return ReduceOps.sumTo(this, target);
  }

  /** {@return the mean of all elements (NaN for an empty tensor)} */
  public Tensor mean() {
    return ReduceOps.mean(this);
  }

  /**
   * {@return the mean along {@code dim}}
   *
   * @param dim the dimension to reduce (negative counts from the end)
   * @param keepDim whether the reduced dimension stays, with size 1
   */
  public Tensor mean(int dim, boolean keepDim) {
    return ReduceOps.mean(this, dim, keepDim);
  }

  /**
   * {@return the mean along {@code dim}, removing it}
   *
   * @param dim the dimension to reduce (negative counts from the end)
   */
  public Tensor mean(int dim) {
    return ReduceOps.mean(this, dim, false);
  }

  /**
   * {@return the largest element as a 0-d tensor; the gradient is shared equally among ties}
   *
   * @throws IllegalArgumentException if the tensor is empty
   */
  public Tensor max() {
    return ReduceOps.max(this);
  }

  /**
   * {@return the maximum along {@code dim}; the gradient is shared equally among ties}
   *
   * @param dim the dimension to reduce (negative counts from the end)
   * @param keepDim whether the reduced dimension stays, with size 1
   */
  public Tensor max(int dim, boolean keepDim) {
    return ReduceOps.max(this, dim, keepDim);
  }

  /** {@return the smallest element as a 0-d tensor} */
  public Tensor min() {
    return ReduceOps.min(this);
  }

  /**
   * {@return the minimum along {@code dim}}
   *
   * @param dim the dimension to reduce (negative counts from the end)
   * @param keepDim whether the reduced dimension stays, with size 1
   */
  public Tensor min(int dim, boolean keepDim) {
    return ReduceOps.min(this, dim, keepDim);
  }

  /**
   * {@return {@code log(sum(exp(x)))} along {@code dim}, computed stably by subtracting the
   * maximum first; its gradient is {@code softmax(x)}}
   *
   * @param dim the dimension to reduce (negative counts from the end)
   * @param keepDim whether the reduced dimension stays, with size 1
   */
  public Tensor logSumExp(int dim, boolean keepDim) {
    return ReduceOps.logSumExp(this, dim, keepDim);
  }

  /**
   * {@return the unbiased variance along {@code dim}: {@code sum((x - mean)^2) / (n - 1)}, as
   * {@code torch.var}}
   *
   * @param dim the dimension to reduce (negative counts from the end)
   * @param keepDim whether the reduced dimension stays, with size 1
   */
  public Tensor var(int dim, boolean keepDim) {
    return ReduceOps.var(this, dim, keepDim, 1);
  }

  /**
   * {@return the variance along {@code dim}: {@code sum((x - mean)^2) / max(0, n - correction)};
   * as PyTorch, {@code correction >= n} divides by 0 and gives +Inf (NaN where all are equal)}
   *
   * @param dim the dimension to reduce (negative counts from the end)
   * @param keepDim whether the reduced dimension stays, with size 1
   * @param correction subtracted from the element count in the divisor (1 is unbiased, 0 is the
   *     population variance)
   * @throws IllegalArgumentException if {@code correction} is negative
   */
  public Tensor var(int dim, boolean keepDim, int correction) {
    return ReduceOps.var(this, dim, keepDim, correction);
  }

  /**
   * {@return {@code softmax(x)_i = e^(x_i) / sum_j e^(x_j)} along {@code dim}, stable for large x}
   *
   * @param dim the dimension to normalize over (negative counts from the end)
   */
  public Tensor softmax(int dim) {
    return ReduceOps.softmax(this, dim);
  }

  /**
   * {@return {@code x - logSumExp(x)} along {@code dim}, exact to rounding for large x}
   *
   * @param dim the dimension to normalize over (negative counts from the end)
   */
  public Tensor logSoftmax(int dim) {
    return ReduceOps.logSoftmax(this, dim);
  }

  // ---------------------------------------------------------------- linear algebra

  /**
   * {@return the matrix product, as {@code torch.matmul}: 1-d x 1-d is a dot product; a 1-d
   * left operand is a row vector and a 1-d right operand a column vector (the added dim is
   * removed afterwards); operands of rank 3 or more are batches of matrices whose batch dims
   * broadcast}
   *
   * @param other the right operand
   * @throws IllegalArgumentException if an operand is 0-d, the inner sizes differ or the dtypes
   *     differ
   */
  public Tensor matmul(Tensor other) {
    return LinalgOps.matmul(this, other);
  }

  /**
   * {@return the affine map {@code out = input weight^T + bias}, as PyTorch's {@code F.linear}:
   * {@code out[..., o] = sum_i input[..., i] weight[o, i] + bias[o]}, as one fused node}
   *
   * @param input shape {@code [..., in]}, rank 1 or more
   * @param weight shape {@code [out, in]}
   * @param bias shape {@code [out]}, or null for no bias
   * @throws IllegalArgumentException if the input is 0-d, the weight is not 2-d, the sizes
   *     {@code in} differ, the bias is not {@code [out]}, or the dtypes differ
   */
  public static Tensor linear(Tensor input, Tensor weight, Tensor bias) {
    return LinalgOps.linear(input, weight, bias);
  }

  /**
   * {@return layer norm over the last dim (Ba, Kiros &amp; Hinton 2016), as PyTorch's {@code
   * F.layer_norm(input, [n], weight, bias, eps)}: {@code out = (x - mean) / sqrt(var + eps) *
   * weight + bias} with the mean and the biased variance along the last dim, as one fused node}
   *
   * <pre>{@code
   * Tensor.layerNorm(Tensor.of(new double[] {1, 2, 3}), null, null, 0)  // [-1.2247, 0, 1.2247]
   * }</pre>
   *
   * @param input shape {@code [..., n]}, rank 1 or more
   * @param weight the scale, shape {@code [n]}, or null for none
   * @param bias the shift, shape {@code [n]}, or null for none
   * @param eps the constant added to the variance, finite and {@code >= 0} (PyTorch: 1e-5)
   * @throws IllegalArgumentException if the input is null or 0-d, eps is negative, NaN or
   *     infinite, or the weight or bias is not {@code [n]} or has another dtype than the input
   */
  public static Tensor layerNorm(Tensor input, Tensor weight, Tensor bias, double eps) {
    return NormOps.layerNorm(input, weight, bias, eps);
  }

  /**
   * {@return one LSTM step's {@code (h', c')} as one fused node, {@code [batch, 2 * hidden]}: the
   * new hidden state in the first {@code hidden} columns, the new cell state in the last} With
   * {@code z = inputGates + hiddenGates} split into quarters {@code i, f, g, o} (PyTorch's gate
   * order) and {@code i, f, o} passed through sigmoid, {@code g} through tanh: {@code c' = f c +
   * i g} and {@code h' = o tanh(c')}. The same numbers as those ops one by one, in one node
   * instead of fourteen; take the states apart with {@code narrow(1, 0, hidden)} and {@code
   * narrow(1, hidden, hidden)}.
   *
   * @param inputGates the input's projection {@code x W_ih^T + b_ih}, {@code [batch, 4 * hidden]}
   * @param hiddenGates the hidden state's projection {@code h W_hh^T + b_hh}, same shape
   * @param c the cell state {@code [batch, hidden]}
   * @throws IllegalArgumentException if an argument is null, the shapes do not match those above,
   *     or the dtypes differ
   */
  public static Tensor lstmCell(Tensor inputGates, Tensor hiddenGates, Tensor c) {
    return RecurrentOps.lstmCell(inputGates, hiddenGates, c);
  }

  /**
   * {@return this tensor with dims {@code dim0} and {@code dim1} swapped}
   *
   * @param dim0 the first dimension (negative counts from the end)
   * @param dim1 the second dimension (negative counts from the end)
   */
  public Tensor transpose(int dim0, int dim1) {
    return LinalgOps.transpose(this, dim0, dim1);
  }

  /**
   * {@return the transpose of a matrix (a tensor of rank 0 or 1 is returned as is)}
   *
   * @throws IllegalArgumentException if the rank is above 2
   */
  public Tensor t() {
    return LinalgOps.t(this);
  }

  // ---------------------------------------------------------------- shape

  /**
   * {@return the same elements with a new shape; one size may be -1 (inferred)}
   *
   * @param newShape the new sizes; one may be -1
   * @throws IllegalArgumentException if the element counts differ or more than one size is -1
   */
  public Tensor reshape(int... newShape) {
    return ShapeOps.reshape(this, newShape);
  }

  /** {@return the elements as a 1-d tensor} */
  public Tensor flatten() {
    return ShapeOps.reshape(this, new int[] {numel()});
  }

  /**
   * Removes dimension {@code dim} if its size is 1 (otherwise returns this, as PyTorch).
   *
   * @param dim the dimension to remove (negative counts from the end)
   * @return this tensor without {@code dim}, or this tensor when its size is not 1
   */
  public Tensor squeeze(int dim) {
    return ShapeOps.squeeze(this, dim);
  }

  /**
   * Inserts a dimension of size 1 at {@code dim} (from {@code -(dim()+1)} to {@code dim()}).
   *
   * @param dim the position of the new dimension (negative counts from the end)
   * @return this tensor with a new dimension of size 1 at {@code dim}
   */
  public Tensor unsqueeze(int dim) {
    return ShapeOps.unsqueeze(this, dim);
  }

  /**
   * {@return this tensor broadcast to {@code newShape} (-1 keeps a size); the copies share one
   * gradient, summed}
   *
   * @param newShape the shape to broadcast to; -1 keeps a size
   * @throws IllegalArgumentException if this shape does not broadcast to {@code newShape}
   */
  public Tensor expand(int... newShape) {
    return ShapeOps.expand(this, newShape);
  }

  /**
   * {@return this tensor with its dims reordered: output dim i is input dim {@code dims[i]}}
   *
   * @param dims the input dimension for each output dimension
   * @throws IllegalArgumentException if {@code dims} is not a permutation of the dims
   */
  public Tensor permute(int... dims) {
    return ShapeOps.permute(this, dims);
  }

  /**
   * {@return the slice {@code [start, start + length)} along {@code dim}}
   *
   * @param dim the dimension to slice (negative counts from the end)
   * @param start the first index of the slice
   * @param length the number of indices in the slice
   * @throws IllegalArgumentException if the slice leaves the dim's range
   */
  public Tensor narrow(int dim, int start, int length) {
    return ShapeOps.narrow(this, dim, start, length);
  }

  /**
   * {@return the slices {@code index[0], index[1], ...} along {@code dim}, in that order
   * (repeats allowed; their gradients add up)}
   *
   * @param dim the dimension to select along (negative counts from the end)
   * @param index the indices to take, in order
   * @throws IllegalArgumentException if an index is out of range
   */
  public Tensor indexSelect(int dim, int[] index) {
    return ShapeOps.indexSelect(this, dim, index);
  }

  /**
   * {@return the tensors joined along {@code dim}; all other sizes must match (dtypes promote)}
   *
   * @param tensors the tensors to join, in order
   * @param dim the dimension to join along (negative counts from the end)
   * @throws IllegalArgumentException if the list is empty or the shapes disagree
   */
  public static Tensor cat(List<Tensor> tensors, int dim) {
    return ShapeOps.cat(tensors, dim);
  }

  /**
   * {@return the tensors stacked along a new dim {@code dim}; all shapes must be equal}
   *
   * @param tensors the tensors to stack, all of the same shape
   * @param dim the position of the new dimension (negative counts from the end)
   * @throws IllegalArgumentException if the list is empty or the shapes differ
   */
  public static Tensor stack(List<Tensor> tensors, int dim) {
    return ShapeOps.stack(tensors, dim);
  }

  // ---------------------------------------------------------------- index ops (IndexOps)

  /**
   * {@return {@code out[p] = this[p with its coordinate along dim replaced by index[p]]}, as
   * {@code torch.gather}: the output has the index's shape; the gradient is scatter-added back
   * (a composite: {@code indexSelect} of the flattened tensor)}
   *
   * @param dim the dimension the index addresses (negative counts from the end)
   * @param index whole numbers in {@code [0, size(dim))}, either dtype, of this tensor's rank and
   *     no larger than it outside {@code dim}
   * @throws IllegalArgumentException if an index is not whole, out of range, or the shapes do not
   *     fit
   */
  public Tensor gather(int dim, Tensor index) {
    return IndexOps.gather(this, dim, index);
  }

  /**
   * {@return {@link #gather(int, Tensor)} with the index given as row-major ints and a shape}
   *
   * @param dim the dimension the index addresses (negative counts from the end)
   * @param index the index elements in row-major order
   * @param indexShape the shape of the index
   */
  public Tensor gather(int dim, int[] index, int... indexShape) {
    return IndexOps.gather(this, dim, index, indexShape);
  }

  /**
   * {@return this tensor plus {@code src[p]} added at {@code p with its coordinate along dim
   * replaced by index[p]}, as {@code torch.Tensor.scatter_add} (repeated indices add up): the
   * composite {@code this + indexAdd} of {@code src} flattened, at the addressed element offsets}
   * Only the index's part of {@code src} is read.
   *
   * @param dim the dimension the index addresses (negative counts from the end)
   * @param index whole numbers in {@code [0, size(dim))}, of this tensor's rank
   * @param src the values to add, at least as large as the index in each dimension
   * @throws IllegalArgumentException if the index is not whole or out of range, the shapes do
   *     not fit, or {@code src} has another dtype than this tensor (named both)
   */
  public Tensor scatterAdd(int dim, Tensor index, Tensor src) {
    return IndexOps.scatterAdd(this, dim, index, src);
  }

  /**
   * {@return {@link #scatterAdd(int, Tensor, Tensor)} with the index as row-major ints and a shape}
   *
   * @param dim the dimension the index addresses (negative counts from the end)
   * @param index the index elements in row-major order
   * @param indexShape the shape of the index
   * @param src the values to add, at least as large as the index in each dimension
   */
  public Tensor scatterAdd(int dim, int[] index, int[] indexShape, Tensor src) {
    return IndexOps.scatterAdd(this, dim, index, indexShape, src);
  }

  /**
   * {@return the running sum along {@code dim}: {@code out_i = sum_{k <= i} x_k} (a primitive; its
   * gradient is the running sum of the upstream from the end)}
   *
   * @param dim the dimension to sum along (negative counts from the end)
   */
  public Tensor cumsum(int dim) {
    return IndexOps.cumsum(this, dim);
  }

  /**
   * {@return this tensor with {@code value} where {@code mask} is nonzero (the mask broadcasts to
   * this shape), as {@code masked_fill}; composite of {@code where}, so filled positions get a
   * zero gradient and {@code value} may be {@code -Infinity}}
   *
   * @param mask where nonzero, {@code value} is put; broadcast to this shape
   * @param value the fill value
   * @throws IllegalArgumentException if the mask does not broadcast to this shape
   */
  public Tensor maskedFill(Tensor mask, double value) {
    return IndexOps.maskedFill(this, mask, value);
  }

  /** {@return the lower triangle of the last two dims ({@code j - i <= 0}), zeros elsewhere} */
  public Tensor tril() {
    return IndexOps.triangle("tril", this, 0, true);
  }

  /**
   * {@return the elements with {@code j - i <= diagonal} in the last two dims, zeros elsewhere, as
   * {@code torch.tril}; composite of {@code where}}
   *
   * @param diagonal the last diagonal kept (0 is the main diagonal, positive above it)
   * @throws IllegalArgumentException if the rank is below 2
   */
  public Tensor tril(int diagonal) {
    return IndexOps.triangle("tril", this, diagonal, true);
  }

  /** {@return the upper triangle of the last two dims ({@code j - i >= 0}), zeros elsewhere} */
  public Tensor triu() {
    return IndexOps.triangle("triu", this, 0, false);
  }

  /**
   * {@return the elements with {@code j - i >= diagonal} in the last two dims, zeros elsewhere, as
   * {@code torch.triu}; composite of {@code where}}
   *
   * @param diagonal the first diagonal kept (0 is the main diagonal, positive above it)
   * @throws IllegalArgumentException if the rank is below 2
   */
  public Tensor triu(int diagonal) {
    return IndexOps.triangle("triu", this, diagonal, false);
  }

  /**
   * {@return consecutive slices of {@code splitSize} along {@code dim} (the last may be smaller),
   * as {@code torch.split}; composite of {@code narrow}}
   *
   * @param splitSize the size of each slice but the last
   * @param dim the dimension to split (negative counts from the end)
   * @throws IllegalArgumentException if {@code splitSize} is not positive
   */
  public List<Tensor> split(int splitSize, int dim) {
    return IndexOps.split(this, splitSize, dim);
  }

  /**
   * {@return consecutive slices of the given sizes along {@code dim}}
   *
   * @param sizes the size of each slice
   * @param dim the dimension to split (negative counts from the end)
   * @throws IllegalArgumentException if a size is negative or the sizes do not add up to the dim
   */
  public List<Tensor> split(int[] sizes, int dim) {
    return IndexOps.split(this, sizes, dim);
  }

  /**
   * {@return at most {@code chunks} slices of {@code ceil(size / chunks)} along {@code dim}, as
   * {@code torch.chunk}; composite of {@code narrow}}
   *
   * @param chunks the most slices to return
   * @param dim the dimension to split (negative counts from the end)
   * @throws IllegalArgumentException if {@code chunks} is not positive
   */
  public List<Tensor> chunk(int chunks, int dim) {
    return IndexOps.chunk(this, chunks, dim);
  }

  /**
   * {@return this tensor tiled {@code repeats[i]} times along dim i, as {@code torch.Tensor.repeat}
   * (extra leading counts add dims); composite of reshape and expand, so the gradient sums the
   * copies}
   *
   * @param repeats the number of copies along each dimension, leading extra counts adding dims
   * @throws IllegalArgumentException if there are fewer counts than dims or a count is negative
   */
  public Tensor repeat(int... repeats) {
    return IndexOps.repeat(this, repeats);
  }

  /**
   * {@return the elements sorted along {@code dim} (stable; NaN above every number) and their
   * original positions, as {@code torch.sort}; the values are a {@code gather} of this tensor, so
   * the gradient flows to them; the indices (F64) are constants}
   *
   * @param dim the dimension to sort (negative counts from the end)
   * @param descending whether the largest element comes first
   */
  public ValuesAndIndices sort(int dim, boolean descending) {
    return IndexOps.sort(this, dim, descending);
  }

  /**
   * {@return the {@code k} largest (or smallest) elements along {@code dim}, in sorted order, and
   * their positions, as {@code torch.topk}; values are a {@code gather} (the gradient flows to
   * them), indices F64 constants}
   *
   * @param k the number of elements to return
   * @param dim the dimension to search (negative counts from the end)
   * @param largest whether to return the largest elements rather than the smallest
   * @throws IllegalArgumentException if {@code k} is negative or larger than the dim (a 0-d
   *     tensor, whose result is 0-d, needs {@code k = 1})
   */
  public ValuesAndIndices topk(int k, int dim, boolean largest) {
    return IndexOps.topk(this, k, dim, largest);
  }

  /**
   * {@return the {@code k} largest elements along the last dim and their positions}
   *
   * @param k the number of elements to return
   */
  public ValuesAndIndices topk(int k) {
    return IndexOps.topk(this, k, -1, true);
  }

  // ---------------------------------------------------------------- convolution and pooling

  /**
   * {@return the 2-d convolution of this {@code [N, C, H, W]} (or unbatched {@code [C, H, W]})
   * input with {@code weight} {@code [O, C / groups, kh, kw]} plus {@code bias} {@code [O]}, as
   * PyTorch's {@code F.conv2d} (a cross-correlation): output {@code [N, O, H', W']} with
   * {@code H' = (H + 2 padding - dilation (kh - 1) - 1) / stride + 1}} A composite of unfold
   * (im2col) and matmul.
   *
   * @param weight the kernels, {@code [O, C / groups, kh, kw]}
   * @param bias shape {@code [O]}, or null for none
   * @param options stride, padding, dilation and groups
   * @throws IllegalArgumentException if the shapes, groups, stride, padding or dtypes do not fit,
   *     the kernel has size 0 on an axis, or the (dilated) kernel is larger than the padded input
   */
  public Tensor conv2d(Tensor weight, Tensor bias, ConvOptions options) {
    return ConvOps.conv("conv2d", this, weight, bias, options, 2);
  }

  /**
   * {@return {@link #conv2d(Tensor, Tensor, ConvOptions)} with stride 1, no padding, 1 group}
   *
   * @param weight the kernels, {@code [O, C, kh, kw]}
   * @param bias shape {@code [O]}, or null for none
   */
  public Tensor conv2d(Tensor weight, Tensor bias) {
    return ConvOps.conv("conv2d", this, weight, bias, ConvOptions.defaults(), 2);
  }

  /**
   * {@return the 1-d convolution of this {@code [N, C, L]} (or {@code [C, L]}) input with
   * {@code weight} {@code [O, C / groups, k]} plus {@code bias}, as {@code F.conv1d} (options
   * take one value each)}
   *
   * @param weight the kernels, {@code [O, C / groups, k]}
   * @param bias shape {@code [O]}, or null for none
   * @param options stride, padding, dilation and groups
   * @throws IllegalArgumentException as {@link #conv2d(Tensor, Tensor, ConvOptions)}
   */
  public Tensor conv1d(Tensor weight, Tensor bias, ConvOptions options) {
    return ConvOps.conv("conv1d", this, weight, bias, options, 1);
  }

  /**
   * {@return the transposed 2-d convolution (the adjoint of conv2d, "deconvolution") of this
   * {@code [N, Cin, H, W]} input with {@code weight} {@code [Cin, Cout / groups, kh, kw]} plus
   * {@code bias} {@code [Cout]}, as {@code F.conv_transpose2d}: output size
   * {@code (H - 1) stride - 2 padding + dilation (kh - 1) + outputPadding + 1}}
   *
   * @param weight the kernels, {@code [Cin, Cout / groups, kh, kw]}
   * @param bias shape {@code [Cout]}, or null for none
   * @param options stride, padding, output padding, dilation and groups
   * @throws IllegalArgumentException if the shapes, groups or settings do not fit, or the kernel
   *     has size 0 on an axis
   */
  public Tensor convTranspose2d(Tensor weight, Tensor bias, ConvOptions options) {
    return ConvOps.convTranspose2d(this, weight, bias, options);
  }

  /**
   * {@return the 2-d max pooling of this {@code [N, C, H, W]} (or {@code [C, H, W]}) input, as
   * {@code F.max_pool2d}: the gradient goes to the largest element of each window (the first at
   * ties), as PyTorch}
   *
   * @param kernel window size, one value or (height, width)
   * @param stride step, one value or two; null for the kernel size
   * @param padding -Inf padding on each side, at most half the kernel
   * @throws IllegalArgumentException if a setting is out of range, the window does not fit, or the
   *     input has no rows or columns (every window would lie on padding)
   */
  public Tensor maxPool2d(int[] kernel, int[] stride, int[] padding) {
    return ConvOps.maxPool("maxPool2d", this, kernel, stride, padding, 2);
  }

  /**
   * {@return {@link #maxPool2d(int[], int[], int[])} with square windows, stride = kernel, no
   * padding}
   *
   * @param kernel the window size, also the stride
   */
  public Tensor maxPool2d(int kernel) {
    return ConvOps.maxPool("maxPool2d", this, new int[] {kernel}, null, new int[] {0}, 2);
  }

  /**
   * {@return the 1-d max pooling of this {@code [N, C, L]} (or {@code [C, L]}) input, as
   * {@code F.max_pool1d}; the gradient goes to each window's (first) maximum}
   *
   * @param kernel the window size
   * @param stride the step between windows
   * @param padding the implicit negative-infinity padding on each side
   * @throws IllegalArgumentException if a setting is out of range, the window does not fit, or the
   *     input has length 0
   */
  public Tensor maxPool1d(int kernel, int stride, int padding) {
    return ConvOps.maxPool("maxPool1d", this, new int[] {kernel}, new int[] {stride},
        new int[] {padding}, 1);
  }

  /**
   * {@return the 2-d average pooling of this input, as {@code F.avg_pool2d}: with
   * {@code countIncludePad} (PyTorch's default) each window is divided by its full size, else by
   * the number of its elements inside the input}
   *
   * @param kernel the window size, one value or two
   * @param stride one value or two; null for the kernel size
   * @param padding the implicit zero padding on each side, one value or two
   * @param countIncludePad whether padded positions count in each window's divisor
   * @throws IllegalArgumentException if a setting is out of range, the window does not fit, or the
   *     input has no rows or columns
   */
  public Tensor avgPool2d(int[] kernel, int[] stride, int[] padding, boolean countIncludePad) {
    return ConvOps.avgPool("avgPool2d", this, kernel, stride, padding, countIncludePad, 2);
  }

  /**
   * {@return the 1-d average pooling of this {@code [N, C, L]} (or {@code [C, L]}) input, as
   * {@code F.avg_pool1d} (see {@link #avgPool2d} for {@code countIncludePad})}
   *
   * @param kernel the window size
   * @param stride the step between windows
   * @param padding the implicit zero padding on each side
   * @param countIncludePad whether padded positions count in each window's divisor
   * @throws IllegalArgumentException if a setting is out of range, the window does not fit, or the
   *     input has length 0
   */
  public Tensor avgPool1d(int kernel, int stride, int padding, boolean countIncludePad) {
    return ConvOps.avgPool("avgPool1d", this, new int[] {kernel}, new int[] {stride},
        new int[] {padding}, countIncludePad, 1);
  }

  /**
   * {@return the adaptive average pooling of this {@code [N, C, H, W]} (or {@code [C, H, W]})
   * input to {@code outH x outW}, PyTorch's bins ({@code floor(i H / outH)} to
   * {@code ceil((i + 1) H / outH)})}
   *
   * @param outH the output height
   * @param outW the output width
   * @throws IllegalArgumentException if the output size is below 1 or the input is not 3-d or 4-d
   */
  public Tensor adaptiveAvgPool2d(int outH, int outW) {
    return ConvOps.adaptiveAvgPool2d(this, outH, outW);
  }

  /**
   * {@return this tensor padded with {@code value}, as {@code F.pad(x, pads, value=value)}:
   * {@code pads} holds (before, after) pairs from the last dim backwards; negative amounts crop}
   *
   * @param pads (before, after) amounts per dim, from the last dim backwards
   * @param value the fill value
   * @throws IllegalArgumentException if {@code pads} is odd-sized, covers too many dims, crops a
   *     dim by more than its size (crops apply to the input, before anything is added), or the
   *     result would not fit an array
   */
  public Tensor pad(int[] pads, double value) {
    return ConvOps.pad(this, pads, value);
  }

  // ---------------------------------------------------------------- statistics and norms

  /**
   * {@return the standard deviation along {@code dim}: {@code sqrt(var(dim, correction))}, as
   * {@code torch.std} (correction 1 is the unbiased estimate)}
   *
   * @param dim the dimension to reduce (negative counts from the end)
   * @param keepDim whether the reduced dimension stays, with size 1
   * @param correction subtracted from the element count in the divisor (1 is unbiased, 0 is the
   *     population variance)
   */
  public Tensor std(int dim, boolean keepDim, int correction) {
    return ReduceOps.std(this, dim, keepDim, correction);
  }

  /**
   * {@return the p-norm of all elements as a 0-d tensor: p = 1, 2, {@code
   * Double.POSITIVE_INFINITY} (max |x|) or any other p > 0, as {@code torch.linalg.vector_norm}}
   *
   * @param p the order of the norm, positive
   * @throws IllegalArgumentException if p is not positive, or p is Infinity and the tensor is
   *     empty (a maximum over nothing)
   */
  public Tensor norm(double p) {
    return ReduceOps.norm(this, p);
  }

  /**
   * {@return the p-norm along {@code dim} (see {@link #norm(double)})}
   *
   * @param p the order of the norm, positive
   * @param dim the dimension to reduce (negative counts from the end)
   * @param keepDim whether the reduced dimension stays, with size 1
   * @throws IllegalArgumentException if p is not positive, the dim is out of range, or p is
   *     Infinity and the dim is empty
   */
  public Tensor norm(double p, int dim, boolean keepDim) {
    return ReduceOps.norm(this, p, dim, keepDim);
  }

  /**
   * {@return the index of the smallest element along {@code dim} (the first, at ties); no graph}
   *
   * @param dim the dimension to search (negative counts from the end)
   */
  public Tensor argmin(int dim) {
    return ReduceOps.argmin(this, dim);
  }

  /**
   * {@return the maximum along {@code dim} and its index, as {@code torch.max(x, dim)}: the
   * gradient goes to the first maximal element alone}
   *
   * @param dim the dimension to reduce (negative counts from the end)
   * @param keepDim whether the reduced dimension stays, with size 1
   */
  public ValuesAndIndices maxWithIndices(int dim, boolean keepDim) {
    return ReduceOps.maxWithIndices(this, dim, keepDim);
  }

  /**
   * {@return the minimum along {@code dim} and its index, as {@code torch.min(x, dim)}}
   *
   * @param dim the dimension to reduce (negative counts from the end)
   * @param keepDim whether the reduced dimension stays, with size 1
   */
  public ValuesAndIndices minWithIndices(int dim, boolean keepDim) {
    return ReduceOps.minWithIndices(this, dim, keepDim);
  }

  // ---------------------------------------------------------------- display

  /**
   * Returns the values (elided with "..." beyond 6 per dim when there are more than 1000), the
   * shape, the dtype when it is not F64, and the op that produced the tensor, e.g.
   * {@code tensor([1.0, 2.0], shape=[2], op=add)}.
   */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("tensor(");
    Printer.appendValues(sb, storage(), shape, Storage.sizeOf(elements) > 1000);
    sb.append(", shape=").append(Shapes.format(shape));
    if (Storage.dtypeOf(elements) != DType.F64) {
      sb.append(", dtype=").append(Storage.dtypeOf(elements));
    }
    if (op() != null) {
      sb.append(", op=").append(op().name());
    } else if (isGradRequired()) {
      sb.append(", requiresGrad");
    }
    if (label != null) {
      sb.append(", label=").append(label);
    }
    return sb.append(')').toString();
  }
}
