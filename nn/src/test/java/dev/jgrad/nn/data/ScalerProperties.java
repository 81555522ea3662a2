package dev.jgrad.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jgrad.autograd.Tensor;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Fitted scalers give the promised column statistics and invert exactly (up to rounding). */
class ScalerProperties {
  @Property(tries = 100)
  void standardizedColumnsHaveMeanZeroAndUnitDeviation(
      @ForAll @IntRange(min = 2, max = 30) int n,
      @ForAll @IntRange(min = 1, max = 5) int d,
      @ForAll long seed) {
    Random random = new Random(seed);
    Tensor x =
        Tensor.randn(random, n, d)
            .mul(random.nextDouble() * 100 + 0.1)
            .add(random.nextGaussian() * 50);
    Scaler s = Scaler.standardize(x);
    Tensor z = s.transform(x);
    double[] mean = z.mean(0).toArray();
    double[] var = z.var(0, false, 0).toArray();
    for (int j = 0; j < d; j++) {
      assertEquals(0, mean[j], 1e-9);
      assertEquals(1, var[j], 1e-9);
    }
    assertArrayEquals(x.toArray(), s.inverseTransform(z).toArray(), 1e-9);
  }

  @Property(tries = 100)
  void minMaxMapsTheTrainingRangeOntoTheTarget(
      @ForAll @IntRange(min = 2, max = 30) int n,
      @ForAll @IntRange(min = 1, max = 5) int d,
      @ForAll long seed) {
    Random random = new Random(seed);
    Tensor x = Tensor.randn(random, n, d).mul(10);
    Scaler s = Scaler.minMax(x, -1, 3);
    Tensor z = s.transform(x);
    double[] min = z.min(0, false).toArray();
    double[] max = z.max(0, false).toArray();
    for (int j = 0; j < d; j++) {
      assertEquals(-1, min[j], 1e-12);
      assertEquals(3, max[j], 1e-12);
    }
    assertArrayEquals(x.toArray(), s.inverseTransform(z).toArray(), 1e-9);
  }
}
