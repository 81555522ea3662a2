package dev.jgrad.autograd.kernels;

import static dev.jgrad.autograd.kernels.MatMulKernelProperties.randn;
import static dev.jgrad.autograd.kernels.MatMulKernelProperties.randnFloat;
import static dev.jgrad.autograd.kernels.MatMulKernelProperties.widen;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
 * Batched products ({@code gemmBatch}) of every kernel and of {@link MatMul#gemmBatch} against a
 * naive loop over the batch: operands with every matrix or one shared ({@code stride 0}), outputs
 * per product or one sum ({@code cStride 0}), both transposes, offsets, sizes from 1 across the
 * SIMD lane counts (4, 8, 16) and across {@link MatMul#BATCH_SMALL_FLOPS}. Doubles agree to 1e-12
 * of {@code |c| + sum |a||b|}, floats to the bound of float summation.
 */
class GemmBatchProperties {
  private static final double FLOAT_UNIT = Math.ulp(1.0f) / 2;

  private static List<GemmKernel> kernels() {
    List<GemmKernel> ks = new ArrayList<>();
    ks.add(MatMul.scalarKernel());
    GemmKernel v = MatMul.vectorKernel();
    if (v != null) {
      ks.add(v);
    }
    return ks;
  }

  /** One batched call's layout: sizes, transposes, which operands are shared, and offsets. */
  private record Layout(
      int batches, int n, int k, int m, boolean transA, boolean transB, boolean shareA,
      boolean shareB, boolean sumC, int offset) {
    int aStride() {
      return shareA ? 0 : n * k;
    }

    int bStride() {
      return shareB ? 0 : k * m;
    }

    int cStride() {
      return sumC ? 0 : n * m;
    }

    int length(int stride, int size) {
      return offset + (batches - 1) * stride + size + 3; // 3 spare elements after the last
    }
  }

  @Property(tries = 200)
  void doubleBatchesMatchTheNaiveLoop(
      @ForAll @IntRange(min = 1, max = 5) int batches,
      @ForAll @IntRange(min = 1, max = 35) int n,
      @ForAll @IntRange(min = 1, max = 35) int k,
      @ForAll @IntRange(min = 1, max = 35) int m,
      @ForAll boolean transA,
      @ForAll boolean transB,
      @ForAll boolean shareA,
      @ForAll boolean shareB,
      @ForAll boolean sumC,
      @ForAll @IntRange(min = 0, max = 3) int offset,
      @ForAll long seed) {
    Layout l = new Layout(batches, n, k, m, transA, transB, shareA, shareB, sumC, offset);
    Random random = new Random(seed);
    double[] a = randn(random, l.length(l.aStride(), n * k));
    double[] b = randn(random, l.length(l.bStride(), k * m));
    double[] c0 = randn(random, l.length(l.cStride(), n * m));
    double[][] want = naive(l, a, b, c0);
    for (GemmKernel kernel : kernels()) {
      double[] c = c0.clone();
      kernel.gemmBatch(transA, transB, a, offset, l.aStride(), b, offset, l.bStride(), c, offset,
          l.cStride(), batches, n, k, m);
      check(kernel.name(), l, c, want, 1e-12);
    }
    double[] c = c0.clone();
    MatMul.gemmBatch(transA, transB, a, offset, l.aStride(), b, offset, l.bStride(), c, offset,
        l.cStride(), batches, n, k, m);
    check("MatMul.gemmBatch", l, c, want, 1e-12);
  }

  @Property(tries = 200)
  void floatBatchesMatchTheNaiveLoopInDouble(
      @ForAll @IntRange(min = 1, max = 5) int batches,
      @ForAll @IntRange(min = 1, max = 35) int n,
      @ForAll @IntRange(min = 1, max = 35) int k,
      @ForAll @IntRange(min = 1, max = 35) int m,
      @ForAll boolean transA,
      @ForAll boolean transB,
      @ForAll boolean shareA,
      @ForAll boolean shareB,
      @ForAll boolean sumC,
      @ForAll @IntRange(min = 0, max = 3) int offset,
      @ForAll long seed) {
    Layout l = new Layout(batches, n, k, m, transA, transB, shareA, shareB, sumC, offset);
    Random random = new Random(seed);
    float[] a = randnFloat(random, l.length(l.aStride(), n * k));
    float[] b = randnFloat(random, l.length(l.bStride(), k * m));
    float[] c0 = randnFloat(random, l.length(l.cStride(), n * m));
    double[][] want = naive(l, widen(a), widen(b), widen(c0));
    // Each output element takes k rounded multiply-adds per product it sums, plus its rounding.
    double bound = ((sumC ? batches : 1) * k + 2) * FLOAT_UNIT;
    for (GemmKernel kernel : kernels()) {
      float[] c = c0.clone();
      kernel.gemmBatch(transA, transB, a, offset, l.aStride(), b, offset, l.bStride(), c, offset,
          l.cStride(), batches, n, k, m);
      check(kernel.name() + " float", l, widen(c), want, bound);
    }
    float[] c = c0.clone();
    MatMul.gemmBatch(transA, transB, a, offset, l.aStride(), b, offset, l.bStride(), c, offset,
        l.cStride(), batches, n, k, m);
    check("MatMul.gemmBatch float", l, widen(c), want, bound);
  }

  @Test
  void sizesAcrossTheSmallProductLimitAgree() {
    // 32^3 is the limit itself; 33 x 32 x 32 goes product by product through gemm.
    Random random = new Random(11);
    for (int[] s : new int[][] {{32, 32, 32}, {33, 32, 32}, {1, 1, 1}, {17, 13, 31}, {4, 64, 16}}) {
      Layout l = new Layout(3, s[0], s[1], s[2], false, true, false, true, false, 0);
      double[] a = randn(random, l.length(l.aStride(), s[0] * s[1]));
      double[] b = randn(random, l.length(l.bStride(), s[1] * s[2]));
      double[] c0 = randn(random, l.length(l.cStride(), s[0] * s[2]));
      double[] c = c0.clone();
      MatMul.gemmBatch(false, true, a, 0, l.aStride(), b, 0, 0, c, 0, l.cStride(), 3, s[0], s[1],
          s[2]);
      check("MatMul.gemmBatch", l, c, naive(l, a, b, c0), 1e-12);
    }
  }

  @Test
  void emptyBatchesAndEmptyProductsLeaveTheOutputAsItIs() {
    double[] a = {1, 2, 3, 4};
    double[] c = {5, 6, 7, 8};
    MatMul.gemmBatch(false, false, a, 0, 4, a, 0, 4, c, 0, 4, 0, 2, 2, 2); // no product
    MatMul.gemmBatch(false, true, a, 0, 2, a, 0, 2, c, 0, 2, 2, 1, 0, 2); // k = 0
    MatMul.gemmBatch(false, false, a, 0, 0, a, 0, 0, c, 0, 0, 3, 0, 2, 2); // n = 0
    float[] cf = {5, 6};
    MatMul.gemmBatch(true, false, new float[0], 0, 0, new float[0], 0, 0, cf, 0, 0, 2, 1, 0, 2);
    assertEquals(List.of(5.0, 6.0, 7.0, 8.0), List.of(c[0], c[1], c[2], c[3]));
    assertEquals(List.of(5.0f, 6.0f), List.of(cf[0], cf[1]));
  }

  @Test
  void operandsAtTheirOwnOffsetsAgree() {
    Random random = new Random(13);
    int n = 5;
    int k = 7;
    int m = 9;
    double[] a = randn(random, 2 + 3 * n * k);
    double[] b = randn(random, 5 + k * m);
    double[] c0 = randn(random, 1 + 3 * n * m);
    double[] c = c0.clone();
    MatMul.gemmBatch(false, false, a, 2, n * k, b, 5, 0, c, 1, n * m, 3, n, k, m);
    for (int t = 0; t < 3; t++) {
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < m; j++) {
          double s = c0[1 + t * n * m + i * m + j];
          for (int p = 0; p < k; p++) {
            s += a[2 + t * n * k + i * k + p] * b[5 + p * m + j];
          }
          assertEquals(s, c[1 + t * n * m + i * m + j], 1e-12, "product " + t);
        }
      }
    }
  }

  @Test
  void badBatchesAreRejectedWithTheirValues() {
    double[] x = new double[16];
    IllegalArgumentException negative =
        assertThrows(
            IllegalArgumentException.class,
            () -> MatMul.gemmBatch(false, false, x, 0, -4, x, 0, 4, x, 0, 4, 2, 2, 2, 2));
    assertEquals(
        "MatMul.gemmBatch: offsets and strides must be non-negative, got A at 0 + t * -4, B at"
            + " 0 + t * 4, C at 0 + t * 4",
        negative.getMessage());
    IllegalArgumentException negativeOffset =
        assertThrows(
            IllegalArgumentException.class,
            () -> MatMul.gemmBatch(false, false, x, -4, 4, x, 0, 4, x, 0, 4, 2, 2, 2, 2));
    assertTrue(negativeOffset.getMessage().contains("A at -4 + t * 4"), negativeOffset.getMessage());
    IllegalArgumentException tooShort =
        assertThrows(
            IllegalArgumentException.class,
            () -> MatMul.gemmBatch(false, false, x, 0, 4, x, 0, 4, x, 0, 4, 5, 2, 2, 2));
    assertEquals(
        "MatMul.gemmBatch: A_4 [2, 2] at 0 + 4 * 4 = 16 needs 4 elements, but its array has 16",
        tooShort.getMessage());
    IllegalArgumentException negativeSize =
        assertThrows(
            IllegalArgumentException.class,
            () -> MatMul.gemmBatch(false, false, x, 0, 4, x, 0, 4, x, 0, 4, 1, 2, -1, 2));
    assertEquals(
        "MatMul.gemmBatch: the batch count and sizes must be non-negative, got batches=1, n=2,"
            + " k=-1, m=2",
        negativeSize.getMessage());
  }

  /** Returns {C after the loop over t of C_t += op(A_t) op(B_t), |C| + sum |a||b|}, whole arrays. */
  private static double[][] naive(Layout l, double[] a, double[] b, double[] c0) {
    double[] c = c0.clone();
    double[] scale = new double[c0.length];
    for (int e = 0; e < c0.length; e++) {
      scale[e] = Math.abs(c0[e]);
    }
    for (int t = 0; t < l.batches(); t++) {
      int ao = l.offset() + t * l.aStride();
      int bo = l.offset() + t * l.bStride();
      int co = l.offset() + t * l.cStride();
      for (int i = 0; i < l.n(); i++) {
        for (int j = 0; j < l.m(); j++) {
          double s = 0;
          double abs = 0;
          for (int p = 0; p < l.k(); p++) {
            double av = l.transA() ? a[ao + p * l.n() + i] : a[ao + i * l.k() + p];
            double bv = l.transB() ? b[bo + j * l.k() + p] : b[bo + p * l.m() + j];
            s += av * bv;
            abs += Math.abs(av * bv);
          }
          c[co + i * l.m() + j] += s;
          scale[co + i * l.m() + j] += abs;
        }
      }
    }
    return new double[][] {c, scale};
  }

  private static void check(String who, Layout l, double[] c, double[][] want, double tol) {
    for (int e = 0; e < c.length; e++) {
      double err = Math.abs(c[e] - want[0][e]);
      assertTrue(
          err <= tol * want[1][e],
          String.format("%s, %s: element %d is %s, expected %s", who, l, e, c[e], want[0][e]));
    }
  }
}
