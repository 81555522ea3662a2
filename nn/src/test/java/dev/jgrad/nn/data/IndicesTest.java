package dev.jgrad.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jgrad.autograd.Tensor;
import dev.jgrad.nn.Embedding;
import dev.jgrad.nn.Losses;
import dev.jgrad.nn.train.Metrics;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class IndicesTest {
  @Test
  void wholeNumbersOfAnyShapeBecomeIntsInRowMajorOrder() {
    Tensor t = Tensor.of(new double[][] {{0, -3}, {2147483647, -2147483648.0}});
    assertArrayEquals(new int[] {0, -3, Integer.MAX_VALUE, Integer.MIN_VALUE}, Indices.of(t, "f", "x"));
  }

  @Test
  void fractionsAndValuesBeyondIntAreRefusedWithTheirPosition() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Indices.of(Tensor.of(new double[] {1, 2.5}), "crossEntropy", "target"));
    assertEquals("crossEntropy: target 1 is 2.5, not a whole number", e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Indices.of(Tensor.of(new double[] {3e9}), "toInts", "entry"));
    assertEquals("toInts: entry 0 is 3.0E9, not a whole number in the int range", e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Indices.of(Tensor.of(new double[] {Double.NaN}), "toInts", "entry"));
    assertEquals("toInts: entry 0 is NaN, not a whole number", e.getMessage());
  }

  @Test
  void everyCallerRefusesTheSameValueNamingItself() {
    Tensor bad = Tensor.of(new double[] {0, 1.5});
    Embedding embedding = new Embedding(4, 2, new Random(0));
    Tensor logits = Tensor.zeros(2, 3);
    String[] expected = {
      "toInts: entry 1 is 1.5",
      "classIndices: label 1 is 1.5",
      "crossEntropy: target 1 is 1.5",
      "Embedding: index 1 is 1.5",
    };
    List<Consumer<Tensor>> callers =
        List.of(
            Metrics::toInts,
            OneHot::classIndices,
            t -> Losses.crossEntropy(logits, t),
            embedding::forward);
    for (int i = 0; i < callers.size(); i++) {
      Consumer<Tensor> caller = callers.get(i);
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> caller.accept(bad));
      assertEquals(expected[i] + ", not a whole number", e.getMessage());
    }
  }
}
