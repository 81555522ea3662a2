package dev.jgrad.spark;

import java.io.Serializable;
import java.util.Arrays;

/**
 * One training example: a feature vector and a target vector (a single class index or value for
 * the usual losses). Serializable so Spark can ship it; the arrays are copied in and out.
 */
public final class Sample implements Serializable {
  private static final long serialVersionUID = 1L;
  private final double[] features;
  private final double[] target;

  /**
   * Returns a sample with copies of {@code features} and {@code target}.
   *
   * @throws IllegalArgumentException if either is null or empty
   */
  public Sample(double[] features, double[] target) {
    if (features == null || features.length == 0 || target == null || target.length == 0) {
      throw new IllegalArgumentException(
          "Sample: features and target must be non-empty, got "
              + Arrays.toString(features)
              + " and "
              + Arrays.toString(target));
    }
    this.features = features.clone();
    this.target = target.clone();
  }

  /** Returns a sample whose target is the single value {@code label} (a class index, say). */
  public static Sample of(double[] features, double label) {
    return new Sample(features, new double[] {label});
  }

  /** Returns a copy of the features. */
  public double[] features() {
    return features.clone();
  }

  /** Returns a copy of the target. */
  public double[] target() {
    return target.clone();
  }

  int featureCount() {
    return features.length;
  }

  int targetWidth() {
    return target.length;
  }

  void copyInto(double[] featureRows, double[] targetRows, int row) {
    System.arraycopy(features, 0, featureRows, row * features.length, features.length);
    System.arraycopy(target, 0, targetRows, row * target.length, target.length);
  }

  /** Returns e.g. {@code Sample([0.5, 1.0] -> [3.0])}. */
  @Override
  public String toString() {
    return "Sample(" + Arrays.toString(features) + " -> " + Arrays.toString(target) + ")";
  }
}
