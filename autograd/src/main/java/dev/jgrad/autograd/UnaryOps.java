package dev.jgrad.autograd;

import dev.jgrad.autograd.kernels.Elementwise;

/** Elementwise primitives of one input. Each record: forward ({@code apply}) then backward. */
final class UnaryOps {
  private UnaryOps() {}

  private static Tensor map(Op op, Tensor x, java.util.function.DoubleUnaryOperator f) {
    return Tensor.fromOp(op, Elementwise.map(x.data, f), x.shape, x);
  }

  private static Tensor[] one(Tensor grad) {
    return new Tensor[] {grad};
  }

  /** {@code out = -x}; {@code dout/dx = -1}. */
  record Neg() implements Op {
    static final Neg OP = new Neg();

    static Tensor apply(Tensor x) {
      return Tensor.fromOp(OP, Elementwise.neg(x.data), x.shape, x);
    }

    @Override
    public String name() {
      return "neg";
    }

    @Override
    public Tensor[] backward(Tensor upstream, Tensor output, Tensor[] inputs) {
      return one(upstream.neg());
    }
  }

  /** {@code out = e^x}; {@code dout/dx = out}. */
  record Exp() implements Op {
    static final Exp OP = new Exp();

    static Tensor apply(Tensor x) {
      return map(OP, x, Math::exp);
    }

    @Override
    public String name() {
      return "exp";
    }

    @Override
    public Tensor[] backward(Tensor upstream, Tensor output, Tensor[] inputs) {
      return one(upstream.mul(output));
    }
  }

  /** {@code out = ln x} (NaN for x &lt; 0, -Inf at 0); {@code dout/dx = 1/x}. */
  record Log() implements Op {
    static final Log OP = new Log();

    static Tensor apply(Tensor x) {
      return map(OP, x, Math::log);
    }

    @Override
    public String name() {
      return "log";
    }

    @Override
    public Tensor[] backward(Tensor upstream, Tensor output, Tensor[] inputs) {
      return one(upstream.div(inputs[0]));
    }
  }

  /** {@code out = sqrt(x)}; {@code dout/dx = 1 / (2 out)}. */
  record Sqrt() implements Op {
    static final Sqrt OP = new Sqrt();

    static Tensor apply(Tensor x) {
      return map(OP, x, Math::sqrt);
    }

    @Override
    public String name() {
      return "sqrt";
    }

    @Override
    public Tensor[] backward(Tensor upstream, Tensor output, Tensor[] inputs) {
      return one(upstream.div(output.mul(2)));
    }
  }

  /** {@code out = |x|}; {@code dout/dx = sign(x)} (0 at 0, as PyTorch). */
  record Abs() implements Op {
    static final Abs OP = new Abs();

    static Tensor apply(Tensor x) {
      return map(OP, x, Math::abs);
    }

    @Override
    public String name() {
      return "abs";
    }

    @Override
    public Tensor[] backward(Tensor upstream, Tensor output, Tensor[] inputs) {
      return one(upstream.mul(inputs[0].sign()));
    }
  }

  /** {@code out = sin x}; {@code dout/dx = cos x}. */
  record Sin() implements Op {
    static final Sin OP = new Sin();

    static Tensor apply(Tensor x) {
      return map(OP, x, Math::sin);
    }

    @Override
    public String name() {
      return "sin";
    }

    @Override
    public Tensor[] backward(Tensor upstream, Tensor output, Tensor[] inputs) {
      return one(upstream.mul(inputs[0].cos()));
    }
  }

  /** {@code out = cos x}; {@code dout/dx = -sin x}. */
  record Cos() implements Op {
    static final Cos OP = new Cos();

    static Tensor apply(Tensor x) {
      return map(OP, x, Math::cos);
    }

    @Override
    public String name() {
      return "cos";
    }

    @Override
    public Tensor[] backward(Tensor upstream, Tensor output, Tensor[] inputs) {
      return one(upstream.mul(inputs[0].sin()).neg());
    }
  }

  /** {@code out = tanh x}; {@code dout/dx = 1 - out^2}. */
  record Tanh() implements Op {
    static final Tanh OP = new Tanh();

    static Tensor apply(Tensor x) {
      return map(OP, x, Math::tanh);
    }

    @Override
    public String name() {
      return "tanh";
    }

    @Override
    public Tensor[] backward(Tensor upstream, Tensor output, Tensor[] inputs) {
      return one(upstream.mul(output.mul(output).neg().add(1)));
    }
  }

  /** {@code out = 1 / (1 + e^-x)}, computed without overflow; {@code dout/dx = out (1 - out)}. */
  record Sigmoid() implements Op {
    static final Sigmoid OP = new Sigmoid();

    static Tensor apply(Tensor x) {
      return map(OP, x, Sigmoid::sigmoid);
    }

    static double sigmoid(double v) {
      if (v >= 0) {
        return 1 / (1 + Math.exp(-v));
      }
      double e = Math.exp(v);
      return e / (1 + e);
    }

    @Override
    public String name() {
      return "sigmoid";
    }

    @Override
    public Tensor[] backward(Tensor upstream, Tensor output, Tensor[] inputs) {
      return one(upstream.mul(output.mul(output.neg().add(1))));
    }
  }

  /** {@code out = max(x, 0)}; {@code dout/dx = 1 where x > 0, else 0} (no NaN leaks from masked upstream). */
  record Relu() implements Op {
    static final Relu OP = new Relu();

    static Tensor apply(Tensor x) {
      return Tensor.fromOp(OP, Elementwise.relu(x.data), x.shape, x);
    }

    @Override
    public String name() {
      return "relu";
    }

    @Override
    public Tensor[] backward(Tensor upstream, Tensor output, Tensor[] inputs) {
      Tensor x = inputs[0];
      if (!Autograd.state().gradEnabled && upstream.data.length == x.data.length) {
        // First-order pass: one masking loop instead of gt + where and their broadcast copies.
        return one(Tensor.wrap(Elementwise.reluBackward(x.data, upstream.data), x.shape));
      }
      return one(Tensor.where(x.gt(0), upstream, Tensor.scalar(0)));
    }
  }

  /** {@code out = ln(1 + e^x)}, computed stably as {@code max(x,0) + log1p(e^-|x|)}; {@code dout/dx = sigmoid(x)}. */
  record Softplus() implements Op {
    static final Softplus OP = new Softplus();

    static Tensor apply(Tensor x) {
      return map(OP, x, v -> Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v))));
    }

    @Override
    public String name() {
      return "softplus";
    }

    @Override
    public Tensor[] backward(Tensor upstream, Tensor output, Tensor[] inputs) {
      return one(upstream.mul(inputs[0].sigmoid()));
    }
  }

  /**
   * {@code out = erf(x) = 2/sqrt(pi) * integral_0^x e^(-t^2) dt}; {@code dout/dx = 2/sqrt(pi) e^(-x^2)}.
   */
  record Erf() implements Op {
    static final Erf OP = new Erf();
    private static final double TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

    static Tensor apply(Tensor x) {
      return map(OP, x, Erf::erf);
    }

    /**
     * Returns erf(v) to about one ulp: for |v| &lt; 6 the series {@code 2/sqrt(pi) e^(-v^2)
     * sum_n 2^n v^(2n+1) / (1 3 5 ... (2n+1))}, whose terms are all positive (no cancellation);
     * beyond, erf is +-1 in double precision.
     */
    static double erf(double v) {
      if (Double.isNaN(v)) {
        return v;
      }
      double a = Math.abs(v);
      if (a >= 6) {
        return Math.signum(v);
      }
      double x2 = a * a;
      double term = a;
      double sum = a;
      for (int n = 1; n < 200; n++) {
        term *= 2 * x2 / (2 * n + 1);
        sum += term;
        if (term < sum * 1e-17) {
          break;
        }
      }
      double r = TWO_OVER_SQRT_PI * Math.exp(-x2) * sum;
      return v < 0 ? -r : r;
    }

    @Override
    public String name() {
      return "erf";
    }

    @Override
    public Tensor[] backward(Tensor upstream, Tensor output, Tensor[] inputs) {
      Tensor x = inputs[0];
      return one(upstream.mul(x.mul(x).neg().exp().mul(TWO_OVER_SQRT_PI)));
    }
  }

  /** {@code out = x^p} for a constant p; {@code dout/dx = p x^(p-1)} (0 when p = 0). */
  record PowScalar(double exponent) implements Op {
    static Tensor apply(Tensor x, double p) {
      if (p == 2) {
        return Tensor.fromOp(new PowScalar(p), Elementwise.square(x.data), x.shape, x);
      }
      return map(new PowScalar(p), x, v -> Math.pow(v, p));
    }

    @Override
    public String name() {
      return "pow";
    }

    @Override
    public Tensor[] backward(Tensor upstream, Tensor output, Tensor[] inputs) {
      if (exponent == 0) {
        return one(Tensor.zeros(inputs[0].shape));
      }
      if (exponent == 1) {
        return one(upstream);
      }
      return one(upstream.mul(inputs[0].pow(exponent - 1).mul(exponent)));
    }
  }
}
