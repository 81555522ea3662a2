package dev.jgrad.spark;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Packs a {@code double[]} into the {@code String} that the barrier exchange carries and back, bit
 * for bit: each byte of the IEEE 754 values (little-endian, the byte order of x86 and ARM, so the
 * copies are plain memory copies) becomes one ISO-8859-1 character, which Java stores as one byte.
 *
 * <p>One instance belongs to one task and reuses its byte buffer for every message: encoding copies
 * the values into the buffer and the buffer into the string sent, decoding the string into the
 * buffer and the buffer into the values, with no allocation but the string sent.
 */
final class VectorMessages {
  private final int length;
  private final byte[] bytes;
  private final DoubleBuffer doubles;
  private final double[] decoded;

  /** Creates a codec for vectors of {@code length} values. */
  VectorMessages(int length) {
    this.length = length;
    this.bytes = new byte[8 * length];
    this.doubles = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer();
    this.decoded = new double[length];
  }

  /** Returns {@code values} (exactly {@code length} of them) as {@code 8 * length} characters. */
  String encode(double[] values) {
    doubles.clear();
    doubles.put(values, 0, length);
    return new String(bytes, StandardCharsets.ISO_8859_1);
  }

  /**
   * Decodes {@code message} and returns its values in an array this codec reuses.
   *
   * @throws IllegalStateException if the message does not hold exactly {@code length} values
   */
  @SuppressWarnings("deprecation") // getBytes(int, int, byte[], int): the Latin-1 bulk copy
  double[] decode(String message) {
    if (message.length() != bytes.length) {
      throw new IllegalStateException(
          String.format(
              "SparkTrainer: a partition sent %d bytes, expected %d (%d values); the model"
                  + " factory must build the same architecture every time",
              message.length(), bytes.length, length));
    }
    message.getBytes(0, bytes.length, bytes, 0);
    doubles.clear();
    doubles.get(decoded);
    return decoded;
  }

  /** Returns value {@code index} of {@code message} without decoding the rest. */
  static double valueAt(String message, int index) {
    long bits = 0;
    for (int b = 7; b >= 0; b--) {
      bits = (bits << 8) | (message.charAt(8 * index + b) & 0xFF);
    }
    return Double.longBitsToDouble(bits);
  }

  /**
   * Writes into {@code sum} the element-wise sum of every partition's vector, added in partition
   * order (the order the exchange returns them in) starting from zero, so every run and every
   * partition gets the same bits. The message of partition {@code own} is not decoded: its values
   * are {@code ownValues}, the vector this task sent.
   */
  void sumInOrder(String[] messages, int own, double[] ownValues, double[] sum) {
    Arrays.fill(sum, 0, length, 0.0);
    for (int p = 0; p < messages.length; p++) {
      double[] one = p == own ? ownValues : decode(messages[p]);
      for (int k = 0; k < length; k++) {
        sum[k] += one[k];
      }
    }
  }
}
