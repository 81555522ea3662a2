package dev.jgrad.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Returns jqwik arbitraries of shapes and tensors. Shapes have rank 0-3 and sizes 1-4 unless told
 * otherwise, so 0-d tensors and size-1 dims come up often; broadcasting shapes are derived from one
 * full shape by dropping leading dims and setting dims to 1, as broadcasting allows.
 *
 * <pre>{@code
 * @Property(tries = 100)
 * void swishGradients(@ForAll("inputs") Tensor x) {
 *   GradientProperties.assertGradients(SWISH, x);
 * }
 *
 * @Provide
 * Arbitrary<Tensor> inputs() {
 *   return Tensors.tensors().between(-4, 4);
 * }
 * }</pre>
 *
 * <p>A bare {@code @ForAll Tensor x} also works: it draws {@code Tensors.tensors()}.
 */
public final class Tensors {
  private Tensors() {}

  /** Returns shapes of rank 0-3 with sizes 1-4. */
  public static Arbitrary<int[]> shapes() {
    return shapes(0, 3, 4);
  }

  /**
   * Returns shapes of rank {@code minRank..maxRank} with sizes {@code 1..maxSize}.
   *
   * @throws IllegalArgumentException unless {@code 0 <= minRank <= maxRank} and {@code maxSize >=
   *     1}
   */
  public static Arbitrary<int[]> shapes(int minRank, int maxRank, int maxSize) {
    if (minRank < 0 || maxRank < minRank || maxSize < 1) {
      throw new IllegalArgumentException(
          String.format(
              "Tensors.shapes: need 0 <= minRank <= maxRank and maxSize >= 1, got minRank=%d"
                  + " maxRank=%d maxSize=%d",
              minRank, maxRank, maxSize));
    }
    return Arbitraries.integers()
        .between(1, maxSize)
        .array(int[].class)
        .ofMinSize(minRank)
        .ofMaxSize(maxRank);
  }

  /**
   * Returns {@code count} shapes that broadcast together: each is the same full shape (rank 0-3,
   * sizes 1-4) with some leading dims dropped and some dims set to 1.
   *
   * @throws IllegalArgumentException if {@code count < 1}
   */
  public static Arbitrary<List<int[]>> broadcastShapes(int count) {
    if (count < 1) {
      throw new IllegalArgumentException(
          "Tensors.broadcastShapes: count must be at least 1, got " + count);
    }
    return shapes()
        .flatMap(
            full -> {
              List<Arbitrary<int[]>> derived = new ArrayList<>(count);
              for (int i = 0; i < count; i++) {
                derived.add(
                    Combinators.combine(
                            Arbitraries.integers().between(0, full.length),
                            Arbitraries.integers().between(0, (1 << full.length) - 1))
                        .as((drop, ones) -> derive(full, drop, ones)));
              }
              return Combinators.combine(derived).as(List::copyOf);
            });
  }

  /**
   * Returns {@code full} without its first {@code drop} dims, with dim {@code i} set to 1 where bit
   * {@code i} of {@code ones} is set.
   */
  private static int[] derive(int[] full, int drop, int ones) {
    int[] shape = Arrays.copyOfRange(full, drop, full.length);
    for (int i = 0; i < shape.length; i++) {
      if ((ones >> i & 1) != 0) {
        shape[i] = 1;
      }
    }
    return shape;
  }

  /** Returns tensors of shapes from {@link #shapes()} with elements in {@code [-2, 2]}. */
  public static TensorArbitrary tensors() {
    return new TensorArbitrary(shapes());
  }

  /** Returns tensors of the given shape with elements in {@code [-2, 2]}. */
  public static TensorArbitrary tensors(int... shape) {
    return new TensorArbitrary(Arbitraries.just(checkShape("Tensors.tensors", shape)));
  }

  /**
   * Returns lists of {@code count} tensors of mutually broadcastable shapes ({@link
   * #broadcastShapes}), for elementwise ops of several inputs.
   */
  public static TensorListArbitrary broadcasting(int count) {
    return new TensorListArbitrary(broadcastShapes(count));
  }

  /**
   * Returns lists of tensors of exactly these shapes, one per operand (for ops whose inputs must
   * agree in another way, e.g. {@code ofShapes(new int[] {2, 3}, new int[] {3, 4})} for a matrix
   * product).
   */
  public static TensorListArbitrary ofShapes(int[]... shapes) {
    if (shapes == null || shapes.length == 0) {
      throw new IllegalArgumentException("Tensors.ofShapes: needs at least one shape");
    }
    List<int[]> list = new ArrayList<>(shapes.length);
    for (int[] shape : shapes) {
      list.add(checkShape("Tensors.ofShapes", shape));
    }
    return new TensorListArbitrary(Arbitraries.just(List.copyOf(list)));
  }

  /** Returns a copy of {@code shape} after checking that every size is positive. */
  static int[] checkShape(String method, int[] shape) {
    if (shape == null) {
      throw new IllegalArgumentException(method + ": shape must not be null");
    }
    for (int size : shape) {
      if (size < 1) {
        throw new IllegalArgumentException(
            String.format(
                "%s: sizes must be at least 1, got shape %s", method, Arrays.toString(shape)));
      }
    }
    return shape.clone();
  }
}
