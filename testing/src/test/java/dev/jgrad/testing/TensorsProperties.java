package dev.jgrad.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.Tensor;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.GenerationMode;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.junit.jupiter.api.Test;

/**
 * The arbitraries draw what they promise: ranks and sizes in range, size-1 dims and 0-d tensors
 * often, shapes that broadcast, values inside the interval and clear of the kinks.
 */
class TensorsProperties {

  @Property(tries = 300, generation = GenerationMode.RANDOMIZED)
  void shapesHaveRankZeroToThreeAndSizesOneToFour(@ForAll("shapes") int[] shape) {
    assertTrue(shape.length <= 3, Arrays.toString(shape));
    for (int size : shape) {
      assertTrue(size >= 1 && size <= 4, Arrays.toString(shape));
    }
    Statistics.label("0-d")
        .collect(shape.length == 0)
        .coverage(c -> c.check(true).percentage(p -> p > 5));
    Statistics.label("has a size-1 dim")
        .collect(Arrays.stream(shape).anyMatch(s -> s == 1))
        .coverage(c -> c.check(true).percentage(p -> p > 20));
  }

  @Provide
  Arbitrary<int[]> shapes() {
    return Tensors.shapes();
  }

  @Property(tries = 300)
  void broadcastShapesBroadcastTogether(@ForAll("triples") List<int[]> shapes) {
    assertEquals(3, shapes.size());
    // adding zeros of the three shapes must succeed, with the broadcast shape
    Tensor sum =
        Tensor.zeros(shapes.get(0))
            .add(Tensor.zeros(shapes.get(1)))
            .add(Tensor.zeros(shapes.get(2)));
    int rank = Math.max(shapes.get(0).length, Math.max(shapes.get(1).length, shapes.get(2).length));
    assertEquals(rank, sum.dim());
    Statistics.label("ranks differ")
        .collect(shapes.get(0).length != shapes.get(1).length)
        .coverage(c -> c.check(true).percentage(p -> p > 20));
    Statistics.label("same rank, a 1 against a larger size")
        .collect(stretches(shapes.get(0), shapes.get(1)))
        .coverage(c -> c.check(true).percentage(p -> p > 5));
  }

  private static boolean stretches(int[] a, int[] b) {
    if (a.length != b.length) {
      return false;
    }
    for (int i = 0; i < a.length; i++) {
      if (a[i] != b[i] && (a[i] == 1 || b[i] == 1)) {
        return true;
      }
    }
    return false;
  }

  @Provide
  Arbitrary<List<int[]>> triples() {
    return Tensors.broadcastShapes(3);
  }

  @Property(tries = 200)
  void valuesStayInTheIntervalAndClearOfKinks(@ForAll("kinked") Tensor x) {
    for (double v : x.toArray()) {
      assertTrue(v >= -1 && v <= 3, "value " + v);
      assertTrue(Math.abs(v) >= 0.2 && Math.abs(v - 1) >= 0.2, "value " + v + " near a kink");
    }
  }

  @Provide
  Arbitrary<Tensor> kinked() {
    return Tensors.tensors().between(-1, 3).awayFrom(0, 1).margin(0.2);
  }

  @Property(tries = 50)
  void fixedShapesAreKept(@ForAll("matrices") Tensor x, @ForAll("operands") List<Tensor> pair) {
    assertArrayEquals(new int[] {2, 3}, x.shape());
    assertArrayEquals(new int[] {2, 3}, pair.get(0).shape());
    assertArrayEquals(new int[] {3, 4}, pair.get(1).shape());
  }

  @Provide
  Arbitrary<Tensor> matrices() {
    return Tensors.tensors(2, 3);
  }

  @Provide
  Arbitrary<List<Tensor>> operands() {
    return Tensors.ofShapes(new int[] {2, 3}, new int[] {3, 4}).between(0.5, 1);
  }

  @Property(tries = 50)
  void bareForAllTensorUsesTheDefaultDomain(@ForAll Tensor x) {
    for (double v : x.toArray()) {
      assertTrue(v >= -2 && v <= 2, "value " + v);
    }
  }

  @Test
  void badSettingsAreRefusedWithTheirValues() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Tensors.tensors().between(3, 1));
    assertEquals("between: need finite min < max, got min=3.0 max=1.0", e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Tensors.tensors().between(-0.05, 0.05).awayFrom(0));
    assertEquals(
        "awayFrom: no room left: [-0.05, 0.05] lies within 0.1 of the points [0.0]; widen"
            + " the interval or lower the margin",
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Tensors.tensors(2, 0));
    assertEquals("Tensors.tensors: sizes must be at least 1, got shape [2, 0]", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Tensors.shapes(2, 1, 4));
    assertTrue(e.getMessage().startsWith("Tensors.shapes: need 0 <= minRank <= maxRank"));
    e = assertThrows(IllegalArgumentException.class, () -> Tensors.broadcastShapes(0));
    assertEquals("Tensors.broadcastShapes: count must be at least 1, got 0", e.getMessage());
  }
}
