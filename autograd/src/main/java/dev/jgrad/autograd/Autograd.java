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
    private final int depth;
    private boolean closed;

    private Scope(String name) {
      this.state = GradMode.current();
      this.name = name;
      this.savedGrad = state.gradEnabled();
      this.savedAnomaly = state.anomaly();
      this.depth = state.open();
      OPEN.get().add(name);
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
      if (state.depth() != depth) {
        java.util.List<String> open = OPEN.get();
        throw new IllegalStateException(
            String.format(
                "Autograd: the %s() scope was closed while the %s() scope opened after it is still"
                    + " open; close scopes in reverse order (try-with-resources does)",
                name, open.get(open.size() - 1)));
      }
      closed = true;
      state.close();
      java.util.List<String> open = OPEN.get();
      open.remove(open.size() - 1);
      state.gradEnabled(savedGrad);
      state.anomaly(savedAnomaly);
    }
  }

  /** The names of this thread's open scopes, innermost last (for the out-of-order message). */
  private static final ThreadLocal<java.util.List<String>> OPEN =
      ThreadLocal.withInitial(ArrayList::new);

  /**
   * Turns graph recording off for this thread until the returned scope is closed; ops inside
   * return plain tensors. Scopes nest.
   */
  public static Scope noGrad() {
    Scope scope = new Scope("noGrad");
    GradMode.current().gradEnabled(false);
    return scope;
  }

  /** Turns graph recording back on for this thread (inside a {@link #noGrad()} scope, say). */
  public static Scope enableGrad() {
    Scope scope = new Scope("enableGrad");
    GradMode.current().gradEnabled(true);
    return scope;
  }

  /** Returns whether ops on this thread record the graph. */
  public static boolean isGradEnabled() {
    return GradMode.current().gradEnabled();
  }

  /**
   * Turns anomaly detection on for this thread until the scope is closed: every node remembers
   * where it was created, and the first op whose output (forward) or input gradient (backward) is
   * NaN or infinite throws an {@link IllegalStateException} naming the op and that place. Slow;
   * for debugging.
   */
  public static Scope detectAnomaly() {
    Scope scope = new Scope("detectAnomaly");
    GradMode.current().anomaly(true);
    return scope;
  }

  /** Returns whether anomaly detection is on for this thread. */
  public static boolean isAnomalyEnabled() {
    return GradMode.current().anomaly();
  }

  /**
   * Returns {@code d output / d input} without touching any {@code grad()}.
   *
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
   * Returns the gradient of the sum of {@code outputs} (each a scalar) with respect to each
   * input, without touching any {@code grad()}. An input the outputs do not depend on gets zeros.
   * The graph is kept when {@code createGraph}, freed otherwise.
   *
   * @throws IllegalArgumentException as {@link #grad(List, List, List, boolean, boolean)}
   */
  public static List<Tensor> grad(List<Tensor> outputs, List<Tensor> inputs, boolean createGraph) {
    List<Tensor> upstreams = outputs == null ? null : Collections.nCopies(outputs.size(), null);
    return grad(outputs, upstreams, inputs, createGraph, createGraph);
  }

  /**
   * Returns the vector-Jacobian products {@code sum_k upstreams[k] . d outputs[k] / d input} for
   * each input.
   *
   * @param upstreams one gradient per output, of its shape (null for 1 on a one-element output)
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
}
