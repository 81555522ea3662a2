package dev.jgrad.examples.plot;

import dev.jgrad.nn.Sizes;
import java.util.Arrays;

/**
 * Counts of (true class, predicted class) pairs: the diagonal holds the right answers, every
 * other cell one kind of mistake. {@link #toString()} prints it as a table.
 */
public final class ConfusionMatrix {
  private final String[] classNames;
  private final int[][] counts;

  private ConfusionMatrix(String[] classNames, int[][] counts) {
    this.classNames = classNames;
    this.counts = counts;
  }

  /**
   * Returns the confusion matrix of {@code predicted} against {@code truth}.
   *
   * @throws IllegalArgumentException if the arrays differ in length, a class is out of range, or
   *     the {@code classes^2} cells exceed the largest array
   */
  public static ConfusionMatrix of(int[] truth, int[] predicted, String[] classNames) {
    if (truth.length != predicted.length) {
      throw new IllegalArgumentException(
          String.format(
              "ConfusionMatrix.of: %d true labels but %d predictions", truth.length, predicted.length));
    }
    int k = classNames.length;
    Sizes.product("ConfusionMatrix.of", "classes x classes", k, k);
    int[][] counts = new int[k][k];
    for (int i = 0; i < truth.length; i++) {
      if (truth[i] < 0 || truth[i] >= k || predicted[i] < 0 || predicted[i] >= k) {
        throw new IllegalArgumentException(
            String.format(
                "ConfusionMatrix.of: example %d has true class %d and prediction %d, expected 0..%d",
                i, truth[i], predicted[i], k - 1));
      }
      counts[truth[i]][predicted[i]]++;
    }
    return new ConfusionMatrix(classNames.clone(), counts);
  }

  /** Returns the number of classes. */
  public int classCount() {
    return classNames.length;
  }

  /** Returns a copy of the class names. */
  public String[] classNames() {
    return classNames.clone();
  }

  /** Returns how many examples of class {@code truth} were predicted as {@code predicted}. */
  public int count(int truth, int predicted) {
    return counts[truth][predicted];
  }

  /** Returns the fraction of examples on the diagonal. */
  public double accuracy() {
    long right = 0;
    long total = 0;
    for (int t = 0; t < counts.length; t++) {
      for (int p = 0; p < counts.length; p++) {
        total += counts[t][p];
        right += t == p ? counts[t][p] : 0;
      }
    }
    return total == 0 ? 0 : (double) right / total;
  }

  /** Returns the matrix as a text table: rows are true classes, columns predictions. */
  @Override
  public String toString() {
    int width = 4;
    for (String name : classNames) {
      width = Math.max(width, name.length() + 1);
    }
    for (int[] row : counts) {
      for (int c : row) {
        width = Math.max(width, Integer.toString(c).length() + 1);
      }
    }
    int labelWidth = Math.max("true\\pred".length(), width);
    StringBuilder sb = new StringBuilder();
    sb.append(pad("true\\pred", labelWidth));
    for (String name : classNames) {
      sb.append(pad(name, width));
    }
    sb.append(System.lineSeparator());
    for (int t = 0; t < counts.length; t++) {
      sb.append(pad(classNames[t], labelWidth));
      for (int p = 0; p < counts.length; p++) {
        sb.append(pad(counts[t][p] == 0 && t != p ? "." : Integer.toString(counts[t][p]), width));
      }
      sb.append(System.lineSeparator());
    }
    return sb.toString();
  }

  private static String pad(String text, int width) {
    char[] spaces = new char[Math.max(0, width - text.length())];
    Arrays.fill(spaces, ' ');
    return new String(spaces) + text;
  }
}
