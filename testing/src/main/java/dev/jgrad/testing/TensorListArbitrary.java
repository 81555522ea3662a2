package dev.jgrad.testing;

import dev.jgrad.autograd.Tensor;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * An arbitrary of tensor lists, one tensor per operand of a multi-input op: a list of shapes
 * (mutually broadcastable by default, see {@link Tensors#broadcasting}), then elements from the
 * value settings of {@link ValueArbitrary}.
 *
 * <pre>{@code
 * @Provide
 * Arbitrary<List<Tensor>> pairs() {
 *   return Tensors.broadcasting(2).between(-3, 3);
 * }
 * }</pre>
 */
public final class TensorListArbitrary extends ValueArbitrary<TensorListArbitrary, List<Tensor>> {
  private final Arbitrary<List<int[]>> shapes;

  TensorListArbitrary(Arbitrary<List<int[]>> shapes) {
    this.shapes = shapes;
  }

  @Override
  protected Arbitrary<List<Tensor>> arbitrary() {
    ValueDomain domain = values();
    return shapes.flatMap(
        list -> {
          List<Arbitrary<Tensor>> parts = new ArrayList<>(list.size());
          for (int[] shape : list) {
            parts.add(domain.tensorOf(shape));
          }
          return Combinators.combine(parts).as(List::copyOf);
        });
  }
}
