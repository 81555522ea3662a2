package dev.jgrad.examples.data;

/**
 * A small labelled data set held in plain arrays: one feature row per example and its label.
 *
 * @param features {@code [n][d]} feature rows
 * @param labels {@code n} labels (class indices, or -1/+1 for two classes)
 * @param classNames display names of the classes, indexed by label where labels are 0..k-1
 */
public record LabeledData(double[][] features, int[] labels, String[] classNames) {
  /** Checks that there is one label per row. */
  public LabeledData {
    if (features.length != labels.length) {
      throw new IllegalArgumentException(
          String.format(
              "LabeledData: %d feature rows but %d labels", features.length, labels.length));
    }
  }

  /** Returns the number of examples. */
  public int size() {
    return labels.length;
  }

  /** Returns the number of features per example. */
  public int featureCount() {
    return features.length == 0 ? 0 : features[0].length;
  }
}
