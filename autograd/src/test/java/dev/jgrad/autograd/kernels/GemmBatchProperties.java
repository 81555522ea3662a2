package dev.jgrad.autograd.kernels;

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
    List<String> runs = new ArrayList<>();
    for (GemmKernel kernel : kernels()) {
      double[] c = c0.clone();
      kernel.gemmBatch(transA, transB, a, offset, l.aStride(), b, offset, l.bStride(), c, offset,
          l.cStride(), batches, n, k, m);
      check(kernel.name(), l, c, want, 1e-12);
      runs.add(kernel.name());
    }
    double[] c = c0.clone();
    MatMul.gemmBatch(transA, transB, a, offset, l.aStride(), b, offset, l.bStride(), c, offset,
        l.cStride(), batches, n, k, m);
    check("MatMul.gemmBatch", l, c, want, 1e-12);
    assertTrue(runs.size() >= 1);
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
  void badBatchesAreRejectedWithTheirValues() {
    double[] x = new double[16];
    IllegalArgumentException negative =
        assertThrows(
            IllegalArgumentException.class,
            () -> MatMul.gemmBatch(false, false, x, 0, -4, x, 0, 4, x, 0, 4, 2, 2, 2, 2));
    assertEquals(
        "MatMul.gemmBatch: the batch count and strides must be non-negative, got batches=2,"
            + " strides -4, 4, 4",
        negative.getMessage());
    IllegalArgumentException tooShort =
        assertThrows(
            IllegalArgumentException.class,
            () -> MatMul.gemmBatch(false, false, x, 0, 4, x, 0, 4, x, 0, 4, 5, 2, 2, 2));
    assertEquals(
        "MatMul.gemm: op(A) [2, 2] needs 4 elements from offset 16, but its array has 16",
        tooShort.getMessage());
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

  private static double[] randn(Random random, int size) {
    double[] x = new double[size];
    for (int i = 0; i < size; i++) {
      x[i] = random.nextGaussian();
    }
    return x;
  }

  private static float[] randnFloat(Random random, int size) {
    float[] x = new float[size];
    for (int i = 0; i < size; i++) {
      x[i] = (float) random.nextGaussian();
    }
    return x;
  }

  private static double[] widen(float[] x) {
    double[] d = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      d[i] = x[i];
    }
    return d;
  }
}
