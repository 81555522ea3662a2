package dev.jgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Test generators shared by the property classes: shapes (rank 0-3, sizes 1-4), broadcasting
 * pairs, values drawn from an op's domain, and a gradient check that also verifies the function
 * really records the op it is meant to cover.
 */
final class Gen {
  private Gen() {}

  /** Draws one value; each op's property picks a domain away from its kinks and poles. */
  @FunctionalInterface
  interface Domain {
    double sample(Random random);
  }

  /** Uniform in {@code [lo, hi)}. */
  static Domain uniform(double lo, double hi) {
    return r -> lo + (hi - lo) * r.nextDouble();
  }

  /** Magnitude uniform in {@code [lo, hi)} with a random sign: keeps away from 0. */
  static Domain awayFromZero(double lo, double hi) {
    return r -> (r.nextBoolean() ? 1 : -1) * (lo + (hi - lo) * r.nextDouble());
  }

  /** Returns random seeds without edge cases. */
  static Arbitrary<Long> seeds() {
    return Arbitraries.longs().withoutEdgeCases();
  }

  /** Returns shapes of rank 0-3 with sizes 1-4. */
  static Arbitrary<int[]> shapes() {
    return shapes(0, 3);
  }

  /** Returns shapes of rank {@code minRank..maxRank} with sizes 1-4. */
  static Arbitrary<int[]> shapes(int minRank, int maxRank) {
    return Arbitraries.integers()
        .between(1, 4)
        .array(int[].class)
        .ofMinSize(minRank)
        .ofMaxSize(maxRank);
  }

  /**
   * Returns two shapes that broadcast together: both derived from one shape by dropping leading
   * dims and setting some dims to 1 (so size-1 dims and rank differences both occur).
   */
  static Arbitrary<int[][]> broadcastPairs() {
    return shapes()
        .flatMap(
            full ->
                Combinators.combine(
                        Arbitraries.integers().between(0, full.length),
                        Arbitraries.integers().between(0, 7),
                        Arbitraries.integers().between(0, full.length),
                        Arbitraries.integers().between(0, 7))
                    .as(
                        (dropA, onesA, dropB, onesB) ->
                            new int[][] {derive(full, dropA, onesA), derive(full, dropB, onesB)}));
  }

  /** Returns a triple of mutually broadcastable shapes (for where: condition, a, b). */
  static Arbitrary<int[][]> broadcastTriples() {
    return shapes()
        .flatMap(
            full ->
                Combinators.combine(
                        Arbitraries.integers().between(0, full.length),
                        Arbitraries.integers().between(0, 7),
                        Arbitraries.integers().between(0, full.length),
                        Arbitraries.integers().between(0, 7),
                        Arbitraries.integers().between(0, full.length),
                        Arbitraries.integers().between(0, 7))
                    .as(
                        (dc, oc, da, oa, db, ob) ->
                            new int[][] {
                              derive(full, dc, oc), derive(full, da, oa), derive(full, db, ob)
                            }));
  }

  /** Drops {@code drop} leading dims of {@code full}, then sets dim i to 1 where bit i of {@code ones} is set. */
  static int[] derive(int[] full, int drop, int ones) {
    int[] s = Arrays.copyOfRange(full, drop, full.length);
    for (int i = 0; i < s.length; i++) {
      if ((ones >> i & 1) != 0) {
        s[i] = 1;
      }
    }
    return s;
  }

  /** Returns a tensor of the shape with values from the domain. */
  static Tensor tensor(Random random, Domain domain, int... shape) {
    double[] data = new double[Shapes.numel(shape)];
    for (int i = 0; i < data.length; i++) {
      data[i] = domain.sample(random);
    }
    return of(data, shape);
  }

  /** Returns a tensor of the data and shape; an empty shape gives a 0-d tensor (unlike {@code Tensor.of}). */
  static Tensor of(double[] data, int[] shape) {
    return shape.length == 0 ? Tensor.scalar(data[0]) : Tensor.of(data, shape.clone());
  }

  /**
   * Returns a tensor whose values are all distinct, at least 0.1 apart (so max/min never tie,
   * even after a finite-difference step).
   */
  static Tensor distinct(Random random, int... shape) {
    int n = Shapes.numel(shape);
    List<Integer> ranks = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ranks.add(i);
    }
    Collections.shuffle(ranks, random);
    double[] data = new double[n];
    double offset = -0.2 * n / 2;
    for (int i = 0; i < n; i++) {
      data[i] = offset + 0.2 * ranks.get(i) + 0.05 * random.nextDouble();
    }
    return of(data, shape);
  }

  /** Returns the 0/1 tensor of the shape, each element 1 with probability 1/2. */
  static Tensor mask(Random random, int... shape) {
    return tensor(random, r -> r.nextBoolean() ? 1 : 0, shape);
  }

  /** Returns a random dim of a tensor of rank {@code rank >= 1}, negative half of the time. */
  static int dim(Random random, int rank) {
    int d = random.nextInt(rank);
    return random.nextBoolean() ? d : d - rank;
  }

  /**
   * Checks {@code f}'s gradient with central differences (seeded random upstream), after
   * asserting that {@code f} records a node of {@code op} (so the property really covers it).
   */
  static void check(Class<? extends Op> op, long seed, GradCheck.Fn f, Tensor... inputs) {
    assertRecords(op, f, inputs);
    GradCheck.check(f, Arrays.asList(inputs), GradCheck.Options.defaults().withSeed(seed))
        .assertOk();
    checkFloat32(seed, true, f, inputs);
  }

  /**
   * Checks {@code f}'s gradient with central differences and a seeded random upstream, and
   * compares it in F32 (where {@code f}'s own F64 constants may promote the output to F64).
   */
  static void check(long seed, GradCheck.Fn f, Tensor... inputs) {
    GradCheck.check(f, Arrays.asList(inputs), GradCheck.Options.defaults().withSeed(seed))
        .assertOk();
    checkFloat32(seed, false, f, inputs);
  }

  /** Relative tolerance of F32 values against F64 (float's epsilon is 6e-8; a few ops deep). */
  static final double F32_VALUES = 1e-5;

  /** Relative tolerance of F32 gradients against F64. */
  static final double F32_GRADIENTS = 1e-3;

  /**
   * Runs {@code f} and its backward in F32 on the inputs rounded to float, and compares the
   * output and every input gradient with the same computation in F64 on the same (rounded)
   * inputs: the output stays F32 (when {@code staysF32}), values agree to {@link #F32_VALUES} and gradients to
   * {@link #F32_GRADIENTS}, relative to the largest magnitude (at least 1).
   */
  static void checkFloat32(long seed, boolean staysF32, GradCheck.Fn f, Tensor... inputs) {
    List<Tensor> x64 = new ArrayList<>();
    List<Tensor> x32 = new ArrayList<>();
    for (Tensor in : inputs) {
      Tensor rounded = in.detach().to(DType.F32);
      x32.add(rounded.detach().requiresGrad());
      x64.add(rounded.to(DType.F64).detach().requiresGrad());
    }
    Tensor y64 = f.apply(x64);
    Tensor y32 = f.apply(x32);
    if (staysF32) {
      assertEquals(DType.F32, y32.dtype(), "the output of an all-F32 computation is F32");
    }
    assertClose("output", y32.toArray(), y64.toArray(), F32_VALUES);
    if (!y64.isGradRequired()) {
      return;
    }
    Tensor u = Tensor.randn(new Random(seed), y64.shape()).to(DType.F32);
    List<Tensor> g64 = Autograd.grad(List.of(y64), List.of(u.to(DType.F64)), x64, false, false);
    List<Tensor> g32 = Autograd.grad(List.of(y32), List.of(u), x32, false, false);
    for (int i = 0; i < inputs.length; i++) {
      assertEquals(DType.F32, g32.get(i).dtype(), "the gradient of an F32 input is F32");
      assertClose("gradient of input " + i, g32.get(i).toArray(), g64.get(i).toArray(), F32_GRADIENTS);
    }
  }

  private static void assertClose(String what, double[] got, double[] want, double rtol) {
    assertEquals(want.length, got.length, what + ": element count");
    double scale = 1;
    for (double w : want) {
      if (Double.isFinite(w)) {
        scale = Math.max(scale, Math.abs(w));
      }
    }
    for (int k = 0; k < want.length; k++) {
      double err = Math.abs(got[k] - want[k]);
      if (!(err <= rtol * scale) && !(Double.isNaN(want[k]) && Double.isNaN(got[k]))
          && !(Double.isInfinite(want[k]) && Math.abs(got[k]) > Float.MAX_VALUE / 2)) {
        throw new AssertionError(
            String.format(
                "F32 vs F64 %s, element %d: %s vs %s (error %.3g, allowed %.3g)",
                what, k, got[k], want[k], err, rtol * scale));
      }
    }
  }

  /** Asserts that {@code f}, applied to copies of {@code inputs} that require grad, records {@code op}. */
  static void assertRecords(Class<? extends Op> op, GradCheck.Fn f, Tensor... inputs) {
    List<Tensor> xs = new ArrayList<>();
    for (Tensor in : inputs) {
      xs.add(in.detach().requiresGrad());
    }
    Tensor out = f.apply(xs);
    List<String> seen = opsOf(out);
    assertTrue(
        seen.contains(op.getName()),
        () -> "expected a " + op.getSimpleName() + " node in the graph, found " + seen);
  }

  /** Returns the class names of every op in the graph of {@code out}, walked with an explicit stack. */
  static List<String> opsOf(Tensor out) {
    List<String> names = new ArrayList<>();
    Map<Tensor, Boolean> seen = new IdentityHashMap<>();
    Deque<Tensor> stack = new ArrayDeque<>();
    stack.push(out);
    seen.put(out, true);
    while (!stack.isEmpty()) {
      Tensor t = stack.pop();
      if (t.op() != null) {
        names.add(t.op().getClass().getName());
      }
      for (Tensor in : t.inputs()) {
        if (seen.put(in, true) == null) {
          stack.push(in);
        }
      }
    }
    return names;
  }

  /** Asserts that every element is finite. */
  static void assertFinite(Tensor t, String what) {
    for (double v : t.toArray()) {
      assertTrue(Double.isFinite(v), () -> what + " has a non-finite element: " + t);
    }
  }
}
