package dev.jgrad.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class VectorMessagesTest {
  private static double[] randomVector(Random random, int n) {
    double[] v = new double[n];
    for (int k = 0; k < n; k++) {
      v[k] = random.nextGaussian() * Math.pow(10, random.nextInt(40) - 20);
    }
    return v;
  }

  @Test
  void roundTripKeepsEveryBitIncludingSpecialValues() {
    double[] v = randomVector(new Random(1), 37);
    v[0] = -0.0;
    v[1] = Double.NaN;
    v[2] = Double.POSITIVE_INFINITY;
    v[3] = Double.MIN_VALUE;
    v[4] = -Double.MAX_VALUE;
    VectorMessages codec = new VectorMessages(v.length);
    String message = codec.encode(v);
    assertEquals(8 * v.length, message.length());
    double[] back = codec.decode(message);
    for (int k = 0; k < v.length; k++) {
      assertEquals(Double.doubleToRawLongBits(v[k]), Double.doubleToRawLongBits(back[k]), "at " + k);
    }
  }

  @Test
  void valueAtReadsOneValueOfTheMessage() {
    double[] v = randomVector(new Random(2), 11);
    String message = new VectorMessages(v.length).encode(v);
    for (int k = 0; k < v.length; k++) {
      assertEquals(v[k], VectorMessages.valueAt(message, k));
    }
  }

  @Test
  void sumInOrderAddsPartitionsInOrderWithTheOwnVectorUndecoded() {
    Random random = new Random(3);
    int n = 23;
    double[][] parts = {randomVector(random, n), randomVector(random, n), randomVector(random, n)};
    VectorMessages codec = new VectorMessages(n);
    String[] messages = new String[3];
    for (int p = 0; p < 3; p++) {
      messages[p] = codec.encode(parts[p]);
    }
    double[] expected = new double[n];
    for (int k = 0; k < n; k++) {
      expected[k] = ((0.0 + parts[0][k]) + parts[1][k]) + parts[2][k];
    }
    for (int own = 0; own < 3; own++) {
      double[] sum = new double[n];
      sum[0] = 99; // overwritten, not added to
      codec.sumInOrder(messages, own, parts[own], sum);
      assertArrayEquals(expected, sum, 0.0, "own partition " + own);
    }
    // The own partition's values come from the array passed, not from its message.
    double[] ownValues = randomVector(random, n);
    double[] sum = new double[n];
    codec.sumInOrder(messages, 1, ownValues, sum);
    for (int k = 0; k < n; k++) {
      assertEquals(((0.0 + parts[0][k]) + ownValues[k]) + parts[2][k], sum[k], 0.0, "at " + k);
    }
  }

  @Test
  void aMessageOfAnotherLengthIsRejectedWithBothSizes() {
    String shorter = new VectorMessages(3).encode(new double[] {1, 2, 3});
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> new VectorMessages(4).decode(shorter));
    assertTrue(e.getMessage().contains("sent 24 bytes, expected 32 (4 values)"), e.getMessage());
  }
}
