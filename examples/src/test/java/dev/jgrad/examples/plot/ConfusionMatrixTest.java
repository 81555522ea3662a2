package dev.jgrad.examples.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ConfusionMatrixTest {
  private static final String[] NAMES = {"a", "b", "c"};

  @Test
  void countsPairsOfTruthAndPrediction() {
    // truth:     a a b b b c
    // predicted: a b b b c c  -> 4 right of 6
    ConfusionMatrix m = ConfusionMatrix.of(new int[] {0, 0, 1, 1, 1, 2}, new int[] {0, 1, 1, 1, 2, 2}, NAMES);
    assertEquals(1, m.count(0, 0));
    assertEquals(1, m.count(0, 1));
    assertEquals(2, m.count(1, 1));
    assertEquals(1, m.count(1, 2));
    assertEquals(1, m.count(2, 2));
    assertEquals(0, m.count(2, 0));
    assertEquals(4.0 / 6.0, m.accuracy(), 1e-12);
  }

  @Test
  void printsATableWithDotsForEmptyMistakes() {
    ConfusionMatrix m = ConfusionMatrix.of(new int[] {0, 1, 2}, new int[] {0, 2, 2}, NAMES);
    String[] lines = m.toString().split("\\R");
    assertEquals(4, lines.length, m.toString());
    assertTrue(lines[0].startsWith("true\\pred"), lines[0]);
    assertTrue(lines[1].matches("\\s*a\\s+1\\s+\\.\\s+\\."), lines[1]);
    assertTrue(lines[2].matches("\\s*b\\s+\\.\\s+0\\s+1"), lines[2]);
  }

  @Test
  void rejectsMismatchedOrOutOfRangeLabels() {
    IllegalArgumentException lengths =
        assertThrows(IllegalArgumentException.class,
            () -> ConfusionMatrix.of(new int[] {0, 1}, new int[] {0}, NAMES));
    assertTrue(lengths.getMessage().contains("2 true labels but 1 predictions"), lengths.getMessage());
    IllegalArgumentException range =
        assertThrows(IllegalArgumentException.class,
            () -> ConfusionMatrix.of(new int[] {0, 3}, new int[] {0, 1}, NAMES));
    assertTrue(range.getMessage().contains("example 1 has true class 3"), range.getMessage());
  }

  @Test
  void rejectsMoreClassesThanTheCellsCanHold() {
    String[] names = new String[50_000];
    java.util.Arrays.fill(names, "n");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ConfusionMatrix.of(new int[] {0}, new int[] {0}, names));
    assertEquals(
        "ConfusionMatrix.of: classes x classes = 50000 x 50000 = 2500000000 elements, more than"
            + " the largest Java array (2147483639); use fewer or smaller parts",
        e.getMessage());
  }
}
