package dev.jgrad.nn;

import dev.jgrad.autograd.Tensor;
import java.util.Arrays;

/** The argument checks shared by the public entry points of this package. */
final class Checks {
  private Checks() {}

  /**
   * Returns {@code value} if it is not null.
   *
   * @throws IllegalArgumentException reading {@code "<method>: <what> is null"} otherwise
   */
  static <T> T notNull(T value, String method, String what) {
    if (value == null) {
      throw new IllegalArgumentException(method + ": " + what + " is null");
    }
    return value;
  }

  /**
   * Checks that {@code input}'s last dim holds {@code features} entries.
   *
   * @throws IllegalArgumentException reading {@code "<module>: input shape [..] must end in <n>
   *     features"} otherwise (also for a 0-d input)
   */
  static void lastDim(Tensor input, int features, String module) {
    if (input.dim() == 0 || input.size(-1) != features) {
      throw new IllegalArgumentException(
          String.format(
              "%s: input shape %s must end in %d features",
              module, Arrays.toString(input.shape()), features));
    }
  }
}
