package dev.jgrad.autograd;

import dev.jgrad.autograd.kernels.Storage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.ToDoubleFunction;

/**
 * Compares analytic gradients (from the engine) with numerical ones (central differences), in
 * double precision, as {@code torch.autograd.gradcheck} does.
 *
 * <p>The function may return a tensor of any shape: it is reduced to a scalar with a seeded
 * random upstream gradient {@code v}, and the check compares the vector-Jacobian product
 * {@code v . df/dx} with {@code (s(x + eps e_i) - s(x - eps e_i)) / 2 eps} for
 * {@code s = sum(v * f(x))}, element by element. An element passes when
 * {@code |analytic - numeric| <= atol + rtol * |numeric|}.
 *
 * <pre>{@code
 * GradCheck.Report r = GradCheck.check(in -> in.get(0).matmul(in.get(1)).tanh().sum(), x, w);
 * r.assertOk();   // or print r
 * }</pre>
 */
public final class GradCheck {
  private GradCheck() {}

  /** A function of several tensors, as checked by {@link GradCheck}. */
  @FunctionalInterface
  public interface Fn {
    /**
     * Returns the output for {@code inputs}.
     *
     * @param inputs the arguments, one tensor each
     * @return the output of the function
     */
    Tensor apply(List<Tensor> inputs);
  }

  /**
   * Settings of a check: {@code eps = 1e-6}, {@code atol = 1e-5}, {@code rtol = 1e-3} by default
   * (as PyTorch), a seed for the random upstream, and whether to check one random directional
   * derivative per input instead of every element (cheap on big inputs).
   */
  public record Options(double eps, double atol, double rtol, long seed, boolean randomDirection) {
    /**
     * Validates the settings.
     *
     * @param eps the central-difference step, positive
     * @param atol the absolute tolerance, non-negative
     * @param rtol the relative tolerance, non-negative
     * @param seed the seed of the random upstream and directions
     * @param randomDirection whether to check one random directional derivative per input instead
     *     of every element
     */
    public Options {
      if (!(eps > 0) || !(atol >= 0) || !(rtol >= 0)) {
        throw new IllegalArgumentException(
            String.format(
                "GradCheck: need eps > 0, atol >= 0, rtol >= 0, got eps=%s atol=%s rtol=%s",
                eps, atol, rtol));
      }
    }

    /** {@return the defaults: eps 1e-6, atol 1e-5, rtol 1e-3, seed 0, every element} */
    public static Options defaults() {
      return new Options(1e-6, 1e-5, 1e-3, 0, false);
    }

    /**
     * {@return these options with another step size}
     *
     * @param eps the central-difference step, positive
     */
    public Options withEps(double eps) {
      return new Options(eps, atol, rtol, seed, randomDirection);
    }

    /**
     * {@return these options with other tolerances}
     *
     * @param atol the absolute tolerance, non-negative
     * @param rtol the relative tolerance, non-negative
     */
    public Options withTolerance(double atol, double rtol) {
      return new Options(eps, atol, rtol, seed, randomDirection);
    }

    /**
     * {@return these options with another seed for the random upstream and directions}
     *
     * @param seed the seed of the random upstream and directions
     */
    public Options withSeed(long seed) {
      return new Options(eps, atol, rtol, seed, randomDirection);
    }

    /**
     * Returns these options checking one random directional derivative per input.
     *
     * @param randomDirection whether to check one random directional derivative per input instead
     *     of every element
     * @return these options with {@code randomDirection} set
     */
    public Options withRandomDirection(boolean randomDirection) {
      return new Options(eps, atol, rtol, seed, randomDirection);
    }
  }

  /**
   * The outcome for one input: the worst element (or the direction, in random-direction mode),
   * its analytic and numeric gradients and their errors.
   *
   * @param index the worst element's multi-index, or null in random-direction mode
   */
  public record InputResult(
      int input,
      int[] shape,
      int[] index,
      double analytic,
      double numeric,
      double absError,
      double relError,
      boolean ok) {
    @Override
    public String toString() {
      String where = index == null ? "random direction" : "worst element " + Arrays.toString(index);
      return String.format(
          "input %d %s: %s, %s analytic=%.12g numeric=%.12g abs_err=%.3g rel_err=%.3g",
          input, Arrays.toString(shape), ok ? "ok" : "MISMATCH", where, analytic, numeric,
          absError, relError);
    }
  }

  /**
   * One op node of a failed check, checked alone: its own vector-Jacobian product against central
   * differences of its own forward at the values it saw.
   *
   * @param op the op's name, e.g. {@code "tanh"} or a user {@link Function}'s name
   * @param createdAt where the node was created in the caller's code, or null if unknown
   * @param absError the largest absolute error of its gradient
   * @param ok whether its gradient agrees within the tolerances
   */
  public record NodeResult(String op, String createdAt, double absError, boolean ok) {
    /** Returns e.g. {@code MISMATCH badSquare, created at Test.java:12 (abs_err=4.1)}. */
    @Override
    public String toString() {
      return String.format(
          "%s %s%s (abs_err=%.3g)",
          ok ? "ok" : "MISMATCH",
          op,
          createdAt == null ? "" : ", created at " + createdAt,
          absError);
    }
  }

  /** The outcome of a check: one {@link InputResult} per input. */
  public static final class Report {
    private final String title;
    private final List<InputResult> inputs;
    private final Options options;
    private final List<NodeResult> nodes;

    Report(String title, List<InputResult> inputs, Options options, List<NodeResult> nodes) {
      this.title = title;
      this.inputs = Collections.unmodifiableList(inputs);
      this.options = options;
      this.nodes = Collections.unmodifiableList(nodes);
    }

    /**
     * Returns, when a first-order check failed, each op node of the function's graph checked
     * alone (inputs first); the nodes whose result is not ok are the ones whose own rule is
     * wrong. Empty when the check passed, and for {@link #gradGradCheck}.
     *
     * @return the result of each op node checked alone, inputs first; empty when the check passed
     */
    public List<NodeResult> nodes() {
      return nodes;
    }

    /** {@return the nodes whose own gradient disagrees with central differences} */
    public List<NodeResult> guilty() {
      return nodes.stream().filter(n -> !n.ok()).toList();
    }

    /** {@return the result for each input, in order} */
    public List<InputResult> inputs() {
      return inputs;
    }

    /** {@return whether every input passed} */
    public boolean ok() {
      return inputs.stream().allMatch(InputResult::ok);
    }

    /**
     * {@return this report if every input passed}
     *
     * @throws GradCheckFailure with the report's text otherwise
     */
    public Report assertOk() {
      if (!ok()) {
        throw new GradCheckFailure(toString());
      }
      return this;
    }

    /** Returns a multi-line summary: settings, then one line per input. */
    @Override
    public String toString() {
      StringBuilder sb =
          new StringBuilder(
              String.format(
                  "%s %s (eps=%s, atol=%s, rtol=%s)%n",
                  title,
                  ok() ? "passed" : "FAILED",
                  options.eps(),
                  options.atol(),
                  options.rtol()));
      for (InputResult r : inputs) {
        sb.append("  ").append(r).append(System.lineSeparator());
      }
      if (!nodes.isEmpty()) {
        List<NodeResult> guilty = guilty();
        sb.append("  node by node (each op's own gradient against central differences of it alone):")
            .append(System.lineSeparator());
        for (NodeResult n : guilty) {
          sb.append("    ").append(n).append(System.lineSeparator());
        }
        List<String> others = new ArrayList<>();
        for (NodeResult n : nodes) {
          if (n.ok()) {
            others.add(n.op());
          }
        }
        sb.append(
                guilty.isEmpty()
                    ? "    every node agrees alone: the function as a whole is not smooth here"
                    : "    the other " + others.size() + " nodes agree " + others)
            .append(System.lineSeparator());
      }
      return sb.toString();
    }
  }

  /** Thrown by {@link Report#assertOk()}: a gradient check failed. */
  public static final class GradCheckFailure extends AssertionError {
    private static final long serialVersionUID = 1L;

    GradCheckFailure(String message) {
      super(message);
    }
  }

  /**
   * Checks {@code f}'s gradient at {@code inputs} with the default options.
   *
   * @param f the function to check
   * @param inputs the point at which to check, one tensor per argument of {@code f}
   * @return the report of the comparison, per input
   */
  public static Report check(Fn f, Tensor... inputs) {
    return check(f, Arrays.asList(inputs), Options.defaults());
  }

  /**
   * Checks {@code f}'s gradient with respect to every input at the given point. The inputs are
   * copied; the originals are not modified.
   *
   * @param f the function to check
   * @param inputs the point at which to check, one tensor per argument of {@code f}
   * @param options the step size, tolerances and seed
   * @return the report of the comparison, per input
   * @throws IllegalArgumentException if there are no inputs
   */
  public static Report check(Fn f, List<Tensor> inputs, Options options) {
    return run("gradcheck", "GradCheck.check", f, inputs, options);
  }

  /**
   * Checks the second derivatives of {@code f} with the default options.
   *
   * @param f the function to check
   * @param inputs the point at which to check, one tensor per argument of {@code f}
   * @return the report of the comparison, per input
   */
  public static Report gradGradCheck(Fn f, Tensor... inputs) {
    return gradGradCheck(f, Arrays.asList(inputs), Options.defaults());
  }

  /**
   * Checks second derivatives: the gradient of {@code x -> sum_i u_i . grad_i(x)}, where
   * {@code grad_i} is the (create-graph) gradient of {@code v . f} and {@code u}, {@code v} are
   * seeded random tensors, is compared with central differences of that first gradient. This is
   * a Hessian-vector product check.
   *
   * @param f the function to check
   * @param inputs the point at which to check, one tensor per argument of {@code f}
   * @param options the step size, tolerances and seed
   * @return the report of the comparison, per input
   * @throws IllegalArgumentException if there are no inputs
   */
  public static Report gradGradCheck(Fn f, List<Tensor> inputs, Options options) {
    checkArguments("GradCheck.gradGradCheck", f, inputs, options);
    Random random = new Random(options.seed() + 1);
    Tensor probe = evaluate("GradCheck.gradGradCheck", f, copies(inputs));
    Tensor v = Tensor.randn(random, probe.shapeArray());
    List<Tensor> u = new ArrayList<>();
    for (Tensor in : inputs) {
      u.add(Tensor.randn(random, in.shapeArray()));
    }
    Fn firstGradient =
        xs -> {
          try (Autograd.Scope on = Autograd.enableGrad()) {
            Tensor y = f.apply(xs);
            List<Tensor> grads =
                Autograd.grad(List.of(y), List.of(v), xs, true, true);
            Tensor total = Tensor.scalar(0);
            for (int i = 0; i < grads.size(); i++) {
              total = total.add(grads.get(i).mul(u.get(i)).sum());
            }
            return total;
          }
        };
    return run("gradGradCheck", "GradCheck.gradGradCheck", firstGradient, inputs, options);
  }

  private static Report run(
      String title, String method, Fn f, List<Tensor> inputs, Options options) {
    checkArguments(method, f, inputs, options);
    List<Tensor> xs = copies(inputs);
    Tensor y = evaluate(method, f, xs);
    Tensor v = Tensor.randn(new Random(options.seed()), y.shapeArray()).to(y.dtype());
    List<Tensor> analytic;
    if (y.isGradRequired()) {
      analytic = Autograd.grad(List.of(y), List.of(v), xs, false, false);
    } else {
      analytic = new ArrayList<>();
      for (Tensor x : xs) {
        analytic.add(x.zerosLike());
      }
    }
    List<InputResult> results = new ArrayList<>();
    Random directions = new Random(options.seed() + 7);
    for (int i = 0; i < xs.size(); i++) {
      Tensor x = xs.get(i);
      double[] a = analytic.get(i).toArray();
      int[] shape = x.shapeArray();
      if (options.randomDirection()) {
        double[] d = Tensor.randn(directions, shape).toArray();
        int input = i;
        double numeric =
            CentralDifference.directional(
                values -> weightedSum(f, replaced(xs, input, values, shape), v), x.toArray(), d,
                options.eps());
        double exact = 0;
        for (int k = 0; k < d.length; k++) {
          exact += a[k] * d[k];
        }
        results.add(result(i, shape, null, exact, numeric, options));
      } else {
        InputResult worst = null;
        double[] values = x.toArray();
        int input = i;
        ToDoubleFunction<double[]> g = vs -> weightedSum(f, replaced(xs, input, vs, shape), v);
        for (int k = 0; k < values.length; k++) {
          double numeric = CentralDifference.element(g, values, k, options.eps());
          InputResult r = result(i, shape, unravel(k, shape), a[k], numeric, options);
          if (worst == null || worse(r, worst, options)) {
            worst = r;
          }
        }
        if (worst == null) {
          worst = new InputResult(i, shape.clone(), null, 0, 0, 0, 0, true);
        }
        results.add(worst);
      }
    }
    boolean failed = results.stream().anyMatch(r -> !r.ok());
    List<NodeResult> nodes =
        failed && title.equals("gradcheck") ? NodeChecks.check(f, xs, options) : List.of();
    return new Report(title, results, options, nodes);
  }

  /** Returns {@code xs} with input {@code i} replaced by a new F64 tensor of {@code values}. */
  private static List<Tensor> replaced(List<Tensor> xs, int i, double[] values, int[] shape) {
    List<Tensor> out = new ArrayList<>(xs);
    out.set(i, Tensor.wrap(Storage.of(values.clone()), shape).requiresGrad());
    return out;
  }

  private static boolean worse(InputResult r, InputResult worst, Options o) {
    if (r.ok() != worst.ok()) {
      return !r.ok();
    }
    double excessR = r.absError() - tolerance(r.numeric(), o);
    double excessW = worst.absError() - tolerance(worst.numeric(), o);
    return Double.isNaN(excessR) || excessR > excessW;
  }

  private static InputResult result(
      int input, int[] shape, int[] index, double analytic, double numeric, Options o) {
    double abs = Math.abs(analytic - numeric);
    double rel = abs / Math.max(Math.abs(numeric), Double.MIN_NORMAL);
    boolean ok = Double.isFinite(analytic) && Double.isFinite(numeric)
        && abs <= tolerance(numeric, o);
    return new InputResult(input, shape.clone(), index, analytic, numeric, abs, rel, ok);
  }

  /** Returns the allowed error {@code atol + rtol * |numeric|}. */
  private static double tolerance(double numeric, Options o) {
    return o.atol() + o.rtol() * Math.abs(numeric);
  }

  private static double weightedSum(Fn f, List<Tensor> xs, Tensor v) {
    try (Autograd.Scope off = Autograd.noGrad()) {
      Tensor y = f.apply(xs);
      double s = 0;
      for (int k = 0; k < y.numel(); k++) {
        s += y.storage().get(k) * v.storage().get(k);
      }
      return s;
    }
  }

  private static Tensor evaluate(String method, Fn f, List<Tensor> xs) {
    Tensor y = f.apply(xs);
    if (y == null) {
      throw new IllegalArgumentException(method + ": the function returned null");
    }
    return y;
  }

  private static void checkArguments(String method, Fn f, List<Tensor> inputs, Options options) {
    if (f == null || options == null) {
      throw new IllegalArgumentException(method + ": the function and options must not be null");
    }
    if (inputs == null || inputs.isEmpty()) {
      throw new IllegalArgumentException(method + ": needs at least one input");
    }
    for (int i = 0; i < inputs.size(); i++) {
      if (inputs.get(i) == null) {
        throw new IllegalArgumentException(method + ": input " + i + " is null");
      }
      if (inputs.get(i).dtype() != DType.F64) {
        throw new IllegalArgumentException(
            String.format(
                "%s: input %d is %s, whose precision is too coarse for central differences"
                    + " (eps %s); check in F64: pass x.to(DType.F64)",
                method, i, inputs.get(i).dtype(), options.eps()));
      }
    }
  }

  private static List<Tensor> copies(List<Tensor> inputs) {
    List<Tensor> xs = new ArrayList<>(inputs.size());
    for (Tensor in : inputs) {
      xs.add(Tensor.wrap(in.storage().copy(), in.shapeArray()).requiresGrad());
    }
    return Collections.unmodifiableList(xs);
  }

  private static int[] unravel(int k, int[] shape) {
    int[] index = new int[shape.length];
    for (int d = shape.length - 1; d >= 0; d--) {
      index[d] = k % shape[d];
      k /= shape[d];
    }
    return index;
  }
}
