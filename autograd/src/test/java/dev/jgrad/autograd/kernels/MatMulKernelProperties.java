package dev.jgrad.autograd.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
 *
 * <p>The float kernels are checked against the same loop run in {@code double} on the float
 * inputs, to the worst-case bound of float summation: {@code (k + 2) 2^-24} relative to
 * {@code |c| + sum_p |a||b|} ({@code k} rounded multiply-adds plus the final rounding).
 */
class MatMulKernelProperties {
  private static final double TOL = 1e-12;
  /** The unit roundoff of float, {@code 2^-24}. */
  private static final double FLOAT_UNIT = Math.ulp(1.0f) / 2;

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
    // The SIMD kernel reads A in place for the small ones and packs it for the last two.
    int[][] shapes = {
      {1, 1, 1}, {6, 16, 8}, {7, 17, 9}, {97, 257, 33}, {100, 300, 37}, {5, 513, 2}, {300, 257, 200},
      {151, 513, 70}
    };
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

  @Property(tries = 150)
  void everyFloatKernelMatchesTheProductInDouble(
      @ForAll @IntRange(min = 1, max = 40) int n,
      @ForAll @IntRange(min = 1, max = 40) int k,
      @ForAll @IntRange(min = 1, max = 70) int m,
      @ForAll boolean transA,
      @ForAll boolean transB,
      @ForAll @IntRange(min = 0, max = 3) int offset,
      @ForAll long seed) {
    checkAllFloatKernels(n, k, m, transA, transB, offset, new Random(seed));
  }

  @Test
  void floatBlockEdgesAreHandled() {
    // Sizes across the SIMD kernel's blocks (MR = 6, NR = 2 vectors = 32 floats with AVX-512, KC =
    // 256, MC = 96), primes, and one product big enough to be split over two threads.
    Random random = new Random(11);
    int[][] shapes = {
      {1, 1, 1}, {6, 16, 32}, {7, 17, 33}, {13, 31, 65}, {97, 257, 33}, {100, 300, 37}, {5, 513, 2},
      {3, 7, 211}, {211, 260, 197}, {300, 257, 200}, {151, 513, 70}
    };
    for (int[] s : shapes) {
      for (int t = 0; t < 4; t++) {
        checkAllFloatKernels(s[0], s[1], s[2], (t & 1) != 0, (t & 2) != 0, t, random);
      }
    }
  }

  @Test
  void floatResultDoesNotDependOnTheThreadCount() {
    Random random = new Random(5);
    int n = 300;
    int k = 200;
    int m = 260;
    float[] a = randnFloat(random, n * k);
    float[] b = randnFloat(random, k * m);
    for (GemmKernel kernel : kernels()) {
      for (int t = 0; t < 4; t++) {
        boolean transA = (t & 1) != 0;
        boolean transB = (t & 2) != 0;
        float[] one = new float[n * m];
        float[] two = new float[n * m];
        MatMul.gemm(kernel, 1, transA, transB, a, 0, b, 0, one, 0, n, k, m);
        MatMul.gemm(kernel, 2, transA, transB, a, 0, b, 0, two, 0, n, k, m);
        assertArrayEquals(one, two, 0.0f, kernel.name() + " transA=" + transA + " transB=" + transB);
      }
    }
  }

  @Test
  void publicFloatGemmMatchesTheProductInDouble() {
    // Through the kernel MatMul picks: scalar for the tiny product, the SIMD one (when loaded) and
    // two threads for the big one.
    Random random = new Random(13);
    int[][] shapes = {{2, 3, 4}, {64, 64, 64}, {257, 129, 300}};
    for (int[] s : shapes) {
      int n = s[0];
      int k = s[1];
      int m = s[2];
      float[] a = randnFloat(random, n * k);
      float[] b = randnFloat(random, k * m);
      float[] c = randnFloat(random, n * m);
      double[][] expected = naiveProduct(widen(a), 0, widen(b), 0, widen(c), 0, n, k, m, false, false);
      MatMul.gemm(a, 0, b, 0, c, 0, n, k, m);
      assertWithinFloatBound(MatMul.kernelName() + " (public)", c, 0, expected, n, k, m, false, false);
    }
  }

  @Test
  void floatZeroTimesInfinityIsNaN() {
    for (GemmKernel kernel : kernels()) {
      float[] a = {0, 1};
      float[] b = {Float.POSITIVE_INFINITY, 2};
      float[] c = new float[1];
      MatMul.gemm(kernel, 1, false, false, a, 0, b, 0, c, 0, 1, 2, 1);
      assertTrue(Float.isNaN(c[0]), kernel.name() + " gave " + c[0]);
    }
  }

  @Test
  void floatProductIsAddedToTheOutputAtItsOffset() {
    for (GemmKernel kernel : kernels()) {
      float[] a = {9, 1, 2, 3, 4}; // [2, 2] from offset 1
      float[] b = {9, 9, 5, 6, 7, 8}; // [2, 2] from offset 2
      float[] c = {100, 1, 1, 1, 1, 100};
      MatMul.gemm(kernel, 1, false, false, a, 1, b, 2, c, 1, 2, 2, 2);
      assertArrayEquals(new float[] {100, 20, 23, 44, 51, 100}, c, 0.0f, kernel.name());
    }
  }

  @Test
  void badOperandsAreRejectedWithTheirShapes() {
    double[] d = new double[6];
    float[] f = new float[6];
    IllegalArgumentException shortB =
        assertThrows(IllegalArgumentException.class, () -> MatMul.gemm(d, 0, d, 1, d, 0, 2, 3, 2));
    assertEquals(
        "MatMul.gemm: op(B) [3, 2] needs 6 elements from offset 1, but its array has 6",
        shortB.getMessage());
    IllegalArgumentException shortC =
        assertThrows(
            IllegalArgumentException.class,
            () -> MatMul.gemm(true, false, f, 0, f, 0, new float[3], 0, 2, 3, 2));
    assertEquals(
        "MatMul.gemm: C [2, 2] needs 4 elements from offset 0, but its array has 3",
        shortC.getMessage());
    IllegalArgumentException negative =
        assertThrows(IllegalArgumentException.class, () -> MatMul.gemm(f, 0, f, 0, f, 0, 2, -1, 2));
    assertEquals("MatMul.gemm: sizes must be non-negative, got n=2, k=-1, m=2", negative.getMessage());
    IllegalArgumentException negativeOffset =
        assertThrows(IllegalArgumentException.class, () -> MatMul.gemm(f, -1, f, 0, f, 0, 1, 1, 1));
    assertEquals(
        "MatMul.gemm: op(A) [1, 1] needs 1 elements from offset -1, but its array has 6",
        negativeOffset.getMessage());
    IllegalArgumentException nullA =
        assertThrows(
            IllegalArgumentException.class, () -> MatMul.gemm((float[]) null, 0, f, 0, f, 0, 1, 1, 1));
    assertEquals("MatMul.gemm: the array of op(A) is null", nullA.getMessage());
  }

  /**
   * {@link Gemm#gemm} computes {@code A B^T} for A with few rows as {@code (B A^T)^T} (see {@link
   * Gemm#swapsOperands}); the result, added to C at an offset, agrees with the naive loop in both
   * dtypes, on sizes that end inside a register tile and at offsets into longer arrays.
   */
  @Property(tries = 60)
  void fewRowsTimesATransposedOperandMatchTheNaiveProduct(
      @ForAll @IntRange(min = 1, max = 64) int rows,
      @ForAll @IntRange(min = 64, max = 300) int k,
      @ForAll @IntRange(min = 64, max = 300) int m,
      @ForAll @IntRange(min = 0, max = 5) int offset,
      @ForAll long seed) {
    int n = 1 + (rows - 1) % (int) Math.min(64, (long) m * k / (2L * (k + m)));
    assertTrue(Gemm.swapsOperands(n, k, m), n + " x " + k + " x " + m);
    Random random = new Random(seed);
    double[] a = randn(random, offset + n * k);
    double[] b = randn(random, 2 * offset + k * m);
    double[] c0 = randn(random, 3 * offset + n * m);
    double[][] expected = naiveProduct(a, offset, b, 2 * offset, c0, 3 * offset, n, k, m, false, true);
    Storage c64 = Storage.of(c0.clone());
    Gemm.gemm(false, true, Storage.of(a), offset, Storage.of(b), 2 * offset, c64, 3 * offset, n, k, m);
    float[] af = new float[a.length];
    float[] bf = new float[b.length];
    float[] cf = new float[c0.length];
    for (int i = 0; i < a.length; i++) {
      af[i] = (float) a[i];
    }
    for (int i = 0; i < b.length; i++) {
      bf[i] = (float) b[i];
    }
    for (int i = 0; i < c0.length; i++) {
      cf[i] = (float) c0[i];
    }
    double[][] expectedF =
        naiveProduct(widen(af), offset, widen(bf), 2 * offset, widen(cf), 3 * offset, n, k, m, false, true);
    Storage c32 = Storage.of(cf.clone());
    Gemm.gemm(false, true, Storage.of(af), offset, Storage.of(bf), 2 * offset, c32, 3 * offset, n, k, m);
    float[] got32 = new float[cf.length];
    for (int e = 0; e < cf.length; e++) {
      got32[e] = (float) c32.get(e);
    }
    for (int e = 0; e < 3 * offset; e++) {
      assertEquals(c0[e], c64.get(e), 0.0, "f64 element " + e + " before C was written");
      assertEquals(cf[e], got32[e], 0.0f, "f32 element " + e + " before C was written");
    }
    for (int e = 0; e < n * m; e++) {
      double err = Math.abs(c64.get(3 * offset + e) - expected[0][e]);
      assertTrue(
          err <= TOL * expected[1][e],
          String.format("f64 [%d, %d] x [%d, %d]^T: element %d is %s, expected %s",
              n, k, m, k, e, c64.get(3 * offset + e), expected[0][e]));
    }
    assertWithinFloatBound("Gemm.gemm", got32, 3 * offset, expectedF, n, k, m, false, true);
  }

  /**
   * Products big enough to be shared by threads (the SIMD kernel's shared panels of B, with rows
   * taken from a counter): several panels of B along k and along m, edge tiles, few rows, both
   * element types, transposed operands and offsets. Each agrees with the naive product and, bit
   * for bit, with the one-thread result, with 2 and 3 threads.
   */
  @Test
  void sharedProductsMatchTheNaiveProductAndTheOneThreadResult() {
    Random random = new Random(13);
    int[][] shapes = {{301, 523, 67}, {16, 130, 4100}, {17, 700, 709}, {1000, 97, 89}};
    for (int[] shape : shapes) {
      int n = shape[0];
      int k = shape[1];
      int m = shape[2];
      assertTrue((long) n * k * m >= MatMul.PARALLEL_FLOPS, "shape too small to be shared");
      for (int trans = 0; trans < 4; trans++) {
        boolean transA = (trans & 1) != 0;
        boolean transB = (trans & 2) != 0;
        int offset = trans + 1;
        String what = String.format("[%d, %d] x [%d, %d], transA=%b transB=%b", n, k, k, m,
            transA, transB);
        double[] a = randn(random, offset + n * k);
        double[] b = randn(random, 2 * offset + k * m);
        double[] c0 = randn(random, 3 * offset + n * m);
        double[][] expected =
            naiveProduct(a, offset, b, 2 * offset, c0, 3 * offset, n, k, m, transA, transB);
        float[] af = narrow(a);
        float[] bf = narrow(b);
        float[] cf0 = narrow(c0);
        double[][] expectedF = naiveProduct(
            widen(af), offset, widen(bf), 2 * offset, widen(cf0), 3 * offset, n, k, m, transA,
            transB);
        for (GemmKernel kernel : kernels()) {
          double[] one = c0.clone();
          MatMul.gemm(kernel, 1, transA, transB, a, offset, b, 2 * offset, one, 3 * offset, n, k, m);
          float[] oneF = cf0.clone();
          MatMul.gemm(kernel, 1, transA, transB, af, offset, bf, 2 * offset, oneF, 3 * offset, n, k, m);
          for (int e = 0; e < n * m; e++) {
            double err = Math.abs(one[3 * offset + e] - expected[0][e]);
            assertTrue(err <= TOL * expected[1][e], kernel.name() + " " + what + ": element " + e);
          }
          assertWithinFloatBound(kernel.name(), oneF, 3 * offset, expectedF, n, k, m, transA, transB);
          for (int threads = 2; threads <= 3; threads++) {
            double[] c = c0.clone();
            MatMul.gemm(kernel, threads, transA, transB, a, offset, b, 2 * offset, c, 3 * offset, n, k, m);
            assertArrayEquals(one, c, 0.0, kernel.name() + " " + what + ", threads " + threads);
            float[] cf = cf0.clone();
            MatMul.gemm(kernel, threads, transA, transB, af, offset, bf, 2 * offset, cf, 3 * offset, n, k, m);
            assertArrayEquals(oneF, cf, 0.0f, kernel.name() + " float " + what + ", threads " + threads);
          }
        }
      }
    }
  }

  /**
   * Shared products started by several threads at once (they compete for the helper threads, and
   * a product may get no helper at all) each give the one-thread result.
   */
  @Test
  void concurrentSharedProductsGiveTheOneThreadResult() throws Exception {
    Random random = new Random(17);
    int n = 301;
    int k = 523;
    int m = 67;
    double[] a = randn(random, n * k);
    double[] b = randn(random, k * m);
    for (GemmKernel kernel : kernels()) {
      double[] one = new double[n * m];
      MatMul.gemm(kernel, 1, false, true, a, 0, b, 0, one, 0, n, k, m);
      List<Thread> callers = new ArrayList<>();
      List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
      for (int t = 0; t < 3; t++) {
        Thread caller = new Thread(() -> {
          try {
            for (int rep = 0; rep < 5; rep++) {
              double[] c = new double[n * m];
              MatMul.gemm(kernel, 2, false, true, a, 0, b, 0, c, 0, n, k, m);
              assertArrayEquals(one, c, 0.0, kernel.name() + ", repetition " + rep);
            }
          } catch (Throwable e) {
            failures.add(e);
          }
        });
        callers.add(caller);
        caller.start();
      }
      for (Thread caller : callers) {
        caller.join();
      }
      assertTrue(failures.isEmpty(), () -> kernel.name() + ": " + failures);
    }
  }

  private static float[] narrow(double[] x) {
    float[] f = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      f[i] = (float) x[i];
    }
    return f;
  }

  /** Every kernel's {@link GemmKernel#addTransposed} adds exactly {@code t^T} at the offset. */
  @Property(tries = 60)
  void everyKernelAddsATransposedMatrix(
      @ForAll @IntRange(min = 1, max = 150) int rows,
      @ForAll @IntRange(min = 1, max = 40) int cols,
      @ForAll @IntRange(min = 0, max = 5) int offset,
      @ForAll long seed) {
    Random random = new Random(seed);
    float[] t = randnFloat(random, rows * cols);
    float[] c0 = randnFloat(random, offset + rows * cols + 3);
    for (GemmKernel kernel : kernels()) {
      float[] c = c0.clone();
      kernel.addTransposed(t, rows, cols, c, offset);
      for (int e = 0; e < c.length; e++) {
        int rel = e - offset;
        float want =
            rel >= 0 && rel < rows * cols ? c0[e] + t[(rel % rows) * cols + rel / rows] : c0[e];
        assertEquals(want, c[e], 0.0f, kernel.name() + ": element " + e);
      }
    }
  }

  private static void checkAllFloatKernels(
      int n, int k, int m, boolean transA, boolean transB, int offset, Random random) {
    float[] a = randnFloat(random, offset + n * k);
    float[] b = randnFloat(random, 2 * offset + k * m);
    float[] c0 = randnFloat(random, 3 * offset + n * m);
    double[][] expected =
        naiveProduct(widen(a), offset, widen(b), 2 * offset, widen(c0), 3 * offset, n, k, m, transA, transB);
    for (GemmKernel kernel : kernels()) {
      float[] c = c0.clone();
      MatMul.gemm(kernel, 2, transA, transB, a, offset, b, 2 * offset, c, 3 * offset, n, k, m);
      assertWithinFloatBound(kernel.name(), c, 3 * offset, expected, n, k, m, transA, transB);
      for (int e = 0; e < 3 * offset; e++) {
        assertEquals(c0[e], c[e], 0.0f, kernel.name() + ": element " + e + " before C was written");
      }
    }
  }

  /**
   * Returns {@code {C + op(A) op(B), |C| + sum_p |a||b|}}, each {@code [n * m]}, by the naive
   * triple loop in double; float operands are passed widened (exactly) to double.
   */
  private static double[][] naiveProduct(
      double[] a, int aOff, double[] b, int bOff, double[] c, int cOff, int n, int k, int m,
      boolean transA, boolean transB) {
    double[] expected = new double[n * m];
    double[] scale = new double[n * m];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < m; j++) {
        double s = 0;
        double abs = Math.abs(c[cOff + i * m + j]);
        for (int p = 0; p < k; p++) {
          double av = transA ? a[aOff + p * n + i] : a[aOff + i * k + p];
          double bv = transB ? b[bOff + j * k + p] : b[bOff + p * m + j];
          s += av * bv;
          abs += Math.abs(av * bv);
        }
        expected[i * m + j] = c[cOff + i * m + j] + s;
        scale[i * m + j] = abs;
      }
    }
    return new double[][] {expected, scale};
  }

  static double[] widen(float[] x) {
    double[] d = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      d[i] = x[i];
    }
    return d;
  }

  private static void assertWithinFloatBound(
      String kernel, float[] c, int cOff, double[][] expected, int n, int k, int m,
      boolean transA, boolean transB) {
    for (int e = 0; e < n * m; e++) {
      double err = Math.abs(c[cOff + e] - expected[0][e]);
      assertTrue(
          err <= (k + 2) * FLOAT_UNIT * expected[1][e],
          String.format(
              "%s float, [%d, %d] x [%d, %d], transA=%b transB=%b: element %d is %s, expected %s",
              kernel, n, k, k, m, transA, transB, e, c[cOff + e], expected[0][e]));
    }
  }

  private static void checkAllKernels(int n, int k, int m, boolean transA, boolean transB, Random random) {
    double[] a = randn(random, n * k);
    double[] b = randn(random, k * m);
    double[] c0 = randn(random, n * m);
    double[][] expected = naiveProduct(a, 0, b, 0, c0, 0, n, k, m, transA, transB);
    for (GemmKernel kernel : kernels()) {
      double[] c = c0.clone();
      MatMul.gemm(kernel, 2, transA, transB, a, 0, b, 0, c, 0, n, k, m);
      for (int e = 0; e < c.length; e++) {
        double err = Math.abs(c[e] - expected[0][e]);
        assertTrue(
            err <= TOL * expected[1][e],
            String.format(
                "%s, [%d, %d] x [%d, %d], transA=%b transB=%b: element %d is %s, expected %s",
                kernel.name(), n, k, k, m, transA, transB, e, c[e], expected[0][e]));
      }
    }
  }

  static double[] randn(Random random, int size) {
    double[] x = new double[size];
    for (int i = 0; i < size; i++) {
      x[i] = random.nextGaussian();
    }
    return x;
  }

  static float[] randnFloat(Random random, int size) {
    float[] x = new float[size];
    for (int i = 0; i < size; i++) {
      x[i] = (float) random.nextGaussian();
    }
    return x;
  }
}
