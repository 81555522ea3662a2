package dev.jgrad.nn.train;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.autograd.Tensor;
import dev.jgrad.nn.Sizes;
import dev.jgrad.nn.data.Indices;
import java.util.Arrays;
import java.util.function.Function;

/** Classification metrics and the rules that turn model outputs into predicted classes. */
public final class Metrics {
  private Metrics() {}

  /**
   * {@return the fraction of positions where {@code predicted} equals {@code actual}}
   *
   * @param predicted the predicted classes
   * @param actual the true classes, as many as {@code predicted}
   * @throws IllegalArgumentException if the lengths differ or are 0
   */
  public static double accuracy(int[] predicted, int[] actual) {
    checkLengths("accuracy", predicted, actual);
    int correct = 0;
    for (int i = 0; i < predicted.length; i++) {
      if (predicted[i] == actual[i]) {
        correct++;
      }
    }
    return (double) correct / predicted.length;
  }

  /**
   * {@return the confusion matrix {@code m[actual][predicted]}: how many examples of each true
   * class were given each predicted class}
   *
   * <p>The matrix holds {@code classes^2} ints; for many classes prefer counting the pairs you
   * need.
   *
   * @param predicted the predicted classes
   * @param actual the true classes, as many as {@code predicted}
   * @param classes the number of classes, at least 1
   * @throws IllegalArgumentException if the lengths differ, {@code classes} is not positive, {@code
   *     classes^2} exceeds the largest array ({@link Sizes#product}), or a class is outside {@code
   *     [0, classes)}
   */
  public static int[][] confusionMatrix(int[] predicted, int[] actual, int classes) {
    checkLengths("confusionMatrix", predicted, actual);
    if (classes <= 0) {
      throw new IllegalArgumentException(
          "confusionMatrix: classes must be positive, got " + classes);
    }
    for (int i = 0; i < predicted.length; i++) {
      if (predicted[i] < 0 || predicted[i] >= classes || actual[i] < 0 || actual[i] >= classes) {
        throw new IllegalArgumentException(
            String.format(
                "confusionMatrix: example %d has predicted %d, actual %d, outside [0, %d)",
                i, predicted[i], actual[i], classes));
      }
    }
    Sizes.product("confusionMatrix", "classes x classes", classes, classes);
    int[][] m = new int[classes][classes];
    for (int i = 0; i < predicted.length; i++) {
      m[actual[i]][predicted[i]]++;
    }
    return m;
  }

  /**
   * {@return the matrix as aligned text, one row per actual class}
   *
   * @param confusion the confusion matrix, {@code m[actual][predicted]}
   */
  public static String format(int[][] confusion) {
    checkArgument(confusion != null, "format: confusion matrix is null");
    int width = 1;
    for (int[] row : confusion) {
      for (int v : row) {
        width = Math.max(width, Integer.toString(v).length());
      }
    }
    StringBuilder sb = new StringBuilder("actual \\ predicted\n");
    for (int[] row : confusion) {
      for (int j = 0; j < row.length; j++) {
        sb.append(String.format("%" + (width + 1) + "d", row[j]));
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  /** {@return the rule "class = index of the largest output" for outputs {@code [n, classes]}} */
  public static Function<Tensor, int[]> argmax() {
    return out -> toInts(out.argmax(-1));
  }

  /**
   * {@return the rule "class 1 when the output exceeds {@code threshold}, else 0" for outputs
   * {@code [n]} or {@code [n, 1]} (0 for logits, 0.5 for probabilities)}
   *
   * @param threshold the output above which the class is 1
   */
  public static Function<Tensor, int[]> threshold(double threshold) {
    return out -> toInts(out.reshape(-1).gt(threshold));
  }

  /**
   * {@return the whole numbers held by {@code labels} (any shape, flattened) as ints}
   *
   * @param labels the tensor holding whole numbers
   * @throws IllegalArgumentException if an entry is not a whole number
   */
  public static int[] toInts(Tensor labels) {
    checkArgument(labels != null, "toInts: labels is null");
    return Indices.of(labels, "toInts", "entry");
  }

  private static void checkLengths(String op, int[] predicted, int[] actual) {
    checkArgument(predicted != null && actual != null, "%s: predicted or actual is null", op);
    checkArgument(
        predicted.length == actual.length && predicted.length != 0,
        "%s: %s predictions for %s labels (need the same non-zero count)",
        op,
        predicted.length,
        actual.length);
  }

  static String shape(Tensor t) {
    return Arrays.toString(t.shape());
  }
}
