package dev.jgrad.autograd;

import dev.jgrad.autograd.graph.Graph;
import dev.jgrad.autograd.kernels.Elementwise;
import java.util.function.DoubleUnaryOperator;

/**
 * Elementwise ops of one input: the primitives (each record holds its forward, its derivative and
 * its formula) and the composites built from them (leakyRelu, gelu, clamp, sign). The output has
 * the input's shape and dtype.
 */
public final class UnaryOps {
  private UnaryOps() {}

  private static Tensor map(Tensor x, DoubleUnaryOperator f) {
    return Tensor.wrap(Elementwise.map(x.storage(), f), x.shapeArray());
  }

  private static Tensor unary(Tensor x, Elementwise.UnaryFn fn) {
    return Tensor.wrap(Elementwise.unary(fn, x.storage()), x.shapeArray());
  }

  private static Tensor[] one(Tensor grad) {
    return new Tensor[] {grad};
  }

  /** {@code out = -x}; {@code dout/dx = -1}. */
  public record Neg() implements Op {
    static final Neg OP = new Neg();

    @Override
    public Tensor forward(Tensor[] in) {
      return Tensor.wrap(Elementwise.neg(in[0].storage()), in[0].shapeArray());
    }

    @Override
    public Tensor[] backward(Tensor upstream, Tensor output, Tensor[] inputs) {
      return one(upstream.neg());
    }

    @Override
    public String name() {
      return "neg";
    }

    @Override
    public String formula() {
      return "out = -x;  dout/dx = -1";
    }

    @Override
    public ScalarForm scalarForm() {
      return ScalarForm.ELEMENTWISE;
    }
  }

  /** {@code out = e^x}; {@code dout/dx = out}. */
  public record Exp() implements Op {
    static final Exp OP = new Exp();

    @Override
    public Tensor forward(Tensor[] in) {
      return unary(in[0], Elementwise.UnaryFn.EXP);
    }

    @Override
    public Tensor[] backward(Tensor upstream, Tensor output, Tensor[] inputs) {
      return one(upstream.mul(output));
    }

    @Override
    public String name() {
      return "exp";
    }

    @Override
    public String formula() {
      return "out = e^x;  dout/dx = e^x = out";
    }

    @Override
    public ScalarForm scalarForm() {
      return ScalarForm.ELEMENTWISE;
    }
  }

  /** {@code out = ln x} (NaN for x &lt; 0, -Inf at 0); {@code dout/dx = 1/x}. */
  public record Log() implements Op {
    static final Log OP = new Log();

    @Override
    public Tensor forward(Tensor[] in) {
      return unary(in[0], Elementwise.UnaryFn.LOG);
    }

    @Override
    public Tensor[] backward(Tensor upstream, Tensor output, Tensor[] inputs) {
      return one(upstream.div(inputs[0]));
    }

    @Override
    public String name() {
      return "log";
    }

    @Override
    public String formula() {
      return "out = ln x;  dout/dx = 1/x";
    }

    @Override
    public ScalarForm scalarForm() {
      return ScalarForm.ELEMENTWISE;
    }
  }

  /**
   * {@code out = ln(1 + x)}, accurate for tiny x where {@code log(1 + x)} rounds to 0 (NaN below
   * -1, -Inf at -1); {@code dout/dx = 1 / (1 + x)}. Added as the worked example of
   * {@code docs/adding-an-op.md}.
   */
  public record Log1p() implements Op {
    static final Log1p OP = new Log1p();

    @Override
    public Tensor forward(Tensor[] in) {
      return unary(in[0], Elementwise.UnaryFn.LOG1P);
    }

    @Override
    public Tensor[] backward(Tensor upstream, Tensor output, Tensor[] inputs) {
      return one(upstream.div(inputs[0].add(1)));
    }

    @Override
    public String name() {
      return "log1p";
    }

    @Override
    public String formula() {
      return "out = ln(1 + x);  dout/dx = 1 / (1 + x)";
    }

    @Override
    public ScalarForm scalarForm() {
      return ScalarForm.ELEMENTWISE;
    }
  }

  /** {@code out = sqrt(x)}; {@code dout/dx = 1 / (2 out)}. */
  public record Sqrt() implements Op {
    static final Sqrt OP = new Sqrt();

    @Override
    public Tensor forward(Tensor[] in) {
      return unary(in[0], Elementwise.UnaryFn.SQRT);
    }

    @Override
    public Tensor[] backward(Tensor upstream, Tensor output, Tensor[] inputs) {
      return one(upstream.div(output.mul(2)));
    }

    @Override
    public String name() {
      return "sqrt";
    }

    @Override
    public String formula() {
      return "out = sqrt(x);  dout/dx = 1 / (2 sqrt(x))";
    }

    @Override
    public ScalarForm scalarForm() {
      return ScalarForm.ELEMENTWISE;
    }
  }

  /** {@code out = |x|}; {@code dout/dx = sign(x)} (0 at 0, as PyTorch). */
  public record Abs() implements Op {
    static final Abs OP = new Abs();

    @Override
    public Tensor forward(Tensor[] in) {
      return unary(in[0], Elementwise.UnaryFn.ABS);
    }

    @Override
    public Tensor[] backward(Tensor upstream, Tensor output, Tensor[] inputs) {
      return one(upstream.mul(inputs[0].sign()));
    }

    @Override
    public String name() {
      return "abs";
    }

    @Override
    public String formula() {
      return "out = |x|;  dout/dx = sign(x)";
    }

    @Override
    public ScalarForm scalarForm() {
      return ScalarForm.ELEMENTWISE;
    }
  }

  /** {@code out = sin x}; {@code dout/dx = cos x}. */
  public record Sin() implements Op {
    static final Sin OP = new Sin();

    @Override
    public Tensor forward(Tensor[] in) {
      return unary(in[0], Elementwise.UnaryFn.SIN);
    }

    @Override
    public Tensor[] backward(Tensor upstream, Tensor output, Tensor[] inputs) {
      return one(upstream.mul(inputs[0].cos()));
    }

    @Override
    public String name() {
      return "sin";
    }

    @Override
    public String formula() {
      return "out = sin x;  dout/dx = cos x";
    }

    @Override
    public ScalarForm scalarForm() {
      return ScalarForm.ELEMENTWISE;
    }
  }

  /** {@code out = cos x}; {@code dout/dx = -sin x}. */
  public record Cos() implements Op {
    static final Cos OP = new Cos();

    @Override
    public Tensor forward(Tensor[] in) {
      return unary(in[0], Elementwise.UnaryFn.COS);
    }

    @Override
    public Tensor[] backward(Tensor upstream, Tensor output, Tensor[] inputs) {
      return one(upstream.mul(inputs[0].sin()).neg());
    }

    @Override
    public String name() {
      return "cos";
    }

    @Override
    public String formula() {
      return "out = cos x;  dout/dx = -sin x";
    }

    @Override
    public ScalarForm scalarForm() {
      return ScalarForm.ELEMENTWISE;
    }
  }

  /** {@code out = tanh x}; {@code dout/dx = 1 - out^2}. */
  public record Tanh() implements Op {
    static final Tanh OP = new Tanh();

    @Override
    public Tensor forward(Tensor[] in) {
      return unary(in[0], Elementwise.UnaryFn.TANH);
    }

    @Override
    public Tensor[] backward(Tensor upstream, Tensor output, Tensor[] inputs) {
      return one(upstream.mul(output.mul(output).neg().add(1)));
    }

    @Override
    public String name() {
      return "tanh";
    }

    @Override
    public String formula() {
      return "out = tanh x;  dout/dx = 1 - out^2";
    }

    @Override
    public ScalarForm scalarForm() {
      return ScalarForm.ELEMENTWISE;
    }
  }

  /** {@code out = 1 / (1 + e^-x)}, computed without overflow; {@code dout/dx = out (1 - out)}. */
  public record Sigmoid() implements Op {
    static final Sigmoid OP = new Sigmoid();

    @Override
    public Tensor forward(Tensor[] in) {
      return unary(in[0], Elementwise.UnaryFn.SIGMOID);
    }

    @Override
    public Tensor[] backward(Tensor upstream, Tensor output, Tensor[] inputs) {
      return one(upstream.mul(output.mul(output.neg().add(1))));
    }

    @Override
    public String name() {
      return "sigmoid";
    }

    @Override
    public String formula() {
      return "out = 1 / (1 + e^-x);  dout/dx = out (1 - out)";
    }

    @Override
    public ScalarForm scalarForm() {
      return ScalarForm.ELEMENTWISE;
    }
  }

  /**
   * {@code out = max(x, 0)}; {@code dout/dx = 1 where x > 0, else 0}, selected rather than
   * multiplied, so no NaN leaks from a masked upstream.
   */
  public record Relu() implements Op {
    static final Relu OP = new Relu();

    @Override
    public Tensor forward(Tensor[] in) {
      return Tensor.wrap(Elementwise.relu(in[0].storage()), in[0].shapeArray());
    }

    @Override
    public Tensor[] backward(Tensor upstream, Tensor output, Tensor[] inputs) {
      return one(Tensor.where(inputs[0].gt(0), upstream, Tensor.scalar(0)));
    }

    /** One masking loop instead of gt + where and their broadcast copies. */
    @Override
    public Tensor[] fastBackward(Tensor upstream, Tensor output, Tensor[] inputs) {
      Tensor x = inputs[0];
      if (upstream.numel() != x.numel()) {
        return null;
      }
      return one(Tensor.wrap(Elementwise.reluBackward(x.storage(), upstream.storage()), x.shapeArray()));
    }

    @Override
    public String name() {
      return "relu";
    }

    @Override
    public String formula() {
      return "out = max(x, 0);  dout/dx = 1 if x > 0 else 0";
    }

    @Override
    public ScalarForm scalarForm() {
      return ScalarForm.ELEMENTWISE;
    }
  }

  /**
   * {@code out = ln(1 + e^x)}, computed stably as {@code max(x,0) + log1p(e^-|x|)};
   * {@code dout/dx = sigmoid(x)}.
   */
  public record Softplus() implements Op {
    static final Softplus OP = new Softplus();

    @Override
    public Tensor forward(Tensor[] in) {
      return map(in[0], v -> Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v))));
    }

    @Override
    public Tensor[] backward(Tensor upstream, Tensor output, Tensor[] inputs) {
      return one(upstream.mul(inputs[0].sigmoid()));
    }

    @Override
    public String name() {
      return "softplus";
    }

    @Override
    public String formula() {
      return "out = ln(1 + e^x);  dout/dx = sigmoid(x)";
    }

    @Override
    public ScalarForm scalarForm() {
      return ScalarForm.ELEMENTWISE;
    }
  }

  /**
   * {@code out = erf(x) = 2/sqrt(pi) * integral_0^x e^(-t^2) dt};
   * {@code dout/dx = 2/sqrt(pi) e^(-x^2)}.
   */
  public record Erf() implements Op {
    static final Erf OP = new Erf();
    private static final double TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

    @Override
    public Tensor forward(Tensor[] in) {
      return map(in[0], Erf::erf);
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
    public Tensor[] backward(Tensor upstream, Tensor output, Tensor[] inputs) {
      Tensor x = inputs[0];
      return one(upstream.mul(x.mul(x).neg().exp().mul(TWO_OVER_SQRT_PI)));
    }

    @Override
    public String name() {
      return "erf";
    }

    @Override
    public String formula() {
      return "out = erf x;  dout/dx = 2/sqrt(pi) e^(-x^2)";
    }

    @Override
    public ScalarForm scalarForm() {
      return ScalarForm.ELEMENTWISE;
    }
  }

  /**
   * GELU in its tanh form (Hendrycks &amp; Gimpel 2016; PyTorch's {@code
   * gelu(approximate="tanh")}): {@code out = 0.5 x (1 + t)} with {@code t = tanh(u)}, {@code u =
   * sqrt(2/pi) (x + 0.044715 x^3)}; {@code dout/dx = 0.5 (1 + t) + 0.5 x (1 - t^2) sqrt(2/pi) (1 +
   * 3 * 0.044715 x^2)}. A primitive for speed: one node and one tanh pass where the composite took
   * eight ops forward and about fifteen backward; the values are the composite's to the last bit.
   */
  public record GeluTanh() implements Op {
    static final GeluTanh OP = new GeluTanh();

    @Override
    public Tensor forward(Tensor[] in) {
      return Tensor.wrap(Elementwise.geluTanh(in[0].storage()), in[0].shapeArray());
    }

    @Override
    public Tensor[] backward(Tensor upstream, Tensor output, Tensor[] inputs) {
      Tensor x = inputs[0];
      Tensor t = geluTanhInner(x).tanh();
      Tensor slope = x.mul(x).mul(3 * GELU_CUBIC).add(1).mul(GELU_SCALE);
      Tensor local = t.add(1).mul(0.5).add(x.mul(0.5).mul(t.mul(t).neg().add(1)).mul(slope));
      return one(upstream.mul(local));
    }

    /** The fused kernel: one tanh pass and one loop. */
    @Override
    public Tensor[] fastBackward(Tensor upstream, Tensor output, Tensor[] inputs) {
      Tensor x = inputs[0];
      if (upstream.dtype() != x.dtype()) {
        return null;
      }
      return one(Tensor.wrap(Elementwise.geluTanhBackward(x.storage(), upstream.storage()), x.shapeArray()));
    }

    @Override
    public String name() {
      return "geluTanh";
    }

    @Override
    public String formula() {
      return "out = x/2 (1 + tanh(u)), u = sqrt(2/pi) (x + 0.044715 x^3);  dout/dx = (1 + t)/2"
          + " + x/2 (1 - t^2) du/dx, t = tanh(u)";
    }

    @Override
    public ScalarForm scalarForm() {
      return ScalarForm.ELEMENTWISE;
    }
  }

  /** {@code sqrt(2 / pi)}, the scale inside the tanh form of GELU. */
  private static final double GELU_SCALE = Math.sqrt(2 / Math.PI);

  /** The cubic coefficient inside the tanh form of GELU. */
  private static final double GELU_CUBIC = 0.044715;

  /** Returns {@code (x + x x x 0.044715) sqrt(2/pi)} with tensor ops (differentiable). */
  private static Tensor geluTanhInner(Tensor x) {
    return x.add(x.mul(x).mul(x).mul(GELU_CUBIC)).mul(GELU_SCALE);
  }

  /** {@code out = x^p} for a constant p; {@code dout/dx = p x^(p-1)} (0 when p = 0). */
  public record PowScalar(double exponent) implements Op {
    @Override
    public Tensor forward(Tensor[] in) {
      if (exponent == 2) {
        return Tensor.wrap(Elementwise.square(in[0].storage()), in[0].shapeArray());
      }
      double p = exponent;
      return map(in[0], v -> Math.pow(v, p));
    }

    @Override
    public Tensor[] backward(Tensor upstream, Tensor output, Tensor[] inputs) {
      if (exponent == 0) {
        return one(inputs[0].zerosLike());
      }
      if (exponent == 1) {
        return one(upstream);
      }
      return one(upstream.mul(inputs[0].pow(exponent - 1).mul(exponent)));
    }

    @Override
    public String name() {
      return "pow";
    }

    @Override
    public String formula() {
      return "out = x^p (p = " + exponent + ");  dout/dx = p * x^(p-1)";
    }

    @Override
    public ScalarForm scalarForm() {
      return ScalarForm.ELEMENTWISE;
    }
  }

  /**
   * {@code out = x} converted to another dtype (rounded to nearest for F64 to F32); the gradient
   * is converted back to the input's dtype.
   */
  public record Cast(DType dtype) implements Op {
    @Override
    public Tensor forward(Tensor[] in) {
      return Tensor.wrap(in[0].storage().to(dtype), in[0].shapeArray());
    }

    @Override
    public Tensor[] backward(Tensor upstream, Tensor output, Tensor[] inputs) {
      return one(upstream.to(inputs[0].dtype()));
    }

    @Override
    public String name() {
      return "to" + dtype;
    }

    @Override
    public String formula() {
      return "out = x as " + dtype + ";  dout/dx = 1 (the gradient is converted back)";
    }

    @Override
    public ScalarForm scalarForm() {
      return ScalarForm.ELEMENTWISE;
    }
  }

  // ---------------------------------------------------------------- the public face's entries

  static Tensor apply(Op op, Tensor x) {
    return Graph.record(op, x);
  }

  static Tensor pow(Tensor x, double p) {
    return Graph.record(new PowScalar(p), x);
  }

  static Tensor to(Tensor x, DType dtype) {
    if (dtype == null) {
      throw new IllegalArgumentException("to: the dtype must not be null (F64 or F32)");
    }
    return dtype == x.dtype() ? x : Graph.record(new Cast(dtype), x);
  }

  // ---------------------------------------------------------------- composites

  /** Returns {@code x} where positive, {@code slope * x} elsewhere (a composite of where). */
  static Tensor leakyRelu(Tensor x, double slope) {
    return Tensor.where(x.gt(0), x, x.mul(slope));
  }

  /** Returns GELU's tanh form as one {@link GeluTanh} node. */
  static Tensor geluTanh(Tensor x) {
    return Graph.record(GeluTanh.OP, x);
  }

  /** Returns the exact GELU {@code x/2 (1 + erf(x / sqrt 2))} (a composite of erf). */
  static Tensor gelu(Tensor x) {
    return x.mul(0.5).mul(x.mul(1 / Math.sqrt(2)).erf().add(1));
  }

  /** Returns {@code x} clamped to {@code [min, max]} (a composite of where). */
  static Tensor clamp(Tensor x, double min, double max) {
    if (!(min <= max)) {
      throw new IllegalArgumentException(
          String.format("clamp: min %s must not exceed max %s", min, max));
    }
    return Tensor.where(x.lt(min), x.scalarLike(min), Tensor.where(x.gt(max), x.scalarLike(max), x));
  }

  /** Returns the sign -1, 0 or 1 (NaN kept), as a constant: not differentiable. */
  static Tensor sign(Tensor x) {
    return Tensor.wrap(Elementwise.map(x.storage(), Math::signum), x.shapeArray());
  }
}
