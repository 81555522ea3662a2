package dev.jgrad.autograd;

import dev.jgrad.autograd.graph.Graph;
import dev.jgrad.autograd.kernels.Elementwise;
import dev.jgrad.autograd.kernels.InPlace;
import java.util.Arrays;
import java.util.function.DoubleBinaryOperator;

/**
 * Elementwise ops of two inputs, with NumPy broadcasting and PyTorch's type promotion: the
 * primitives (add, sub, mul, div, pow, where), the comparisons (no graph) and the composites
 * maximum and minimum. Backward rules return gradients of the broadcast shape; the engine sums
 * them back to each input's shape and dtype.
 */
public final class BinaryOps {
  private BinaryOps() {}

  /**
   * Returns the dtype of an op on {@code a} and {@code b}, as PyTorch promotes: the common dtype;
   * {@code F64} with {@code F32} gives {@code F64}, except that a 0-d tensor (a Java constant)
   * takes the dtype of a tensor with dims.
   */
  static DType resultType(Tensor a, Tensor b) {
    DType da = a.dtype();
    DType db = b.dtype();
    if (da == db) {
      return da;
    }
    if (a.dim() == 0 && b.dim() > 0) {
      return db;
    }
    if (b.dim() == 0 && a.dim() > 0) {
      return da;
    }
    return DType.wider(da, db);
  }

  /** Returns the broadcast shape, reusing an operand's shape array when it already is the result. */
  private static int[] broadcastShape(String op, Tensor a, Tensor b) {
    int[] as = a.shapeArray();
    int[] bs = b.shapeArray();
    if (as.length >= bs.length && b.numel() == 1) {
      return as;
    }
    if (bs.length >= as.length && a.numel() == 1) {
      return bs;
    }
    return Shapes.broadcast(op, as, bs);
  }

  private static Tensor arithmetic(Tensor a, Tensor b, Elementwise.BinaryFn fn, String op) {
    int[] shape = broadcastShape(op, a, b);
    return Tensor.wrap(
        Elementwise.binary(fn, a.storage(), a.shapeArray(), b.storage(), b.shapeArray(), shape,
            resultType(a, b)),
        shape);
  }

  /** Returns whether {@code x} and {@code y} have the same shape and dtype. */
  private static boolean sameShapeAndDtype(Tensor x, Tensor y) {
    return x.dtype() == y.dtype() && Arrays.equals(x.shapeArray(), y.shapeArray());
  }

  private static Tensor zip(Tensor a, Tensor b, String op, DoubleBinaryOperator f) {
    int[] shape = Shapes.broadcast(op, a.shapeArray(), b.shapeArray());
    return Tensor.wrap(
        Elementwise.zip(a.storage(), a.shapeArray(), b.storage(), b.shapeArray(), shape,
            resultType(a, b), f),
        shape);
  }

  /** {@code out = a + b}; {@code dout/da = 1, dout/db = 1}. */
  public record Add() implements Op {
    static final Add OP = new Add();

    @Override
    public Tensor forward(Tensor[] in) {
      return arithmetic(in[0], in[1], Elementwise.BinaryFn.ADD, "add");
    }

    @Override
    public Tensor[] backward(Tensor upstream, Tensor output, Tensor[] inputs) {
      return new Tensor[] {upstream, upstream};
    }

    @Override
    public String name() {
      return "add";
    }

    @Override
    public String formula() {
      return "out = a + b;  dout/da = 1,  dout/db = 1";
    }

    @Override
    public ScalarForm scalarForm() {
      return ScalarForm.ELEMENTWISE;
    }
  }

  /** {@code out = a - b}; {@code dout/da = 1, dout/db = -1}. */
  public record Sub() implements Op {
    static final Sub OP = new Sub();

    @Override
    public Tensor forward(Tensor[] in) {
      return arithmetic(in[0], in[1], Elementwise.BinaryFn.SUB, "sub");
    }

    @Override
    public Tensor[] backward(Tensor upstream, Tensor output, Tensor[] inputs) {
      return new Tensor[] {upstream, inputs[1].isGradRequired() ? upstream.neg() : null};
    }

    @Override
    public String name() {
      return "sub";
    }

    @Override
    public String formula() {
      return "out = a - b;  dout/da = 1,  dout/db = -1";
    }

    @Override
    public ScalarForm scalarForm() {
      return ScalarForm.ELEMENTWISE;
    }
  }

  /** {@code out = a * b}; {@code dout/da = b, dout/db = a}. */
  public record Mul() implements Op {
    static final Mul OP = new Mul();

    @Override
    public Tensor forward(Tensor[] in) {
      return arithmetic(in[0], in[1], Elementwise.BinaryFn.MUL, "mul");
    }

    @Override
    public Tensor[] backward(Tensor upstream, Tensor output, Tensor[] inputs) {
      Tensor a = inputs[0];
      Tensor b = inputs[1];
      // An input that takes no gradient (a constant factor, often a 0-d one whose gradient would
      // be a full-size product summed to one element) gets none computed.
      return new Tensor[] {
        a.isGradRequired() ? upstream.mul(b) : null, b.isGradRequired() ? upstream.mul(a) : null
      };
    }

    /** The rule's products computed straight by the kernel, when nothing is broadcast. */
    @Override
    public Tensor[] fastBackward(Tensor upstream, Tensor output, Tensor[] inputs) {
      return fastBackwardInto(upstream, output, inputs, NO_PENDING);
    }

    /** No pending gradient for either input (only read, never written). */
    private static final Tensor[] NO_PENDING = new Tensor[2];

    /**
     * As {@link #fastBackward}, with each product added straight into its input's pending
     * gradient where there is one ({@code pending += upstream * other}, the rule's product and
     * the engine's sum in the same order, so the same bits): no tensor per input per node, which
     * is most of the backward pass of a graph of scalars. Only when the upstream and both inputs
     * have one shape and one dtype (nothing to sum back or convert); null otherwise.
     */
    @Override
    public Tensor[] fastBackwardInto(
        Tensor upstream, Tensor output, Tensor[] inputs, Tensor[] pending) {
      Tensor a = inputs[0];
      Tensor b = inputs[1];
      if (!sameShapeAndDtype(upstream, a) || !sameShapeAndDtype(upstream, b)) {
        return null;
      }
      return new Tensor[] {
        a.isGradRequired() ? productInto(pending[0], upstream, b) : null,
        b.isGradRequired() ? productInto(pending[1], upstream, a) : null
      };
    }

    /** Returns {@code upstream * factor}, added into {@code pending} when it is not null. */
    private static Tensor productInto(Tensor pending, Tensor upstream, Tensor factor) {
      if (pending == null) {
        return arithmetic(upstream, factor, Elementwise.BinaryFn.MUL, "mul");
      }
      InPlace.addcmul(pending.storage(), upstream.storage(), factor.storage(), 1);
      return pending;
    }

    @Override
    public String name() {
      return "mul";
    }

    @Override
    public String formula() {
      return "out = a * b;  dout/da = b,  dout/db = a";
    }

    @Override
    public ScalarForm scalarForm() {
      return ScalarForm.ELEMENTWISE;
    }
  }

  /** {@code out = a / b}; {@code dout/da = 1/b, dout/db = -a/b^2}. */
  public record Div() implements Op {
    static final Div OP = new Div();

    @Override
    public Tensor forward(Tensor[] in) {
      return arithmetic(in[0], in[1], Elementwise.BinaryFn.DIV, "div");
    }

    @Override
    public Tensor[] backward(Tensor upstream, Tensor output, Tensor[] inputs) {
      Tensor a = inputs[0];
      Tensor b = inputs[1];
      return new Tensor[] {
        a.isGradRequired() ? upstream.div(b) : null,
        b.isGradRequired() ? upstream.mul(a).div(b.mul(b)).neg() : null
      };
    }

    @Override
    public String name() {
      return "div";
    }

    @Override
    public String formula() {
      return "out = a / b;  dout/da = 1/b,  dout/db = -a/b^2";
    }

    @Override
    public ScalarForm scalarForm() {
      return ScalarForm.ELEMENTWISE;
    }
  }

  /**
   * {@code out = a^b}; {@code dout/da = b a^(b-1)} (0 where {@code b = 0}, so 0^0 has gradient 0),
   * {@code dout/db = out ln a} (0 where {@code a = 0} and {@code b >= 0}; -Inf at {@code a = 0},
   * {@code b < 0}; NaN where {@code a < 0}), as PyTorch.
   */
  public record Pow() implements Op {
    static final Pow OP = new Pow();

    @Override
    public Tensor forward(Tensor[] in) {
      return zip(in[0], in[1], "pow", Math::pow);
    }

    @Override
    public Tensor[] backward(Tensor upstream, Tensor output, Tensor[] inputs) {
      Tensor a = inputs[0];
      Tensor b = inputs[1];
      Tensor zero = Tensor.scalar(0);
      Tensor gradA =
          a.isGradRequired()
              ? Tensor.where(b.eq(0), zero, upstream.mul(b).mul(a.pow(b.sub(1))))
              : null;
      if (!b.isGradRequired()) {
        return new Tensor[] {gradA, null};
      }
      // ln a is replaced by ln 1 = 0 where the derivative is 0, so the not-taken branch never
      // meets 0 * -Inf (and its own derivative stays finite for second order).
      Tensor flat = a.eq(0).mul(b.lt(0).neg().add(1)); // a == 0 and b >= 0
      Tensor safeA = Tensor.where(flat, Tensor.scalar(1), a);
      Tensor gradB = Tensor.where(flat, zero, upstream.mul(output).mul(safeA.log()));
      return new Tensor[] {gradA, gradB};
    }

    @Override
    public String name() {
      return "pow";
    }

    @Override
    public String formula() {
      return "out = a^b;  dout/da = b * a^(b-1),  dout/db = out * ln a";
    }

    @Override
    public ScalarForm scalarForm() {
      return ScalarForm.ELEMENTWISE;
    }
  }

  /**
   * {@code out = condition ? a : b} elementwise, all three broadcast together. The gradient goes
   * to {@code a} where the condition holds and to {@code b} elsewhere, selected (not multiplied by
   * a 0/1 mask), so a NaN or Inf upstream in one branch never leaks into the other.
   *
   * @param condition the condition, already broadcast to the output's shape
   */
  public record Where(Tensor condition) implements Op {
    @Override
    public Tensor forward(Tensor[] in) {
      Tensor a = in[0];
      Tensor b = in[1];
      int[] shape = condition.shapeArray();
      return Tensor.wrap(
          Elementwise.where(
              condition.storage(), shape, a.storage(), a.shapeArray(), b.storage(), b.shapeArray(),
              shape, resultType(a, b)),
          shape);
    }

    @Override
    public Tensor[] backward(Tensor upstream, Tensor output, Tensor[] inputs) {
      Tensor zero = Tensor.scalar(0);
      return new Tensor[] {
        inputs[0].isGradRequired() ? Tensor.where(condition, upstream, zero) : null,
        inputs[1].isGradRequired() ? Tensor.where(condition, zero, upstream) : null
      };
    }

    @Override
    public String name() {
      return "where";
    }

    @Override
    public String formula() {
      return "out = cond ? a : b;  dout/da = cond,  dout/db = 1 - cond";
    }

    @Override
    public ScalarForm scalarForm() {
      return ScalarForm.MOVEMENT;
    }
  }

  // ---------------------------------------------------------------- the public face's entries

  static Tensor apply(Op op, Tensor a, Tensor b, String name) {
    checkOperand(name, b);
    return Graph.record(op, a, b);
  }

  static Tensor checkOperand(String op, Tensor other) {
    if (other == null) {
      throw new IllegalArgumentException(op + ": the other operand is null");
    }
    return other;
  }

  static Tensor where(Tensor condition, Tensor a, Tensor b) {
    checkOperand("where", condition);
    checkOperand("where", a);
    checkOperand("where", b);
    int[] ab = Shapes.broadcast("where", a.shapeArray(), b.shapeArray());
    int[] shape = Shapes.broadcast("where", condition.shapeArray(), ab);
    // The condition is read as values only (never differentiated), so one of the output's shape
    // is used as it is (a backward pass of where passes its own again).
    Tensor cond =
        java.util.Arrays.equals(condition.shapeArray(), shape)
            ? condition
            : Tensor.wrap(
                Elementwise.broadcastTo(condition.storage(), condition.shapeArray(), shape), shape);
    return Graph.record(new Where(cond), a, b);
  }

  // ---------------------------------------------------------------- comparisons (no graph)

  /** Returns 1 where {@code test(a, b)} holds, else 0, broadcast; a constant. */
  static Tensor compare(String op, Tensor a, Tensor b, DoubleBinaryOperator test) {
    checkOperand(op, b);
    return zip(a, b, op, test);
  }

  // ---------------------------------------------------------------- composites

  /** Returns the elementwise maximum; at ties each side gets half the gradient (composite). */
  static Tensor maximum(Tensor a, Tensor b) {
    checkOperand("maximum", b);
    Shapes.broadcast("maximum", a.shapeArray(), b.shapeArray());
    Tensor tie = a.add(b).mul(0.5);
    return Tensor.where(a.gt(b), a, Tensor.where(a.lt(b), b, tie));
  }

  /** Returns the elementwise minimum; at ties each side gets half the gradient (composite). */
  static Tensor minimum(Tensor a, Tensor b) {
    checkOperand("minimum", b);
    Shapes.broadcast("minimum", a.shapeArray(), b.shapeArray());
    Tensor tie = a.add(b).mul(0.5);
    return Tensor.where(a.lt(b), a, Tensor.where(a.gt(b), b, tie));
  }
}
