package dev.jgrad.nn.data;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.autograd.Tensor;

/**
 * Turns a tensor of class labels or indices into an {@code int[]}: the one conversion behind
 * {@link OneHot#classIndices}, {@code Metrics.toInts}, the class targets of {@code Losses} and
 * {@code Embedding}'s indices, so all of them accept and refuse the same values.
 */
public final class Indices {
  private Indices() {}

  /**
   * {@return the entries of {@code values} (any shape, flattened in row-major order) as ints}
   *
   * @param values the tensor holding whole numbers
   * @param caller the method named in an error, such as {@code "crossEntropy"}
   * @param what what one entry is called in an error, such as {@code "target"}
   * @throws IllegalArgumentException if {@code values} is null, or reading {@code "<caller>:
   *     <what> <i> is <v>, not a whole number"} for the first entry that is not a whole number in
   *     the range of {@code int}
   */
  public static int[] of(Tensor values, String caller, String what) {
    checkArgument(values != null, "%s: %ss are null", caller, what);
    double[] v = values.toArray();
    int[] out = new int[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = (int) v[i];
      checkArgument(
          out[i] == v[i],
          "%s: %s %s is %s, not a whole number%s",
          caller,
          what,
          i,
          v[i],
          Math.rint(v[i]) == v[i] ? " in the int range" : "");
    }
    return out;
  }
}
