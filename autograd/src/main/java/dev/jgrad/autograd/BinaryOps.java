package dev.jgrad.autograd;

import dev.jgrad.autograd.kernels.Elementwise;
import java.util.function.DoubleBinaryOperator;

/**
 * Elementwise primitives of two inputs, with NumPy broadcasting. Backward rules return
 * gradients of the broadcast shape; the engine sums them back to each input's shape.
 */
final class BinaryOps {
  private BinaryOps() {}

  private static Tensor arithmetic(Op op, Tensor a, Tensor b, Elementwise.BinaryFn fn) {
    int[] shape = broadcastShape(op, a, b);
    return Tensor.fromOp(op, Elementwise.binary(fn, a.data, a.shape, b.data, b.shape, shape), shape, a, b);
  }

  /** Returns the broadcast shape, reusing an operand's shape array when it already is the result. */
  private static int[] broadcastShape(Op op, Tensor a, Tensor b) {
    if (a.shape.length >= b.shape.length && b.data.length == 1) {
      return a.shape;
    }
    if (b.shape.length >= a.shape.length && a.data.length == 1) {
      return b.shape;
    }
    return Shapes.broadcast(op.name(), a.shape, b.shape);
  }

  private static Tensor zip(Op op, Tensor a, Tensor b, DoubleBinaryOperator f) {
    int[] shape = Shapes.broadcast(op.name(), a.shape, b.shape);
    return Tensor.fromOp(op, Elementwise.zip(a.data, a.shape, b.data, b.shape, shape, f), shape, a, b);
  }

  /** {@code out = a + b}; {@code dout/da = 1, dout/db = 1}. */
  record Add() implements Op {
    static final Add OP = new Add();

    static Tensor apply(Tensor a, Tensor b) {
      return arithmetic(OP, a, b, Elementwise.BinaryFn.ADD);
    }

    @Override
    public String name() {
      return "add";
    }

    @Override
    public Tensor[] backward(Tensor upstream, Tensor output, Tensor[] inputs) {
      return new Tensor[] {upstream, upstream};
    }
  }

  /** {@code out = a - b}; {@code dout/da = 1, dout/db = -1}. */
  record Sub() implements Op {
    static final Sub OP = new Sub();

    static Tensor apply(Tensor a, Tensor b) {
      return arithmetic(OP, a, b, Elementwise.BinaryFn.SUB);
    }

    @Override
    public String name() {
      return "sub";
    }

    @Override
    public Tensor[] backward(Tensor upstream, Tensor output, Tensor[] inputs) {
      return new Tensor[] {upstream, upstream.neg()};
    }
  }

  /** {@code out = a * b}; {@code dout/da = b, dout/db = a}. */
  record Mul() implements Op {
    static final Mul OP = new Mul();

    static Tensor apply(Tensor a, Tensor b) {
      return arithmetic(OP, a, b, Elementwise.BinaryFn.MUL);
    }

    @Override
    public String name() {
      return "mul";
    }

    @Override
    public Tensor[] backward(Tensor upstream, Tensor output, Tensor[] inputs) {
      return new Tensor[] {upstream.mul(inputs[1]), upstream.mul(inputs[0])};
    }
  }

  /** {@code out = a / b}; {@code dout/da = 1/b, dout/db = -a/b^2}. */
  record Div() implements Op {
    static final Div OP = new Div();

    static Tensor apply(Tensor a, Tensor b) {
      return arithmetic(OP, a, b, Elementwise.BinaryFn.DIV);
    }

    @Override
    public String name() {
      return "div";
    }

    @Override
    public Tensor[] backward(Tensor upstream, Tensor output, Tensor[] inputs) {
      Tensor a = inputs[0];
      Tensor b = inputs[1];
      return new Tensor[] {upstream.div(b), upstream.mul(a).div(b.mul(b)).neg()};
    }
  }

  /**
   * {@code out = a^b}; {@code dout/da = b a^(b-1)}, {@code dout/db = out ln a} (taken as 0 where
   * {@code a = 0}, NaN where {@code a < 0}, as PyTorch).
   */
  record Pow() implements Op {
    static final Pow OP = new Pow();

    static Tensor apply(Tensor a, Tensor b) {
      return zip(OP, a, b, Math::pow);
    }

    @Override
    public String name() {
      return "pow";
    }

    @Override
    public Tensor[] backward(Tensor upstream, Tensor output, Tensor[] inputs) {
      Tensor a = inputs[0];
      Tensor b = inputs[1];
      Tensor gradA = upstream.mul(b).mul(a.pow(b.sub(1)));
      Tensor zero = a.eq(0);
      Tensor safeLog = Tensor.where(zero, Tensor.scalar(0), Tensor.where(zero, Tensor.scalar(1), a).log());
      Tensor gradB = upstream.mul(output).mul(safeLog);
      return new Tensor[] {gradA, gradB};
    }
  }

  /**
   * {@code out = condition ? a : b} elementwise, all three broadcast together. The gradient goes
   * to {@code a} where the condition holds and to {@code b} elsewhere, selected (not multiplied by
   * a 0/1 mask), so a NaN or Inf upstream in one branch never leaks into the other.
   */
  record Where(Tensor condition) implements Op {
    static Tensor apply(Tensor condition, Tensor a, Tensor b) {
      int[] ab = Shapes.broadcast("where", a.shape, b.shape);
      int[] shape = Shapes.broadcast("where", condition.shape, ab);
      double[] c = Elementwise.broadcastTo(condition.data, condition.shape, shape);
      double[] av = Elementwise.broadcastTo(a.data, a.shape, shape);
      double[] bv = Elementwise.broadcastTo(b.data, b.shape, shape);
      double[] out = new double[c.length];
      for (int i = 0; i < out.length; i++) {
        out[i] = c[i] != 0 ? av[i] : bv[i];
      }
      Tensor cond = Tensor.wrap(c, shape);
      return Tensor.fromOp(new Where(cond), out, shape, a, b);
    }

    @Override
    public String name() {
      return "where";
    }

    @Override
    public Tensor[] backward(Tensor upstream, Tensor output, Tensor[] inputs) {
      Tensor zero = Tensor.scalar(0);
      return new Tensor[] {
        Tensor.where(condition, upstream, zero), Tensor.where(condition, zero, upstream)
      };
    }
  }
}
