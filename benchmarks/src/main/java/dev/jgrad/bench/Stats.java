package dev.jgrad.bench;

import java.util.Arrays;

/**
 * Median, minimum and maximum of repeated measurements.
 *
 * @param median the middle value (mean of the two middle values for an even count)
 * @param min the smallest value
 * @param max the largest value
 * @param n the number of measurements
 */
public record Stats(double median, double min, double max, int n) {

  /** Returns the statistics of {@code samples}; throws if there are none. */
  public static Stats of(double[] samples) {
    if (samples.length == 0) {
      throw new IllegalArgumentException("Stats.of: no samples");
    }
    double[] s = samples.clone();
    Arrays.sort(s);
    int h = s.length / 2;
    double median = s.length % 2 == 1 ? s[h] : (s[h - 1] + s[h]) / 2;
    return new Stats(median, s[0], s[s.length - 1], s.length);
  }

  /** Returns these statistics multiplied by {@code factor} (to change units). */
  public Stats scaled(double factor) {
    return factor >= 0
        ? new Stats(median * factor, min * factor, max * factor, n)
        : new Stats(median * factor, max * factor, min * factor, n);
  }
}
