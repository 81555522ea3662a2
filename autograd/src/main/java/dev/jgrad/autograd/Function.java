package dev.jgrad.autograd;

import dev.jgrad.autograd.graph.Graph;
import java.util.Arrays;

/**
 * A user-defined differentiable op: you give the forward computation and its vector-Jacobian
 * product, and {@link #apply} makes it a node of the graph like any built-in op.
 *
 * <p>{@code forward} runs with grad mode off. {@code backward} receives the upstream gradient,
 * the op's output and its inputs, and returns one gradient per input (null where none flows).
 * Write it with tensor ops and it is differentiable again (for {@code createGraph}). Check it
 * with {@link GradCheck}.
 *
 * <pre>{@code
 * Function cube = Function.of("cube",
 *     in -> in[0].mul(in[0]).mul(in[0]),
 *     (upstream, out, in) -> new Tensor[] {upstream.mul(in[0].mul(in[0]).mul(3))});
 * Tensor y = cube.apply(x);
 * }</pre>
 */
public abstract class Function {
  private final String name;

  /**
   * Creates a function whose nodes are shown with {@code name}.
   *
   * @param name the display name of this function's nodes
   */
  protected Function(String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("Function: name must not be blank");
    }
    this.name = name;
  }

  /** {@return the name shown in errors and graph pictures} */
  public final String name() {
    return name;
  }

  /**
   * Computes the output from the inputs (grad mode is off while this runs).
   *
   * @param inputs the inputs of the function
   * @return the output, a new tensor
   */
  protected abstract Tensor forward(Tensor... inputs);

  /**
   * {@return {@code dL/dinput_i} for each input, given {@code upstream = dL/doutput}; entries may
   * be null where no gradient flows}
   *
   * @param upstream the gradient of the loss with respect to the output
   * @param output the output that forward computed
   * @param inputs the inputs of the function
   */
  protected abstract Tensor[] backward(Tensor upstream, Tensor output, Tensor... inputs);

  /** The forward computation of a function built with {@link #of}. */
  @FunctionalInterface
  public interface Forward {
    /**
     * {@return the output for {@code inputs}}
     *
     * @param inputs the inputs of the function
     */
    Tensor apply(Tensor[] inputs);
  }

  /** The vector-Jacobian product of a function built with {@link #of}. */
  @FunctionalInterface
  public interface Backward {
    /**
     * {@return one gradient per input, given the upstream gradient, the output and the inputs}
     *
     * @param upstream the gradient of the loss with respect to the output
     * @param output the output that forward computed
     * @param inputs the inputs of the function
     */
    Tensor[] apply(Tensor upstream, Tensor output, Tensor[] inputs);
  }

  /**
   * {@return a function from two lambdas}
   *
   * @param name the display name of the function's nodes
   * @param forward computes the output from the inputs
   * @param backward computes one gradient per input
   */
  public static Function of(String name, Forward forward, Backward backward) {
    if (forward == null || backward == null) {
      throw new IllegalArgumentException("Function.of: forward and backward must not be null");
    }
    return new Function(name) {
      @Override
      protected Tensor forward(Tensor... inputs) {
        return forward.apply(inputs);
      }

      @Override
      protected Tensor[] backward(Tensor upstream, Tensor output, Tensor... inputs) {
        return backward.apply(upstream, output, inputs);
      }
    };
  }

  /**
   * Runs the forward computation and records it as one node whose gradient is this function's
   * {@code backward}.
   *
   * @param inputs the inputs of the function
   * @return the output, recorded as a graph node when an input requires grad
   * @throws IllegalArgumentException if an input is null or forward returns null
   */
  public final Tensor apply(Tensor... inputs) {
    if (inputs == null) {
      throw new IllegalArgumentException(name + ": inputs must not be null");
    }
    for (int i = 0; i < inputs.length; i++) {
      if (inputs[i] == null) {
        throw new IllegalArgumentException(name + ": input " + i + " is null");
      }
    }
    Tensor out;
    try (Autograd.Scope off = Autograd.noGrad()) {
      out = forward(inputs.clone());
    }
    if (out == null) {
      throw new IllegalArgumentException(name + ": forward returned null");
    }
    return Graph.recordComputed(
        new CustomOp(this), Tensor.wrap(out.storage(), out.shapeArray()), inputs.clone());
  }

  /** The graph node of a user-defined function. */
  public record CustomOp(Function function) implements Op {
    @Override
    public String name() {
      return function.name;
    }

    @Override
    public String formula() {
      return "out = " + function.name + "(inputs): a user-defined op;  its backward gives the local"
          + " derivatives";
    }

    @Override
    public ScalarForm scalarForm() {
      return ScalarForm.NONE;
    }

    /** Runs the function's forward again (grad mode off), e.g. to check one node numerically. */
    @Override
    public Tensor forward(Tensor[] inputs) {
      try (Autograd.Scope off = Autograd.noGrad()) {
        Tensor out = function.forward(inputs.clone());
        return Tensor.wrap(out.storage(), out.shapeArray());
      }
    }

    @Override
    public Tensor[] backward(Tensor upstream, Tensor output, Tensor[] inputs) {
      Tensor[] grads = function.backward(upstream, output, inputs.clone());
      if (grads == null || grads.length != inputs.length) {
        throw new IllegalStateException(
            String.format(
                "%s: backward returned %s gradients for %d inputs",
                function.name, grads == null ? "null instead of" : String.valueOf(grads.length),
                inputs.length));
      }
      for (int i = 0; i < grads.length; i++) {
        if (grads[i] != null && !Shapes.broadcastsTo(inputs[i].shapeArray(), grads[i].shapeArray())) {
          throw new IllegalStateException(
              String.format(
                  "%s: backward returned a gradient of shape %s for input %d of shape %s",
                  function.name,
                  grads[i].shapeString(),
                  i,
                  inputs[i].shapeString()));
        }
      }
      return grads;
    }
  }
}
