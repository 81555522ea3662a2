package dev.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jgrad.nn.data.OneHot;
import dev.jgrad.nn.train.Metrics;
import org.junit.jupiter.api.Test;

/** Array sizes nn computes from its arguments are checked, once, by {@link Sizes#product}. */
class SizesTest {
  @Test
  void productIsExactOrAClearError() {
    assertEquals(6, Sizes.product("m", "a x b", 2, 3));
    assertEquals(1, Sizes.product("m", "nothing"));
    assertEquals(0, Sizes.product("m", "a x b x c", 1 << 30, 0, 1 << 30), "empty however large");
    assertEquals(
        "m: a x b = 65536 x 65536 = 4294967296 elements, more than the largest Java array"
            + " (2147483639); use fewer or smaller parts",
        assertThrows(
                IllegalArgumentException.class, () -> Sizes.product("m", "a x b", 65536, 65536))
            .getMessage());
    assertEquals(
        "m: a x b = 3 x -1 has a negative factor -1",
        assertThrows(IllegalArgumentException.class, () -> Sizes.product("m", "a x b", 3, -1))
            .getMessage());
  }

  @Test
  void oneHotWhoseSizeWrapsAroundIsRejected() {
    // 4 x 2^30 = 2^32 wrapped to 0 in int: an empty array, then ArrayIndexOutOfBoundsException.
    assertEquals(
        "OneHot.encode: labels x classes = 4 x 1073741824 = 4294967296 elements, more than the"
            + " largest Java array (2147483639); use fewer or smaller parts",
        assertThrows(IllegalArgumentException.class, () -> OneHot.encode(new int[4], 1 << 30))
            .getMessage());
    // 3 x 2^30 wrapped to a negative size: NegativeArraySizeException.
    assertThrows(IllegalArgumentException.class, () -> OneHot.encode(new int[3], 1 << 30));
  }

  @Test
  void confusionMatrixWithNegativeOrTooManyClassesIsRejected() {
    int[] two = {0, 1};
    assertEquals(
        "confusionMatrix: classes must be positive, got -1",
        assertThrows(IllegalArgumentException.class, () -> Metrics.confusionMatrix(two, two, -1))
            .getMessage());
    assertEquals(
        "confusionMatrix: classes x classes = 50000 x 50000 = 2500000000 elements, more than the"
            + " largest Java array (2147483639); use fewer or smaller parts",
        assertThrows(
                IllegalArgumentException.class, () -> Metrics.confusionMatrix(two, two, 50_000))
            .getMessage());
    assertEquals(
        "confusionMatrix: example 1 has predicted 1, actual 1, outside [0, 1)",
        assertThrows(IllegalArgumentException.class, () -> Metrics.confusionMatrix(two, two, 1))
            .getMessage());
  }
}
