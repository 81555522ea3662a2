package dev.jgrad.autograd;

import dev.jgrad.autograd.graph.Engine;
import dev.jgrad.autograd.graph.GradMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Entry points of the engine beyond {@link Tensor#backward()}: gradients returned as values
 * ({@link #grad}), and the thread-local scopes {@link #noGrad()}, {@link #enableGrad()} and
 * {@link #detectAnomaly()}.
 *
 * <pre>{@code
 * Tensor x = Tensor.of(new double[] {1, 2, 3}).requiresGrad();
 * Tensor y = x.pow(3).sum();
 * Tensor dy = Autograd.grad(y, x, true);        // 3 x^2 = [3, 12, 27], itself differentiable
 * Tensor d2y = Autograd.grad(dy.sum(), x, false); // 6 x = [6, 12, 18]
 * try (var off = Autograd.noGrad()) { ... }       // no graph is recorded inside
 * }</pre>
 */
public final class Autograd {
  private Autograd() {}

  /** A scope that restores the previous setting when closed; use with try-with-resources. */
  public static final class Scope implements AutoCloseable {
    private final GradMode.State state;
    private final String name;
    private final boolean savedGrad;
    private final boolean savedAnomaly;
    private final int position;
    private boolean closed;

    private Scope(String name) {
      this.state = GradMode.current();
      this.name = name;
      this.savedGrad = state.gradEnabled();
      this.savedAnomaly = state.anomaly();
      List<String> open = OPEN.get();
      this.position = open.size();
      open.add(name);
    }

    /**
     * Restores the grad and anomaly modes that held when the scope was opened.
     *
     * @throws IllegalStateException if a scope opened inside this one is still open (scopes must
     *     close in the reverse order of opening, as try-with-resources does)
     */
    @Override
    public void close() {
      if (closed) {
        return;
      }
      List<String> open = OPEN.get();
      if (open.size() != position + 1) {
        throw new IllegalStateException(
            String.format(
                "Autograd: the %s() scope was closed while the %s() scope opened after it is still"
                    + " open; close scopes in reverse order (try-with-resources does)",
                name, open.get(open.size() - 1)));
      }
      closed = true;
      open.remove(position);
      state.gradEnabled(savedGrad);
      state.anomaly(savedAnomaly);
    }
  }

  /** The names of this thread's open scopes, innermost last: their order is what close checks. */
  private static final ThreadLocal<List<String>> OPEN =
      ThreadLocal.withInitial(ArrayList::new);

  /**
   * Turns graph recording off for this thread until the returned scope is closed; ops inside
   * return plain tensors. Scopes nest.
   *
   * @return the scope; closing it restores the previous mode
   */
  public static Scope noGrad() {
    Scope scope = new Scope("noGrad");
    GradMode.current().gradEnabled(false);
    return scope;
  }

  /**
   * Turns graph recording back on for this thread (inside a {@link #noGrad()} scope, say).
   *
   * @return the scope; closing it restores the previous mode
   */
  public static Scope enableGrad() {
    Scope scope = new Scope("enableGrad");
    GradMode.current().gradEnabled(true);
    return scope;
  }

  /** {@return whether ops on this thread record the graph} */
  public static boolean isGradEnabled() {
    return GradMode.current().gradEnabled();
  }

  /**
   * Turns anomaly detection on for this thread until the scope is closed: every node remembers
   * where it was created, and the first op whose output (forward) or input gradient (backward) is
   * NaN or infinite throws an {@link IllegalStateException} naming the op and that place. Slow;
   * for debugging.
   *
   * @return the scope; closing it restores the previous mode
   */
  public static Scope detectAnomaly() {
    Scope scope = new Scope("detectAnomaly");
    GradMode.current().anomaly(true);
    return scope;
  }

  /** {@return whether anomaly detection is on for this thread} */
  public static boolean isAnomalyEnabled() {
    return GradMode.current().anomaly();
  }

  /**
   * {@return {@code d output / d input} without touching any {@code grad()}}
   *
   * @param output the scalar to differentiate
   * @param input the tensor to differentiate with respect to
   * @param createGraph record the computation, so the result can be differentiated again
   * @throws IllegalArgumentException if {@code output} is not a scalar
   */
  public static Tensor grad(Tensor output, Tensor input, boolean createGraph) {
    if (output == null || input == null) {
      throw new IllegalArgumentException(
          "grad: the " + (output == null ? "output" : "input") + " must not be null");
    }
    return grad(List.of(output), List.of(input), createGraph).get(0);
  }

  /**
   * {@return the gradient of the sum of {@code outputs} (each a scalar) with respect to each
   * input, without touching any {@code grad()}} An input the outputs do not depend on gets zeros.
   * The graph is kept when {@code createGraph}, freed otherwise.
   *
   * @param outputs the scalars whose sum is differentiated
   * @param inputs the tensors to differentiate with respect to
   * @param createGraph record the computation, so the result can be differentiated again
   * @throws IllegalArgumentException as {@link #grad(List, List, List, boolean, boolean)}
   */
  public static List<Tensor> grad(List<Tensor> outputs, List<Tensor> inputs, boolean createGraph) {
    List<Tensor> upstreams = outputs == null ? null : Collections.nCopies(outputs.size(), null);
    return grad(outputs, upstreams, inputs, createGraph, createGraph);
  }

  /**
   * {@return the vector-Jacobian products {@code sum_k upstreams[k] . d outputs[k] / d input} for
   * each input}
   *
   * @param outputs the tensors to differentiate
   * @param upstreams one gradient per output, of its shape (null for 1 on a one-element output)
   * @param inputs the tensors to differentiate with respect to
   * @param createGraph record the computation, so the results can be differentiated again
   * @param retainGraph keep the graph for another backward pass
   * @throws IllegalArgumentException if the lists are empty or mismatched, or an input does not
   *     require grad
   */
  public static List<Tensor> grad(
      List<Tensor> outputs,
      List<Tensor> upstreams,
      List<Tensor> inputs,
      boolean createGraph,
      boolean retainGraph) {
    if (outputs == null || outputs.isEmpty()) {
      throw new IllegalArgumentException("grad: needs at least one output");
    }
    if (upstreams == null || upstreams.size() != outputs.size()) {
      throw new IllegalArgumentException(
          String.format(
              "grad: %d outputs but %d upstream gradients",
              outputs.size(), upstreams == null ? 0 : upstreams.size()));
    }
    if (inputs == null || inputs.isEmpty()) {
      throw new IllegalArgumentException("grad: needs at least one input");
    }
    for (int i = 0; i < inputs.size(); i++) {
      Tensor in = inputs.get(i);
      if (in == null || !in.isGradRequired()) {
        throw new IllegalArgumentException(
            String.format(
                "grad: input %d%s does not require grad; call requiresGrad() on it before"
                    + " computing the outputs",
                i, in == null ? " is null and" : " (shape " + in.shapeString() + ")"));
      }
    }
    Tensor[] result =
        Engine.backward(
            new ArrayList<>(outputs), new ArrayList<>(upstreams), retainGraph, createGraph, inputs,
            null);
    return Collections.unmodifiableList(Arrays.asList(result));
  }

  // ------------------------------------------------------------ functional derivatives
  //
  // jacobian, hessian, vjp, jvp and hvp take a function and a point and return derivatives, as
  // torch.autograd.functional and jax do. They run on the engine (Autograd.grad), so results are
  // exact to rounding. The point is used as it is when createGraph is set and it requires grad
  // (the result is then differentiable with respect to it); otherwise f sees a detached leaf
  // sharing the point's values.

  /**
   * {@return the vector-Jacobian product {@code u . df/dx}, of {@code x}'s shape}
   *
   * @param f the function to differentiate
   * @param x the point at which to differentiate
   * @param u the cotangent, of {@code f(x)}'s shape
   * @throws IllegalArgumentException if an argument is null, f returns null, or {@code u}'s shape
   *     is not {@code f(x)}'s
   */
  public static Tensor vjp(java.util.function.UnaryOperator<Tensor> f, Tensor x, Tensor u) {
    return vjp(f, x, u, false);
  }

  /**
   * {@return the vector-Jacobian product {@code u . df/dx}, of {@code x}'s shape; with {@code
   * createGraph} the result can be differentiated again}
   *
   * @param f the function to differentiate
   * @param x the point at which to differentiate
   * @param u the cotangent, of {@code f(x)}'s shape
   * @param createGraph record the computation, so the result can be differentiated again
   * @throws IllegalArgumentException as {@link #vjp(java.util.function.UnaryOperator, Tensor,
   *     Tensor)}
   */
  public static Tensor vjp(
      java.util.function.UnaryOperator<Tensor> f, Tensor x, Tensor u, boolean createGraph) {
    return vjp(unary("vjp", f), single("vjp", x), u, createGraph).get(0);
  }

  /**
   * {@return {@code u . df/dx_i} for each input {@code x_i} of a function of several tensors, each
   * of its input's shape (zeros where f does not depend on it)}
   *
   * @param f the function to differentiate
   * @param xs the inputs of {@code f}, in order
   * @param u the cotangent, of {@code f(xs)}'s shape
   * @param createGraph record the computation, so the result can be differentiated again
   * @throws IllegalArgumentException if an argument is null, the list is empty, f returns null,
   *     or {@code u}'s shape is not {@code f(xs)}'s
   */
  public static List<Tensor> vjp(
      GradCheck.Fn f, List<Tensor> xs, Tensor u, boolean createGraph) {
    List<Tensor> points = functionalPoints("vjp", f, xs, createGraph);
    try (Scope on = enableGrad()) {
      Tensor y = evaluate("vjp", f, points);
      checkSameShape("vjp", "u", u, "f(x)", y);
      if (!y.isGradRequired()) {
        return zerosLike(points);
      }
      return grad(List.of(y), List.of(u), points, createGraph, createGraph);
    }
  }

  /**
   * {@return the Jacobian-vector product {@code df/dx v} (the directional derivative of f along
   * {@code v}), of {@code f(x)}'s shape} Computed by reverse mode twice: {@code g(u) = u . df/dx}
   * is linear in {@code u}, and the gradient of {@code v . g(u)} with respect to {@code u} is
   * {@code df/dx v}.
   *
   * @param f the function to differentiate
   * @param x the point at which to differentiate
   * @param v the direction, of {@code x}'s shape
   * @throws IllegalArgumentException if an argument is null, f returns null, or {@code v}'s shape
   *     is not {@code x}'s
   */
  public static Tensor jvp(java.util.function.UnaryOperator<Tensor> f, Tensor x, Tensor v) {
    return jvp(f, x, v, false);
  }

  /**
   * {@return {@code df/dx v}, of {@code f(x)}'s shape; with {@code createGraph} the result can be
   * differentiated again}
   *
   * @param f the function to differentiate
   * @param x the point at which to differentiate
   * @param v the direction, of {@code x}'s shape
   * @param createGraph record the computation, so the result can be differentiated again
   * @throws IllegalArgumentException as {@link #jvp(java.util.function.UnaryOperator, Tensor,
   *     Tensor)}
   */
  public static Tensor jvp(
      java.util.function.UnaryOperator<Tensor> f, Tensor x, Tensor v, boolean createGraph) {
    return jvp(unary("jvp", f), single("jvp", x), single("jvp", v), createGraph);
  }

  /**
   * {@return {@code sum_i df/dx_i v_i} for a function of several tensors, of {@code f(xs)}'s
   * shape}
   *
   * @param f the function to differentiate
   * @param xs the inputs of {@code f}, in order
   * @param vs one direction per input, of its shape
   * @param createGraph record the computation, so the result can be differentiated again
   * @throws IllegalArgumentException if an argument is null, the lists differ in length, f
   *     returns null, or a direction's shape is not its input's
   */
  public static Tensor jvp(
      GradCheck.Fn f, List<Tensor> xs, List<Tensor> vs, boolean createGraph) {
    List<Tensor> points = functionalPoints("jvp", f, xs, createGraph);
    checkDirections("jvp", vs, points);
    try (Scope on = enableGrad()) {
      Tensor y = evaluate("jvp", f, points);
      if (!y.isGradRequired()) {
        return Tensor.zeros(y.shape());
      }
      Tensor u = Tensor.zeros(y.shape()).requiresGrad();
      List<Tensor> g = grad(List.of(y), List.of(u), points, true, true);
      return gradOfDot(g, vs, List.of(u), createGraph, y.shape()).get(0);
    }
  }

  /**
   * {@return the Hessian-vector product {@code d^2 f/dx^2 v} of a scalar function, of {@code x}'s
   * shape, without forming the Hessian}
   *
   * @param f the function to differentiate
   * @param x the point at which to differentiate
   * @param v the direction, of {@code x}'s shape
   * @throws IllegalArgumentException if an argument is null, f returns null or a non-scalar, or
   *     {@code v}'s shape is not {@code x}'s
   */
  public static Tensor hvp(java.util.function.UnaryOperator<Tensor> f, Tensor x, Tensor v) {
    return hvp(f, x, v, false);
  }

  /**
   * {@return {@code d^2 f/dx^2 v}, of {@code x}'s shape; with {@code createGraph} the result can
   * be differentiated again}
   *
   * @param f the function to differentiate
   * @param x the point at which to differentiate
   * @param v the direction, of {@code x}'s shape
   * @param createGraph record the computation, so the result can be differentiated again
   * @throws IllegalArgumentException as {@link #hvp(java.util.function.UnaryOperator, Tensor,
   *     Tensor)}
   */
  public static Tensor hvp(
      java.util.function.UnaryOperator<Tensor> f, Tensor x, Tensor v, boolean createGraph) {
    return hvp(unary("hvp", f), single("hvp", x), single("hvp", v), createGraph).get(0);
  }

  /**
   * {@return {@code sum_j d^2 f/dx_i dx_j v_j} for each input {@code x_i} of a scalar function of
   * several tensors, each of its input's shape}
   *
   * @param f the function to differentiate
   * @param xs the inputs of {@code f}, in order
   * @param vs one direction per input, of its shape
   * @param createGraph record the computation, so the result can be differentiated again
   * @throws IllegalArgumentException if an argument is null, the lists differ in length, f
   *     returns null or a non-scalar, or a direction's shape is not its input's
   */
  public static List<Tensor> hvp(
      GradCheck.Fn f, List<Tensor> xs, List<Tensor> vs, boolean createGraph) {
    List<Tensor> points = functionalPoints("hvp", f, xs, createGraph);
    checkDirections("hvp", vs, points);
    try (Scope on = enableGrad()) {
      Tensor y = evaluate("hvp", f, points);
      checkScalar("hvp", y);
      if (!y.isGradRequired()) {
        return zerosLike(points);
      }
      List<Tensor> g = grad(List.of(y), points, true);
      return gradOfDot(g, vs, points, createGraph, null);
    }
  }

  /**
   * {@return the Jacobian of {@code f} at {@code x}, of shape {@code f(x).shape ++ x.shape}:
   * element {@code [i..., j...]} is {@code d f(x)[i...] / d x[j...]}} Takes one backward pass
   * per output element.
   *
   * <pre>{@code
   * Autograd.jacobian(x -> x.pow(2), Tensor.of(new double[] {1, 2}))  // [[2, 0], [0, 4]]
   * }</pre>
   *
   * @param f the function to differentiate
   * @param x the point at which to differentiate
   * @throws IllegalArgumentException if an argument is null or f returns null
   */
  public static Tensor jacobian(java.util.function.UnaryOperator<Tensor> f, Tensor x) {
    return jacobian(f, x, false);
  }

  /**
   * {@return the Jacobian of {@code f} at {@code x}, of shape {@code f(x).shape ++ x.shape}; with
   * {@code createGraph} it can be differentiated again}
   *
   * @param f the function to differentiate
   * @param x the point at which to differentiate
   * @param createGraph record the computation, so the result can be differentiated again
   * @throws IllegalArgumentException as {@link #jacobian(java.util.function.UnaryOperator, Tensor)}
   */
  public static Tensor jacobian(
      java.util.function.UnaryOperator<Tensor> f, Tensor x, boolean createGraph) {
    return jacobian(unary("jacobian", f), single("jacobian", x), createGraph).get(0);
  }

  /**
   * {@return the Jacobian of {@code f} with respect to each input, of shape {@code f(xs).shape ++
   * xs[i].shape}}
   *
   * @param f the function to differentiate
   * @param xs the inputs of {@code f}, in order
   * @param createGraph record the computation, so the result can be differentiated again
   * @throws IllegalArgumentException if an argument is null, the list is empty or f returns null
   */
  public static List<Tensor> jacobian(GradCheck.Fn f, List<Tensor> xs, boolean createGraph) {
    List<Tensor> points = functionalPoints("jacobian", f, xs, createGraph);
    try (Scope on = enableGrad()) {
      Tensor y = evaluate("jacobian", f, points);
      return jacobianOf(y, points, createGraph, createGraph);
    }
  }

  /**
   * {@return the Hessian of a scalar function at {@code x}, of shape {@code x.shape ++ x.shape}:
   * element {@code [i..., j...]} is {@code d^2 f / dx[i...] dx[j...]}} Takes one backward pass
   * per element of {@code x} after the first.
   *
   * <pre>{@code
   * Autograd.hessian(x -> x.pow(3).sum(), Tensor.of(new double[] {1, 2}))  // [[6, 0], [0, 12]]
   * }</pre>
   *
   * @param f the function to differentiate
   * @param x the point at which to differentiate
   * @throws IllegalArgumentException if an argument is null, or f returns null or a non-scalar
   */
  public static Tensor hessian(java.util.function.UnaryOperator<Tensor> f, Tensor x) {
    return hessian(f, x, false);
  }

  /**
   * {@return the Hessian of a scalar function at {@code x}, of shape {@code x.shape ++ x.shape};
   * with {@code createGraph} it can be differentiated again}
   *
   * @param f the function to differentiate
   * @param x the point at which to differentiate
   * @param createGraph record the computation, so the result can be differentiated again
   * @throws IllegalArgumentException as {@link #hessian(java.util.function.UnaryOperator, Tensor)}
   */
  public static Tensor hessian(
      java.util.function.UnaryOperator<Tensor> f, Tensor x, boolean createGraph) {
    return hessian(unary("hessian", f), single("hessian", x), createGraph).get(0).get(0);
  }

  /**
   * {@return the blocks of the Hessian of a scalar function of several tensors: block {@code
   * [i][j]} has shape {@code xs[i].shape ++ xs[j].shape} and holds {@code d^2 f / dx_i dx_j}}
   *
   * @param f the function to differentiate
   * @param xs the inputs of {@code f}, in order
   * @param createGraph record the computation, so the result can be differentiated again
   * @throws IllegalArgumentException if an argument is null, the list is empty, or f returns null
   *     or a non-scalar
   */
  public static List<List<Tensor>> hessian(
      GradCheck.Fn f, List<Tensor> xs, boolean createGraph) {
    List<Tensor> points = functionalPoints("hessian", f, xs, createGraph);
    try (Scope on = enableGrad()) {
      Tensor y = evaluate("hessian", f, points);
      checkScalar("hessian", y);
      List<Tensor> g =
          y.isGradRequired() ? grad(List.of(y), points, true) : zerosLike(points);
      List<List<Tensor>> blocks = new ArrayList<>(g.size());
      for (Tensor gi : g) {
        blocks.add(jacobianOf(gi, points, createGraph, true));
      }
      return Collections.unmodifiableList(blocks);
    }
  }

  /**
   * Returns {@code dy/dx} for each point, of shape {@code y.shape ++ x.shape}: one backward pass
   * per element of {@code y} with a one-hot upstream.
   */
  private static List<Tensor> jacobianOf(
      Tensor y, List<Tensor> points, boolean createGraph, boolean retainLast) {
    int[] outShape = y.shape();
    int rows = y.numel();
    List<List<Tensor>> perPoint = new ArrayList<>(points.size());
    for (int p = 0; p < points.size(); p++) {
      perPoint.add(new ArrayList<>(rows));
    }
    for (int k = 0; k < rows; k++) {
      List<Tensor> row;
      if (y.isGradRequired()) {
        double[] oneHot = new double[rows];
        oneHot[k] = 1;
        Tensor e = outShape.length == 0 ? Tensor.scalar(1) : Tensor.of(oneHot, outShape);
        boolean retain = createGraph || retainLast || k < rows - 1;
        row = grad(List.of(y), List.of(e), points, createGraph, retain);
      } else {
        row = zerosLike(points);
      }
      for (int p = 0; p < points.size(); p++) {
        perPoint.get(p).add(row.get(p));
      }
    }
    List<Tensor> result = new ArrayList<>(points.size());
    for (int p = 0; p < points.size(); p++) {
      int[] inShape = points.get(p).shape();
      int[] shape = new int[outShape.length + inShape.length];
      System.arraycopy(outShape, 0, shape, 0, outShape.length);
      System.arraycopy(inShape, 0, shape, outShape.length, inShape.length);
      result.add(assemble(perPoint.get(p), shape, createGraph));
    }
    return Collections.unmodifiableList(result);
  }

  /** Returns the rows stacked into one tensor of {@code shape}, recorded if {@code createGraph}. */
  private static Tensor assemble(List<Tensor> rows, int[] shape, boolean createGraph) {
    if (rows.isEmpty()) {
      return Tensor.zeros(shape);
    }
    if (createGraph) {
      return Tensor.stack(rows, 0).reshape(shape);
    }
    int width = rows.get(0).numel();
    double[] data = new double[rows.size() * width];
    for (int k = 0; k < rows.size(); k++) {
      System.arraycopy(rows.get(k).toArray(), 0, data, k * width, width);
    }
    return shape.length == 0 ? Tensor.scalar(data[0]) : Tensor.of(data, shape);
  }

  /**
   * Returns the gradient of {@code sum_i directions[i] . gs[i]} with respect to {@code wrt};
   * zeros (of {@code zeroShape}, or of each {@code wrt}'s shape) when no {@code gs[i]} depends on
   * them.
   */
  private static List<Tensor> gradOfDot(
      List<Tensor> gs,
      List<Tensor> directions,
      List<Tensor> wrt,
      boolean createGraph,
      int[] zeroShape) {
    List<Tensor> outputs = new ArrayList<>();
    List<Tensor> upstreams = new ArrayList<>();
    for (int i = 0; i < gs.size(); i++) {
      if (gs.get(i).isGradRequired()) {
        outputs.add(gs.get(i));
        upstreams.add(directions.get(i));
      }
    }
    if (outputs.isEmpty()) {
      return zeroShape == null ? zerosLike(wrt) : List.of(Tensor.zeros(zeroShape));
    }
    return grad(outputs, upstreams, wrt, createGraph, createGraph);
  }

  private static GradCheck.Fn unary(String method, java.util.function.UnaryOperator<Tensor> f) {
    if (f == null) {
      throw new IllegalArgumentException(method + ": the function must not be null");
    }
    return xs -> f.apply(xs.get(0));
  }

  private static List<Tensor> single(String method, Tensor t) {
    if (t == null) {
      throw new IllegalArgumentException(method + ": the point and direction must not be null");
    }
    return List.of(t);
  }

  /**
   * Returns the tensors f is evaluated at: the points themselves when {@code createGraph} and
   * they require grad, detached leaves sharing their values otherwise.
   */
  private static List<Tensor> functionalPoints(
      String method, GradCheck.Fn f, List<Tensor> xs, boolean createGraph) {
    if (f == null) {
      throw new IllegalArgumentException(method + ": the function must not be null");
    }
    if (xs == null || xs.isEmpty()) {
      throw new IllegalArgumentException(method + ": needs at least one input");
    }
    List<Tensor> points = new ArrayList<>(xs.size());
    for (int i = 0; i < xs.size(); i++) {
      Tensor x = xs.get(i);
      if (x == null) {
        throw new IllegalArgumentException(method + ": input " + i + " is null");
      }
      points.add(createGraph && x.isGradRequired() ? x : x.detach().requiresGrad());
    }
    return Collections.unmodifiableList(points);
  }

  private static Tensor evaluate(String method, GradCheck.Fn f, List<Tensor> points) {
    Tensor y = f.apply(points);
    if (y == null) {
      throw new IllegalArgumentException(method + ": the function returned null");
    }
    return y;
  }

  private static void checkScalar(String method, Tensor y) {
    if (y.numel() != 1) {
      throw new IllegalArgumentException(
          String.format(
              "%s: needs a scalar function, but f returned shape %s; reduce it with sum() or"
                  + " mean(), or use jacobian for a vector function",
              method, Arrays.toString(y.shape())));
    }
  }

  private static void checkSameShape(
      String method, String name, Tensor t, String otherName, Tensor other) {
    if (t == null) {
      throw new IllegalArgumentException(method + ": " + name + " must not be null");
    }
    if (!Arrays.equals(t.shape(), other.shape())) {
      throw new IllegalArgumentException(
          String.format(
              "%s: %s has shape %s but %s has shape %s; they must match",
              method,
              name,
              Arrays.toString(t.shape()),
              otherName,
              Arrays.toString(other.shape())));
    }
  }

  private static void checkDirections(String method, List<Tensor> vs, List<Tensor> points) {
    if (vs == null || vs.size() != points.size()) {
      throw new IllegalArgumentException(
          String.format(
              "%s: %d inputs but %s directions; pass one direction per input",
              method, points.size(), vs == null ? "null" : String.valueOf(vs.size())));
    }
    for (int i = 0; i < vs.size(); i++) {
      checkSameShape(method, "direction " + i, vs.get(i), "input " + i, points.get(i));
    }
  }

  private static List<Tensor> zerosLike(List<Tensor> tensors) {
    List<Tensor> zeros = new ArrayList<>(tensors.size());
    for (Tensor t : tensors) {
      zeros.add(Tensor.zeros(t.shape()));
    }
    return Collections.unmodifiableList(zeros);
  }
}
