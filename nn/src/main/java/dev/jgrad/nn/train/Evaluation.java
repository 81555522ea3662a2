package dev.jgrad.nn.train;

/**
 * The result of evaluating a model on a data set: the mean loss and, with a class rule, the
 * predicted and actual class of every example. The confusion matrix is built only when asked for
 * ({@link #confusion()}), since it holds {@code classes^2} ints: a model with 20,000 classes
 * evaluated on 4 examples must not allocate 1.6 GB it was never asked for.
 */
public final class Evaluation {
  private final double loss;
  private final int[] predicted;
  private final int[] actual;

  /**
   * Returns an evaluation with mean loss {@code loss} and the classes of each example (both null
   * without a class rule).
   *
   * @param loss the mean loss
   * @param predicted the predicted class of each example, or null
   * @param actual the true class of each example, or null
   * @throws IllegalArgumentException if exactly one of the arrays is null or their lengths differ
   */
  public Evaluation(double loss, int[] predicted, int[] actual) {
    if ((predicted == null) != (actual == null)
        || (predicted != null && predicted.length != actual.length)) {
      throw new IllegalArgumentException(
          String.format(
              "Evaluation: needs as many predictions as labels (or neither), got %s and %s",
              predicted == null ? "null" : predicted.length + " predictions",
              actual == null ? "null" : actual.length + " labels"));
    }
    this.loss = loss;
    this.predicted = predicted == null ? null : predicted.clone();
    this.actual = actual == null ? null : actual.clone();
  }

  /** {@return the mean loss per example} */
  public double loss() {
    return loss;
  }

  /** {@return the fraction of correct predictions, or NaN without a class rule or examples} */
  public double accuracy() {
    return predicted == null || predicted.length == 0
        ? Double.NaN
        : Metrics.accuracy(predicted, actual);
  }

  /** {@return a copy of the predicted class of each example, or null without a class rule} */
  public int[] predicted() {
    return predicted == null ? null : predicted.clone();
  }

  /** {@return a copy of the actual class of each example, or null without a class rule} */
  public int[] actual() {
    return actual == null ? null : actual.clone();
  }

  /**
   * {@return the number of classes seen: one more than the largest predicted or actual class (0
   * without a class rule or examples)}
   */
  public int classCount() {
    int count = 0;
    if (predicted != null) {
      for (int i = 0; i < predicted.length; i++) {
        count = Math.max(count, Math.max(predicted[i], actual[i]) + 1);
      }
    }
    return count;
  }

  /**
   * {@return the confusion matrix {@code [actual][predicted]} over {@link #classCount()} classes,
   * built anew on each call, or null without a class rule}
   *
   * @throws IllegalArgumentException as {@link Metrics#confusionMatrix}, for instance when
   *     {@code classCount()^2} exceeds the largest array
   */
  public int[][] confusion() {
    return predicted == null ? null : Metrics.confusionMatrix(predicted, actual, classCount());
  }
}
