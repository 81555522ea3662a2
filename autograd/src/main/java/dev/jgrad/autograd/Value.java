package dev.jgrad.autograd;

/**
 * A scalar node, micrograd's {@code Value}: the scalar face of the same engine. Each value wraps
 * a 0-d {@link Tensor}, so values and tensors share one graph and one backward pass.
 *
 * <p>Unlike plain tensors, every value keeps its gradient (so a picture of the graph can show
 * every node's {@code grad}) and {@link #backward()} keeps the graph, as micrograd does.
 *
 * <pre>{@code
 * Value a = Value.of(2.0, "a"), b = Value.of(-3.0, "b");
 * Value L = a.mul(b).add(a.pow(2)).tanh();
 * L.backward();   // a.grad(), b.grad()
 * }</pre>
 */
public final class Value {
  private final Tensor tensor;

  private Value(Tensor tensor) {
    this.tensor = tensor;
  }

  /** Returns a new leaf value that collects a gradient. */
  public static Value of(double data) {
    return new Value(Tensor.scalar(data).requiresGrad());
  }

  /** Returns a new labelled leaf value that collects a gradient. */
  public static Value of(double data, String label) {
    return new Value(Tensor.scalar(data).requiresGrad().label(label));
  }

  /**
   * Returns a value viewing a one-element tensor (the same node, so gradients are shared).
   *
   * @throws IllegalArgumentException if the tensor has more than one element
   */
  public static Value of(Tensor tensor) {
    if (tensor == null || tensor.numel() != 1) {
      throw new IllegalArgumentException(
          "Value.of: needs a one-element tensor, but got "
              + (tensor == null ? "null" : "shape " + tensor.shapeString()));
    }
    return new Value(tensor.dim() == 0 ? tensor : tensor.reshape());
  }

  /** Returns the 0-d tensor node behind this value. */
  public Tensor toTensor() {
    return tensor;
  }

  private static Value node(Tensor t) {
    if (t.isGradRequired() && t.op() != null) {
      t.retainGrad();
    }
    return new Value(t);
  }

  private static Tensor tensorOf(Value v, String op) {
    if (v == null) {
      throw new IllegalArgumentException(op + ": the other value is null");
    }
    return v.tensor;
  }

  /** Returns {@code this + other}. */
  public Value add(Value other) {
    return node(tensor.add(tensorOf(other, "add")));
  }

  /** Returns {@code this + c}. */
  public Value add(double c) {
    return node(tensor.add(c));
  }

  /** Returns {@code this - other}. */
  public Value sub(Value other) {
    return node(tensor.sub(tensorOf(other, "sub")));
  }

  /** Returns {@code this - c}. */
  public Value sub(double c) {
    return node(tensor.sub(c));
  }

  /** Returns {@code this * other}. */
  public Value mul(Value other) {
    return node(tensor.mul(tensorOf(other, "mul")));
  }

  /** Returns {@code this * c}. */
  public Value mul(double c) {
    return node(tensor.mul(c));
  }

  /** Returns {@code this / other}. */
  public Value div(Value other) {
    return node(tensor.div(tensorOf(other, "div")));
  }

  /** Returns {@code this / c}. */
  public Value div(double c) {
    return node(tensor.div(c));
  }

  /** Returns {@code this ^ exponent} for a constant exponent. */
  public Value pow(double exponent) {
    return node(tensor.pow(exponent));
  }

  /** Returns {@code this ^ exponent}, differentiable in both. */
  public Value pow(Value exponent) {
    return node(tensor.pow(tensorOf(exponent, "pow")));
  }

  /** Returns {@code -this}. */
  public Value neg() {
    return node(tensor.neg());
  }

  /** Returns {@code e^this}. */
  public Value exp() {
    return node(tensor.exp());
  }

  /** Returns {@code ln this}. */
  public Value log() {
    return node(tensor.log());
  }

  /** Returns {@code tanh this}. */
  public Value tanh() {
    return node(tensor.tanh());
  }

  /** Returns {@code max(this, 0)}. */
  public Value relu() {
    return node(tensor.relu());
  }

  /** Returns {@code 1 / (1 + e^-this)}. */
  public Value sigmoid() {
    return node(tensor.sigmoid());
  }

  /** Returns the number this value holds. */
  public double data() {
    return tensor.storage().get(0);
  }

  /** Returns the accumulated gradient (0 until a backward pass reaches this value). */
  public double grad() {
    Tensor g = tensor.grad();
    return g == null ? 0 : g.storage().get(0);
  }

  /** Returns the display label, or null. */
  public String label() {
    return tensor.label();
  }

  /** Sets the display label; returns {@code this}. */
  public Value label(String label) {
    tensor.label(label);
    return this;
  }

  /** Clears this value's gradient. */
  public void zeroGrad() {
    tensor.zeroGrad();
  }

  /**
   * Backpropagates from this value: adds {@code d this / d v} to every value's {@link #grad()}.
   * The graph is kept (micrograd semantics), so it can be drawn or run again; gradients
   * accumulate across calls until zeroed.
   *
   * @throws IllegalStateException if this value does not depend on any leaf
   */
  public void backward() {
    tensor.backward(true);
  }

  /** Returns {@code Value(data=..., grad=...)}. */
  @Override
  public String toString() {
    String labelPart = label() == null ? "" : ", label=" + label();
    return "Value(data=" + data() + ", grad=" + grad() + labelPart + ")";
  }
}
