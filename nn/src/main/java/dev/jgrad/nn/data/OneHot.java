package dev.jgrad.nn.data;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.autograd.Tensor;
import dev.jgrad.nn.Sizes;

/** One-hot encoding of class indices, and back. */
public final class OneHot {
  private OneHot() {}

  /**
   * {@return {@code [n, classes]} with a 1 at {@code (i, labels[i])} and 0 elsewhere}
   *
   * @param labels the class of each example
   * @param classes the number of classes
   * @throws IllegalArgumentException if a label is outside {@code [0, classes)}, or if {@code
   *     labels.length * classes} exceeds the largest array ({@link Sizes#product})
   */
  public static Tensor encode(int[] labels, int classes) {
    checkArgument(labels != null, "OneHot.encode: labels is null");
    if (classes <= 0) {
      throw new IllegalArgumentException("oneHot: classes must be positive, got " + classes);
    }
    double[] out =
        new double[Sizes.product("OneHot.encode", "labels x classes", labels.length, classes)];
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] >= classes) {
        throw new IllegalArgumentException(
            String.format("oneHot: label %d is %d, outside [0, %d)", i, labels[i], classes));
      }
      out[i * classes + labels[i]] = 1;
    }
    return Tensor.of(out, labels.length, classes);
  }

  /**
   * {@return the one-hot encoding of the whole-number labels in the 1-d tensor {@code labels}}
   *
   * @param labels the class indices, each in {@code [0, classes)}
   * @param classes the number of classes, at least 1
   * @throws IllegalArgumentException if a label is not a whole number in {@code [0, classes)}
   */
  public static Tensor encode(Tensor labels, int classes) {
    checkArgument(labels != null, "OneHot.encode: labels is null");
    return encode(classIndices(labels), classes);
  }

  /**
   * {@return the index of the largest entry of each row of {@code [n, classes]} scores}
   *
   * @param scores the scores, {@code [n, classes]} or shaped as the labels
   */
  public static int[] decode(Tensor scores) {
    checkArgument(scores != null, "OneHot.decode: scores is null");
    return classIndices(scores.argmax(-1));
  }

  /**
   * {@return the whole numbers held by a 1-d tensor as ints}
   *
   * @param labels the class indices, each in {@code [0, classes)}
   * @throws IllegalArgumentException if the tensor is not 1-d or an entry is not a whole number
   */
  public static int[] classIndices(Tensor labels) {
    checkArgument(labels != null, "OneHot.classIndices: labels is null");
    checkArgument(
        labels.dim() == 1,
        "classIndices: labels must be 1-d, got shape %s",
        java.util.Arrays.toString(labels.shape()));
    return Indices.of(labels, "classIndices", "label");
  }
}
