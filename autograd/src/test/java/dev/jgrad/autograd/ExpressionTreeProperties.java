package dev.jgrad.autograd;

import static dev.jgrad.autograd.Gen.tensor;
import static dev.jgrad.autograd.Gen.uniform;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Random expression trees: programs of many smooth ops (elementwise, broadcasting binary ops,
 * keep-dim reductions, softmax, matmul with a constant, movement ops) over 1-3 inputs of
 * broadcastable shapes, with inputs reused (so the graph has diamonds). The gradient of the
 * whole program is checked with central differences, and the second derivative of shorter ones
 * with {@link GradCheck#gradGradCheck}. Ops with kinks (relu, abs, max, clamp) are left out:
 * an exact tie such as {@code x - x = 0} would land on a kink.
 */
class ExpressionTreeProperties {

  /** Seeds for the values: plain random longs (their edge cases, 0 or Long.MIN_VALUE, mean nothing here). */
  @Provide
  Arbitrary<Long> seeds() {
    return Gen.seeds();
  }

  /** A step of a postfix program: it pops its operands from the stack and pushes its result. */
  @FunctionalInterface
  private interface Step {
    void run(Deque<Tensor> stack, List<Tensor> inputs);
  }

  /** A generated program with a readable infix form for failure reports. */
  private record Program(List<Step> steps, String text, List<Tensor> inputs) {
    Tensor evaluate(List<Tensor> xs) {
      Deque<Tensor> stack = new ArrayDeque<>();
      for (Step s : steps) {
        s.run(stack, xs);
      }
      return stack.pop();
    }

    @Override
    public String toString() {
      return text;
    }
  }

  @Provide
  Arbitrary<int[][]> pairs() {
    return Gen.broadcastPairs();
  }

  @Property(tries = 200)
  void gradientOfRandomTreeMatchesCentralDifferences(
      @ForAll("pairs") int[][] shapes,
      @ForAll @IntRange(min = 1, max = 3) int inputCount,
      @ForAll @IntRange(min = 3, max = 25) int length,
      @ForAll("seeds") long seed) {
    Program p = generate(new Random(seed), shapes, inputCount, length);
    GradCheck.Report r =
        GradCheck.check(p::evaluate, p.inputs(), GradCheck.Options.defaults().withSeed(seed));
    if (!r.ok()) {
      throw new AssertionError("program " + p + "\n" + r);
    }
  }

  @Property(tries = 60)
  void secondDerivativeOfRandomTreeMatchesCentralDifferences(
      @ForAll("pairs") int[][] shapes,
      @ForAll @IntRange(min = 1, max = 2) int inputCount,
      @ForAll @IntRange(min = 2, max = 10) int length,
      @ForAll("seeds") long seed) {
    Program p = generate(new Random(seed), shapes, inputCount, length);
    GradCheck.Report r =
        GradCheck.gradGradCheck(
            p::evaluate, p.inputs(), GradCheck.Options.defaults().withSeed(seed));
    if (!r.ok()) {
      throw new AssertionError("program " + p + "\n" + r);
    }
  }

  // ---------------------------------------------------------------- program generation

  private static Program generate(Random r, int[][] pair, int inputCount, int length) {
    List<Tensor> inputs = new ArrayList<>();
    for (int i = 0; i < inputCount; i++) {
      inputs.add(tensor(r, uniform(-2, 2), pair[i % 2]));
    }
    List<Step> steps = new ArrayList<>();
    Deque<int[]> shapes = new ArrayDeque<>();
    Deque<String> texts = new ArrayDeque<>();
    for (int i = 0; i < length || shapes.size() != 1; i++) {
      boolean finishing = i >= length;
      if (shapes.isEmpty() || (!finishing && shapes.size() < 3 && r.nextInt(4) == 0)) {
        int k = r.nextInt(inputCount);
        steps.add((stack, xs) -> stack.push(xs.get(k)));
        shapes.push(inputs.get(k).shape());
        texts.push("x" + k);
      } else if (shapes.size() >= 2 && (finishing || r.nextInt(5) < 2)) {
        binary(r, steps, shapes, texts);
      } else {
        unary(r, steps, shapes, texts);
      }
    }
    return new Program(steps, texts.pop(), inputs);
  }

  private static void binary(Random r, List<Step> steps, Deque<int[]> shapes, Deque<String> texts) {
    int[] b = shapes.pop();
    int[] a = shapes.pop();
    String tb = texts.pop();
    String ta = texts.pop();
    int[] out = Shapes.broadcast("test", a, b);
    int which = r.nextInt(6);
    String text;
    java.util.function.BinaryOperator<Tensor> f;
    switch (which) {
      case 0 -> {
        f = Tensor::add;
        text = "(" + ta + " + " + tb + ")";
      }
      case 1 -> {
        f = Tensor::sub;
        text = "(" + ta + " - " + tb + ")";
      }
      case 2 -> {
        f = Tensor::mul;
        text = "(" + ta + " * " + tb + ")";
      }
      case 3 -> {
        f = (x, y) -> x.div(y.mul(y).add(1));
        text = "(" + ta + " / (" + tb + "^2 + 1))";
      }
      case 4 -> {
        f = (x, y) -> x.sigmoid().add(0.5).pow(y.tanh());
        text = "((sigmoid(" + ta + ") + 0.5) ^ tanh(" + tb + "))";
      }
      default -> {
        Tensor condition = Gen.mask(r, out);
        f = (x, y) -> Tensor.where(condition, x, y);
        text = "where(mask, " + ta + ", " + tb + ")";
      }
    }
    steps.add(
        (stack, xs) -> {
          Tensor y = stack.pop();
          Tensor x = stack.pop();
          stack.push(f.apply(x, y));
        });
    shapes.push(out);
    texts.push(text);
  }

  private static void unary(Random r, List<Step> steps, Deque<int[]> shapes, Deque<String> texts) {
    int[] s = shapes.pop();
    String t = texts.pop();
    int rank = s.length;
    int which = rank == 0 ? r.nextInt(12) : r.nextInt(20);
    int dim = rank == 0 ? 0 : Gen.dim(r, rank);
    int d = rank == 0 ? 0 : Math.floorMod(dim, rank);
    java.util.function.UnaryOperator<Tensor> f;
    String text;
    switch (which) {
      case 0 -> {
        f = Tensor::neg;
        text = "-" + t;
      }
      case 1 -> {
        f = Tensor::tanh;
        text = "tanh(" + t + ")";
      }
      case 2 -> {
        f = Tensor::sin;
        text = "sin(" + t + ")";
      }
      case 3 -> {
        f = Tensor::cos;
        text = "cos(" + t + ")";
      }
      case 4 -> {
        f = Tensor::sigmoid;
        text = "sigmoid(" + t + ")";
      }
      case 5 -> {
        f = Tensor::softplus;
        text = "softplus(" + t + ")";
      }
      case 6 -> {
        f = Tensor::erf;
        text = "erf(" + t + ")";
      }
      case 7 -> {
        f = Tensor::gelu;
        text = "gelu(" + t + ")";
      }
      case 8 -> {
        f = x -> x.tanh().exp();
        text = "exp(tanh(" + t + "))";
      }
      case 9 -> {
        f = x -> x.mul(x).add(1).log();
        text = "log(" + t + "^2 + 1)";
      }
      case 10 -> {
        f = x -> x.mul(x).add(0.5).sqrt();
        text = "sqrt(" + t + "^2 + 0.5)";
      }
      case 11 -> {
        double p = new double[] {2, 3, 0.5}[r.nextInt(3)];
        f = p == 0.5 ? x -> x.mul(x).add(1).pow(p) : x -> x.tanh().pow(p);
        text = p == 0.5 ? "(" + t + "^2 + 1)^0.5" : "tanh(" + t + ")^" + (int) p;
      }
      case 12 -> {
        f = x -> x.softmax(dim);
        text = "softmax(" + t + ", " + dim + ")";
      }
      case 13 -> {
        f = x -> x.sub(x.logSumExp(dim, true));
        text = "logSoftmaxByHand(" + t + ", " + dim + ")";
      }
      case 14 -> {
        f = x -> x.sub(x.mean(dim, true)).add(x.var(dim, true, 0));
        text = "(" + t + " - mean + var)(" + dim + ")";
      }
      case 15 -> {
        f = x -> x.sum(dim, true).mul(0.5);
        text = "sum(" + t + ", " + dim + ", keep) / 2";
      }
      case 16 -> {
        int last = s[rank - 1];
        Tensor w = tensor(r, uniform(-1, 1), last, last);
        f = x -> x.matmul(w);
        text = "(" + t + " @ W" + last + "x" + last + ")";
      }
      case 17 -> {
        int[] perm = new int[s[d]];
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < perm.length; i++) {
          order.add(i);
        }
        Collections.shuffle(order, r);
        for (int i = 0; i < perm.length; i++) {
          perm[i] = order.get(i);
        }
        f = x -> x.indexSelect(dim, perm);
        text = "indexSelect(" + t + ", " + dim + ", " + Arrays.toString(perm) + ")";
      }
      case 18 -> {
        if (s[d] >= 2) {
          int n = s[d];
          f = x -> Tensor.cat(List.of(x.narrow(dim, 1, n - 1), x.narrow(dim, 0, 1)), dim);
          text = "roll(" + t + ", " + dim + ")";
        } else {
          f = x -> x.unsqueeze(0).flatten().reshape(s);
          text = "reshape(flatten(" + t + "))";
        }
      }
      default -> {
        if (rank >= 2) {
          f = x -> x.transpose(0, -1).mul(x.transpose(0, -1).cos()).transpose(0, -1);
          text = "transposed(" + t + " * cos " + t + ")";
        } else {
          f = x -> Tensor.stack(List.of(x, x.sin()), 0).sum(0, false);
          text = "sum(stack(" + t + ", sin " + t + "))";
        }
      }
    }
    steps.add((stack, xs) -> stack.push(f.apply(stack.pop())));
    int[] out = s.clone();
    if (which == 15) {
      out[d] = 1;
    }
    shapes.push(out);
    texts.push(text);
  }
}
