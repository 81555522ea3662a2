package dev.jgrad.nn;

/** The null checks shared by the public entry points of this package. */
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
}
