package dev.jgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The 2-d matmul backward reads transposed operands in place when no graph is recorded; it must
 * give the same gradients as the differentiable path used with {@code createGraph}, and match
 * central differences.
 */
class MatMulBackwardProperties {

  @Property(tries = 60)
  void fastBackwardMatchesTheRecordedOne(
      @ForAll @IntRange(min = 1, max = 20) int n,
      @ForAll @IntRange(min = 1, max = 20) int k,
      @ForAll @IntRange(min = 1, max = 20) int m,
      @ForAll long seed) {
    Random random = new Random(seed);
    Tensor a = Tensor.randn(random, n, k).requiresGrad();
    Tensor b = Tensor.randn(random, k, m).requiresGrad();
    Tensor w = Tensor.randn(random, n, m);
    a.matmul(b).mul(w).sum().backward();
    List<Tensor> recorded = Autograd.grad(List.of(a.matmul(b).mul(w).sum()), List.of(a, b), true);
    assertClose(recorded.get(0), a.grad());
    assertClose(recorded.get(1), b.grad());
  }

  @Test
  void gradientMatchesCentralDifferences() {
    Random random = new Random(11);
    Tensor a = Tensor.randn(random, 7, 19);
    Tensor b = Tensor.randn(random, 19, 5);
    GradCheck.check(in -> in.get(0).matmul(in.get(1)), a, b).assertOk();
  }

  @Test
  void inputWithoutGradGetsNone() {
    Tensor a = Tensor.of(new double[][] {{1, 2}, {3, 4}});
    Tensor b = Tensor.of(new double[][] {{5, 6}, {7, 8}}).requiresGrad();
    a.matmul(b).sum().backward();
    assertNull(a.grad());
    // d sum(a b) / d b[p, j] = sum_i a[i, p]
    assertEquals(List.of(4.0, 4.0, 6.0, 6.0), toList(b.grad()));
  }

  private static List<Double> toList(Tensor t) {
    return java.util.Arrays.stream(t.toArray()).boxed().toList();
  }

  private static void assertClose(Tensor expected, Tensor actual) {
    double[] e = expected.toArray();
    double[] a = actual.toArray();
    assertEquals(e.length, a.length);
    for (int i = 0; i < e.length; i++) {
      assertEquals(e[i], a[i], 1e-12 * (1 + Math.abs(e[i])), "element " + i);
    }
  }
}
