package dev.jgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** One property per engine-side defect class of the reliability issue. */
class EngineReliabilityProperties {

  /** Silent wrong numbers: softmax sums to 1 and logSoftmax stays exact whatever the offset. */
  @Property(tries = 200)
  void softmaxIsExactAtAnyOffset(
      @ForAll @IntRange(min = 1, max = 12) int n,
      @ForAll @IntRange(min = 0, max = 300) int exponent,
      @ForAll long seed) {
    Random r = new Random(seed);
    double offset = (r.nextBoolean() ? 1 : -1) * Math.pow(10, exponent);
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = offset + (r.nextInt(3) - 1) * Math.ulp(offset) * r.nextInt(4);
    }
    Tensor x = Tensor.of(v);
    double sum = 0;
    for (double p : x.softmax(0).toArray()) {
      assertTrue(p >= 0 && p <= 1, "probability " + p);
      sum += p;
    }
    assertEquals(1, sum, 4 * n * Math.ulp(1.0), "softmax sums to 1 at offset " + offset);
    // The max element's log-probability is -log(count of the max ... ) at most; never positive.
    for (double l : x.logSoftmax(0).toArray()) {
      assertTrue(l <= 0, "log-probability " + l);
    }
  }

  /** Raw exceptions: a shape whose product would wrap is an IllegalArgumentException naming the op. */
  @Property(tries = 300)
  void reshapeToAnyShapeSucceedsOrSaysWhy(
      @ForAll @Size(min = 1, max = 5) List<@IntRange(min = -2, max = Integer.MAX_VALUE) Integer> sizes) {
    int[] shape = sizes.stream().mapToInt(Integer::intValue).toArray();
    try {
      Tensor t = Tensor.ones(24).reshape(shape);
      assertEquals(24, t.numel());
    } catch (IllegalArgumentException e) {
      assertTrue(e.getMessage().startsWith("reshape:"), e.getMessage());
    }
  }

  /** Misleading state: scopes closed in any order leave the modes as their nesting says. */
  @Property(tries = 200)
  void scopesRestoreOrRefuse(@ForAll long seed) {
    Random r = new Random(seed);
    List<Autograd.Scope> open = new ArrayList<>();
    List<Boolean> before = new ArrayList<>();
    for (int step = 0; step < 12; step++) {
      if (open.isEmpty() || r.nextBoolean()) {
        before.add(Autograd.isGradEnabled());
        open.add(r.nextBoolean() ? Autograd.noGrad() : Autograd.enableGrad());
      } else {
        int k = r.nextInt(open.size());
        if (k == open.size() - 1) {
          open.remove(k).close();
          assertEquals(before.remove(k), Autograd.isGradEnabled());
        } else {
          boolean mode = Autograd.isGradEnabled();
          assertThrows(IllegalStateException.class, open.get(k)::close);
          assertEquals(mode, Autograd.isGradEnabled(), "a refused close changes nothing");
        }
      }
    }
    while (!open.isEmpty()) {
      open.remove(open.size() - 1).close();
    }
    assertTrue(Autograd.isGradEnabled());
  }
}
