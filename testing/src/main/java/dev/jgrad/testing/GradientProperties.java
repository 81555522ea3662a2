package dev.jgrad.testing;

import dev.jgrad.autograd.Function;
import dev.jgrad.autograd.GradCheck;
import dev.jgrad.autograd.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * Asserts that a differentiable function's first and second derivatives agree with central
 * differences at a point, so that a user-defined {@link Function} gets a gradient property in one
 * line:
 *
 * <pre>{@code
 * @Property(tries = 100)
 * void swishGradients(@ForAll Tensor x) {
 *   GradientProperties.assertGradients(SWISH, x);
 * }
 * }</pre>
 *
 * <p>First order is {@link GradCheck#check}: the vector-Jacobian product for a random upstream
 * gradient, element by element. Second order is {@link GradCheck#gradGradCheck}: the gradient of
 * that product (a Hessian-vector product), which catches a backward that is right in value but not
 * differentiable (built from detached numbers, say). Both in double precision; an element passes
 * when {@code |analytic - numeric| <= atol + rtol * |numeric|} (defaults {@code atol = 1e-5},
 * {@code rtol = 1e-3}, step {@code 1e-6}). The random upstream gradient is seeded from the input
 * values, so a failing sample fails the same way again when jqwik shrinks or replays it. A failure
 * throws {@link GradCheck.GradCheckFailure} (an {@code AssertionError}) whose message names the
 * order, the input, the worst element and both values.
 */
public final class GradientProperties {
  private GradientProperties() {}

  /**
   * Asserts first- and second-order gradients of {@code function} applied to {@code inputs}.
   *
   * @throws GradCheck.GradCheckFailure if either check fails
   * @throws IllegalArgumentException if the function or an input is null, or there are no inputs
   */
  public static void assertGradients(Function function, Tensor... inputs) {
    assertGradients(function, inputs == null ? null : Arrays.asList(inputs));
  }

  /**
   * Asserts first- and second-order gradients of {@code function} applied to {@code inputs}.
   *
   * @throws GradCheck.GradCheckFailure if either check fails
   * @throws IllegalArgumentException if the function or an input is null, or there are no inputs
   */
  public static void assertGradients(Function function, List<Tensor> inputs) {
    GradCheck.Fn f = applying("GradientProperties.assertGradients", function);
    assertGradients(f, inputs, seededOptions(inputs));
  }

  /**
   * Asserts first- and second-order gradients of any function of several tensors (a composite of
   * ops, a model's loss) with explicit options.
   *
   * @throws GradCheck.GradCheckFailure if either check fails
   * @throws IllegalArgumentException if an argument is null, or there are no inputs
   */
  public static void assertGradients(
      GradCheck.Fn f, List<Tensor> inputs, GradCheck.Options options) {
    assertFirstOrder(f, inputs, options);
    assertSecondOrder(f, inputs, options);
  }

  /**
   * Asserts that {@code f}'s vector-Jacobian products agree with central differences.
   *
   * @throws GradCheck.GradCheckFailure if they do not
   * @throws IllegalArgumentException if an argument is null, or there are no inputs
   */
  public static void assertFirstOrder(
      GradCheck.Fn f, List<Tensor> inputs, GradCheck.Options options) {
    GradCheck.check(f, inputs, options).assertOk();
  }

  /**
   * Asserts that {@code f}'s Hessian-vector products agree with central differences of its
   * gradient.
   *
   * @throws GradCheck.GradCheckFailure if they do not
   * @throws IllegalArgumentException if an argument is null, or there are no inputs
   */
  public static void assertSecondOrder(
      GradCheck.Fn f, List<Tensor> inputs, GradCheck.Options options) {
    GradCheck.gradGradCheck(f, inputs, options).assertOk();
  }

  /** Returns {@code inputs -> function.apply(inputs...)}. */
  private static GradCheck.Fn applying(String method, Function function) {
    if (function == null) {
      throw new IllegalArgumentException(method + ": the function must not be null");
    }
    return xs -> function.apply(xs.toArray(new Tensor[0]));
  }

  /** Returns the default options with a seed drawn from the inputs' values and shapes. */
  private static GradCheck.Options seededOptions(List<Tensor> inputs) {
    long seed = 17;
    if (inputs != null) {
      for (Tensor t : inputs) {
        if (t != null) {
          seed = 31 * seed + Arrays.hashCode(t.shape());
          seed = 31 * seed + Arrays.hashCode(t.toArray());
        }
      }
    }
    return GradCheck.Options.defaults().withSeed(seed);
  }
}
