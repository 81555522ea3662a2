package dev.jgrad.autograd;

import static dev.jgrad.autograd.Gen.awayFromZero;
import static dev.jgrad.autograd.Gen.tensor;
import static dev.jgrad.autograd.Gen.uniform;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Second order: Hessian-vector products computed by differentiating a create-graph gradient
 * agree with central differences of the gradient and with the hand-derived Hessian, and
 * {@link GradCheck#gradGradCheck} passes for every primitive op and the main composites.
 */
class SecondOrderProperties {

  /** Seeds for the values: plain random longs (their edge cases, 0 or Long.MIN_VALUE, mean nothing here). */
  @Provide
  Arbitrary<Long> seeds() {
    return Gen.seeds();
  }

  @Provide
  Arbitrary<int[]> shapes() {
    return Gen.shapes();
  }

  // ---------------------------------------------------------------- Hessian-vector products

  /** {@code f = sum(tanh(x)^3)}: {@code f'' = (6t - 12t^3)(1 - t^2)} on the diagonal, t = tanh x. */
  @Property(tries = 100)
  void hessianVectorProductOfSumTanhCubed(@ForAll("shapes") int[] shape, @ForAll("seeds") long seed) {
    checkHessianVectorProduct(
        x -> x.tanh().pow(3).sum(),
        v -> {
          double t = Math.tanh(v);
          return (6 * t - 12 * t * t * t) * (1 - t * t);
        },
        shape,
        seed);
  }

  /**
   * {@code f = sum(sigmoid(x) x^2)}: {@code f'' = s(1-s)(1-2s) x^2 + 4 s(1-s) x + 2 s} on the
   * diagonal, s = sigmoid x.
   */
  @Property(tries = 100)
  void hessianVectorProductOfSumSigmoidTimesSquare(
      @ForAll("shapes") int[] shape, @ForAll("seeds") long seed) {
    checkHessianVectorProduct(
        x -> x.sigmoid().mul(x.pow(2)).sum(),
        v -> {
          double s = 1 / (1 + Math.exp(-v));
          return s * (1 - s) * (1 - 2 * s) * v * v + 4 * s * (1 - s) * v + 2 * s;
        },
        shape,
        seed);
  }

  /**
   * Checks {@code H v} from double backward against {@code (g(x + eps v) - g(x - eps v)) / 2eps}
   * and against the diagonal Hessian {@code f''(x_i) v_i}; then runs gradGradCheck on f.
   */
  private static void checkHessianVectorProduct(
      UnaryOperator<Tensor> f, DoubleUnaryOperator secondDerivative, int[] shape, long seed) {
    Random r = new Random(seed);
    Tensor x = tensor(r, uniform(-2, 2), shape).requiresGrad();
    Tensor v = tensor(r, uniform(-1, 1), shape);

    Tensor g = Autograd.grad(f.apply(x), x, true);
    assertTrue(g.isGradRequired(), "a create-graph gradient must itself be differentiable");
    Tensor hvp = Autograd.grad(g.mul(v).sum(), x, false);

    double eps = 1e-5;
    double[] plus = gradientAt(f, x.toArray(), v.toArray(), eps, shape);
    double[] minus = gradientAt(f, x.toArray(), v.toArray(), -eps, shape);
    double[] xs = x.toArray();
    double[] vs = v.toArray();
    double[] h = hvp.toArray();
    for (int i = 0; i < h.length; i++) {
      double numeric = (plus[i] - minus[i]) / (2 * eps);
      double exact = secondDerivative.applyAsDouble(xs[i]) * vs[i];
      assertEquals(numeric, h[i], 1e-6 + 1e-5 * Math.abs(numeric), "H v vs differences at " + i);
      assertEquals(exact, h[i], 1e-12 + 1e-10 * Math.abs(exact), "H v vs hand Hessian at " + i);
    }
    GradCheck.gradGradCheck(
            in -> f.apply(in.get(0)), List.of(x.detach()),
            GradCheck.Options.defaults().withSeed(seed))
        .assertOk();
  }

  private static double[] gradientAt(
      UnaryOperator<Tensor> f, double[] x, double[] v, double step, int[] shape) {
    double[] moved = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      moved[i] = x[i] + step * v[i];
    }
    Tensor xm = Gen.of(moved, shape).requiresGrad();
    return Autograd.grad(f.apply(xm), xm, false).toArray();
  }

  // ---------------------------------------------------------------- gradGradCheck for every op

  /** A second-order case: a function, the primitive it exercises, and input generators. */
  private record Case(String name, Class<? extends Op> op, GradCheck.Fn f, Input... inputs) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** An input: shape and value domain. */
  private record Input(Gen.Domain domain, int... shape) {}

  private static Input in(Gen.Domain domain, int... shape) {
    return new Input(domain, shape);
  }

  private static final Gen.Domain ANY = uniform(-1.5, 1.5);
  private static final Gen.Domain POSITIVE = uniform(0.3, 2);
  private static final Gen.Domain AWAY = awayFromZero(0.3, 1.5);

  /** A user-defined op whose backward is written with tensor ops, hence twice differentiable. */
  private static final Function SINE_TIMES =
      Function.of(
          "sineTimes",
          in -> in[0].sin().mul(in[1]),
          (upstream, out, in) ->
              new Tensor[] {upstream.mul(in[0].cos()).mul(in[1]), upstream.mul(in[0].sin())});

  private static final Tensor CONDITION =
      Tensor.of(new double[] {1, 0, 0, 1, 1, 0}, 2, 3);

  private static final List<Case> CASES =
      List.of(
          new Case("neg", UnaryOps.Neg.class, x -> x.get(0).neg().pow(3), in(ANY, 2, 3)),
          new Case("exp", UnaryOps.Exp.class, x -> x.get(0).exp(), in(ANY, 2, 3)),
          new Case("log", UnaryOps.Log.class, x -> x.get(0).log(), in(POSITIVE, 2, 3)),
          new Case("sqrt", UnaryOps.Sqrt.class, x -> x.get(0).sqrt(), in(POSITIVE, 2, 3)),
          new Case("log1p", UnaryOps.Log1p.class, x -> x.get(0).log1p(), in(POSITIVE, 2, 3)),
          new Case("cast there and back", UnaryOps.Cast.class,
              x -> x.get(0).to(DType.F32).to(DType.F64).mul(x.get(0).mul(x.get(0))),
              in(ANY, 2, 3)),
          new Case("abs", UnaryOps.Abs.class, x -> x.get(0).abs().pow(3), in(AWAY, 2, 3)),
          new Case("sin", UnaryOps.Sin.class, x -> x.get(0).sin(), in(ANY, 2, 3)),
          new Case("cos", UnaryOps.Cos.class, x -> x.get(0).cos(), in(ANY, 2, 3)),
          new Case("tanh", UnaryOps.Tanh.class, x -> x.get(0).tanh(), in(ANY, 2, 3)),
          new Case("sigmoid", UnaryOps.Sigmoid.class, x -> x.get(0).sigmoid(), in(ANY, 2, 3)),
          new Case("relu", UnaryOps.Relu.class, x -> x.get(0).relu().pow(3), in(AWAY, 2, 3)),
          new Case("softplus", UnaryOps.Softplus.class, x -> x.get(0).softplus(), in(ANY, 2, 3)),
          new Case("erf", UnaryOps.Erf.class, x -> x.get(0).erf(), in(ANY, 2, 3)),
          new Case("pow 2.5", UnaryOps.PowScalar.class, x -> x.get(0).pow(2.5), in(POSITIVE, 2, 3)),
          new Case("pow -2", UnaryOps.PowScalar.class, x -> x.get(0).pow(-2), in(AWAY, 2, 3)),
          new Case("add", BinaryOps.Add.class, x -> x.get(0).add(x.get(1)).pow(3),
              in(ANY, 2, 3), in(ANY, 3)),
          new Case("sub", BinaryOps.Sub.class, x -> x.get(0).sub(x.get(1)).pow(3),
              in(ANY, 2, 1), in(ANY, 3)),
          new Case("mul", BinaryOps.Mul.class, x -> x.get(0).mul(x.get(1)),
              in(ANY, 2, 3), in(ANY, 1, 3)),
          new Case("div", BinaryOps.Div.class, x -> x.get(0).div(x.get(1)),
              in(ANY, 2, 3), in(AWAY, 3)),
          new Case("pow", BinaryOps.Pow.class, x -> x.get(0).pow(x.get(1)),
              in(POSITIVE, 2, 3), in(ANY, 3)),
          new Case("where", BinaryOps.Where.class,
              x -> Tensor.where(CONDITION, x.get(0), x.get(1)).pow(3), in(ANY, 2, 3), in(ANY, 3)),
          new Case("sum", ReduceOps.SumAll.class, x -> x.get(0).sum().pow(3), in(ANY, 2, 3)),
          new Case("sum dim", ReduceOps.Sum.class, x -> x.get(0).sum(-1, false).pow(3),
              in(ANY, 2, 3)),
          new Case("max dim", ReduceOps.Max.class, x -> x.get(0).max(1, true).pow(3),
              in(null, 2, 3)),
          new Case("matmul", LinalgOps.MatMul.class, x -> x.get(0).matmul(x.get(1)),
              in(ANY, 2, 3), in(ANY, 3, 2)),
          new Case("batched matmul tanh", LinalgOps.MatMul.class,
              x -> x.get(0).matmul(x.get(1)).tanh(), in(ANY, 2, 1, 2, 3), in(ANY, 3, 3, 2)),
          new Case("matmul 1-d", LinalgOps.MatMul.class,
              x -> x.get(0).matmul(x.get(1)).pow(2), in(ANY, 3), in(ANY, 3, 2)),
          new Case("linear", LinalgOps.Linear.class,
              x -> Tensor.linear(x.get(0), x.get(1), x.get(2)).tanh(),
              in(ANY, 2, 3), in(ANY, 4, 3), in(ANY, 4)),
          new Case("linear batched, no bias", LinalgOps.Linear.class,
              x -> Tensor.linear(x.get(0), x.get(1), null).pow(3), in(ANY, 2, 2, 3), in(ANY, 2, 3)),
          new Case("linear 1-d", LinalgOps.Linear.class,
              x -> Tensor.linear(x.get(0), x.get(1), x.get(2)).pow(2),
              in(ANY, 3), in(ANY, 2, 3), in(ANY, 2)),
          new Case("reshape", ShapeOps.Reshape.class, x -> x.get(0).reshape(3, -1).pow(3),
              in(ANY, 2, 3)),
          new Case("permute", ShapeOps.Permute.class, x -> x.get(0).permute(2, 0, 1).pow(3),
              in(ANY, 2, 3, 2)),
          new Case("expand", ShapeOps.Expand.class, x -> x.get(0).expand(2, 3, 2).pow(3),
              in(ANY, 3, 1)),
          new Case("narrow", ShapeOps.Narrow.class, x -> x.get(0).narrow(1, 1, 2).pow(3),
              in(ANY, 2, 4)),
          new Case("cat", ShapeOps.Cat.class,
              x -> Tensor.cat(List.of(x.get(0), x.get(1)), 0).pow(3), in(ANY, 2, 3), in(ANY, 1, 3)),
          new Case("indexSelect", ShapeOps.IndexSelect.class,
              x -> x.get(0).indexSelect(1, new int[] {2, 0, 2}).pow(3), in(ANY, 2, 3)),
          new Case("indexAdd", ShapeOps.IndexAdd.class,
              x -> ShapeOps.indexAdd(x.get(0), 0, new int[] {1, 1, 0}, 2).pow(3),
              in(ANY, 3, 2)),
          new Case("user function", Function.CustomOp.class,
              x -> SINE_TIMES.apply(x.get(0), x.get(1)), in(ANY, 2, 3), in(ANY, 3)),
          // index ops (IndexOps)
          new Case("gather", null,
              x -> x.get(0).gather(1, new int[] {2, 0, 2, 1}, 2, 2).pow(3), in(ANY, 2, 3)),
          new Case("scatterAdd", null,
              x -> x.get(0).scatterAdd(0, new int[] {1, 1, 0}, new int[] {3, 1}, x.get(1)).pow(3),
              in(ANY, 2, 3), in(ANY, 3, 1)),
          new Case("cumsum", IndexOps.Cumsum.class, x -> x.get(0).cumsum(1).pow(3), in(ANY, 2, 3)),
          new Case("lstmCell", RecurrentOps.LstmCell.class,
              x -> Tensor.lstmCell(x.get(0), x.get(1), x.get(2)),
              in(ANY, 2, 8), in(ANY, 2, 8), in(ANY, 2, 2)),
          new Case("maskedFill tril", null,
              x -> x.get(0).maskedFill(CONDITION, -1).tril(1).pow(3), in(ANY, 2, 3)),
          new Case("repeat split", null,
              x -> x.get(0).repeat(2, 1).split(2, 1).get(1).pow(3), in(ANY, 2, 3)),
          new Case("sort", null, x -> x.get(0).sort(1, true).values().pow(3), in(null, 2, 3)),
          new Case("softmax", ReduceOps.Softmax.class, x -> x.get(0).softmax(-1), in(ANY, 2, 3)),
          new Case("softmax dim 0", ReduceOps.Softmax.class, x -> x.get(0).softmax(0).pow(2),
              in(ANY, 2, 3)),
          new Case("logSoftmax", ReduceOps.LogSoftmax.class, x -> x.get(0).logSoftmax(0),
              in(ANY, 2, 3)),
          new Case("logSoftmax last dim", ReduceOps.LogSoftmax.class,
              x -> x.get(0).logSoftmax(1).pow(2), in(ANY, 2, 3)),
          new Case("layerNorm", NormOps.LayerNorm.class,
              x -> Tensor.layerNorm(x.get(0), x.get(1), x.get(2), 0.01).pow(2),
              in(ANY, 2, 3), in(ANY, 3), in(ANY, 3)),
          new Case("layerNorm without parameters", NormOps.LayerNorm.class,
              x -> Tensor.layerNorm(x.get(0), null, null, 0.01).tanh(), in(ANY, 2, 4)),
          new Case("logSumExp", null, x -> x.get(0).logSumExp(1, false), in(ANY, 2, 3)),
          new Case("var", null, x -> x.get(0).var(1, true), in(ANY, 2, 3)),
          new Case("mean", null, x -> x.get(0).mean(0, false).pow(3), in(ANY, 2, 3)),
          new Case("gelu", null, x -> x.get(0).gelu(), in(ANY, 2, 3)),
          new Case("geluTanh", UnaryOps.GeluTanh.class, x -> x.get(0).geluTanh(), in(ANY, 2, 3)),
          new Case("leakyRelu", null, x -> x.get(0).leakyRelu(0.1).pow(3), in(AWAY, 2, 3)),
          new Case("maximum", null, x -> x.get(0).maximum(x.get(1).add(5)).pow(3),
              in(ANY, 2, 3), in(ANY, 3)),
          new Case("stack", null, x -> Tensor.stack(List.of(x.get(0), x.get(1)), 1).pow(3),
              in(ANY, 2, 3), in(ANY, 2, 3)),
          new Case("sum(tanh(x)^3)", null, x -> x.get(0).tanh().pow(3).sum(), in(ANY, 2, 3)),
          new Case("sum(sigmoid(x) x^2)", null,
              x -> x.get(0).sigmoid().mul(x.get(0).pow(2)).sum(), in(ANY, 2, 3)),
          // convolution and pooling
          new Case("conv2d", ConvOps.Unfold.class,
              x -> x.get(0).conv2d(x.get(1), x.get(2),
                  ConvOptions.defaults().withPadding(1).withStride(2, 1).withGroups(2)).tanh(),
              in(ANY, 1, 2, 3, 4), in(ANY, 4, 1, 2, 3), in(ANY, 4)),
          new Case("conv1d dilated", ConvOps.Unfold.class,
              x -> x.get(0).conv1d(x.get(1), null, ConvOptions.defaults().withDilation(2)).pow(3),
              in(ANY, 2, 2, 5), in(ANY, 2, 2, 2)),
          new Case("convTranspose2d", ConvOps.Fold.class,
              x -> x.get(0).convTranspose2d(x.get(1), x.get(2),
                  ConvOptions.defaults().withStride(2).withPadding(1).withOutputPadding(1)).tanh(),
              in(ANY, 1, 2, 2, 3), in(ANY, 2, 2, 3, 3), in(ANY, 2)),
          new Case("maxPool2d", ConvOps.MaxPool.class,
              x -> x.get(0).maxPool2d(new int[] {2}, new int[] {1}, new int[] {1}).pow(3),
              in(null, 1, 2, 3, 3)),
          new Case("avgPool2d", null,
              x -> x.get(0).avgPool2d(new int[] {3}, new int[] {2}, new int[] {1}, false).pow(3),
              in(ANY, 1, 2, 4, 4)),
          new Case("adaptiveAvgPool2d", null, x -> x.get(0).adaptiveAvgPool2d(2, 3).pow(3),
              in(ANY, 1, 1, 3, 5)),
          new Case("pad", null, x -> x.get(0).pad(new int[] {1, -1, 2, 0}, 0.5).pow(3), in(ANY, 2, 3)),
          new Case("std", null, x -> x.get(0).std(1, false, 1), in(null, 2, 3)),
          new Case("norm 2", null, x -> x.get(0).norm(2, 0, false), in(AWAY, 2, 3)),
          new Case("max with indices", null, x -> x.get(0).maxWithIndices(1, false).values().pow(3),
              in(null, 2, 3)));

  @Provide
  Arbitrary<Case> cases() {
    return net.jqwik.api.Arbitraries.of(CASES);
  }

  /** Every case, with three seeds each (deterministic coverage of the whole list). */
  @Example
  void gradGradCheckPassesForEveryCase() {
    List<String> failures = new ArrayList<>();
    for (Case c : CASES) {
      for (long seed = 1; seed <= 3; seed++) {
        GradCheck.Report r = gradGradCheck(c, seed);
        if (!r.ok()) {
          failures.add(c.name() + " (seed " + seed + "): " + r);
        }
      }
    }
    assertTrue(failures.isEmpty(), () -> String.join("\n", failures));
  }

  /** Random cases with random seeds, on top of the fixed ones. */
  @Property(tries = 100)
  void gradGradCheckPassesForRandomCase(@ForAll("cases") Case c, @ForAll("seeds") long seed) {
    gradGradCheck(c, seed).assertOk();
  }

  private static GradCheck.Report gradGradCheck(Case c, long seed) {
    Random r = new Random(seed);
    List<Tensor> inputs = new ArrayList<>();
    for (Input in : c.inputs()) {
      inputs.add(in.domain() == null ? Gen.distinct(r, in.shape()) : tensor(r, in.domain(), in.shape()));
    }
    if (c.op() != null) {
      Gen.assertRecords(c.op(), c.f(), inputs.toArray(new Tensor[0]));
    }
    GradCheck.Options options = GradCheck.Options.defaults().withSeed(seed);
    if (c.op() == UnaryOps.Cast.class) {
      // The float round trip is a staircase of steps ~1e-7 |x| wide: a wider eps averages them.
      options = options.withEps(1e-3);
    }
    return GradCheck.gradGradCheck(c.f(), inputs, options);
  }

  /** Every primitive op has a second-order case. */
  @Example
  void everyPrimitiveHasASecondOrderCase() {
    Set<Class<?>> covered = new LinkedHashSet<>();
    for (Case c : CASES) {
      if (c.op() != null) {
        covered.add(c.op());
      }
    }
    List<String> missing = new ArrayList<>();
    for (Class<?> op : Op.class.getPermittedSubclasses()) {
      if (!covered.contains(op)) {
        missing.add(op.getName());
      }
    }
    assertTrue(missing.isEmpty(), () -> "no second-order case for " + missing);
  }

  /**
   * Tests the tester: a cube whose backward is right in value but built from a detached input
   * (so its own derivative is lost) passes the first-order check and fails gradGradCheck.
   */
  @Example
  void gradGradCheckCatchesABackwardThatIsNotDifferentiable() {
    Function cube =
        Function.of(
            "detachedCube",
            in -> in[0].pow(3),
            (upstream, out, in) -> new Tensor[] {upstream.mul(in[0].detach().pow(2).mul(3))});
    Tensor x = Tensor.of(new double[] {0.5, -1, 2});
    GradCheck.check(in -> cube.apply(in.get(0)), x).assertOk();
    GradCheck.Report r = GradCheck.gradGradCheck(in -> cube.apply(in.get(0)), x);
    assertFalse(r.ok(), r::toString);
    GradCheck.GradCheckFailure e = assertThrows(GradCheck.GradCheckFailure.class, r::assertOk);
    assertTrue(e.getMessage().contains("gradGradCheck FAILED"), e.getMessage());
  }

  /** Third order: d^3/dx^3 of x^4 = 24x, by differentiating three times. */
  @Example
  void thirdDerivativeByRepeatedGrad() {
    Tensor x = Tensor.of(new double[] {-1, 0.5, 2}).requiresGrad();
    Tensor g1 = Autograd.grad(x.pow(4).sum(), x, true);
    Tensor g2 = Autograd.grad(g1.sum(), x, true);
    Tensor g3 = Autograd.grad(g2.sum(), x, false);
    assertArrayEquals(new double[] {-4, 0.5, 32}, g1.toArray(), 1e-12);
    assertArrayEquals(new double[] {12, 3, 48}, g2.toArray(), 1e-12);
    assertArrayEquals(new double[] {-24, 12, 48}, g3.toArray(), 1e-12);
  }
}
