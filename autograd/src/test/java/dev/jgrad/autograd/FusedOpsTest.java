package dev.jgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The fused primitives (softmax, logSoftmax, layerNorm, geluTanh) give the values of the
 * composites they replaced: to the last bit where the kernel performs the composite's operations
 * in its order (geluTanh; logSoftmax and layerNorm in F64, and in F32 with the scalar loops),
 * within rounding where it does not (softmax, {@code e / sum(e)} where the composite took {@code
 * exp(logSoftmax)}; F32 rows with the Vector API, which sum in float lanes); and they keep the
 * composite's behaviour at infinities and NaN.
 */
class FusedOpsTest {

  /** Whether F32 rows go through the scalar loops (the Maven run without the Vector API module). */
  private static final boolean SCALAR_ROWS =
      "scalar".equals(System.getProperty("jgrad.test.expectKernel"));

  /** Asserts equal values: bit for bit when {@code exact}, else within float rounding. */
  private static void assertSame(double[] want, double[] got, boolean exact, String what) {
    assertEquals(want.length, got.length, what);
    for (int i = 0; i < want.length; i++) {
      double tol = exact ? 0 : 2e-6 * (1 + Math.abs(want[i]));
      assertEquals(want[i], got[i], tol, what + " element " + i);
    }
  }

  private static Tensor randn(DType dtype, long seed, int... shape) {
    return Tensor.randn(dtype, new Random(seed), shape).mul(2);
  }

  /** GELU's tanh form as the transformer block used to compose it. */
  private static Tensor geluTanhComposite(Tensor x) {
    Tensor inner = x.add(x.mul(x).mul(x).mul(0.044715)).mul(Math.sqrt(2 / Math.PI));
    return x.mul(0.5).mul(inner.tanh().add(1));
  }

  /** Layer norm as nn's LayerNorm used to compose it. */
  private static Tensor layerNormComposite(Tensor x, Tensor w, Tensor b, double eps) {
    Tensor centered = x.sub(x.mean(-1, true));
    Tensor variance = centered.mul(centered).mean(-1, true);
    return centered.div(variance.add(eps).sqrt()).mul(w).add(b);
  }

  /**
   * Bit for bit in F64 and in the scalar F32 loops. With the Vector API the fused row loop and the
   * composite's tanh are two SIMD paths whose {@code tanh} lanes are Intel's SVML once C2 has
   * compiled the caller and a per-lane Java fallback before, so they agree to the bit only when
   * both are in the same compilation state (which the order of earlier tests decides): within
   * float rounding there.
   */
  @Test
  void geluTanhIsTheCompositeToTheLastBit() {
    for (DType d : DType.values()) {
      Tensor x = randn(d, 1, 8, 16, 37);
      assertSame(
          geluTanhComposite(x).toArray(),
          x.geluTanh().toArray(),
          d == DType.F64 || SCALAR_ROWS,
          d.toString());
    }
  }

  @Test
  void layerNormIsTheComposite() {
    for (DType d : DType.values()) {
      Tensor x = randn(d, 2, 4, 5, 64).add(3);
      Tensor w = randn(d, 3, 64);
      Tensor b = randn(d, 4, 64);
      assertSame(
          layerNormComposite(x, w, b, 1e-5).toArray(), Tensor.layerNorm(x, w, b, 1e-5).toArray(),
          d == DType.F64 || SCALAR_ROWS, d.toString());
    }
  }

  @Test
  void logSoftmaxIsTheComposite() {
    for (DType d : DType.values()) {
      for (int dim = 0; dim < 3; dim++) {
        Tensor x = randn(d, 5 + dim, 6, 7, 27).mul(3);
        Tensor viaComposite = ReduceOps.logSoftmaxComposite(x, dim);
        // Only the last dim takes the SIMD row loops.
        boolean exact = d == DType.F64 || SCALAR_ROWS || dim != 2;
        assertSame(viaComposite.toArray(), x.logSoftmax(dim).toArray(), exact, d + " dim " + dim);
      }
    }
  }

  @Test
  void softmaxIsTheCompositeWithinRounding() {
    for (DType d : DType.values()) {
      // exp(logSoftmax) carries a relative error of about |log p| ulps (p down to 1e-9 here).
      double tol = d == DType.F32 ? 3e-6 : 1e-14;
      for (int dim = 0; dim < 3; dim++) {
        Tensor x = randn(d, 9 + dim, 6, 7, 16).mul(3);
        double[] want = ReduceOps.logSoftmaxComposite(x, dim).exp().toArray();
        double[] got = x.softmax(dim).toArray();
        for (int i = 0; i < want.length; i++) {
          assertEquals(want[i], got[i], tol * want[i] + 1e-30, d + " dim " + dim + " element " + i);
        }
      }
    }
  }

  /**
   * Masked positions ({@code -Infinity}) get weight 0; a row of {@code -Infinity} only and a row
   * holding NaN give NaN, as the composite; {@code +Infinity} gives NaN (Inf - Inf) with 0
   * elsewhere. Huge equal logits give exactly 1/3 and {@code -ln 3}.
   */
  @Test
  void infinitiesNanAndHugeOffsetsBehaveAsTheComposite() {
    double inf = Double.POSITIVE_INFINITY;
    for (DType d : DType.values()) {
      Tensor x =
          Tensor.of(new double[][] {{0, -inf, 0}, {-inf, -inf, -inf}, {1, Double.NaN, 2}, {inf, 0, 1},
              {1e15, 1e15, 1e15}}).to(d);
      double[] soft = x.softmax(1).toArray();
      double[] log = x.logSoftmax(1).toArray();
      double[] compositeLog = ReduceOps.logSoftmaxComposite(x, 1).toArray();
      assertArrayEquals(new double[] {0.5, 0, 0.5}, java.util.Arrays.copyOfRange(soft, 0, 3), 1e-7);
      for (int i = 3; i < 9; i++) {
        assertTrue(Double.isNaN(soft[i]) && Double.isNaN(log[i]), d + " element " + i);
      }
      assertTrue(Double.isNaN(soft[9]), "Inf - Inf");
      assertEquals(0, soft[10]);
      assertEquals(0, soft[11]);
      assertEquals(1.0 / 3, soft[12], 1e-7);
      // 1e15 is not a float: its rounding is equal in all three places, so the row is still exact.
      assertEquals(-Math.log(3), log[12], d == DType.F32 ? 1e-7 : 0);
      for (int i = 0; i < log.length; i++) {
        assertTrue(
            Double.compare(compositeLog[i], log[i]) == 0
                || Math.abs(compositeLog[i] - log[i]) <= 2e-6 * (1 + Math.abs(log[i])),
            d + " logSoftmax element " + i + ": " + log[i] + " vs the composite's "
                + compositeLog[i]);
      }
    }
  }

  /** The gradients agree with the composites' (first order, the engine's shortcut). */
  @Test
  void gradientsAgreeWithTheComposites() {
    Tensor x = randn(DType.F64, 20, 3, 4, 8).requiresGrad();
    Tensor w = randn(DType.F64, 21, 8).requiresGrad();
    Tensor b = randn(DType.F64, 22, 8).requiresGrad();
    Tensor u = randn(DType.F64, 23, 3, 4, 8);
    java.util.function.Function<Tensor, double[][]> grads =
        out -> {
          x.zeroGrad();
          w.zeroGrad();
          b.zeroGrad();
          out.backward(u);
          return new double[][] {
            x.grad().toArray(),
            w.grad() == null ? new double[0] : w.grad().toArray(),
            b.grad() == null ? new double[0] : b.grad().toArray()
          };
        };
    double[][] fused = grads.apply(Tensor.layerNorm(x, w, b, 1e-5));
    double[][] composed = grads.apply(layerNormComposite(x, w, b, 1e-5));
    for (int k = 0; k < 3; k++) {
      assertArrayEquals(composed[k], fused[k], 1e-12, "layerNorm gradient of input " + k);
    }
    assertArrayEquals(grads.apply(geluTanhComposite(x))[0], grads.apply(x.geluTanh())[0], 1e-12);
    assertArrayEquals(
        grads.apply(ReduceOps.logSoftmaxComposite(x, 2).exp())[0], grads.apply(x.softmax(2))[0],
        1e-12);
    assertArrayEquals(
        grads.apply(ReduceOps.logSoftmaxComposite(x, 1))[0], grads.apply(x.logSoftmax(1))[0],
        1e-12);
  }
}
