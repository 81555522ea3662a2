package dev.jgrad.testing;

import dev.jgrad.autograd.Tensor;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.arbitraries.ArbitraryDecorator;

/**
 * An arbitrary of single tensors: a shape drawn from a shape arbitrary, then elements drawn from
 * a value domain. Settings return a configured copy, as jqwik's own arbitraries do.
 *
 * <pre>{@code
 * @Provide
 * Arbitrary<Tensor> logInputs() {
 *   return Tensors.tensors().between(0.2, 5);   // log needs positive inputs
 * }
 * }</pre>
 *
 * <p>Elements are double precision today; a {@code dtype} setting joins these when the engine
 * gains single precision.
 */
public final class TensorArbitrary extends ArbitraryDecorator<Tensor> {
  private Arbitrary<int[]> shapes;
  private ValueDomain values = ValueDomain.DEFAULT;

  TensorArbitrary(Arbitrary<int[]> shapes) {
    this.shapes = shapes;
  }

  /** Returns this arbitrary drawing elements from {@code [min, max]} (default {@code [-2, 2]}). */
  public TensorArbitrary between(double min, double max) {
    TensorArbitrary copy = typedClone();
    copy.values = values.between(min, max);
    return copy;
  }

  /**
   * Returns this arbitrary keeping elements at least the margin (default 0.1) away from each of
   * {@code points}: the kinks and poles of the op under test, e.g. {@code awayFrom(0)} for relu
   * or abs.
   */
  public TensorArbitrary awayFrom(double... points) {
    TensorArbitrary copy = typedClone();
    copy.values = values.awayFrom(points);
    return copy;
  }

  /** Returns this arbitrary with another distance to keep from the {@link #awayFrom} points. */
  public TensorArbitrary margin(double margin) {
    TensorArbitrary copy = typedClone();
    copy.values = values.margin(margin);
    return copy;
  }

  /** Returns this arbitrary with shapes drawn from {@code shapes} (see {@link Tensors#shapes}). */
  public TensorArbitrary shapes(Arbitrary<int[]> shapes) {
    if (shapes == null) {
      throw new IllegalArgumentException("TensorArbitrary.shapes: shapes must not be null");
    }
    TensorArbitrary copy = typedClone();
    copy.shapes = shapes;
    return copy;
  }

  /** Returns this arbitrary with every tensor of {@code shape}. */
  public TensorArbitrary shape(int... shape) {
    return shapes(Arbitraries.just(Tensors.checkShape("TensorArbitrary.shape", shape)));
  }

  @Override
  protected Arbitrary<Tensor> arbitrary() {
    ValueDomain domain = values;
    return shapes.flatMap(domain::tensorOf);
  }

  @Override
  public String toString() {
    return "TensorArbitrary(" + values + ")";
  }
}
