package dev.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.Tensor;
import dev.jgrad.nn.data.OneHot;
import java.math.BigInteger;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * {@link Sizes#product} returns the exact product whenever it fits in an array and throws an
 * {@link IllegalArgumentException} otherwise, and the nn calls built on it either give a result
 * of the right size or that exception, never a wrapped-around size.
 */
class SizesProperties {
  @Provide
  Arbitrary<Integer> sizes() {
    return Arbitraries.oneOf(
        Arbitraries.of(0, 1, 2, -1, 46341, 65536, 1 << 30, Integer.MAX_VALUE, Integer.MIN_VALUE),
        Arbitraries.integers().between(0, 100),
        Arbitraries.integers().between(0, Integer.MAX_VALUE),
        Arbitraries.integers());
  }

  @Property(tries = 300, seed = "1409")
  void productIsExactOrRejected(@ForAll @Size(max = 4) List<@From("sizes") Integer> factors) {
    int[] f = factors.stream().mapToInt(Integer::intValue).toArray();
    BigInteger exact = BigInteger.ONE;
    boolean negative = false;
    for (int x : f) {
      exact = exact.multiply(BigInteger.valueOf(x));
      negative |= x < 0;
    }
    if (!negative && exact.compareTo(BigInteger.valueOf(Sizes.MAX_ELEMENTS)) <= 0) {
      assertEquals(exact.intValueExact(), Sizes.product("p", "factors", f));
    } else {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> Sizes.product("p", "factors", f));
      assertTrue(e.getMessage().startsWith("p: factors = "), e.getMessage());
      assertTrue(
          e.getMessage().contains(negative ? "negative factor" : " = " + exact + " elements"),
          e.getMessage());
    }
  }

  @Property(tries = 200, seed = "1410")
  void oneHotIsRightOrRejectedWhateverTheSizes(
      @ForAll @IntRange(min = 0, max = 70_000) int labels,
      @ForAll("sizes") int classes) {
    long cells = (long) labels * classes;
    if (classes <= 0 || cells > Sizes.MAX_ELEMENTS) {
      assertThrows(IllegalArgumentException.class, () -> OneHot.encode(new int[labels], classes));
    } else if (cells <= 1_000_000) {
      int[] y = new int[labels];
      for (int i = 0; i < labels; i++) {
        y[i] = (int) ((i * 7919L) % classes);
      }
      Tensor encoded = OneHot.encode(y, classes);
      assertArrayEquals(new int[] {labels, classes}, encoded.shape());
      assertEquals(labels, encoded.sum().item(), 0);
      if (labels > 0) {
        assertArrayEquals(y, OneHot.decode(encoded));
      }
    }
  }
}
