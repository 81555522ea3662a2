package dev.jgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.statistics.Statistics;

/**
 * Fuzzes the public tensor API with random chains of ops on random shapes (empty, size-1,
 * mismatched) and values (NaN, +-Inf, huge, tiny, signed zeros), in F64, F32 and both mixed in one
 * chain. The ops that take index tensors or images ({@code gather}, {@code scatterAdd}, the 2-d
 * convolutions and pools) are drawn here as steps of a chain, and checked against their plain
 * definitions in {@link FuzzImageAndIndexProperties}.
 *
 * <p>The contract checked on every sample, step by step: an op either throws an {@link
 * IllegalArgumentException} or {@link IllegalStateException} whose message names the op and
 * some offending shape or value, or returns a consistent tensor (element count matches the
 * shape). Backward through any returned graph never throws and gives gradients of the inputs'
 * shapes. Where the whole chain is smooth at finite inputs in a safe range, the gradient matches
 * central differences ({@link GradCheck}). Any other throwable (ArrayIndexOutOfBounds,
 * NegativeArraySize, ArithmeticException, NullPointerException...) fails the property.
 *
 * <p>Samples are built from a seed with {@link Random}, and jqwik's own seed is fixed, so runs
 * are deterministic; a failure message prints the chain (and the seed) to reproduce it.
 */
class FuzzProperties {

  /** Applies one op to the running tensor and, for binary ops, a second operand. */
  @FunctionalInterface
  interface StepFn {
    Tensor apply(Tensor x, Tensor other);
  }

  /** Says whether a step is smooth (differentiable, away from kinks and domain edges) at its inputs. */
  @FunctionalInterface
  interface Smooth {
    boolean at(double[] x, double[] other);
  }

  /**
   * The dtype of a step's result, as PyTorch's rules give it: {@code KEEP} the running tensor's;
   * {@code PROMOTE} the common dtype of the running tensor and the second operand (F32 with F64
   * gives F64, but a 0-d operand does not promote a tensor with dims); {@code EQUAL} the running
   * tensor's, and mixed operands must be refused (matmul, convolutions, scatterAdd); {@code INDEX}
   * F64 (returned indices); {@code TO_F32}/{@code TO_F64} a conversion.
   */
  enum Rule { KEEP, PROMOTE, EQUAL, INDEX, TO_F32, TO_F64 }

  /**
   * One step of a chain.
   *
   * @param name the op name an error message must contain
   * @param call how the step reads in a report
   * @param other the second operand (a gradient-checked input), or null
   * @param args the integer arguments, any of which may appear in an error message
   * @param rule the dtype of the result
   */
  record Step(String name, String call, Tensor other, int[] args, StepFn fn, Smooth smooth, Rule rule) {
    Step(String name, String call, Tensor other, int[] args, StepFn fn, Smooth smooth) {
      this(name, call, other, args, fn, smooth, other == null ? Rule.KEEP : Rule.PROMOTE);
    }

    Step with(Rule r) {
      return new Step(name, call, other, args, fn, smooth, r);
    }

    /** Whether the step only converts the dtype (the F64 replay leaves it out). */
    boolean converts() {
      return rule == Rule.TO_F32 || rule == Rule.TO_F64;
    }

    /** Returns the dtype the result must have, or null when the operands must be refused. */
    DType expected(Tensor x, Tensor o) {
      return switch (rule) {
        case KEEP -> x.dtype();
        case INDEX -> DType.F64;
        case TO_F32 -> DType.F32;
        case TO_F64 -> DType.F64;
        case EQUAL -> o == null || o.dtype() == x.dtype() ? x.dtype() : null;
        case PROMOTE -> promoted(x, o);
      };
    }

    @Override
    public String toString() {
      return call + (other == null ? "" : " with " + Shapes.format(other.shapeArray()) + " "
          + other.dtype() + " " + brief(other));
    }
  }

  /** PyTorch's promotion of two floating operands, written out: see {@link Rule#PROMOTE}. */
  static DType promoted(Tensor a, Tensor b) {
    if (a.dtype() == b.dtype()) {
      return a.dtype();
    }
    if (a.dim() == 0 && b.dim() > 0) {
      return b.dtype();
    }
    if (b.dim() == 0 && a.dim() > 0) {
      return a.dtype();
    }
    return DType.F64;
  }

  private static final Smooth ALWAYS = (x, o) -> true;
  private static final Smooth NEVER = (x, o) -> false;

  // ------------------------------------------------------------------ properties

  /**
   * Random chains on hostile and on tame inputs: clear errors or consistent, checkable results.
   * Half of the chains mix dtypes: the first input or a second operand may be F32, and
   * conversions ({@code to(F32)}, {@code to(F64)}) fall between the ops. Every result has the dtype
   * PyTorch's promotion gives it, every gradient its leaf's dtype, and a smooth chain that touched
   * F32 agrees with the same chain run in F64 on the same (rounded) inputs to float precision,
   * values and gradients.
   */
  @Property(tries = 600, seed = "20261128")
  void randomOpChainsFailClearlyOrGiveRightGradients(@ForAll long seed) {
    Random random = new Random(seed);
    boolean hostile = random.nextInt(3) == 0;
    boolean mixed = random.nextBoolean();
    Tensor x0 = randomTensor(random, randomShape(random), hostile);
    if (mixed && random.nextBoolean()) {
      x0 = x0.to(DType.F32);
    }
    // From a huge empty tensor, one step: longer chains (narrow, then sum) could legally ask for gigabytes.
    int length = x0.numel() == 0 && x0.dim() == 3 && x0.size(0) + x0.size(1) + x0.size(2) > 4096
        ? 1 : 1 + random.nextInt(mixed ? 5 : 4);
    List<Step> steps = new ArrayList<>();
    List<Tensor> inputs = new ArrayList<>();
    inputs.add(x0);
    Tensor current = x0.detach().requiresGrad();
    List<Tensor> graphInputs = new ArrayList<>(List.of(current));
    boolean smooth = safe(x0);
    boolean touchedF32 = x0.dtype() == DType.F32;
    String outcome = "ok";
    for (int i = 0; i < length; i++) {
      Step step = mixed && random.nextInt(3) == 0
          ? conversion(random, hostile)
          : randomStep(random, current, hostile, mixed);
      steps.add(step);
      Tensor otherLeaf = step.other() == null ? null : step.other().detach().requiresGrad();
      DType expected = step.expected(current, otherLeaf);
      Tensor next;
      try {
        next = step.fn().apply(current, otherLeaf);
      } catch (IllegalArgumentException | IllegalStateException e) {
        checkMessage(step, current, e, seed, steps);
        outcome = "clear error";
        collectImageOrIndexStep(step, "clear error");
        break;
      } catch (Throwable t) {
        throw new AssertionError(report("unexpected " + t, seed, x0, steps), t);
      }
      assertConsistent(next, seed, x0, steps);
      collectImageOrIndexStep(step, "ok");
      if (expected == null) {
        fail(report(step.name() + " accepted a " + current.dtype() + " and a " + otherLeaf.dtype()
            + " operand, which must be refused naming both", seed, x0, steps));
      }
      if (next.dtype() != expected) {
        fail(report(step.name() + " of " + current.dtype() + " " + current.shapeString()
            + (otherLeaf == null ? "" : " and " + otherLeaf.dtype() + " " + otherLeaf.shapeString())
            + " gave " + next.dtype() + ", expected " + expected, seed, x0, steps));
      }
      if (step.other() != null) {
        inputs.add(step.other());
        graphInputs.add(otherLeaf);
        smooth &= safe(step.other());
        touchedF32 |= step.other().dtype() == DType.F32;
      }
      touchedF32 |= next.dtype() == DType.F32;
      smooth &= step.smooth().at(current.toArray(), step.other() == null ? null : step.other().toArray());
      smooth &= safe(next) || !next.isGradRequired();
      current = next;
    }
    Statistics.label("outcome").collect(outcome);
    Statistics.label("dtypes").collect(touchedF32 ? (mixed ? "mixed" : "F32 step") : "F64 only");
    if (!outcome.equals("ok") || !current.isGradRequired()) {
      return;
    }
    Tensor upstream = Tensor.randn(new Random(seed + 1), current.shapeArray()).to(DType.F32);
    List<Tensor> grads = backwardNeverThrows(current, upstream, graphInputs, seed, x0, steps);
    // The same chain in F64 on the same values: the inputs converted exactly, conversions left out.
    List<Tensor> inputs64 = new ArrayList<>();
    for (Tensor in : inputs) {
      inputs64.add(in.to(DType.F64));
    }
    if (smooth && touchedF32) {
      Statistics.label("F32 against F64").collect(true);
      List<Tensor> leaves64 = new ArrayList<>();
      for (Tensor in : inputs64) {
        leaves64.add(in.detach().requiresGrad());
      }
      Tensor out64 = replay64(steps, leaves64);
      assertCloseToF64("values", current.toArray(), out64.toArray(), F32_VALUES, seed, x0, steps);
      List<Tensor> grads64 = Autograd.grad(
          List.of(out64), List.of(upstream.to(DType.F64)), leaves64, false, false);
      for (int i = 0; i < grads.size(); i++) {
        assertCloseToF64("gradient of input " + i, grads.get(i).toArray(), grads64.get(i).toArray(),
            F32_GRADIENTS, seed, x0, steps);
      }
    }
    if (smooth && current.numel() <= 200 && totalSize(inputs) <= 200) {
      Statistics.label("gradient checked").collect(true);
      GradCheck.Report r =
          GradCheck.check(
              xs -> replay64(steps, xs),
              inputs64,
              GradCheck.Options.defaults().withTolerance(1e-4, 1e-3).withSeed(seed));
      if (!r.ok()) {
        fail(report("gradient mismatch\n" + r, seed, x0, steps));
      }
      if (random.nextInt(4) == 0) { // second order too, on a quarter of them (slower)
        Statistics.label("second order checked").collect(true);
        GradCheck.Report r2 =
            GradCheck.gradGradCheck(
                xs -> replay64(steps, xs),
                inputs64,
                GradCheck.Options.defaults().withTolerance(1e-4, 1e-3).withSeed(seed));
        if (!r2.ok()) {
          fail(report("second-order gradient mismatch\n" + r2, seed, x0, steps));
        }
      }
    } else {
      Statistics.label("gradient checked").collect(false);
    }
  }

  /**
   * Relative tolerances of a chain that touched F32 against the same chain in F64, relative to the
   * largest magnitude (at least 1): float's epsilon is 6e-8, a chain is up to five ops deep, and
   * its intermediate values are at most 30 (see {@link #safe}).
   */
  private static final double F32_VALUES = 1e-4;

  private static final double F32_GRADIENTS = 1e-3;

  private static void assertCloseToF64(String what, double[] got, double[] want, double rtol,
      long seed, Tensor x0, List<Step> steps) {
    double scale = 1;
    for (double w : want) {
      scale = Math.max(scale, Math.abs(w));
    }
    for (int k = 0; k < want.length; k++) {
      if (!(Math.abs(got[k] - want[k]) <= rtol * scale)) {
        fail(report(String.format("F32 chain against F64: %s, element %d is %s, in F64 %s (allowed"
            + " error %.2g)", what, k, got[k], want[k], rtol * scale), seed, x0, steps));
      }
    }
  }

  private static final List<String> IMAGE_AND_INDEX_OPS = List.of("gather", "scatterAdd",
      "conv2d", "convTranspose2d", "maxPool2d", "avgPool2d", "adaptiveAvgPool2d");

  /** Counts how the steps of the image and index ops end (most need a 3-d input to succeed). */
  private static void collectImageOrIndexStep(Step step, String outcome) {
    if (IMAGE_AND_INDEX_OPS.contains(step.name())) {
      Statistics.label("image and index steps").collect(step.name(), outcome);
    }
  }

  /** A conversion step: to F32 or to F64 (from either), or, in hostile chains, to null. */
  private static Step conversion(Random random, boolean hostile) {
    if (hostile && random.nextInt(8) == 0) {
      return new Step("to", "to(null)", null, new int[0], (t, o) -> t.to(null), ALWAYS);
    }
    DType target = random.nextBoolean() ? DType.F32 : DType.F64;
    return new Step("to", "to(" + target + ")", null, new int[0], (t, o) -> t.to(target), ALWAYS)
        .with(target == DType.F32 ? Rule.TO_F32 : Rule.TO_F64);
  }

  /** Factories and accessors given bad arguments throw clear errors, never anything else. */
  @Property(tries = 300, seed = "7")
  void factoriesAndAccessorsRejectBadArgumentsClearly(@ForAll long seed) {
    Random random = new Random(seed);
    int[] shape = hostileInts(random, 1 + random.nextInt(3));
    double a = hostileValue(random);
    double b = hostileValue(random);
    double c = hostileValue(random);
    Tensor small = randomTensor(random, randomShape(random), true);
    int[] index = hostileInts(random, random.nextInt(4));
    int pick = random.nextInt(10);
    String name;
    Runnable call;
    switch (pick) {
      case 0 -> {
        name = "zeros";
        call = () -> Tensor.zeros(shape);
      }
      case 1 -> {
        name = "full";
        call = () -> Tensor.full(a, shape);
      }
      case 2 -> {
        name = "of";
        double[] data = new double[random.nextInt(5)];
        call = () -> Tensor.of(data, shape);
      }
      case 3 -> {
        name = "arange";
        // keep the element count small when the range is valid: huge valid ranges would just be big
        double step = Double.isFinite(c) && Math.abs(c) > 1e-3 ? Math.signum(c) * Math.max(Math.abs(c), Math.abs(b - a) / 50) : c;
        call = () -> Tensor.arange(a, b, step);
      }
      case 4 -> {
        name = "get";
        call = () -> small.get(index);
      }
      case 5 -> {
        name = "size";
        call = () -> small.size(index.length == 0 ? 7 : index[0]);
      }
      case 6 -> {
        name = "item";
        call = small::item;
      }
      case 7 -> {
        name = "randn";
        call = () -> Tensor.randn(new Random(seed), shape);
      }
      case 8 -> {
        name = "of";
        double[] row = new double[Math.max(0, Math.min(shape[0], 1 << 16))]; // rows may share one array
        double[][] rows = new double[Math.max(0, Math.min(shape.length > 1 ? shape[1] : 2, 1 << 16))][];
        Arrays.fill(rows, row);
        if (rows.length > 1 && random.nextBoolean()) {
          rows[1] = new double[row.length + 1];
        }
        call = () -> Tensor.of(rows);
      }
      default -> {
        name = "ones";
        call = () -> Tensor.ones(shape);
      }
    }
    String what = name + " " + Arrays.toString(shape) + " a=" + a + " b=" + b + " c=" + c
        + " index=" + Arrays.toString(index) + " on " + Shapes.format(small.shapeArray());
    try {
      call.run();
    } catch (IllegalArgumentException | IllegalStateException e) {
      String m = String.valueOf(e.getMessage());
      assertTrue(m.contains(name), () -> what + ": message does not name " + name + ": " + m);
      assertTrue(m.matches("(?s).*([0-9]|NaN|Infinity).*"), () -> what + ": message names no value: " + m);
    } catch (Throwable t) {
      throw new AssertionError("seed " + seed + ": " + what + " threw " + t, t);
    }
  }

  /**
   * Random expressions over the scalar {@link Value} face with hostile numbers: values and
   * gradients follow IEEE (NaN/Inf allowed), and nothing throws.
   */
  @Property(tries = 300, seed = "11")
  void valueExpressionsOnHostileNumbersNeverThrow(@ForAll long seed) {
    Random random = new Random(seed);
    List<Value> pool = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      pool.add(Value.of(random.nextBoolean() ? hostileValue(random) : tameValue(random)));
    }
    List<Value> leaves = List.copyOf(pool);
    StringBuilder trace = new StringBuilder();
    try {
      for (int step = 0; step < 6; step++) {
        Value a = pool.get(random.nextInt(pool.size()));
        Value b = pool.get(random.nextInt(pool.size()));
        double c = random.nextBoolean() ? hostileValue(random) : tameValue(random);
        int k = random.nextInt(13);
        trace.append(k).append(' ');
        pool.add(switch (k) {
          case 0 -> a.add(b);
          case 1 -> a.sub(c);
          case 2 -> a.mul(b);
          case 3 -> a.div(b);
          case 4 -> a.div(c);
          case 5 -> a.pow(c);
          case 6 -> a.pow(b);
          case 7 -> a.neg();
          case 8 -> a.exp();
          case 9 -> a.log();
          case 10 -> a.tanh();
          case 11 -> a.relu();
          default -> a.sigmoid();
        });
      }
      Value out = pool.get(pool.size() - 1);
      out.backward();
      for (Value leaf : leaves) {
        leaf.grad(); // any double, IEEE
      }
    } catch (Throwable t) {
      throw new AssertionError("seed " + seed + ", ops " + trace + ": threw " + t, t);
    }
  }

  /** A call that misuses the API, and the method its error must name. */
  record Misuse(String name, Runnable call) {}

  /**
   * Null and misused arguments across the public API (the cases a random generator of values
   * cannot produce): each must throw IAE/ISE naming the method, never NullPointerException.
   */
  @Example
  void nullAndMisusedArgumentsFailClearly() {
    Tensor t = Tensor.ones(2, 3).requiresGrad();
    Tensor frozen = Tensor.ones(2, 3);
    List<Misuse> calls =
        List.of(
            new Misuse("reshape", () -> t.reshape((int[]) null)),
            new Misuse("expand", () -> t.expand((int[]) null)),
            new Misuse("permute", () -> t.permute((int[]) null)),
            new Misuse("sumTo", () -> t.sumTo((int[]) null)),
            new Misuse("get", () -> t.get((int[]) null)),
            new Misuse("of", () -> Tensor.of(new double[1], (int[]) null)),
            new Misuse("of", () -> Tensor.of((double[][]) null)),
            new Misuse("assign", () -> frozen.assign(null)),
            new Misuse("indexSelect", () -> t.indexSelect(0, null)),
            new Misuse("cat", () -> Tensor.cat(null, 0)),
            new Misuse("cat", () -> Tensor.cat(Arrays.asList(t, null), 0)),
            new Misuse("stack", () -> Tensor.stack(Arrays.asList(t, null), 0)),
            new Misuse("add", () -> t.add((Tensor) null)),
            new Misuse("matmul", () -> t.matmul(null)),
            new Misuse("where", () -> Tensor.where(null, t, t)),
            new Misuse("maximum", () -> t.maximum(null)),
            new Misuse("gt", () -> t.gt(null)),
            new Misuse("randn", () -> Tensor.randn(null, 2)),
            new Misuse("rand", () -> Tensor.rand(null, 2)),
            new Misuse("grad", () -> Autograd.grad(t.sum(), null, false)),
            new Misuse("grad", () -> Autograd.grad(null, t, false)),
            new Misuse("grad", () -> Autograd.grad(List.of(t.sum()), List.of(frozen), false)),
            new Misuse("backward", () -> t.mul(2).backward(Tensor.ones(3, 2))),
            new Misuse("backward", () -> t.mul(2).backward()),
            new Misuse("backward", frozen.sum()::backward),
            new Misuse("registerHook", () -> t.registerHook(null)),
            new Misuse("requiresGrad", () -> t.mul(2).requiresGrad()),
            new Misuse("assign", () -> t.mul(2).assign(t)),
            new Misuse("assign", () -> frozen.assign(Tensor.ones(3, 2))),
            new Misuse("Value.of", () -> Value.of((Tensor) null)),
            new Misuse("GradCheck", () -> GradCheck.check(in -> in.get(0).sum())),
            new Misuse("GradCheck", () -> GradCheck.check(null, t)),
            new Misuse("add", () -> Value.of(1).add((Value) null)),
            new Misuse("twice", () -> {
              Function twice = Function.of("twice", in -> in[0].mul(2), (u, out, in) -> new Tensor[] {u, u});
              twice.apply(t).sum().backward();
            }),
            new Misuse("wrongShape", () -> {
              Function f = Function.of("wrongShape", in -> in[0].mul(2), (u, out, in) -> new Tensor[] {Tensor.ones(5)});
              f.apply(t).sum().backward();
            }),
            new Misuse("nullForward", () -> Function.of("nullForward", in -> null, (u, out, in) -> null).apply(t)),
            new Misuse("nullBackward", () -> {
              Function f = Function.of("nullBackward", in -> in[0].mul(2), (u, out, in) -> null);
              f.apply(t).sum().backward();
            }),
            new Misuse("hook", () -> {
              Tensor leaf = Tensor.ones(2, 3).requiresGrad();
              leaf.registerHook(g -> Tensor.ones(7));
              leaf.mul(2).sum().backward();
            }),
            new Misuse("freed", () -> {
              Tensor y = t.mul(3).sum();
              y.backward();
              y.backward();
            }));
    List<String> problems = new ArrayList<>();
    for (Misuse m : calls) {
      try {
        m.call().run();
        problems.add(m.name() + ": no error");
      } catch (IllegalArgumentException | IllegalStateException e) {
        if (e.getMessage() == null || !e.getMessage().contains(m.name())) {
          problems.add(m.name() + ": message does not name it: " + e.getMessage());
        }
      } catch (Throwable e) {
        problems.add(m.name() + ": threw " + e);
      }
    }
    assertEquals(List.of(), problems);
  }

  // ------------------------------------------------------------------ checks

  private static void checkMessage(Step step, Tensor x, RuntimeException e, long seed, List<Step> steps) {
    String m = e.getMessage();
    if (m == null || !m.contains(step.name())) {
      fail(report("the message does not name '" + step.name() + "': " + m, seed, x, steps), e);
    }
    boolean namesSomething = m.contains(Shapes.format(x.shapeArray()))
        || (step.other() != null && m.contains(Shapes.format(step.other().shapeArray())))
        || m.contains("null")
        || m.contains("NaN")
        || m.contains("Infinity")
        || m.matches("(?s).*[0-9].*");
    for (int arg : step.args()) {
      namesSomething |= m.contains(Integer.toString(arg));
    }
    if (!namesSomething) {
      fail(report("the message names no shape or value: " + m, seed, x, steps), e);
    }
  }

  private static void assertConsistent(Tensor t, long seed, Tensor x0, List<Step> steps) {
    if (t == null) {
      fail(report("returned null", seed, x0, steps));
    }
    long n = 1;
    for (int d : t.shapeArray()) {
      if (d < 0) {
        fail(report("negative size in result shape " + Shapes.format(t.shapeArray()), seed, x0, steps));
      }
      n *= d;
      if (n > Integer.MAX_VALUE && t.toArray().length != 0) {
        fail(report("result shape " + Shapes.format(t.shapeArray()) + " overflows", seed, x0, steps));
      }
    }
    if (n != t.toArray().length && !(t.toArray().length == 0 && Arrays.stream(t.shapeArray()).anyMatch(d -> d == 0))) {
      fail(report(
          "result shape " + Shapes.format(t.shapeArray()) + " does not hold its " + t.toArray().length + " elements",
          seed, x0, steps));
    }
  }

  /**
   * Runs backward from {@code out} with {@code upstream} (in {@code out}'s dtype) and returns the
   * gradients of {@code leaves}, after checking that each has its leaf's shape and dtype.
   */
  private static List<Tensor> backwardNeverThrows(
      Tensor out, Tensor upstream, List<Tensor> leaves, long seed, Tensor x0, List<Step> steps) {
    List<Tensor> grads;
    try {
      grads = Autograd.grad(List.of(out), List.of(upstream.to(out.dtype())), leaves, false, false);
    } catch (Throwable t) {
      throw new AssertionError(report("backward threw " + t, seed, x0, steps), t);
    }
    for (int i = 0; i < leaves.size(); i++) {
      String what = report("gradient of input " + i, seed, x0, steps);
      assertArrayEquals(leaves.get(i).shapeArray(), grads.get(i).shapeArray(), what + ": shape");
      assertEquals(Shapes.numel(grads.get(i).shapeArray()), grads.get(i).numel(), what);
      assertEquals(leaves.get(i).dtype(), grads.get(i).dtype(), what + ": the leaf's dtype");
    }
    return grads;
  }

  /** Replays the chain on {@code xs} (F64) without its conversions: the chain in F64 alone. */
  private static Tensor replay64(List<Step> steps, List<Tensor> xs) {
    Tensor current = xs.get(0);
    int k = 1;
    for (Step step : steps) {
      Tensor other = step.other() == null ? null : xs.get(k++);
      if (!step.converts()) {
        current = step.fn().apply(current, other);
      }
    }
    return current;
  }

  private static String report(String problem, long seed, Tensor x0, List<Step> steps) {
    return String.format(
        "seed %d: %s%n  x0 = %s %s %s%n  steps = %s",
        seed, problem, Shapes.format(x0.shapeArray()), x0.dtype(), brief(x0), steps);
  }

  /** The values of {@code t}, the first 24 only when there are more. */
  static String brief(Tensor t) {
    double[] v = t.toArray();
    return v.length <= 24 ? Arrays.toString(v)
        : Arrays.toString(Arrays.copyOf(v, 24)).replace("]", ", ... (" + v.length + " values)]");
  }

  /** Finite, moderate values: where central differences in double precision are trustworthy. */
  private static boolean safe(Tensor t) {
    for (double v : t.toArray()) {
      if (!(Math.abs(v) <= 30)) {
        return false;
      }
    }
    return true;
  }

  private static int totalSize(List<Tensor> ts) {
    int n = 0;
    for (Tensor t : ts) {
      n += t.numel();
    }
    return n;
  }

  // ------------------------------------------------------------------ generators

  private static final int[] DIM_SIZES = {0, 1, 1, 2, 2, 3, 3, 4};

  /** Empty shapes whose other dims multiply past 2^31: valid inputs, dangerous results. */
  private static final int[][] HUGE_EMPTY = {{0, 1 << 16, 1 << 16}, {1 << 16, 0, 1 << 16}, {1 << 20, 1 << 12, 0}};

  static int[] randomShape(Random random) {
    if (random.nextInt(40) == 0) {
      return HUGE_EMPTY[random.nextInt(HUGE_EMPTY.length)].clone();
    }
    if (random.nextInt(40) == 0) {
      return random.nextBoolean() ? new int[] {1 << 16, 1} : new int[] {1, 1 << 16}; // wide: broadcasts to 2^32
    }
    int rank = random.nextInt(4);
    int[] s = new int[rank];
    for (int i = 0; i < rank; i++) {
      s[i] = DIM_SIZES[random.nextInt(DIM_SIZES.length)];
      if (s[i] == 0 && random.nextInt(3) != 0) {
        s[i] = 2; // empty tensors: often, not always
      }
    }
    return s;
  }

  /** A shape related to {@code base}: equal, broadcastable (1s, fewer dims), or random. */
  static int[] relatedShape(Random random, int[] base) {
    switch (random.nextInt(4)) {
      case 0, 1:
        return base.clone();
      case 2: {
        int drop = base.length == 0 ? 0 : random.nextInt(base.length + 1);
        int[] s = Arrays.copyOfRange(base, drop, base.length);
        for (int i = 0; i < s.length; i++) {
          if (random.nextInt(3) == 0) {
            s[i] = 1;
          }
        }
        return Arrays.stream(s).asLongStream().reduce(1, (p, q) -> p * q) < 1 << 20 ? s : base.clone();
      }
      default:
        return randomShape(random);
    }
  }

  static Tensor randomTensor(Random random, int[] shape, boolean hostile) {
    double[] data = new double[Shapes.numel(shape)];
    for (int i = 0; i < data.length; i++) {
      data[i] = hostile && random.nextInt(3) == 0 ? hostileValue(random) : tameValue(random);
    }
    return Tensor.of(data, shape);
  }

  /** Values in [-2.5, 2.5], kept at least 0.05 away from 0 half the time. */
  private static double tameValue(Random random) {
    double v = (random.nextDouble() * 2 - 1) * 2.5;
    return v;
  }

  static double hostileValue(Random random) {
    double sign = random.nextBoolean() ? 1 : -1;
    return switch (random.nextInt(10)) {
      case 0 -> Double.NaN;
      case 1 -> Double.POSITIVE_INFINITY;
      case 2 -> Double.NEGATIVE_INFINITY;
      case 3 -> sign * Double.MAX_VALUE;
      case 4 -> sign * 1e300 * random.nextDouble();
      case 5 -> sign * Double.MIN_VALUE;
      case 6 -> sign * 1e-300 * random.nextDouble();
      case 7 -> sign * 0.0;
      case 8 -> sign * 1e3;
      default -> random.nextGaussian() * 1e6;
    };
  }

  /** Ints a careless caller might pass: small, negative, zero, huge. */
  static int[] hostileInts(Random random, int n) {
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      out[i] = switch (random.nextInt(10)) {
        case 0 -> -1;
        case 1 -> -2 - random.nextInt(3);
        case 2 -> 0;
        case 3 -> 1 << 16;
        case 4 -> Integer.MAX_VALUE;
        case 5 -> Integer.MIN_VALUE;
        case 6 -> 1 << 20;
        default -> 1 + random.nextInt(4);
      };
    }
    return out;
  }

  private static int randomDim(Random random, int rank, boolean hostile) {
    if (hostile && random.nextInt(5) == 0) {
      return random.nextBoolean() ? rank + random.nextInt(3) : -rank - 1 - random.nextInt(3);
    }
    if (rank == 0) {
      return random.nextInt(3) - 1;
    }
    return random.nextInt(2 * rank) - rank;
  }

  private static Smooth positive(double margin) {
    return (x, o) -> allAbove(x, margin);
  }

  private static boolean allAbove(double[] v, double margin) {
    for (double d : v) {
      if (!(d > margin)) {
        return false;
      }
    }
    return true;
  }

  private static boolean awayFrom(double[] v, double point, double margin) {
    for (double d : v) {
      if (!(Math.abs(d - point) > margin)) {
        return false;
      }
    }
    return true;
  }

  /** True when no two values (within or across arrays) are closer than margin: no ties at kinks. */
  private static boolean distinct(double[] a, double[] b, double margin) {
    double[] all = b == null ? a.clone() : concat(a, b);
    Arrays.sort(all);
    for (int i = 1; i < all.length; i++) {
      if (!(all[i] - all[i - 1] > margin)) {
        return false;
      }
    }
    return true;
  }

  private static double[] concat(double[] a, double[] b) {
    double[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static Step unary(String name, StepFn fn, Smooth smooth) {
    return new Step(name, name + "()", null, new int[0], fn, smooth);
  }

  private static Step binary(String name, Tensor other, StepFn fn, Smooth smooth) {
    return new Step(name, name + "(other)", other, new int[0], fn, smooth);
  }

  private static Step withArgs(String name, int[] args, StepFn fn, Smooth smooth) {
    return withArgs(name, "", args, fn, smooth);
  }

  private static Step withArgs(String name, String prefix, int[] args, StepFn fn, Smooth smooth) {
    return new Step(name, prefix + name + Arrays.toString(args), null, args, fn, smooth);
  }

  /** Returns {@code t} with leading 1s up to rank 3 (an image {@code [C, H, W]}) when {@code lift}. */
  private static Tensor image(Tensor t, boolean lift) {
    Tensor out = t;
    while (lift && out.dim() < 3) {
      out = out.unsqueeze(0);
    }
    return out;
  }

  /**
   * Draws one step for the running tensor {@code x}. In mixed chains a second operand is F32 half
   * of the time, whatever {@code x}'s dtype.
   */
  static Step randomStep(Random random, Tensor x, boolean hostile, boolean mixed) {
    int rank = x.dim();
    boolean lift = !hostile && rank < 3;
    String prefix = lift ? "as image, " : "";
    DType otherType = mixed && random.nextBoolean() ? DType.F32 : DType.F64;
    // Operands of the ops that refuse mixed dtypes: usually x's dtype, in mixed chains not always.
    DType sameType = mixed && random.nextInt(4) == 0 ? otherType : x.dtype();
    Tensor other = randomTensor(random, relatedShape(random, x.shapeArray()), hostile).to(otherType);
    int d0 = randomDim(random, rank, hostile);
    int d1 = randomDim(random, rank, hostile);
    boolean keep = random.nextBoolean();
    switch (random.nextInt(71)) {
      case 0: return unary("neg", (t, o) -> t.neg(), ALWAYS);
      case 1: return unary("exp", (t, o) -> t.exp(), (v, o) -> allAbove(neg(v), -10));
      case 2: return unary("log", (t, o) -> t.log(), positive(0.05));
      case 3: return unary("sqrt", (t, o) -> t.sqrt(), positive(0.05));
      case 4: return unary("abs", (t, o) -> t.abs(), (v, o) -> awayFrom(v, 0, 1e-3));
      case 5: return unary("sin", (t, o) -> t.sin(), ALWAYS);
      case 6: return unary("cos", (t, o) -> t.cos(), ALWAYS);
      case 7: return unary("tanh", (t, o) -> t.tanh(), ALWAYS);
      case 8: return unary("sigmoid", (t, o) -> t.sigmoid(), ALWAYS);
      case 9: return unary("relu", (t, o) -> t.relu(), (v, o) -> awayFrom(v, 0, 1e-3));
      case 10: return unary("softplus", (t, o) -> t.softplus(), ALWAYS);
      case 11: return unary("erf", (t, o) -> t.erf(), ALWAYS);
      case 12: return unary("gelu", (t, o) -> t.gelu(), ALWAYS);
      case 13: return unary("leakyRelu", (t, o) -> t.leakyRelu(0.1), (v, o) -> awayFrom(v, 0, 1e-3));
      case 14: {
        double[] ps = {2, 3, 0.5, -1, 0, 1, 1.5, -0.5};
        double p = ps[random.nextInt(ps.length)];
        Smooth s = p == Math.rint(p) ? (p < 0 ? (v, o) -> awayFrom(v, 0, 0.1) : ALWAYS) : positive(0.05);
        return new Step("pow", "pow(" + p + ")", null, new int[0], (t, o) -> t.pow(p), s);
      }
      case 15: {
        double lo = hostile && random.nextInt(4) == 0 ? hostileValue(random) : -1 + random.nextDouble();
        double hi = hostile && random.nextInt(4) == 0 ? hostileValue(random) : random.nextDouble();
        return new Step("clamp", "clamp(" + lo + ", " + hi + ")", null, new int[0],
            (t, o) -> t.clamp(lo, hi), (v, o) -> awayFrom(v, lo, 1e-3) && awayFrom(v, hi, 1e-3));
      }
      case 16: return binary("add", other, Tensor::add, ALWAYS);
      case 17: return binary("sub", other, Tensor::sub, ALWAYS);
      case 18: return binary("mul", other, Tensor::mul, ALWAYS);
      case 19: return binary("div", other, Tensor::div, (v, o) -> awayFrom(o, 0, 0.1));
      case 20: return binary("pow", other, Tensor::pow, (v, o) -> allAbove(v, 0.1));
      case 21: return binary("maximum", other, Tensor::maximum, (v, o) -> distinct(v, o, 1e-3));
      case 22: return binary("minimum", other, Tensor::minimum, (v, o) -> distinct(v, o, 1e-3));
      case 23: {
        Tensor cond = randomTensor(random, relatedShape(random, x.shapeArray()), false).gt(0);
        return binary("where", other, (t, o) -> Tensor.where(cond, t, o), ALWAYS);
      }
      case 24: {
        int[] s = random.nextInt(3) == 0 ? randomShape(random) : matmulPartner(random, x.shapeArray());
        Tensor m = randomTensor(random, s, hostile).to(sameType);
        return binary("matmul", m, Tensor::matmul, ALWAYS).with(Rule.EQUAL);
      }
      case 25: return unary("sum", (t, o) -> t.sum(), ALWAYS);
      case 26: return withArgs("sum", new int[] {d0}, (t, o) -> t.sum(d0, keep), ALWAYS);
      case 27: return unary("mean", (t, o) -> t.mean(), ALWAYS);
      case 28: return withArgs("mean", new int[] {d0}, (t, o) -> t.mean(d0, keep), ALWAYS);
      case 29: return unary("max", (t, o) -> t.max(), (v, o) -> distinct(v, null, 1e-3));
      case 30: return withArgs("max", new int[] {d0}, (t, o) -> t.max(d0, keep), (v, o) -> distinct(v, null, 1e-3));
      case 31: return withArgs("min", new int[] {d0}, (t, o) -> t.min(d0, keep), (v, o) -> distinct(v, null, 1e-3));
      case 32: return withArgs("logSumExp", new int[] {d0}, (t, o) -> t.logSumExp(d0, keep), ALWAYS);
      case 33: return withArgs("softmax", new int[] {d0}, (t, o) -> t.softmax(d0), ALWAYS);
      case 34: return withArgs("logSoftmax", new int[] {d0}, (t, o) -> t.logSoftmax(d0), ALWAYS);
      case 35: return withArgs("var", new int[] {d0}, (t, o) -> t.var(d0, keep), ALWAYS);
      case 36: {
        int[] s = random.nextInt(3) == 0 ? hostileInts(random, random.nextInt(5)) : reshapeTarget(random, x);
        return withArgs("reshape", s, (t, o) -> t.reshape(s), ALWAYS);
      }
      case 37: return withArgs("transpose", new int[] {d0, d1}, (t, o) -> t.transpose(d0, d1), ALWAYS);
      case 38: return withArgs("squeeze", new int[] {d0}, (t, o) -> t.squeeze(d0), ALWAYS);
      case 39: {
        int d = randomDim(random, rank + 1, hostile);
        return withArgs("unsqueeze", new int[] {d}, (t, o) -> t.unsqueeze(d), ALWAYS);
      }
      case 40: {
        int[] s = random.nextInt(3) == 0 ? hostileInts(random, random.nextInt(5)) : expandTarget(random, x.shapeArray());
        return withArgs("expand", s, (t, o) -> t.expand(s), ALWAYS);
      }
      case 41: {
        int[] perm = permutation(random, rank, hostile);
        return withArgs("permute", perm, (t, o) -> t.permute(perm), ALWAYS);
      }
      case 42: {
        int size = rank == 0 ? 1 : x.shapeArray()[Math.floorMod(d0, rank)];
        int start = hostile && random.nextBoolean() ? hostileInts(random, 1)[0] : random.nextInt(size + 1);
        int len = hostile && random.nextBoolean() ? hostileInts(random, 1)[0] : random.nextInt(start >= 0 && start <= size ? size - start + 1 : size + 1);
        return withArgs("narrow", new int[] {d0, start, len}, (t, o) -> t.narrow(d0, start, len), ALWAYS);
      }
      case 43: {
        int size = rank == 0 ? 1 : x.shapeArray()[Math.floorMod(d0, rank)];
        int[] idx = new int[random.nextInt(4)];
        for (int i = 0; i < idx.length; i++) {
          idx[i] = hostile && random.nextInt(3) == 0 ? hostileInts(random, 1)[0] : random.nextInt(Math.max(size, 1));
        }
        int[] args = concat(new int[] {d0}, idx);
        return withArgs("indexSelect", args, (t, o) -> t.indexSelect(d0, idx), ALWAYS);
      }
      case 44:
        return new Step("cat", "cat(dim " + d0 + ")", other, new int[] {d0},
            (t, o) -> Tensor.cat(List.of(t, o), d0), ALWAYS);
      case 45: {
        int d = randomDim(random, rank + 1, hostile);
        return new Step("stack", "stack(dim " + d + ")", other, new int[] {d},
            (t, o) -> Tensor.stack(List.of(t, o), d), ALWAYS);
      }
      case 46: {
        int[] target = random.nextBoolean() ? relatedShape(random, x.shapeArray()) : hostileInts(random, random.nextInt(3));
        return withArgs("sumTo", target, (t, o) -> t.sumTo(target), ALWAYS);
      }
      // The ops of the engine-v2 and architecture issues, and dtypes.
      case 48: return unary("log1p", (t, o) -> t.log1p(), (v, o) -> allAbove(v, -0.9));
      case 49: return withArgs("cumsum", new int[] {d0}, (t, o) -> t.cumsum(d0), ALWAYS);
      case 50: {
        int diagonal = hostile ? hostileInts(random, 1)[0] : random.nextInt(5) - 2;
        boolean lower = random.nextBoolean();
        return withArgs(lower ? "tril" : "triu", new int[] {diagonal},
            (t, o) -> lower ? t.tril(diagonal) : t.triu(diagonal), ALWAYS);
      }
      case 51: {
        int[] reps = hostile && random.nextBoolean() ? hostileInts(random, random.nextInt(4))
            : new int[] {1 + random.nextInt(2), 1 + random.nextInt(2)};
        return withArgs("repeat", reps, (t, o) -> t.repeat(reps), ALWAYS);
      }
      case 52:
        return conversion(random, hostile); // F32 in the middle of a chain, even an F64-only one
      case 53: {
        // conv1d with hostile geometry: kernel larger than the input, stride 0, negative padding,
        // groups that do not divide the channels.
        int k = hostile ? random.nextInt(12) - 1 : 1 + random.nextInt(3);
        int stride = hostile ? random.nextInt(3) - 1 : 1 + random.nextInt(2);
        int pad = hostile ? random.nextInt(5) - 2 : random.nextInt(2);
        int dilation = hostile ? random.nextInt(3) : 1;
        int groups = hostile ? random.nextInt(4) : 1;
        int channels = rank >= 2 ? x.shapeArray()[rank - 2] : 1;
        Tensor w = randomTensor(random, new int[] {2, Math.max(channels, 1), Math.max(k, 0)}, false)
            .to(sameType);
        return new Step("conv1d", "conv1d(k " + k + ", stride " + stride + ", pad " + pad
                + ", dilation " + dilation + ", groups " + groups + ")", w,
            new int[] {k, stride, pad, dilation, groups},
            (t, o) -> t.conv1d(o, null, ConvOptions.defaults().withStride(stride)
                .withPadding(pad).withDilation(dilation).withGroups(groups)), ALWAYS)
            .with(Rule.EQUAL);
      }
      case 54: {
        int k = hostile ? random.nextInt(8) - 1 : 1 + random.nextInt(2);
        int stride = hostile ? random.nextInt(3) - 1 : 1;
        return withArgs("maxPool1d", new int[] {k, stride},
            (t, o) -> t.maxPool1d(k, stride, 0), (v, o) -> distinct(v, null, 1e-3));
      }
      case 55: {
        int[] pads = hostile ? hostileInts(random, random.nextInt(5))
            : new int[] {random.nextInt(3) - 1, random.nextInt(3)};
        double value = random.nextDouble();
        return withArgs("pad", pads, (t, o) -> t.pad(pads, value), ALWAYS);
      }
      case 56: {
        int correction = hostile ? random.nextInt(6) - 1 : 1;
        return withArgs("std", new int[] {d0, correction}, (t, o) -> t.std(d0, keep, correction),
            (v, o) -> distinct(v, null, 1e-2));
      }
      case 57: {
        double[] ps = {1, 2, 3, Double.POSITIVE_INFINITY, hostile ? -1 : 2};
        double p = ps[random.nextInt(ps.length)];
        return new Step("norm", "norm(" + p + ", dim " + d0 + ")", null, new int[] {d0},
            (t, o) -> t.norm(p, d0, keep), (v, o) -> distinct(v, null, 1e-2) && awayFrom(v, 0, 0.1));
      }
      case 58: {
        boolean descending = random.nextBoolean();
        return withArgs("sort", new int[] {d0}, (t, o) -> t.sort(d0, descending).values(),
            (v, o) -> distinct(v, null, 1e-3));
      }
      case 59: {
        int k = hostile ? random.nextInt(8) - 2 : random.nextInt(2);
        return withArgs("topk", new int[] {k, d0}, (t, o) -> t.topk(k, d0, true).values(),
            (v, o) -> distinct(v, null, 1e-3));
      }
      case 60: {
        int k = hostile ? random.nextInt(8) - 1 : 1 + random.nextInt(2);
        int pad = hostile ? random.nextInt(4) - 1 : 0;
        boolean countPad = random.nextBoolean();
        return withArgs("avgPool1d", new int[] {k, pad},
            (t, o) -> t.avgPool1d(k, k, pad, countPad), ALWAYS);
      }
      // The ops that take index tensors or 2-d images; tame steps lift x of rank < 3 to an image.
      case 61:
      case 62: {
        boolean scatter = random.nextBoolean();
        int d = rank == 0 ? 0 : Math.floorMod(d0, rank);
        int[] is = indexShape(random, x.shapeArray(), d, hostile);
        Tensor index = indexTensor(random, is, rank == 0 ? 0 : x.shapeArray()[d], hostile);
        String desc = Shapes.format(is) + " " + index.dtype() + " " + Arrays.toString(index.toArray());
        if (!scatter) {
          return new Step("gather", "gather(dim " + d0 + ", index " + desc + ")", null,
              new int[] {d0}, (t, o) -> t.gather(d0, index), ALWAYS);
        }
        // src: usually x's shape and dtype (at least as large as the index), in hostile chains not
        int[] srcShape = hostile && random.nextInt(4) == 0 ? randomShape(random) : x.shapeArray();
        Tensor src = randomTensor(random, srcShape, hostile).to(sameType);
        return new Step("scatterAdd", "scatterAdd(dim " + d0 + ", index " + desc + ")", src,
            new int[] {d0}, (t, o) -> t.scatterAdd(d0, index, o), ALWAYS).with(Rule.EQUAL);
      }
      case 63: {
        int[] stride = hostile ? settings(random, -1, 3) : new int[] {1 + random.nextInt(2)};
        int[] pad = hostile ? settings(random, -2, 3) : new int[] {random.nextInt(2)};
        int[] dilation = hostile ? settings(random, 0, 3) : new int[] {1};
        int groups = hostile ? random.nextInt(4) : 1;
        int channels = rank >= 3 ? x.shapeArray()[rank - 3] : 1; // also of the lifted image
        int kh = hostile ? random.nextInt(6) : 1 + random.nextInt(2);
        int kw = hostile ? random.nextInt(6) : 1 + random.nextInt(2);
        int out = hostile ? random.nextInt(4) : 2;
        Tensor w = randomTensor(random, new int[] {out, Math.max(channels, 1), kh, kw}, false)
            .to(sameType);
        ConvOptions options = ConvOptions.defaults().withStride(stride).withPadding(pad)
            .withDilation(dilation).withGroups(groups);
        return new Step("conv2d", prefix + "conv2d(" + options + ")", w,
            concat(concat(stride, pad), concat(dilation, new int[] {groups, kh, kw})),
            (t, o) -> image(t, lift).conv2d(o, null, options), ALWAYS).with(Rule.EQUAL);
      }
      case 64: {
        int[] stride = hostile ? settings(random, -1, 3) : new int[] {1 + random.nextInt(2)};
        int[] pad = hostile ? settings(random, -1, 2) : new int[] {0};
        int[] extra = hostile ? settings(random, -1, 2) : new int[] {0};
        int groups = hostile ? random.nextInt(3) : 1;
        int channels = rank >= 3 ? x.shapeArray()[rank - 3] : 1; // also of the lifted image
        int k = hostile ? random.nextInt(4) : 1 + random.nextInt(2);
        Tensor w = randomTensor(random, new int[] {Math.max(channels, 1), 1 + random.nextInt(2), k, k}, false)
            .to(sameType);
        ConvOptions options = ConvOptions.defaults().withStride(stride).withPadding(pad)
            .withOutputPadding(extra).withGroups(groups);
        return new Step("convTranspose2d", prefix + "convTranspose2d(" + options + ")", w,
            concat(concat(stride, pad), concat(extra, new int[] {groups, k})),
            (t, o) -> image(t, lift).convTranspose2d(o, null, options), ALWAYS).with(Rule.EQUAL);
      }
      case 65:
      case 66: {
        boolean max = random.nextBoolean();
        int[] kernel = hostile ? hostilePair(random, -1, 6) : new int[] {1 + random.nextInt(2)};
        int[] stride = hostile && random.nextBoolean() ? hostilePair(random, -1, 3) : null;
        int[] pad = hostile ? hostilePair(random, -1, 2) : new int[] {0};
        boolean countPad = random.nextBoolean();
        int[] args = concat(concat(kernel, stride == null ? new int[0] : stride), pad);
        return max
            ? withArgs("maxPool2d", prefix, args, (t, o) -> image(t, lift).maxPool2d(kernel, stride, pad),
                (v, o) -> distinct(v, null, 1e-3))
            : withArgs("avgPool2d", prefix, args, (t, o) -> image(t, lift).avgPool2d(kernel, stride, pad, countPad), ALWAYS);
      }
      case 67: {
        int oh = hostile ? random.nextInt(5) - 1 : 1 + random.nextInt(3);
        int ow = hostile ? random.nextInt(5) - 1 : 1 + random.nextInt(3);
        return withArgs("adaptiveAvgPool2d", prefix, new int[] {oh, ow},
            (t, o) -> image(t, lift).adaptiveAvgPool2d(oh, ow), ALWAYS);
      }
      case 68:
      case 69: {
        // A 0-d second operand of the other dtype: it must not change the dtype of a tensor with
        // dims (and two 0-d operands give F64).
        DType flipped = x.dtype() == DType.F32 ? DType.F64 : DType.F32;
        Tensor scalar = Tensor.scalar(hostile ? hostileValue(random) : tameValue(random)).to(flipped);
        return switch (random.nextInt(3)) {
          case 0 -> binary("mul", scalar, Tensor::mul, ALWAYS);
          case 1 -> new Step("add", "0-d other add(x)", scalar, new int[0], (t, o) -> o.add(t), ALWAYS);
          default -> new Step("sub", "0-d other sub(x)", scalar, new int[0], (t, o) -> o.sub(t), ALWAYS);
        };
      }
      default: {
        int k = random.nextInt(5);
        return switch (k) {
          case 0 -> binary("gt", other, Tensor::gt, NEVER);
          case 1 -> binary("lt", other, Tensor::lt, NEVER);
          case 2 -> binary("eq", other, Tensor::eq, NEVER);
          case 3 -> withArgs("argmax", new int[] {d0}, (t, o) -> t.argmax(d0), NEVER).with(Rule.INDEX);
          default -> unary("t", (t, o) -> t.t(), ALWAYS);
        };
      }
    }
  }

  private static double[] neg(double[] v) {
    double[] out = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = -v[i];
    }
    return out;
  }

  private static int[] concat(int[] a, int[] b) {
    int[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static int[] matmulPartner(Random random, int[] a) {
    int k = a.length == 0 ? 2 : a[a.length - 1];
    int m = 1 + random.nextInt(3);
    return switch (random.nextInt(3)) {
      case 0 -> new int[] {k};
      case 1 -> new int[] {k, m};
      default -> new int[] {random.nextBoolean() ? 1 : 2, k, m};
    };
  }

  private static int[] reshapeTarget(Random random, Tensor x) {
    int n = x.numel();
    return switch (random.nextInt(4)) {
      case 0 -> new int[] {n};
      case 1 -> new int[] {-1};
      case 2 -> new int[] {1, -1};
      default -> n % 2 == 0 ? new int[] {2, -1} : new int[] {n, 1};
    };
  }

  private static int[] expandTarget(Random random, int[] shape) {
    int[] s = new int[shape.length + random.nextInt(2)];
    int lead = s.length - shape.length;
    for (int i = 0; i < s.length; i++) {
      if (i < lead) {
        s[i] = 1 + random.nextInt(3);
      } else {
        int d = shape[i - lead];
        s[i] = d == 1 ? 1 + random.nextInt(3) : (random.nextBoolean() ? -1 : d);
      }
    }
    return s;
  }

  /** One or two values in {@code [lo, hi]}, or an empty or three-value array now and then. */
  private static int[] hostilePair(Random random, int lo, int hi) {
    return random.nextInt(12) == 0 ? new int[random.nextBoolean() ? 0 : 3] : settings(random, lo, hi);
  }

  /** One or two values in {@code [lo, hi]}: a setting {@link ConvOptions} takes. */
  private static int[] settings(Random random, int lo, int hi) {
    int[] v = new int[1 + random.nextInt(2)];
    for (int i = 0; i < v.length; i++) {
      v[i] = lo + random.nextInt(hi - lo + 1);
    }
    return v;
  }

  /**
   * An index shape for {@code dim} of {@code shape}: within it outside {@code dim} (as gather and
   * scatterAdd need); hostile: a wrong rank or a size above the input's.
   */
  private static int[] indexShape(Random random, int[] shape, int dim, boolean hostile) {
    int rank = hostile && random.nextInt(6) == 0 ? Math.max(0, shape.length + random.nextInt(3) - 1) : shape.length;
    int[] is = new int[rank];
    for (int i = 0; i < rank; i++) {
      int bound = i < shape.length ? shape[i] : 2;
      is[i] = hostile && random.nextInt(6) == 0 ? bound + 1 : random.nextInt(Math.min(bound, 3) + 1);
      if (i == dim && !hostile) {
        is[i] = 1 + random.nextInt(2);
      }
    }
    return is;
  }

  /**
   * An index tensor of whole numbers in {@code [0, size)}, F32 or F64; hostile: out of range,
   * negative, fractional, NaN or infinite values.
   */
  private static Tensor indexTensor(Random random, int[] shape, int size, boolean hostile) {
    double[] v = new double[Shapes.numel(shape)];
    for (int i = 0; i < v.length; i++) {
      if (hostile && random.nextInt(4) == 0) {
        double[] bad = {-1, size, 0.5, Double.NaN, Double.NEGATIVE_INFINITY, 3e9, -0.0};
        v[i] = bad[random.nextInt(bad.length)];
      } else {
        v[i] = size == 0 ? 0 : random.nextInt(size);
      }
    }
    Tensor t = shape.length == 0 ? Tensor.scalar(v[0]) : Tensor.of(v, shape);
    return random.nextBoolean() ? t.to(DType.F32) : t;
  }

  private static int[] permutation(Random random, int rank, boolean hostile) {
    int[] p = new int[hostile && random.nextInt(4) == 0 ? random.nextInt(4) : rank];
    for (int i = 0; i < p.length; i++) {
      p[i] = i;
    }
    for (int i = p.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    if (hostile && p.length > 1 && random.nextInt(3) == 0) {
      p[0] = p[1]; // a repeated dim
    }
    return p;
  }
}
