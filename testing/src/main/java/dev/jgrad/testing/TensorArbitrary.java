package dev.jgrad.testing;

import dev.jgrad.autograd.Tensor;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/**
 * An arbitrary of single tensors: a shape drawn from a shape arbitrary, then elements drawn from
 * the value settings of {@link ValueArbitrary}.
 *
 * <pre>{@code
 * @Provide
 * Arbitrary<Tensor> logInputs() {
 *   return Tensors.tensors().between(0.2, 5);   // log needs positive inputs
 * }
 * }</pre>
 *
 * <p>Elements are double precision today; a {@code dtype} setting joins these when the engine gains
 * single precision.
 */
public final class TensorArbitrary extends ValueArbitrary<TensorArbitrary, Tensor> {
  private Arbitrary<int[]> shapes;

  TensorArbitrary(Arbitrary<int[]> shapes) {
    this.shapes = shapes;
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
    ValueDomain domain = values();
    return shapes.flatMap(domain::tensorOf);
  }
}
