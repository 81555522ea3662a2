package dev.jgrad.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jgrad.autograd.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DataTest {
  /** Ten examples whose feature row i is [i, 10 i] and label is i. */
  private static Dataset ten() {
    double[] x = new double[20];
    double[] y = new double[10];
    for (int i = 0; i < 10; i++) {
      x[2 * i] = i;
      x[2 * i + 1] = 10 * i;
      y[i] = i;
    }
    return new Dataset(Tensor.of(x, 10, 2), Tensor.of(y));
  }

  private static List<Double> labelsOf(List<Batch> batches) {
    List<Double> out = new ArrayList<>();
    for (Batch b : batches) {
      double[] x = b.x().toArray();
      double[] y = b.y().toArray();
      for (int i = 0; i < y.length; i++) {
        assertEquals(y[i], x[2 * i], 0, "features and labels stay paired");
        out.add(y[i]);
      }
    }
    return out;
  }

  @Test
  void batchesInOrderKeepTheLastSmallBatchUnlessDropped() {
    List<Batch> batches = ten().batches(4, null, false);
    assertEquals(3, batches.size());
    assertEquals(2, batches.get(2).size());
    assertEquals(List.of(0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0), labelsOf(batches));
    assertEquals(2, ten().batches(4, null, true).size());
    assertEquals(
        "batches: batch size must be positive, got 0",
        assertThrows(IllegalArgumentException.class, () -> ten().batches(0, null, false))
            .getMessage());
  }

  @Test
  void shuffledBatchesAreSeededPermutationsAndChangeEachEpoch() {
    Random a = new Random(3);
    Random b = new Random(3);
    List<Double> epoch1 = labelsOf(ten().batches(3, a, false));
    assertEquals(epoch1, labelsOf(ten().batches(3, b, false)));
    List<Double> sorted = new ArrayList<>(epoch1);
    sorted.sort(null);
    assertEquals(labelsOf(ten().batches(10, null, false)), sorted);
    assertNotEquals(epoch1, labelsOf(ten().batches(3, a, false)));
  }

  @Test
  void splitIsSeededDisjointAndComplete() {
    Dataset.Split s = ten().split(0.3, 42);
    assertEquals(7, s.train().size());
    assertEquals(3, s.test().size());
    double[] all = new double[10];
    System.arraycopy(s.train().labels().toArray(), 0, all, 0, 7);
    System.arraycopy(s.test().labels().toArray(), 0, all, 7, 3);
    Arrays.sort(all);
    assertArrayEquals(new double[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, all, 0);
    assertArrayEquals(
        s.test().labels().toArray(), ten().split(0.3, 42).test().labels().toArray(), 0);
    assertThrows(IllegalArgumentException.class, () -> ten().split(1.0, 0));
    assertThrows(IllegalArgumentException.class, () -> ten().split(0.01, 0));
  }

  @Test
  void datasetChecksRowCounts() {
    assertEquals(
        "Dataset: features [3, 2] and labels [4] have different numbers of rows",
        assertThrows(
                IllegalArgumentException.class,
                () -> new Dataset(Tensor.zeros(3, 2), Tensor.zeros(4)))
            .getMessage());
  }

  @Test
  void standardizationIsFittedOnTrainOnly() {
    Tensor train = Tensor.of(new double[][] {{1, 5}, {3, 5}, {5, 5}});
    Scaler s = Scaler.standardize(train);
    double std = Math.sqrt(8.0 / 3);
    assertArrayEquals(new double[] {3, 5}, s.shift(), 1e-15);
    assertArrayEquals(new double[] {std, 1}, s.scale(), 1e-15);
    assertArrayEquals(
        new double[] {-2 / std, 0, 0, 0, 2 / std, 0}, s.transform(train).toArray(), 1e-15);
    // Test data uses the training statistics.
    assertArrayEquals(
        new double[] {4 / std, 1},
        s.transform(Tensor.of(new double[][] {{7, 6}})).toArray(),
        1e-15);
    assertArrayEquals(train.toArray(), s.inverseTransform(s.transform(train)).toArray(), 1e-12);
    assertEquals(
        "transform: scaler was fitted on 2 columns, got shape [1, 3]",
        assertThrows(IllegalArgumentException.class, () -> s.transform(Tensor.zeros(1, 3)))
            .getMessage());
  }

  @Test
  void minMaxScalingMapsTrainRangeToTarget() {
    Scaler s = Scaler.minMax(Tensor.of(new double[][] {{0, 10}, {4, 20}}), -1, 1);
    assertArrayEquals(
        new double[] {-1, -1, 1, 1, 0, 0},
        s.transform(Tensor.of(new double[][] {{0, 10}, {4, 20}, {2, 15}})).toArray(),
        1e-15);
    assertArrayEquals(
        new double[] {2, 2}, s.transform(Tensor.of(new double[][] {{6, 25}})).toArray(), 1e-15);
  }

  @Test
  void oneHotRoundTrips() {
    Tensor h = OneHot.encode(new int[] {2, 0, 1}, 3);
    assertArrayEquals(new double[] {0, 0, 1, 1, 0, 0, 0, 1, 0}, h.toArray(), 0);
    assertArrayEquals(new int[] {2, 0, 1}, OneHot.decode(h));
    assertArrayEquals(
        h.toArray(), OneHot.encode(Tensor.of(new double[] {2, 0, 1}), 3).toArray(), 0);
    assertEquals(
        "oneHot: label 1 is 3, outside [0, 3)",
        assertThrows(IllegalArgumentException.class, () -> OneHot.encode(new int[] {0, 3}, 3))
            .getMessage());
  }
}
