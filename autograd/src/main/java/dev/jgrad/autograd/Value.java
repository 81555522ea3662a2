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

  /**
   * {@return a new leaf value that collects a gradient}
   *
   * @param data the value
   */
  public static Value of(double data) {
    return new Value(Tensor.scalar(data).requiresGrad());
  }

  /**
   * {@return a new labelled leaf value that collects a gradient}
   *
   * @param data the value
   * @param label the display label
   */
  public static Value of(double data, String label) {
    return new Value(Tensor.scalar(data).requiresGrad().label(label));
  }

  /**
   * {@return a value viewing a one-element tensor (the same node, so gradients are shared)}
   *
   * @param tensor a tensor with one element
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

  /** {@return the 0-d tensor node behind this value} */
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

  /**
   * {@return {@code this + other}}
   *
   * @param other the right operand
   */
  public Value add(Value other) {
    return node(tensor.add(tensorOf(other, "add")));
  }

  /**
   * {@return {@code this + c}}
   *
   * @param c the scalar right operand
   */
  public Value add(double c) {
    return node(tensor.add(c));
  }

  /**
   * {@return {@code this - other}}
   *
   * @param other the right operand
   */
  public Value sub(Value other) {
    return node(tensor.sub(tensorOf(other, "sub")));
  }

  /**
   * {@return {@code this - c}}
   *
   * @param c the scalar right operand
   */
  public Value sub(double c) {
    return node(tensor.sub(c));
  }

  /**
   * {@return {@code this * other}}
   *
   * @param other the right operand
   */
  public Value mul(Value other) {
    return node(tensor.mul(tensorOf(other, "mul")));
  }

  /**
   * {@return {@code this * c}}
   *
   * @param c the scalar right operand
   */
  public Value mul(double c) {
    return node(tensor.mul(c));
  }

  /**
   * {@return {@code this / other}}
   *
   * @param other the right operand
   */
  public Value div(Value other) {
    return node(tensor.div(tensorOf(other, "div")));
  }

  /**
   * {@return {@code this / c}}
   *
   * @param c the scalar right operand
   */
  public Value div(double c) {
    return node(tensor.div(c));
  }

  /**
   * {@return {@code this ^ exponent} for a constant exponent}
   *
   * @param exponent the constant power
   */
  public Value pow(double exponent) {
    return node(tensor.pow(exponent));
  }

  /**
   * {@return {@code this ^ exponent}, differentiable in both}
   *
   * @param exponent the power
   */
  public Value pow(Value exponent) {
    return node(tensor.pow(tensorOf(exponent, "pow")));
  }

  /** {@return {@code -this}} */
  public Value neg() {
    return node(tensor.neg());
  }

  /** {@return {@code e^this}} */
  public Value exp() {
    return node(tensor.exp());
  }

  /** {@return {@code ln this}} */
  public Value log() {
    return node(tensor.log());
  }

  /** {@return {@code tanh this}} */
  public Value tanh() {
    return node(tensor.tanh());
  }

  /** {@return {@code max(this, 0)}} */
  public Value relu() {
    return node(tensor.relu());
  }

  /** {@return {@code 1 / (1 + e^-this)}} */
  public Value sigmoid() {
    return node(tensor.sigmoid());
  }

  /** {@return the number this value holds} */
  public double data() {
    return tensor.storage().get(0);
  }

  /** {@return the accumulated gradient (0 until a backward pass reaches this value)} */
  public double grad() {
    Tensor g = tensor.grad();
    return g == null ? 0 : g.storage().get(0);
  }

  /** {@return the display label, or null} */
  public String label() {
    return tensor.label();
  }

  /**
   * Sets the display label; returns {@code this}.
   *
   * @param label the label to show
   * @return this value
   */
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
