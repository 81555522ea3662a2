package dev.jgrad.nn;

import dev.jgrad.autograd.Shapes;
import java.math.BigInteger;

/**
 * The one place where nn multiplies sizes (rows by columns, labels by classes, classes by classes)
 * to size an array: the product is computed exactly and rejected with a clear message when it
 * does not fit in a Java array, instead of wrapping around and failing later with a negative or
 * too small array. The engine's tensors have their own check ({@code Shapes} in autograd).
 *
 * <pre>{@code
 * Sizes.product("OneHot.encode", "labels x classes", 3, 1 << 30)
 * // IllegalArgumentException: OneHot.encode: labels x classes = 3 x 1073741824 = 3221225472
 * //   elements, more than the largest Java array (2147483639); use fewer ...
 * }</pre>
 */
public final class Sizes {
  /** The most elements an array may hold: the largest array the JVM allocates. */
  public static final int MAX_ELEMENTS = Shapes.MAX_ELEMENTS;

  private Sizes() {}

  /**
   * {@return the product of {@code factors} (1 for none, 0 as soon as one factor is 0, however
   * large the others)}
   *
   * @param method the public method asking, named in the message
   * @param what the names of the factors, such as {@code "labels x classes"}
   * @param factors the sizes to multiply
   * @throws IllegalArgumentException naming {@code method}, {@code what} and the factors if a
   *     factor is negative or the product exceeds {@link #MAX_ELEMENTS}
   */
  public static int product(String method, String what, int... factors) {
    long n = 1;
    for (int f : factors) {
      if (f < 0) {
        throw new IllegalArgumentException(
            String.format("%s: %s = %s has a negative factor %d", method, what, join(factors), f));
      }
      if (f == 0) {
        n = 0;
      }
    }
    if (n == 0) {
      return 0;
    }
    for (int f : factors) {
      n *= f;
      if (n > MAX_ELEMENTS) {
        throw new IllegalArgumentException(
            String.format(
                "%s: %s = %s = %s elements, more than the largest Java array (%d); use fewer"
                    + " or smaller parts",
                method, what, join(factors), exact(factors), MAX_ELEMENTS));
      }
    }
    return (int) n;
  }

  private static String join(int[] factors) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < factors.length; i++) {
      sb.append(i == 0 ? "" : " x ").append(factors[i]);
    }
    return sb.toString();
  }

  /** Returns the exact product of {@code factors} (it may exceed a long). */
  private static BigInteger exact(int[] factors) {
    BigInteger v = BigInteger.ONE;
    for (int f : factors) {
      v = v.multiply(BigInteger.valueOf(f));
    }
    return v;
  }
}
