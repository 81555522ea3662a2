package dev.jgrad.nn.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.Tensor;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Mini-batches cover every example once (or all but the dropped remainder), paired. */
class DatasetProperties {
  @Property(tries = 100)
  void batchesPartitionTheData(
      @ForAll @IntRange(min = 1, max = 40) int n,
      @ForAll @IntRange(min = 1, max = 12) int batchSize,
      @ForAll boolean dropLast,
      @ForAll boolean shuffle,
      @ForAll long seed) {
    double[] x = new double[n * 2];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      x[2 * i] = i;
      x[2 * i + 1] = -i;
      y[i] = i;
    }
    Dataset data = new Dataset(Tensor.of(x, n, 2), Tensor.of(y));
    int[] seen = new int[n];
    int total = 0;
    for (Batch b : data.batches(batchSize, shuffle ? new Random(seed) : null, dropLast)) {
      assertTrue(b.size() <= batchSize);
      if (dropLast) {
        assertEquals(batchSize, b.size());
      }
      double[] bx = b.x().toArray();
      double[] by = b.y().toArray();
      for (int i = 0; i < by.length; i++) {
        assertEquals(by[i], bx[2 * i], 0);
        seen[(int) by[i]]++;
        total++;
      }
    }
    assertEquals(dropLast ? n / batchSize * batchSize : n, total);
    for (int count : seen) {
      assertTrue(count <= 1);
    }
  }
}
