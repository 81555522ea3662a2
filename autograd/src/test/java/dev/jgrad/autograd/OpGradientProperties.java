package dev.jgrad.autograd;

import static dev.jgrad.autograd.Gen.awayFromZero;
import static dev.jgrad.autograd.Gen.check;
import static dev.jgrad.autograd.Gen.tensor;
import static dev.jgrad.autograd.Gen.uniform;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * One property per primitive {@link Op}: the engine's gradient matches central differences
 * ({@link GradCheck}, seeded random upstream) on random shapes (rank 0-3, sizes 1-4,
 * broadcasting pairs, size-1 dims) and random values kept inside the op's domain and away from
 * its kinks. Each property names the primitives it covers with {@link Covers};
 * {@link #everyPrimitiveHasAProperty()} fails for a primitive without one. Then properties for
 * the public composite ops.
 */
class OpGradientProperties {

  /** The primitive ops a property covers (it also asserts that the op is in the graph). */
  @Retention(RetentionPolicy.RUNTIME)
  @Target(ElementType.METHOD)
  @interface Covers {
    Class<? extends Op>[] value();
  }

  @Provide
  Arbitrary<int[]> shapes() {
    return Gen.shapes();
  }

  @Provide
  Arbitrary<int[]> nonScalarShapes() {
    return Gen.shapes(1, 3);
  }

  @Provide
  Arbitrary<int[][]> pairs() {
    return Gen.broadcastPairs();
  }

  @Provide
  Arbitrary<int[][]> triples() {
    return Gen.broadcastTriples();
  }

  // ---------------------------------------------------------------- coverage of the sealed Op

  /** Fails naming every primitive without a property, and every property naming a non-primitive. */
  @Example
  void everyPrimitiveHasAProperty() {
    Map<Class<?>, String> registry = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    for (Method m : OpGradientProperties.class.getDeclaredMethods()) {
      Covers covers = m.getAnnotation(Covers.class);
      if (covers == null) {
        continue;
      }
      if (!m.isAnnotationPresent(Property.class)) {
        problems.add(m.getName() + " has @Covers but is not a @Property");
      }
      for (Class<? extends Op> op : covers.value()) {
        registry.merge(op, m.getName(), (a, b) -> a + ", " + b);
      }
    }
    List<Class<?>> permitted = Arrays.asList(Op.class.getPermittedSubclasses());
    for (Class<?> op : permitted) {
      if (!registry.containsKey(op)) {
        problems.add("primitive " + op.getName() + " has no gradient property");
      }
    }
    for (Class<?> op : registry.keySet()) {
      if (!permitted.contains(op)) {
        problems.add(registry.get(op) + " covers " + op.getName() + ", which is not a primitive");
      }
    }
    assertTrue(problems.isEmpty(), () -> String.join("\n", problems));
    assertEquals(permitted.size(), registry.size());
  }

  // ---------------------------------------------------------------- unary primitives

  private static void unary(
      Class<? extends Op> op, int[] shape, long seed, Gen.Domain domain, UnaryOperator<Tensor> f) {
    Tensor x = tensor(new Random(seed), domain, shape);
    check(op, seed, in -> f.apply(in.get(0)), x);
  }

  @Property(tries = 100)
  @Covers(UnaryOps.Neg.class)
  void neg(@ForAll("shapes") int[] shape, @ForAll long seed) {
    unary(UnaryOps.Neg.class, shape, seed, uniform(-3, 3), Tensor::neg);
  }

  @Property(tries = 100)
  @Covers(UnaryOps.Exp.class)
  void exp(@ForAll("shapes") int[] shape, @ForAll long seed) {
    unary(UnaryOps.Exp.class, shape, seed, uniform(-3, 3), Tensor::exp);
  }

  @Property(tries = 100)
  @Covers(UnaryOps.Log.class)
  void log(@ForAll("shapes") int[] shape, @ForAll long seed) {
    unary(UnaryOps.Log.class, shape, seed, uniform(0.2, 4), Tensor::log);
  }

  @Property(tries = 100)
  @Covers(UnaryOps.Log1p.class)
  void log1p(@ForAll("shapes") int[] shape, @ForAll long seed) {
    unary(UnaryOps.Log1p.class, shape, seed, uniform(-0.8, 4), Tensor::log1p);
  }

  /**
   * The F64 -> F32 -> F64 round trip: its gradient is the upstream converted twice, so the check
   * (in F64) sees the float rounding of the gradient only; the tolerance allows for it.
   */
  @Property(tries = 40)
  @Covers(UnaryOps.Cast.class)
  void cast(@ForAll("shapes") int[] shape, @ForAll long seed) {
    Random r = new Random(seed);
    Tensor x = Tensor.rand(r, shape).mul(4).sub(2);
    GradCheck.check(
            in -> in.get(0).to(DType.F32).to(DType.F64).mul(in.get(0)),
            List.of(x),
            GradCheck.Options.defaults().withEps(1e-3).withTolerance(1e-4, 1e-3))
        .assertOk();
  }

  @Property(tries = 100)
  @Covers(UnaryOps.Sqrt.class)
  void sqrt(@ForAll("shapes") int[] shape, @ForAll long seed) {
    unary(UnaryOps.Sqrt.class, shape, seed, uniform(0.2, 4), Tensor::sqrt);
  }

  @Property(tries = 100)
  @Covers(UnaryOps.Abs.class)
  void abs(@ForAll("shapes") int[] shape, @ForAll long seed) {
    unary(UnaryOps.Abs.class, shape, seed, awayFromZero(0.05, 3), Tensor::abs);
  }

  @Property(tries = 100)
  @Covers(UnaryOps.Sin.class)
  void sin(@ForAll("shapes") int[] shape, @ForAll long seed) {
    unary(UnaryOps.Sin.class, shape, seed, uniform(-4, 4), Tensor::sin);
  }

  @Property(tries = 100)
  @Covers(UnaryOps.Cos.class)
  void cos(@ForAll("shapes") int[] shape, @ForAll long seed) {
    unary(UnaryOps.Cos.class, shape, seed, uniform(-4, 4), Tensor::cos);
  }

  @Property(tries = 100)
  @Covers(UnaryOps.Tanh.class)
  void tanh(@ForAll("shapes") int[] shape, @ForAll long seed) {
    unary(UnaryOps.Tanh.class, shape, seed, uniform(-3, 3), Tensor::tanh);
  }

  @Property(tries = 100)
  @Covers(UnaryOps.Sigmoid.class)
  void sigmoid(@ForAll("shapes") int[] shape, @ForAll long seed) {
    unary(UnaryOps.Sigmoid.class, shape, seed, uniform(-6, 6), Tensor::sigmoid);
  }

  @Property(tries = 100)
  @Covers(UnaryOps.Relu.class)
  void relu(@ForAll("shapes") int[] shape, @ForAll long seed) {
    unary(UnaryOps.Relu.class, shape, seed, awayFromZero(0.05, 3), Tensor::relu);
  }

  @Property(tries = 100)
  @Covers(UnaryOps.Softplus.class)
  void softplus(@ForAll("shapes") int[] shape, @ForAll long seed) {
    unary(UnaryOps.Softplus.class, shape, seed, uniform(-6, 6), Tensor::softplus);
  }

  @Property(tries = 100)
  @Covers(UnaryOps.Erf.class)
  void erf(@ForAll("shapes") int[] shape, @ForAll long seed) {
    unary(UnaryOps.Erf.class, shape, seed, uniform(-3, 3), Tensor::erf);
  }

  @Property(tries = 100)
  @Covers(UnaryOps.GeluTanh.class)
  void geluTanh(@ForAll("shapes") int[] shape, @ForAll long seed) {
    unary(UnaryOps.GeluTanh.class, shape, seed, uniform(-4, 4), Tensor::geluTanh);
  }

  /** Integer exponents on bases of either sign (away from 0), others on positive bases. */
  @Property(tries = 150)
  @Covers(UnaryOps.PowScalar.class)
  void powScalar(
      @ForAll("shapes") int[] shape,
      @ForAll @IntRange(min = 0, max = 8) int which,
      @ForAll long seed) {
    double p = new double[] {0, 1, 2, 3, -1, -2, 0.5, 1.5, -2.5}[which];
    boolean integer = p == Math.rint(p);
    Gen.Domain domain = integer ? awayFromZero(0.3, 2) : uniform(0.3, 2);
    unary(UnaryOps.PowScalar.class, shape, seed, domain, x -> x.pow(p));
  }

  // ---------------------------------------------------------------- binary primitives

  private static void binary(
      Class<? extends Op> op,
      int[][] shapes,
      long seed,
      Gen.Domain da,
      Gen.Domain db,
      java.util.function.BinaryOperator<Tensor> f) {
    Random r = new Random(seed);
    Tensor a = tensor(r, da, shapes[0]);
    Tensor b = tensor(r, db, shapes[1]);
    check(op, seed, in -> f.apply(in.get(0), in.get(1)), a, b);
  }

  @Property(tries = 150)
  @Covers(BinaryOps.Add.class)
  void add(@ForAll("pairs") int[][] shapes, @ForAll long seed) {
    binary(BinaryOps.Add.class, shapes, seed, uniform(-2, 2), uniform(-2, 2), Tensor::add);
  }

  @Property(tries = 150)
  @Covers(BinaryOps.Sub.class)
  void sub(@ForAll("pairs") int[][] shapes, @ForAll long seed) {
    binary(BinaryOps.Sub.class, shapes, seed, uniform(-2, 2), uniform(-2, 2), Tensor::sub);
  }

  @Property(tries = 150)
  @Covers(BinaryOps.Mul.class)
  void mul(@ForAll("pairs") int[][] shapes, @ForAll long seed) {
    binary(BinaryOps.Mul.class, shapes, seed, uniform(-2, 2), uniform(-2, 2), Tensor::mul);
  }

  @Property(tries = 150)
  @Covers(BinaryOps.Div.class)
  void div(@ForAll("pairs") int[][] shapes, @ForAll long seed) {
    binary(BinaryOps.Div.class, shapes, seed, uniform(-2, 2), awayFromZero(0.5, 2), Tensor::div);
  }

  /** Positive base (ln a is real), exponent of either sign. */
  @Property(tries = 150)
  @Covers(BinaryOps.Pow.class)
  void pow(@ForAll("pairs") int[][] shapes, @ForAll long seed) {
    binary(BinaryOps.Pow.class, shapes, seed, uniform(0.3, 2), uniform(-2, 2), Tensor::pow);
  }

  /** Condition, a and b of three mutually broadcast shapes. */
  @Property(tries = 150)
  @Covers(BinaryOps.Where.class)
  void where(@ForAll("triples") int[][] shapes, @ForAll long seed) {
    Random r = new Random(seed);
    Tensor condition = Gen.mask(r, shapes[0]);
    Tensor a = tensor(r, uniform(-2, 2), shapes[1]);
    Tensor b = tensor(r, uniform(-2, 2), shapes[2]);
    check(
        BinaryOps.Where.class, seed, in -> Tensor.where(condition, in.get(0), in.get(1)), a, b);
  }

  // ---------------------------------------------------------------- reductions

  @Property(tries = 100)
  @Covers(ReduceOps.SumAll.class)
  void sumAll(@ForAll("shapes") int[] shape, @ForAll long seed) {
    unary(ReduceOps.SumAll.class, shape, seed, uniform(-2, 2), Tensor::sum);
  }

  @Property(tries = 150)
  @Covers(ReduceOps.Sum.class)
  void sumDim(
      @ForAll("nonScalarShapes") int[] shape, @ForAll boolean keepDim, @ForAll long seed) {
    int dim = Gen.dim(new Random(seed ^ 1), shape.length);
    unary(ReduceOps.Sum.class, shape, seed, uniform(-2, 2), x -> x.sum(dim, keepDim));
  }

  /** Values at least 0.1 apart, so the maximum never ties. Covers max(), max(dim), min(dim). */
  @Property(tries = 150)
  @Covers(ReduceOps.Max.class)
  void max(
      @ForAll("nonScalarShapes") int[] shape,
      @ForAll @IntRange(min = 0, max = 3) int form,
      @ForAll boolean keepDim,
      @ForAll long seed) {
    Random r = new Random(seed);
    Tensor x = Gen.distinct(r, shape);
    int dim = Gen.dim(r, shape.length);
    UnaryOperator<Tensor> f =
        switch (form) {
          case 0 -> Tensor::max;
          case 1 -> t -> t.max(dim, keepDim);
          case 2 -> Tensor::min;
          default -> t -> t.min(dim, keepDim);
        };
    check(ReduceOps.Max.class, seed, in -> f.apply(in.get(0)), x);
  }

  /**
   * Softmax along a random dim, on values near 0 or near 50 (the maximum is subtracted), also
   * compared with the composite it fuses.
   */
  @Property(tries = 100)
  @Covers(ReduceOps.Softmax.class)
  void softmax(
      @ForAll("nonScalarShapes") int[] shape, @ForAll boolean shifted, @ForAll long seed) {
    Random r = new Random(seed);
    int dim = Gen.dim(r, shape.length);
    double shift = shifted ? 50 : 0;
    Tensor x = tensor(r, uniform(-3 + shift, 3 + shift), shape);
    assertMatchesComposite(new ReduceOps.Softmax(Math.floorMod(dim, shape.length)), x);
    check(ReduceOps.Softmax.class, seed, in -> in.get(0).softmax(dim), x);
  }

  /** Log-softmax as {@link #softmax}. */
  @Property(tries = 100)
  @Covers(ReduceOps.LogSoftmax.class)
  void logSoftmax(
      @ForAll("nonScalarShapes") int[] shape, @ForAll boolean shifted, @ForAll long seed) {
    Random r = new Random(seed);
    int dim = Gen.dim(r, shape.length);
    double shift = shifted ? 50 : 0;
    Tensor x = tensor(r, uniform(-3 + shift, 3 + shift), shape);
    assertMatchesComposite(new ReduceOps.LogSoftmax(Math.floorMod(dim, shape.length)), x);
    check(ReduceOps.LogSoftmax.class, seed, in -> in.get(0).logSoftmax(dim), x);
  }

  /**
   * Layer norm over the last dim of rank 1-3 inputs (sizes 1-4), with and without weight and
   * bias; eps 0.1 keeps the F32 comparison away from rows whose values nearly coincide (where
   * the normalization amplifies rounding). Also compared with the composite it fuses.
   */
  @Property(tries = 150)
  @Covers(NormOps.LayerNorm.class)
  void layerNorm(
      @ForAll("nonScalarShapes") int[] shape,
      @ForAll boolean weighted,
      @ForAll boolean biased,
      @ForAll long seed) {
    Random r = new Random(seed);
    int n = shape[shape.length - 1];
    Tensor x = tensor(r, uniform(-2, 2), shape);
    Tensor w = tensor(r, uniform(-2, 2), n);
    Tensor b = tensor(r, uniform(-2, 2), n);
    double eps = 0.1;
    Op op = new NormOps.LayerNorm(eps, weighted, biased);
    if (weighted && biased) {
      assertMatchesComposite(op, x, w, b);
    } else if (weighted || biased) {
      assertMatchesComposite(op, x, weighted ? w : b);
    } else {
      assertMatchesComposite(op, x);
    }
    if (weighted && biased) {
      check(NormOps.LayerNorm.class, seed,
          in -> Tensor.layerNorm(in.get(0), in.get(1), in.get(2), eps), x, w, b);
    } else if (weighted) {
      check(NormOps.LayerNorm.class, seed, in -> Tensor.layerNorm(in.get(0), in.get(1), null, eps),
          x, w);
    } else if (biased) {
      check(NormOps.LayerNorm.class, seed, in -> Tensor.layerNorm(in.get(0), null, in.get(1), eps),
          x, b);
    } else {
      check(NormOps.LayerNorm.class, seed, in -> Tensor.layerNorm(in.get(0), null, null, eps), x);
    }
  }

  /**
   * Asserts that a fused op's values ({@link Op#forward}) equal those of the composite it fuses
   * ({@link Op#composite}), to 1e-12.
   */
  private static void assertMatchesComposite(Op op, Tensor... inputs) {
    Tensor fused = op.forward(inputs);
    Tensor viaComposite = op.composite(inputs);
    assertEquals(Arrays.toString(fused.shape()), Arrays.toString(viaComposite.shape()));
    double[] f = fused.toArray();
    double[] c = viaComposite.toArray();
    for (int i = 0; i < f.length; i++) {
      assertEquals(c[i], f[i], 1e-12 * (1 + Math.abs(c[i])), "element " + i);
    }
  }

  // ---------------------------------------------------------------- linear algebra

  /** Both operands of rank 2-4, batch dims broadcast. */
  @Property(tries = 100)
  @Covers(LinalgOps.MatMul.class)
  void matmul(
      @ForAll("pairs") int[][] batches,
      @ForAll @IntRange(min = 1, max = 4) int n,
      @ForAll @IntRange(min = 1, max = 4) int k,
      @ForAll @IntRange(min = 1, max = 4) int m,
      @ForAll long seed) {
    int[] aShape = matrixShape(lastTwo(batches[0]), n, k);
    int[] bShape = matrixShape(lastTwo(batches[1]), k, m);
    binary(LinalgOps.MatMul.class, new int[][] {aShape, bShape}, seed, uniform(-2, 2),
        uniform(-2, 2), Tensor::matmul);
  }

  /**
   * Inputs of rank 1-3 ({@code [..., in]}, leading dims flattened to rows, sizes 0-3 so empty
   * batches occur), weight {@code [out, in]}, with and without the 1-d bias; also compared
   * against the unfused {@code input.matmul(weight.t()).add(bias)}.
   */
  @Property(tries = 100)
  @Covers(LinalgOps.Linear.class)
  void linear(
      @ForAll @IntRange(min = 1, max = 3) int rank,
      @ForAll @IntRange(min = 0, max = 3) int rows,
      @ForAll @IntRange(min = 1, max = 4) int in,
      @ForAll @IntRange(min = 1, max = 4) int out,
      @ForAll boolean withBias,
      @ForAll long seed) {
    int[] xShape =
        switch (rank) {
          case 1 -> new int[] {in};
          case 2 -> new int[] {rows, in};
          default -> new int[] {2, rows, in};
        };
    Random r = new Random(seed);
    Tensor x = tensor(r, uniform(-2, 2), xShape);
    Tensor w = tensor(r, uniform(-2, 2), out, in);
    Tensor b = tensor(r, uniform(-2, 2), out);
    Tensor fused = Tensor.linear(x, w, withBias ? b : null);
    Tensor plain = withBias ? x.matmul(w.t()).add(b) : x.matmul(w.t());
    assertEquals(Arrays.toString(plain.shape()), Arrays.toString(fused.shape()));
    double[] f = fused.toArray();
    double[] p = plain.toArray();
    for (int i = 0; i < f.length; i++) {
      assertEquals(p[i], f[i], 1e-12 * (1 + Math.abs(p[i])), "element " + i);
    }
    if (withBias) {
      check(LinalgOps.Linear.class, seed, in3 -> Tensor.linear(in3.get(0), in3.get(1), in3.get(2)),
          x, w, b);
    } else {
      check(LinalgOps.Linear.class, seed, in2 -> Tensor.linear(in2.get(0), in2.get(1), null), x, w);
    }
  }

  private static int[] lastTwo(int[] s) {
    return Arrays.copyOfRange(s, Math.max(0, s.length - 2), s.length);
  }

  private static int[] matrixShape(int[] batch, int rows, int cols) {
    int[] s = Arrays.copyOf(batch, batch.length + 2);
    s[batch.length] = rows;
    s[batch.length + 1] = cols;
    return s;
  }

  // ---------------------------------------------------------------- movement

  /** A different shape with the same elements (dims reordered, 1s inserted, one -1 at times). */
  @Property(tries = 100)
  @Covers(ShapeOps.Reshape.class)
  void reshape(@ForAll("shapes") int[] shape, @ForAll long seed) {
    Random r = new Random(seed);
    List<Integer> sizes = new ArrayList<>();
    for (int s : shape) {
      sizes.add(s);
    }
    java.util.Collections.shuffle(sizes, r);
    if (r.nextBoolean()) {
      sizes.add(r.nextInt(sizes.size() + 1), 1);
    }
    int[] target = sizes.stream().mapToInt(Integer::intValue).toArray();
    if (Arrays.equals(target, shape)) {
      // Same sizes in the same order: one more leading 1 makes it a different shape.
      target = new int[shape.length + 1];
      target[0] = 1;
      System.arraycopy(shape, 0, target, 1, shape.length);
    }
    if (r.nextBoolean()) {
      target[r.nextInt(target.length)] = -1;
    }
    int[] newShape = target;
    unary(ShapeOps.Reshape.class, shape, seed, uniform(-2, 2), x -> x.reshape(newShape));
  }

  /** A non-identity permutation of rank 2-3 (permute of rank 0-1 is the identity). */
  @Property(tries = 100)
  @Covers(ShapeOps.Permute.class)
  void permute(
      @ForAll("nonScalarShapes") int[] base, @ForAll boolean negative, @ForAll long seed) {
    Random r = new Random(seed);
    int[] shape = base.length == 1 ? new int[] {base[0], 1 + r.nextInt(4)} : base;
    int[] perm = new int[shape.length];
    do {
      List<Integer> dims = new ArrayList<>();
      for (int i = 0; i < shape.length; i++) {
        dims.add(i);
      }
      java.util.Collections.shuffle(dims, r);
      for (int i = 0; i < perm.length; i++) {
        perm[i] = dims.get(i) - (negative ? shape.length : 0);
      }
    } while (isIdentity(perm, shape.length));
    unary(ShapeOps.Permute.class, shape, seed, uniform(-2, 2), x -> x.permute(perm));
  }

  private static boolean isIdentity(int[] perm, int rank) {
    for (int i = 0; i < perm.length; i++) {
      if (Math.floorMod(perm[i], rank) != i) {
        return false;
      }
    }
    return true;
  }

  /** From a shape with size-1 and missing leading dims up to the full shape (-1 keeps a size). */
  @Property(tries = 100)
  @Covers(ShapeOps.Expand.class)
  void expand(
      @ForAll("shapes") int[] full,
      @ForAll @IntRange(min = 0, max = 3) int drop,
      @ForAll @IntRange(min = 0, max = 7) int ones,
      @ForAll boolean useMinusOne,
      @ForAll long seed) {
    int[] base = Gen.derive(full, Math.min(drop, full.length), ones);
    int[] target = Arrays.equals(base, full) ? prepend(2, full) : full.clone();
    int lead = target.length - base.length;
    if (useMinusOne) {
      for (int i = lead; i < target.length; i++) {
        if (target[i] == base[i - lead]) {
          target[i] = -1;
        }
      }
    }
    unary(ShapeOps.Expand.class, base, seed, uniform(-2, 2), x -> x.expand(target));
  }

  private static int[] prepend(int size, int[] shape) {
    int[] s = new int[shape.length + 1];
    s[0] = size;
    System.arraycopy(shape, 0, s, 1, shape.length);
    return s;
  }

  /** A proper slice along a random dim (of size 2 or more). */
  @Property(tries = 100)
  @Covers(ShapeOps.Narrow.class)
  void narrow(@ForAll("nonScalarShapes") int[] base, @ForAll long seed) {
    Random r = new Random(seed);
    int dim = Gen.dim(r, base.length);
    int d = Math.floorMod(dim, base.length);
    int[] shape = base.clone();
    shape[d] = Math.max(shape[d], 2);
    int start = r.nextInt(shape[d]);
    int length = 1 + r.nextInt(shape[d] - start);
    if (start == 0 && length == shape[d]) {
      length--;
    }
    int len = length;
    unary(ShapeOps.Narrow.class, shape, seed, uniform(-2, 2), x -> x.narrow(dim, start, len));
  }

  /** Two or three tensors of different sizes along the joined dim. */
  @Property(tries = 100)
  @Covers(ShapeOps.Cat.class)
  void cat(
      @ForAll("nonScalarShapes") int[] base,
      @ForAll @IntRange(min = 2, max = 3) int count,
      @ForAll long seed) {
    Random r = new Random(seed);
    int dim = Gen.dim(r, base.length);
    Tensor[] parts = new Tensor[count];
    for (int i = 0; i < count; i++) {
      int[] s = base.clone();
      s[Math.floorMod(dim, base.length)] = 1 + r.nextInt(3);
      parts[i] = tensor(r, uniform(-2, 2), s);
    }
    check(ShapeOps.Cat.class, seed, in -> Tensor.cat(in, dim), parts);
  }

  /** Indices with repeats (their gradients add up) and omissions (zero gradient). */
  @Property(tries = 100)
  @Covers(ShapeOps.IndexSelect.class)
  void indexSelect(@ForAll("nonScalarShapes") int[] shape, @ForAll long seed) {
    Random r = new Random(seed);
    int dim = Gen.dim(r, shape.length);
    int[] index = randomIndex(r, 1 + r.nextInt(5), shape[Math.floorMod(dim, shape.length)]);
    unary(ShapeOps.IndexSelect.class, shape, seed, uniform(-2, 2), x -> x.indexSelect(dim, index));
  }

  /** The adjoint of indexSelect (reached by users only through its backward), called directly. */
  @Property(tries = 100)
  @Covers(ShapeOps.IndexAdd.class)
  void indexAdd(@ForAll("nonScalarShapes") int[] shape, @ForAll long seed) {
    Random r = new Random(seed);
    int dim = r.nextInt(shape.length);
    int size = 1 + r.nextInt(4);
    int[] index = randomIndex(r, shape[dim], size);
    unary(ShapeOps.IndexAdd.class, shape, seed, uniform(-2, 2),
        x -> ShapeOps.indexAdd(x, dim, index, size));
  }

  private static int[] randomIndex(Random r, int length, int bound) {
    int[] index = new int[length];
    for (int i = 0; i < length; i++) {
      index[i] = r.nextInt(bound);
    }
    return index;
  }

  // ---------------------------------------------------------------- user-defined op

  /** {@code out = sin(x) * y}, broadcast; the engine sums the broadcast gradients back. */
  private static final Function SINE_TIMES =
      Function.of(
          "sineTimes",
          in -> in[0].sin().mul(in[1]),
          (upstream, out, in) ->
              new Tensor[] {upstream.mul(in[0].cos()).mul(in[1]), upstream.mul(in[0].sin())});

  @Property(tries = 100)
  @Covers(Function.CustomOp.class)
  void customFunction(@ForAll("pairs") int[][] shapes, @ForAll long seed) {
    binary(Function.CustomOp.class, shapes, seed, uniform(-3, 3), uniform(-2, 2),
        SINE_TIMES::apply);
  }

  // ---------------------------------------------------------------- public composites

  @Property(tries = 100)
  void logSumExp(
      @ForAll("nonScalarShapes") int[] shape, @ForAll boolean keepDim, @ForAll long seed) {
    Random r = new Random(seed);
    int dim = Gen.dim(r, shape.length);
    Tensor x = tensor(r, uniform(-3, 3), shape);
    check(seed, in -> in.get(0).logSumExp(dim, keepDim), x);
  }

  @Property(tries = 100)
  void var(
      @ForAll("nonScalarShapes") int[] base,
      @ForAll boolean keepDim,
      @ForAll @IntRange(min = 0, max = 1) int correction,
      @ForAll long seed) {
    Random r = new Random(seed);
    int dim = Gen.dim(r, base.length);
    int[] shape = base.clone();
    shape[Math.floorMod(dim, shape.length)] = Math.max(2, shape[Math.floorMod(dim, shape.length)]);
    Tensor x = tensor(r, uniform(-2, 2), shape);
    check(seed, in -> in.get(0).var(dim, keepDim, correction), x);
  }

  @Property(tries = 100)
  void mean(@ForAll("shapes") int[] shape, @ForAll boolean keepDim, @ForAll long seed) {
    Random r = new Random(seed);
    Tensor x = tensor(r, uniform(-2, 2), shape);
    if (shape.length == 0) {
      check(seed, in -> in.get(0).mean(), x);
    } else {
      int dim = Gen.dim(r, shape.length);
      check(seed, in -> in.get(0).mean(dim, keepDim).add(in.get(0).mean()), x);
    }
  }

  @Property(tries = 100)
  void gelu(@ForAll("shapes") int[] shape, @ForAll long seed) {
    Tensor x = tensor(new Random(seed), uniform(-4, 4), shape);
    check(seed, in -> in.get(0).gelu(), x);
  }

  @Property(tries = 100)
  void leakyRelu(@ForAll("shapes") int[] shape, @ForAll long seed) {
    Random r = new Random(seed);
    double slope = 0.5 * r.nextDouble();
    Tensor x = tensor(r, awayFromZero(0.05, 3), shape);
    check(seed, in -> in.get(0).leakyRelu(slope), x);
  }

  /** Values kept at least 0.05 from both bounds. */
  @Property(tries = 100)
  void clamp(@ForAll("shapes") int[] shape, @ForAll long seed) {
    Random r = new Random(seed);
    double min = -1.5 * r.nextDouble();
    double max = min + 0.3 + 2 * r.nextDouble();
    Gen.Domain away =
        rr -> {
          double v;
          do {
            v = -3 + 6 * rr.nextDouble();
          } while (Math.abs(v - min) < 0.05 || Math.abs(v - max) < 0.05);
          return v;
        };
    Tensor x = tensor(r, away, shape);
    check(seed, in -> in.get(0).clamp(min, max), x);
  }

  /** a and b on interleaved grids, at least 0.06 apart, so they never tie. */
  @Property(tries = 100)
  void maximumAndMinimum(
      @ForAll("pairs") int[][] shapes, @ForAll boolean maximum, @ForAll long seed) {
    Random r = new Random(seed);
    Tensor a = tensor(r, rr -> 0.2 * (rr.nextInt(20) - 10) + 0.04 * rr.nextDouble(), shapes[0]);
    Tensor b = tensor(r, rr -> 0.2 * (rr.nextInt(20) - 10) + 0.1 + 0.04 * rr.nextDouble(),
        shapes[1]);
    check(seed, in -> maximum ? in.get(0).maximum(in.get(1)) : in.get(0).minimum(in.get(1)), a, b);
  }

  /** 1-d operands on either side (dot, vector-matrix, matrix-vector) and broadcast batches. */
  @Property(tries = 100)
  void matmulOneDimAndBatched(
      @ForAll @IntRange(min = 0, max = 6) int form,
      @ForAll @IntRange(min = 1, max = 4) int n,
      @ForAll @IntRange(min = 1, max = 4) int k,
      @ForAll @IntRange(min = 1, max = 4) int m,
      @ForAll @IntRange(min = 1, max = 3) int batch,
      @ForAll long seed) {
    int[][] shapes =
        switch (form) {
          case 0 -> new int[][] {{k}, {k}};
          case 1 -> new int[][] {{k}, {k, m}};
          case 2 -> new int[][] {{n, k}, {k}};
          case 3 -> new int[][] {{k}, {batch, k, m}};
          case 4 -> new int[][] {{batch, n, k}, {k}};
          case 5 -> new int[][] {{batch, 1, n, k}, {2, k, m}};
          default -> new int[][] {{n, k}, {batch, k, m}};
        };
    Random r = new Random(seed);
    Tensor a = tensor(r, uniform(-2, 2), shapes[0]);
    Tensor b = tensor(r, uniform(-2, 2), shapes[1]);
    check(seed, in -> in.get(0).matmul(in.get(1)), a, b);
  }

  @Property(tries = 100)
  void stack(
      @ForAll("shapes") int[] shape,
      @ForAll @IntRange(min = 1, max = 3) int count,
      @ForAll long seed) {
    Random r = new Random(seed);
    int dim = Gen.dim(r, shape.length + 1);
    Tensor[] parts = new Tensor[count];
    for (int i = 0; i < count; i++) {
      parts[i] = tensor(r, uniform(-2, 2), shape);
    }
    check(seed, in -> Tensor.stack(in, dim).mul(Tensor.stack(in, dim)), parts);
  }

  /** Movement helpers built on the primitives: transpose, t, flatten, squeeze, unsqueeze, sumTo. */
  @Property(tries = 100)
  void movementHelpers(@ForAll("pairs") int[][] shapes, @ForAll long seed) {
    Random r = new Random(seed);
    int[] big = Shapes.broadcast("test", shapes[0], shapes[1]);
    Tensor x = tensor(r, uniform(-2, 2), big);
    int[] small = shapes[0];
    int rank = big.length;
    check(
        seed,
        in -> {
          Tensor t = in.get(0);
          Tensor y = t.sumTo(small).flatten().unsqueeze(0).unsqueeze(-1).squeeze(0).t();
          if (rank >= 2) {
            y = y.add(t.transpose(0, -1).sum());
          }
          return y;
        },
        x);
  }

  /** The double overloads and instance forms: add/sub/mul/div(c), where(cond, other). */
  @Property(tries = 100)
  void scalarOverloadsAndInstanceWhere(@ForAll("pairs") int[][] shapes, @ForAll long seed) {
    Random r = new Random(seed);
    double c = awayFromZero(0.5, 2).sample(r);
    Tensor condition = Gen.mask(r, shapes[1]);
    Tensor x = tensor(r, uniform(-2, 2), shapes[0]);
    check(
        seed,
        in -> {
          Tensor t = in.get(0);
          return t.add(c).mul(t.sub(c)).div(c).where(condition, t.mul(c)).where(condition, c);
        },
        x);
  }

  /**
   * The unselected branch holds NaN (a leaf with NaN values, and the log of negative numbers):
   * the gradients stay finite, and the "double where" idiom keeps log's backward finite too.
   */
  @Property(tries = 100)
  void whereWithNanInUnselectedBranch(@ForAll("pairs") int[][] shapes, @ForAll long seed) {
    Random r = new Random(seed);
    int[] out = Shapes.broadcast("test", shapes[0], shapes[1]);
    Tensor condition = Gen.mask(r, out);
    Tensor a = tensor(r, awayFromZero(0.3, 2), shapes[0]);
    Tensor nanWhereUnselected =
        Tensor.where(condition, Tensor.scalar(Double.NaN), tensor(r, uniform(-2, 2), shapes[1]));
    // Gradient check of a, with the NaN branch b fixed.
    check(seed, in -> Tensor.where(condition, in.get(0), nanWhereUnselected), a);
    // Safe log: log is taken only of positive values, so no NaN reaches forward or backward.
    check(
        seed,
        in -> {
          Tensor t = in.get(0);
          Tensor positive = t.gt(0);
          Tensor safe = Tensor.where(positive, t, Tensor.scalar(1));
          return Tensor.where(positive, safe.log(), t.mul(2));
        },
        a);
    // The NaN leaf itself requires grad: its gradient is 0 where it was not selected.
    Tensor b = nanWhereUnselected.detach().requiresGrad();
    Tensor x = a.detach().requiresGrad();
    Tensor y = Tensor.where(condition, x, b);
    y.mul(y).sum().backward();
    Gen.assertFinite(x.grad(), "grad of the selected branch");
    Gen.assertFinite(b.grad(), "grad of the NaN branch");
  }

  // ---------------------------------------------------------------- index ops (IndexOps)

  /** A random whole-number index tensor for gather along {@code dim} of {@code shape}. */
  private static Tensor gatherIndex(Random r, int[] shape, int dim, boolean smaller) {
    int[] indexShape = shape.clone();
    for (int i = 0; i < shape.length; i++) {
      indexShape[i] = i == dim ? 1 + r.nextInt(4) : smaller ? 1 + r.nextInt(shape[i]) : shape[i];
    }
    return tensor(r, rr -> rr.nextInt(shape[dim]), indexShape);
  }

  /**
   * Gather (a composite of indexSelect): indices with repeats and omissions, an index smaller than
   * the input outside dim, either dtype.
   */
  @Property(tries = 100)
  void gather(@ForAll("nonScalarShapes") int[] shape, @ForAll boolean f32Index, @ForAll long seed) {
    Random r = new Random(seed);
    int dim = r.nextInt(shape.length);
    Tensor index = gatherIndex(r, shape, dim, true);
    Tensor idx = f32Index ? index.to(DType.F32) : index;
    Tensor x = tensor(r, uniform(-2, 2), shape);
    check(seed, in -> in.get(0).gather(dim - shape.length, idx), x);
  }

  /**
   * scatterAdd (a composite of indexAdd): gradients reach both self and src; repeated indices add
   * up; src larger than the index.
   */
  @Property(tries = 100)
  void scatterAdd(@ForAll("nonScalarShapes") int[] shape, @ForAll long seed) {
    Random r = new Random(seed);
    int dim = r.nextInt(shape.length);
    Tensor index = gatherIndex(r, shape, dim, true);
    int[] srcShape = index.shape();
    srcShape[dim] += r.nextInt(2);
    Tensor self = tensor(r, uniform(-2, 2), shape);
    Tensor src = tensor(r, uniform(-2, 2), srcShape);
    check(seed, in -> in.get(0).scatterAdd(dim, index, in.get(1)).mul(in.get(0)), self, src);
  }

  @Property(tries = 100)
  @Covers(IndexOps.Cumsum.class)
  void cumsum(@ForAll("shapes") int[] shape, @ForAll long seed) {
    Random r = new Random(seed);
    int dim = shape.length == 0 ? 0 : Gen.dim(r, shape.length);
    unary(IndexOps.Cumsum.class, shape, seed, uniform(-2, 2), x -> x.cumsum(dim).mul(x));
  }

  /** maskedFill, tril and triu (composites of where): filled positions get no gradient. */
  @Property(tries = 100)
  void maskedFillTrilTriu(
      @ForAll("pairs") int[][] shapes, @ForAll @IntRange(min = -2, max = 2) int diagonal,
      @ForAll long seed) {
    Random r = new Random(seed);
    int[] big = Shapes.broadcast("test", shapes[0], shapes[1]);
    Tensor mask = Gen.mask(r, shapes[0]);
    Tensor x = tensor(r, uniform(-2, 2), big);
    check(seed, in -> in.get(0).maskedFill(mask, 3).mul(in.get(0)), x);
    if (big.length >= 2) {
      check(seed, in -> in.get(0).tril(diagonal).add(in.get(0).triu(diagonal).mul(2)), x);
    }
  }

  /** split and chunk (composites of narrow), and repeat (reshape, expand, reshape). */
  @Property(tries = 100)
  void splitChunkRepeat(@ForAll("nonScalarShapes") int[] shape, @ForAll long seed) {
    Random r = new Random(seed);
    int dim = Gen.dim(r, shape.length);
    int splitSize = 1 + r.nextInt(3);
    int chunks = 1 + r.nextInt(3);
    int[] repeats = new int[shape.length + r.nextInt(2)];
    for (int i = 0; i < repeats.length; i++) {
      repeats[i] = 1 + r.nextInt(3);
    }
    Tensor x = tensor(r, uniform(-2, 2), shape);
    check(
        seed,
        in -> {
          Tensor t = in.get(0);
          List<Tensor> parts = t.split(splitSize, dim);
          List<Tensor> pieces = t.chunk(chunks, dim);
          Tensor y = parts.get(parts.size() - 1).sum().mul(pieces.get(0).sum());
          return t.repeat(repeats).pow(2).sum().add(y);
        },
        x);
  }

  /** Distinct values (no ties): the gradient of sort and topk reaches the picked elements only. */
  @Property(tries = 100)
  void sortAndTopk(@ForAll("nonScalarShapes") int[] shape, @ForAll boolean descending,
      @ForAll long seed) {
    Random r = new Random(seed);
    int dim = Gen.dim(r, shape.length);
    int k = r.nextInt(shape[Math.floorMod(dim, shape.length)] + 1);
    Tensor x = Gen.distinct(r, shape);
    Tensor weights = tensor(r, uniform(-2, 2), shape);
    check(seed, in -> in.get(0).sort(dim, descending).values().mul(weights), x);
    check(seed, in -> in.get(0).topk(k, dim, descending).values().pow(2), x);
  }

  // ---------------------------------------------------------------- convolution and pooling

  /** Returns an image size that a window of {@code reach} fits with {@code pad} on both sides. */
  private static int fitting(Random r, int reach, int pad) {
    return Math.max(1, reach - 2 * pad) + r.nextInt(3);
  }

  /**
   * conv2d (unfold, then matmul) on random geometry: kernel 1-3 per axis, stride 1-2, padding
   * 0-1 or "same", dilation 1-2, groups 1-2, with and without bias, batched and unbatched.
   */
  @Property(tries = 80)
  @Covers(ConvOps.Unfold.class)
  void conv2d(@ForAll boolean withBias, @ForAll boolean same, @ForAll boolean batched,
      @ForAll long seed) {
    Random r = new Random(seed);
    int groups = 1 + r.nextInt(2);
    int cg = 1 + r.nextInt(2);
    int outChannels = groups * (1 + r.nextInt(2));
    int kh = 1 + r.nextInt(3);
    int kw = 1 + r.nextInt(3);
    int dh = 1 + r.nextInt(2);
    int dw = 1 + r.nextInt(2);
    int ph = same ? 0 : r.nextInt(2);
    int pw = same ? 0 : r.nextInt(2);
    int sh = same ? 1 : 1 + r.nextInt(2);
    int sw = same ? 1 : 1 + r.nextInt(2);
    int h = fitting(r, dh * (kh - 1) + 1, ph);
    int w = fitting(r, dw * (kw - 1) + 1, pw);
    ConvOptions options = ConvOptions.defaults().withStride(sh, sw).withDilation(dh, dw)
        .withGroups(groups);
    options = same ? options.withPaddingSame() : options.withPadding(ph, pw);
    ConvOptions o = options;
    Tensor x = batched
        ? tensor(r, uniform(-2, 2), 1 + r.nextInt(2), groups * cg, h, w)
        : tensor(r, uniform(-2, 2), groups * cg, h, w);
    Tensor weight = tensor(r, uniform(-1, 1), outChannels, cg, kh, kw);
    Tensor bias = tensor(r, uniform(-1, 1), outChannels);
    if (withBias) {
      check(ConvOps.Unfold.class, seed, in -> in.get(0).conv2d(in.get(1), in.get(2), o), x, weight, bias);
    } else {
      check(ConvOps.Unfold.class, seed, in -> in.get(0).conv2d(in.get(1), null, o), x, weight);
    }
  }

  /** conv1d on random geometry (one axis of conv2d's). */
  @Property(tries = 40)
  void conv1d(@ForAll boolean withBias, @ForAll long seed) {
    Random r = new Random(seed);
    int k = 1 + r.nextInt(3);
    int d = 1 + r.nextInt(2);
    int p = r.nextInt(2);
    ConvOptions o = ConvOptions.defaults().withStride(1 + r.nextInt(2)).withPadding(p).withDilation(d);
    Tensor x = tensor(r, uniform(-2, 2), 2, 2, fitting(r, d * (k - 1) + 1, p));
    Tensor weight = tensor(r, uniform(-1, 1), 3, 2, k);
    Tensor bias = tensor(r, uniform(-1, 1), 3);
    check(seed, in -> in.get(0).conv1d(in.get(1), withBias ? in.get(2) : null, o), x, weight, bias);
  }

  /** convTranspose2d (matmul, then fold) on random geometry, output padding below the stride. */
  @Property(tries = 60)
  @Covers(ConvOps.Fold.class)
  void convTranspose2d(@ForAll boolean withBias, @ForAll long seed) {
    Random r = new Random(seed);
    int groups = 1 + r.nextInt(2);
    int cg = 1 + r.nextInt(2);
    int coutPerGroup = 1 + r.nextInt(2);
    int k = 1 + r.nextInt(3);
    int stride = 1 + r.nextInt(2);
    int dilation = 1 + r.nextInt(2);
    int padding = r.nextInt(Math.min(2, (dilation * (k - 1)) / 2 + 1));
    int extra = r.nextInt(Math.max(stride, dilation));
    ConvOptions o = ConvOptions.defaults().withStride(stride).withPadding(padding)
        .withDilation(dilation).withGroups(groups).withOutputPadding(extra);
    Tensor x = tensor(r, uniform(-2, 2), 1 + r.nextInt(2), groups * cg, 1 + r.nextInt(3), 1 + r.nextInt(3));
    Tensor weight = tensor(r, uniform(-1, 1), groups * cg, coutPerGroup, k, k);
    Tensor bias = tensor(r, uniform(-1, 1), groups * coutPerGroup);
    check(ConvOps.Fold.class, seed,
        in -> in.get(0).convTranspose2d(in.get(1), withBias ? in.get(2) : null, o), x, weight, bias);
  }

  /** Distinct values (no ties, even after a finite-difference step): the gradient goes to the maximum. */
  @Property(tries = 60)
  @Covers(ConvOps.MaxPool.class)
  void maxPool2d(@ForAll @IntRange(min = 1, max = 3) int kernel, @ForAll boolean padded,
      @ForAll boolean unbatched, @ForAll long seed) {
    Random r = new Random(seed);
    int stride = 1 + r.nextInt(2);
    int padding = padded ? kernel / 2 : 0;
    int h = fitting(r, kernel, padding);
    int w = fitting(r, kernel, padding);
    Tensor x = unbatched ? Gen.distinct(r, 2, h, w) : Gen.distinct(r, 1 + r.nextInt(2), 2, h, w);
    check(ConvOps.MaxPool.class, seed,
        in -> in.get(0).maxPool2d(new int[] {kernel}, new int[] {stride}, new int[] {padding}), x);
  }

  @Property(tries = 60)
  void avgPool2d(@ForAll @IntRange(min = 1, max = 3) int kernel, @ForAll boolean padded,
      @ForAll boolean countIncludePad, @ForAll long seed) {
    Random r = new Random(seed);
    int stride = 1 + r.nextInt(2);
    int padding = padded ? kernel / 2 : 0;
    Tensor x = tensor(r, uniform(-2, 2), 2, 2, fitting(r, kernel, padding), fitting(r, kernel, padding));
    check(seed, in -> in.get(0).avgPool2d(new int[] {kernel}, new int[] {stride}, new int[] {padding},
        countIncludePad), x);
  }

  @Property(tries = 40)
  void pool1d(@ForAll @IntRange(min = 1, max = 3) int kernel, @ForAll boolean max,
      @ForAll long seed) {
    Random r = new Random(seed);
    int padding = kernel / 2;
    Tensor x = Gen.distinct(r, 2, 2, fitting(r, kernel, padding));
    check(seed, in -> max ? in.get(0).maxPool1d(kernel, kernel, padding)
        : in.get(0).avgPool1d(kernel, 1, padding, false), x);
  }

  @Property(tries = 40)
  void adaptiveAvgPool2d(@ForAll @IntRange(min = 1, max = 5) int outH,
      @ForAll @IntRange(min = 1, max = 5) int outW, @ForAll long seed) {
    Random r = new Random(seed);
    Tensor x = tensor(r, uniform(-2, 2), 2, 1 + r.nextInt(4), 1 + r.nextInt(6));
    check(seed, in -> in.get(0).adaptiveAvgPool2d(outH, outW), x);
  }

  /** Pads of -1 to 2 on the last one or two dims (cropping included). */
  @Property(tries = 60)
  void pad(@ForAll("nonScalarShapes") int[] base, @ForAll long seed) {
    Random r = new Random(seed);
    int[] shape = base.clone();
    int pairs = Math.min(shape.length, 1 + r.nextInt(2));
    int[] pads = new int[2 * pairs];
    for (int p = 0; p < pairs; p++) {
      int d = shape.length - 1 - p;
      shape[d] = Math.max(shape[d], 2);
      pads[2 * p] = r.nextInt(4) - 1;
      pads[2 * p + 1] = r.nextInt(4) - 1;
    }
    Tensor x = tensor(r, uniform(-2, 2), shape);
    double value = r.nextDouble();
    check(seed, in -> in.get(0).pad(pads, value).mul(in.get(0).sum()), x);
  }

  /** std, the norms (p = 1 away from 0, p = 2, p = 3, p = Inf on distinct values) and max/min with indices. */
  @Property(tries = 100)
  void statisticsAndNorms(@ForAll("nonScalarShapes") int[] base,
      @ForAll @IntRange(min = 0, max = 6) int which, @ForAll boolean keepDim, @ForAll long seed) {
    Random r = new Random(seed);
    int[] shape = base.clone();
    int dim = Gen.dim(r, shape.length);
    int d = Math.floorMod(dim, shape.length);
    shape[d] = Math.max(2, shape[d]);
    Tensor x = Gen.distinct(r, shape);
    UnaryOperator<Tensor> f =
        switch (which) {
          case 0 -> t -> t.std(dim, keepDim, 1);
          case 1 -> t -> t.norm(1, dim, keepDim);
          case 2 -> t -> t.norm(2).add(t.norm(2, dim, keepDim));
          case 3 -> t -> t.norm(3, dim, keepDim);
          case 4 -> t -> t.norm(Double.POSITIVE_INFINITY, dim, keepDim);
          case 5 -> t -> t.maxWithIndices(dim, keepDim).values();
          default -> t -> t.minWithIndices(dim, keepDim).values();
        };
    check(seed, in -> f.apply(in.get(0)), x);
  }

  // ---------------------------------------------------------------- recurrent cells

  /** The LSTM cell's (h', c') written with the primitives one by one. */
  static Tensor lstmCellUnfused(Tensor xg, Tensor hg, Tensor c) {
    List<Tensor> z = xg.add(hg).chunk(4, 1);
    Tensor next = z.get(1).sigmoid().mul(c).add(z.get(0).sigmoid().mul(z.get(2).tanh()));
    return Tensor.cat(List.of(z.get(3).sigmoid().mul(next.tanh()), next), 1);
  }

  /**
   * The fused LSTM cell on batch 1-3 and hidden 1-3, gates in the saturating range too: values
   * equal to the unfused ops', gradients of all three inputs equal to central differences.
   */
  @Property(tries = 100)
  @Covers(RecurrentOps.LstmCell.class)
  void lstmCell(
      @ForAll @IntRange(min = 1, max = 3) int batch,
      @ForAll @IntRange(min = 1, max = 3) int hidden,
      @ForAll long seed) {
    Random r = new Random(seed);
    Tensor xg = tensor(r, uniform(-3, 3), batch, 4 * hidden);
    Tensor hg = tensor(r, uniform(-2, 2), batch, 4 * hidden);
    Tensor c = tensor(r, uniform(-2, 2), batch, hidden);
    double[] fused = Tensor.lstmCell(xg, hg, c).toArray();
    double[] plain = lstmCellUnfused(xg, hg, c).toArray();
    assertEquals(plain.length, fused.length);
    for (int i = 0; i < plain.length; i++) {
      assertEquals(plain[i], fused[i], 1e-15, "element " + i);
    }
    check(RecurrentOps.LstmCell.class, seed,
        in -> Tensor.lstmCell(in.get(0), in.get(1), in.get(2)), xg, hg, c);
  }
}
