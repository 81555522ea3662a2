package dev.jgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Every first-order shortcut ({@link Op#fastBackward}) gives the gradients of the op's
 * differentiable rule ({@link Op#backward}), in both dtypes, including inputs that take no
 * gradient; {@link #everyShortcutHasAProperty()} finds the ops that declare one.
 */
class FastBackwardProperties {

  /** The ops whose shortcut a property below checks. */
  private static final List<Class<?>> CHECKED = // in the order of Op's permits clause
      List.of(UnaryOps.Relu.class, UnaryOps.GeluTanh.class, BinaryOps.Mul.class,
          ReduceOps.Softmax.class,
          ReduceOps.LogSoftmax.class, NormOps.LayerNorm.class, LinalgOps.MatMul.class,
          LinalgOps.Linear.class, ConvOps.MaxPool.class, RecurrentOps.LstmCell.class);

  @Example
  void everyShortcutHasAProperty() throws NoSuchMethodException {
    List<Class<?>> declaring = new ArrayList<>();
    for (Class<?> op : Op.class.getPermittedSubclasses()) {
      if (op.getMethod("fastBackward", Tensor.class, Tensor.class, Tensor[].class)
              .getDeclaringClass()
          == op) {
        declaring.add(op);
      }
    }
    assertEquals(CHECKED, declaring, "ops with a fastBackward, each needing a property here");
  }

  @Property(tries = 60)
  void matmulShortcutEqualsRule(
      @ForAll @IntRange(min = 1, max = 9) int n,
      @ForAll @IntRange(min = 1, max = 9) int k,
      @ForAll @IntRange(min = 1, max = 9) int m,
      @ForAll boolean aNeedsGrad,
      @ForAll boolean f32,
      @ForAll long seed) {
    Random r = new Random(seed);
    DType d = f32 ? DType.F32 : DType.F64;
    Tensor a = Tensor.randn(d, r, n, k).requiresGrad(aNeedsGrad);
    Tensor b = Tensor.randn(d, r, k, m).requiresGrad();
    compare(in -> in[0].matmul(in[1]), r, a, b);
  }

  @Property(tries = 80)
  void batchedMatmulShortcutEqualsRule(
      @ForAll @IntRange(min = 1, max = 2) int batchRank,
      @ForAll @IntRange(min = 1, max = 17) int n,
      @ForAll @IntRange(min = 1, max = 17) int k,
      @ForAll @IntRange(min = 1, max = 17) int m,
      @ForAll @IntRange(min = 0, max = 3) int sharing, // 0 none, 1 A shared, 2 B shared, 3 A 2-d
      @ForAll boolean aNeedsGrad,
      @ForAll boolean f32,
      @ForAll long seed) {
    Random r = new Random(seed);
    DType d = f32 ? DType.F32 : DType.F64;
    int[] batch = new int[batchRank];
    for (int i = 0; i < batchRank; i++) {
      batch[i] = 1 + r.nextInt(4);
    }
    int[] ones = new int[batchRank];
    Arrays.fill(ones, 1);
    int[] aShape = sharing == 3 ? new int[] {n, k} : withMatrix(sharing == 1 ? ones : batch, n, k);
    int[] bShape = withMatrix(sharing == 2 ? ones : batch, k, m);
    Tensor a = Tensor.randn(d, r, aShape).requiresGrad(aNeedsGrad);
    Tensor b = Tensor.randn(d, r, bShape).requiresGrad();
    compare(in -> in[0].matmul(in[1]), r, a, b);
  }

  @Example
  void matmulBroadcastAlongSomeBatchDimsTakesTheRule() {
    Random r = new Random(5);
    Tensor a = Tensor.randn(r, 2, 1, 3, 4).requiresGrad();
    Tensor b = Tensor.randn(r, 1, 3, 4, 5).requiresGrad();
    Tensor out = a.matmul(b);
    try (Autograd.Scope off = Autograd.noGrad()) {
      Tensor[] recorded = out.inputs().toArray(new Tensor[0]);
      assertNull(out.op().fastBackward(out.onesLike(), out, recorded));
    }
  }

  private static int[] withMatrix(int[] batch, int rows, int cols) {
    int[] shape = Arrays.copyOf(batch, batch.length + 2);
    shape[batch.length] = rows;
    shape[batch.length + 1] = cols;
    return shape;
  }

  /** Many rows into a wide weight (a convolution's shape): the shortcut computes dW^T. */
  @Property(tries = 30)
  void linearShortcutEqualsRuleOnTallInputs(
      @ForAll @IntRange(min = 2, max = 19) int in,
      @ForAll @IntRange(min = 1, max = 18) int outBelowIn,
      @ForAll @IntRange(min = 0, max = 40) int extraRows,
      @ForAll boolean f32,
      @ForAll long seed) {
    Random r = new Random(seed);
    DType d = f32 ? DType.F32 : DType.F64;
    int out = 1 + (outBelowIn - 1) % (in - 1);
    Tensor x = Tensor.randn(d, r, 2, 4 * in + extraRows, in).requiresGrad();
    Tensor w = Tensor.randn(d, r, out, in).requiresGrad();
    Tensor b = Tensor.randn(d, r, out).requiresGrad();
    compare(t -> Tensor.linear(t[0], t[1], t[2]), r, x, w, b);
  }

  @Property(tries = 60)
  void linearShortcutEqualsRule(
      @ForAll @IntRange(min = 1, max = 3) int rank,
      @ForAll @IntRange(min = 1, max = 7) int in,
      @ForAll @IntRange(min = 1, max = 7) int out,
      @ForAll boolean bias,
      @ForAll boolean xNeedsGrad,
      @ForAll boolean f32,
      @ForAll long seed) {
    Random r = new Random(seed);
    DType d = f32 ? DType.F32 : DType.F64;
    int[] xs = new int[rank];
    for (int i = 0; i < rank - 1; i++) {
      xs[i] = 1 + r.nextInt(3);
    }
    xs[rank - 1] = in;
    Tensor x = Tensor.randn(d, r, xs).requiresGrad(xNeedsGrad);
    Tensor w = Tensor.randn(d, r, out, in).requiresGrad();
    if (bias) {
      Tensor b = Tensor.randn(d, r, out).requiresGrad();
      compare(t -> Tensor.linear(t[0], t[1], t[2]), r, x, w, b);
    } else {
      compare(t -> Tensor.linear(t[0], t[1], null), r, x, w);
    }
  }

  @Property(tries = 60)
  void reluShortcutEqualsRule(@ForAll("shapes") int[] shape, @ForAll boolean f32, @ForAll long seed) {
    Random r = new Random(seed);
    Tensor x = Tensor.randn(f32 ? DType.F32 : DType.F64, r, shape).requiresGrad();
    compare(t -> t[0].relu(), r, x);
  }

  /** Operands of one shape and dtype (scalars included), either or both taking a gradient. */
  @Property(tries = 80)
  void mulShortcutEqualsRule(
      @ForAll("shapes") int[] shape,
      @ForAll boolean f32,
      @ForAll @IntRange(min = 0, max = 2) int noGrad,
      @ForAll boolean same,
      @ForAll long seed) {
    Random r = new Random(seed);
    DType d = f32 ? DType.F32 : DType.F64;
    Tensor a = Tensor.randn(d, r, shape).requiresGrad(noGrad != 1);
    Tensor b = same ? a : Tensor.randn(d, r, shape).requiresGrad(noGrad != 2);
    if (!a.isGradRequired() && !b.isGradRequired()) {
      return;
    }
    compare(t -> t[0].mul(t[1]), r, a, b);
  }

  /** A broadcast operand, an upstream of another shape or mixed dtypes take the rule. */
  @Example
  void mulShortcutLeavesBroadcastAndPromotionToTheRule() {
    Random r = new Random(1);
    Tensor[][] pairs = {
      {Tensor.randn(r, 3).requiresGrad(), Tensor.scalar(2).requiresGrad()},
      {Tensor.scalar(2).requiresGrad(), Tensor.randn(r, 1).requiresGrad()},
      {Tensor.randn(r, 2, 1).requiresGrad(), Tensor.randn(r, 3).requiresGrad()},
      {Tensor.randn(r, 1, 1).requiresGrad(), Tensor.randn(r, 1).requiresGrad()},
      {Tensor.scalar(DType.F32, 2).requiresGrad(), Tensor.scalar(3).requiresGrad()},
    };
    for (Tensor[] in : pairs) {
      Tensor out = in[0].mul(in[1]);
      Tensor upstream = out.onesLike();
      try (Autograd.Scope off = Autograd.noGrad()) {
        assertNull(out.op().fastBackward(upstream, out, in), Arrays.toString(out.shape()));
      }
    }
    Tensor a = Tensor.scalar(2).requiresGrad();
    Tensor out = a.mul(a);
    try (Autograd.Scope off = Autograd.noGrad()) {
      Tensor f32Upstream = Tensor.scalar(DType.F32, 1);
      assertNull(out.op().fastBackward(f32Upstream, out, new Tensor[] {a, a}), "upstream dtype");
      Tensor shapedUpstream = Tensor.ones(1);
      assertNull(out.op().fastBackward(shapedUpstream, out, new Tensor[] {a, a}), "upstream shape");
    }
  }

  @Property(tries = 60)
  void geluTanhShortcutEqualsRule(
      @ForAll("shapes") int[] shape, @ForAll boolean f32, @ForAll long seed) {
    Random r = new Random(seed);
    Tensor x = Tensor.randn(f32 ? DType.F32 : DType.F64, r, shape).mul(2).detach().requiresGrad();
    compare(t -> t[0].geluTanh(), r, x);
  }

  /** Softmax and log-softmax along a random dim (the last dim and the others take other loops). */
  @Property(tries = 80)
  void softmaxShortcutsEqualRules(
      @ForAll("nonScalarShapes") int[] shape,
      @ForAll boolean log,
      @ForAll boolean f32,
      @ForAll long seed) {
    Random r = new Random(seed);
    int dim = r.nextInt(shape.length);
    Tensor x = Tensor.randn(f32 ? DType.F32 : DType.F64, r, shape).mul(3).detach().requiresGrad();
    compare(t -> log ? t[0].logSoftmax(dim) : t[0].softmax(dim), r, x);
  }

  /** Layer norm with and without weight and bias, each input taking a gradient or not. */
  @Property(tries = 80)
  void layerNormShortcutEqualsRule(
      @ForAll("nonScalarShapes") int[] shape,
      @ForAll @IntRange(min = 0, max = 3) int parameters,
      @ForAll @IntRange(min = 0, max = 7) int needsGrad,
      @ForAll boolean f32,
      @ForAll long seed) {
    Random r = new Random(seed);
    DType d = f32 ? DType.F32 : DType.F64;
    int n = shape[shape.length - 1];
    boolean weighted = (parameters & 1) != 0;
    boolean biased = (parameters & 2) != 0;
    boolean wGrad = weighted && (needsGrad & 2) != 0;
    boolean bGrad = biased && (needsGrad & 4) != 0;
    // At least one input takes a gradient, so that the output is a node.
    boolean xGrad = (needsGrad & 1) != 0 || !(wGrad || bGrad);
    Tensor x = Tensor.randn(d, r, shape).requiresGrad(xGrad);
    Tensor w = Tensor.randn(d, r, n).requiresGrad(wGrad);
    Tensor b = Tensor.randn(d, r, n).requiresGrad(bGrad);
    if (weighted && biased) {
      compare(t -> Tensor.layerNorm(t[0], t[1], t[2], 1e-3), r, x, w, b);
    } else if (weighted) {
      compare(t -> Tensor.layerNorm(t[0], t[1], null, 1e-3), r, x, w);
    } else if (biased) {
      compare(t -> Tensor.layerNorm(t[0], null, t[1], 1e-3), r, x, b);
    } else {
      compare(t -> Tensor.layerNorm(t[0], null, null, 1e-3), r, x);
    }
  }

  /** Max pooling with ties (values from a few integers): shortcut and rule pick the same element. */
  @Property(tries = 60)
  void maxPoolShortcutEqualsRule(
      @ForAll @IntRange(min = 1, max = 3) int kernel,
      @ForAll @IntRange(min = 1, max = 2) int stride,
      @ForAll boolean padded,
      @ForAll boolean f32,
      @ForAll long seed) {
    Random r = new Random(seed);
    int padding = padded ? kernel / 2 : 0;
    int h = kernel + r.nextInt(3);
    int w = kernel + r.nextInt(3);
    Tensor x = Tensor.rand(r, 2, 2, h, w).mul(3).sub(1.5);
    x = Tensor.of(Arrays.stream(x.toArray()).map(Math::rint).toArray(), 2, 2, h, w)
        .to(f32 ? DType.F32 : DType.F64).detach().requiresGrad();
    compare(t -> t[0].maxPool2d(new int[] {kernel}, new int[] {stride}, new int[] {padding}), r, x);
  }

  /** The fused LSTM cell, with any of its inputs taking no gradient. */
  @Property(tries = 60)
  void lstmCellShortcutEqualsRule(
      @ForAll @IntRange(min = 1, max = 4) int batch,
      @ForAll @IntRange(min = 1, max = 20) int hidden,
      @ForAll @IntRange(min = 0, max = 7) int noGrad,
      @ForAll boolean f32,
      @ForAll long seed) {
    Random r = new Random(seed);
    DType d = f32 ? DType.F32 : DType.F64;
    Tensor xg = Tensor.randn(d, r, batch, 4 * hidden).mul(2).detach().requiresGrad((noGrad & 1) == 0);
    Tensor hg = Tensor.randn(d, r, batch, 4 * hidden).detach().requiresGrad((noGrad & 2) == 0);
    Tensor c = Tensor.randn(d, r, batch, hidden).detach().requiresGrad((noGrad & 4) == 0 || noGrad == 7);
    compare(t -> Tensor.lstmCell(t[0], t[1], t[2]), r, xg, hg, c);
  }

  @net.jqwik.api.Provide
  net.jqwik.api.Arbitrary<int[]> shapes() {
    return Gen.shapes();
  }

  @net.jqwik.api.Provide
  net.jqwik.api.Arbitrary<int[]> nonScalarShapes() {
    return Gen.shapes(1, 3);
  }

  /** Builds the node, then checks that the shortcut and the rule agree input by input. */
  private static void compare(Function<Tensor[], Tensor> f, Random r, Tensor... inputs) {
    Tensor out = f.apply(inputs);
    Tensor upstream = Tensor.randn(out.dtype(), r, out.shape());
    Tensor[] recorded = out.inputs().toArray(new Tensor[0]);
    Tensor[] fast;
    Tensor[] rule;
    try (Autograd.Scope off = Autograd.noGrad()) {
      fast = out.op().fastBackward(upstream, out, recorded);
      rule = out.op().backward(upstream, out, recorded);
    }
    assertNotNull(fast, "the shortcut applies to these arguments");
    assertEquals(rule.length, fast.length);
    double tol = out.dtype() == DType.F32 ? 1e-5 : 1e-12;
    for (int i = 0; i < rule.length; i++) {
      if (!recorded[i].isGradRequired()) {
        assertNull(fast[i], "no gradient is computed for input " + i);
        continue;
      }
      assertEquals(recorded[i].dtype(), fast[i].dtype());
      Tensor want = rule[i].sumTo(recorded[i].shape());
      assertArrayEquals(want.shape(), fast[i].shape());
      double[] w = want.toArray();
      double[] g = fast[i].toArray();
      for (int e = 0; e < w.length; e++) {
        assertTrue(
            Math.abs(w[e] - g[e]) <= tol * (1 + Math.abs(w[e])),
            "input " + i + " element " + e + ": " + g[e] + " vs " + w[e]);
      }
    }
  }
}
