package dev.jgrad.autograd.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The matmul kernels against a naive triple loop: the scalar kernel always, the SIMD kernel when
 * the JVM has the Vector API module. Agreement is to 1e-12 relative to {@code sum_p |a||b|} per
 * element (the kernels sum in different orders and the SIMD one uses fused multiply-adds).
 */
class MatMulKernelProperties {
  private static final double TOL = 1e-12;

  /** The kernels to check: scalar, plus the SIMD one if it loads. */
  private static List<GemmKernel> kernels() {
    List<GemmKernel> ks = new ArrayList<>();
    ks.add(MatMul.scalarKernel());
    GemmKernel v = MatMul.vectorKernel();
    if (v != null) {
      ks.add(v);
    }
    return ks;
  }

  @Test
  void theKernelInUseIsTheExpectedOne() {
    String expect = System.getProperty("jgrad.test.expectKernel");
    if (expect == null) {
      return; // run outside Maven: either kernel is right
    }
    if (expect.equals("vector")) {
      assertNotNull(MatMul.vectorKernel(), "the Vector API kernel did not load");
      assertTrue(MatMul.kernelName().startsWith("vector"), MatMul.kernelName());
    } else {
      assertEquals("scalar", MatMul.kernelName());
    }
  }

  @Property(tries = 150)
  void everyKernelMatchesTheNaiveProduct(
      @ForAll @IntRange(min = 1, max = 40) int n,
      @ForAll @IntRange(min = 1, max = 40) int k,
      @ForAll @IntRange(min = 1, max = 40) int m,
      @ForAll boolean transA,
      @ForAll boolean transB,
      @ForAll long seed) {
    checkAllKernels(n, k, m, transA, transB, new Random(seed));
  }

  @Test
  void blockEdgesAreHandled() {
    // Sizes across the SIMD kernel's blocks (MR = 6, NR = 2 vectors, KC = 256, MC = 96).
    Random random = new Random(7);
    int[][] shapes = {{1, 1, 1}, {6, 16, 8}, {7, 17, 9}, {97, 257, 33}, {100, 300, 37}, {5, 513, 2}};
    for (int[] s : shapes) {
      for (int t = 0; t < 4; t++) {
        checkAllKernels(s[0], s[1], s[2], (t & 1) != 0, (t & 2) != 0, random);
      }
    }
  }

  @Test
  void resultDoesNotDependOnTheThreadCount() {
    Random random = new Random(3);
    int n = 300;
    int k = 200;
    int m = 260;
    double[] a = randn(random, n * k);
    double[] b = randn(random, k * m);
    for (GemmKernel kernel : kernels()) {
      double[] one = new double[n * m];
      double[] two = new double[n * m];
      MatMul.gemm(kernel, 1, false, false, a, 0, b, 0, one, 0, n, k, m);
      MatMul.gemm(kernel, 2, false, false, a, 0, b, 0, two, 0, n, k, m);
      assertArrayEquals(one, two, 0.0, kernel.name());
    }
  }

  @Test
  void zeroTimesInfinityIsNaN() {
    for (GemmKernel kernel : kernels()) {
      double[] a = {0, 1};
      double[] b = {Double.POSITIVE_INFINITY, 2};
      double[] c = new double[1];
      MatMul.gemm(kernel, 1, false, false, a, 0, b, 0, c, 0, 1, 2, 1);
      assertTrue(Double.isNaN(c[0]), kernel.name() + " gave " + c[0]);
    }
  }

  @Test
  void productIsAddedToTheOutputAtItsOffset() {
    for (GemmKernel kernel : kernels()) {
      double[] a = {1, 2, 3, 4}; // [2, 2]
      double[] b = {5, 6, 7, 8}; // [2, 2]
      double[] c = {100, 1, 1, 1, 1, 100};
      MatMul.gemm(kernel, 1, false, false, a, 0, b, 0, c, 1, 2, 2, 2);
      assertArrayEquals(new double[] {100, 20, 23, 44, 51, 100}, c, 0.0, kernel.name());
    }
  }

  private static void checkAllKernels(int n, int k, int m, boolean transA, boolean transB, Random random) {
    double[] a = randn(random, n * k);
    double[] b = randn(random, k * m);
    double[] c0 = randn(random, n * m);
    double[] expected = c0.clone();
    double[] scale = new double[n * m];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < m; j++) {
        double s = 0;
        double abs = Math.abs(c0[i * m + j]);
        for (int p = 0; p < k; p++) {
          double av = transA ? a[p * n + i] : a[i * k + p];
          double bv = transB ? b[j * k + p] : b[p * m + j];
          s += av * bv;
          abs += Math.abs(av * bv);
        }
        expected[i * m + j] += s;
        scale[i * m + j] = abs;
      }
    }
    for (GemmKernel kernel : kernels()) {
      double[] c = c0.clone();
      MatMul.gemm(kernel, 2, transA, transB, a, 0, b, 0, c, 0, n, k, m);
      for (int e = 0; e < c.length; e++) {
        double err = Math.abs(c[e] - expected[e]);
        assertTrue(
            err <= TOL * scale[e],
            String.format(
                "%s, [%d, %d] x [%d, %d], transA=%b transB=%b: element %d is %s, expected %s",
                kernel.name(), n, k, k, m, transA, transB, e, c[e], expected[e]));
      }
    }
  }

  private static double[] randn(Random random, int size) {
    double[] x = new double[size];
    for (int i = 0; i < size; i++) {
      x[i] = random.nextGaussian();
    }
    return x;
  }
}
