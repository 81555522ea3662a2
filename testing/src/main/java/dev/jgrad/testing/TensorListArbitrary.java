package dev.jgrad.testing;

import dev.jgrad.autograd.Tensor;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.arbitraries.ArbitraryDecorator;

/**
 * An arbitrary of tensor lists, one tensor per operand of a multi-input op: a list of shapes
 * (mutually broadcastable by default, see {@link Tensors#broadcasting}), then elements from one
 * value domain. Settings return a configured copy.
 *
 * <pre>{@code
 * @Provide
 * Arbitrary<List<Tensor>> pairs() {
 *   return Tensors.broadcasting(2).between(-3, 3);
 * }
 * }</pre>
 */
public final class TensorListArbitrary extends ArbitraryDecorator<List<Tensor>> {
  private Arbitrary<List<int[]>> shapes;
  private ValueDomain values = ValueDomain.DEFAULT;

  TensorListArbitrary(Arbitrary<List<int[]>> shapes) {
    this.shapes = shapes;
  }

  /** Returns this arbitrary drawing elements from {@code [min, max]} (default {@code [-2, 2]}). */
  public TensorListArbitrary between(double min, double max) {
    TensorListArbitrary copy = typedClone();
    copy.values = values.between(min, max);
    return copy;
  }

  /** Returns this arbitrary keeping elements at least the margin (default 0.1) from {@code points}. */
  public TensorListArbitrary awayFrom(double... points) {
    TensorListArbitrary copy = typedClone();
    copy.values = values.awayFrom(points);
    return copy;
  }

  /** Returns this arbitrary with another distance to keep from the {@link #awayFrom} points. */
  public TensorListArbitrary margin(double margin) {
    TensorListArbitrary copy = typedClone();
    copy.values = values.margin(margin);
    return copy;
  }

  @Override
  protected Arbitrary<List<Tensor>> arbitrary() {
    ValueDomain domain = values;
    return shapes.flatMap(
        list -> {
          List<Arbitrary<Tensor>> parts = new ArrayList<>(list.size());
          for (int[] shape : list) {
            parts.add(domain.tensorOf(shape));
          }
          return Combinators.combine(parts).as(List::copyOf);
        });
  }

  @Override
  public String toString() {
    return "TensorListArbitrary(" + values + ")";
  }
}
