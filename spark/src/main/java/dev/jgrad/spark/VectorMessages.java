package dev.jgrad.spark;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Packs a {@code double[]} into the {@code String} that {@code BarrierTaskContext.allGather}
 * carries and back, bit for bit: each byte of the IEEE 754 values becomes one ISO-8859-1
 * character.
 */
final class VectorMessages {
  private VectorMessages() {}

  /** Returns {@code values} as a string of {@code 8 * values.length} ISO-8859-1 characters. */
  static String encode(double[] values) {
    ByteBuffer bytes = ByteBuffer.allocate(8 * values.length);
    bytes.asDoubleBuffer().put(values);
    return new String(bytes.array(), StandardCharsets.ISO_8859_1);
  }

  /**
   * Decodes {@code message} into {@code into} and returns it.
   *
   * @throws IllegalStateException if the message does not hold exactly {@code into.length} values
   */
  static double[] decode(String message, double[] into) {
    byte[] bytes = message.getBytes(StandardCharsets.ISO_8859_1);
    if (bytes.length != 8 * into.length) {
      throw new IllegalStateException(
          String.format(
              "SparkTrainer: a partition sent %d bytes, expected %d (%d values); the model"
                  + " factory must build the same architecture every time",
              bytes.length, 8 * into.length, into.length));
    }
    ByteBuffer.wrap(bytes).asDoubleBuffer().get(into);
    return into;
  }

  /**
   * Returns the element-wise sum of the vectors in {@code messages}, added in list order (the
   * partition order {@code allGather} returns), so every run and every partition gets the same
   * bits.
   */
  static double[] sumInOrder(String[] messages, int length) {
    double[] sum = new double[length];
    double[] one = new double[length];
    for (String message : messages) {
      decode(message, one);
      for (int k = 0; k < length; k++) {
        sum[k] += one[k];
      }
    }
    return sum;
  }
}
