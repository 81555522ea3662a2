package dev.jgrad.autograd.kernels;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The SIMD matrix product, after Goto and van de Geijn, "Anatomy of High-Performance Matrix
 * Multiplication" (ACM TOMS 34(3), 2008): {@code B} is packed in {@code KC x NC} panels and
 * {@code A} in {@code MC x KC} blocks (cache blocking; transposed operands are read in place
 * while packing), and a register-blocked micro-kernel keeps a {@code 6 x 2L} tile of {@code C}
 * ({@code L} = doubles per vector) in 12 vector registers while it runs through {@code KC}
 * fused multiply-adds per element.
 *
 * <p>Compiled separately with {@code --add-modules jdk.incubator.vector} (it lives in
 * {@code src/main/vector}) and loaded reflectively by {@link MatMul}, which falls back to
 * {@link ScalarGemm} when the module is absent.
 */
final class VectorGemm implements GemmKernel {
  private static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;
  private static final int L = S.length();
  private static final int MR = 6;
  private static final int NR = 2 * L;
  private static final int KC = 256;
  private static final int MC = 96;
  private static final int NC = 2048;

  /**
   * Per-thread packing buffers, grown on demand and reused across calls: a fresh buffer per call
   * would be zeroed by the allocator and written cache-cold, which dominated small products.
   */
  private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

  /** One thread's packed-B panel, packed-A block and edge tile. */
  private static final class Buffers {
    double[] bp = new double[0];
    double[] ap = new double[0];
    final double[] tile = new double[MR * NR];

    double[] bp(int size) {
      if (bp.length < size) {
        bp = new double[size];
      }
      return bp;
    }

    double[] ap(int size) {
      if (ap.length < size) {
        ap = new double[size];
      }
      return ap;
    }
  }

  /** Creates the kernel (called reflectively by {@link MatMul}). */
  VectorGemm() {}

  @Override
  public String name() {
    return L >= 4 ? "vector (" + L + " doubles)" : "scalar-width vector (" + L + ")";
  }

  @Override
  public void gemm(
      boolean transA,
      boolean transB,
      double[] a,
      int aOff,
      double[] b,
      int bOff,
      double[] c,
      int cOff,
      int n,
      int k,
      int m,
      int rowStart,
      int rowEnd) {
    int ncMax = Math.min(NC, roundUp(m, NR));
    Buffers buffers = BUFFERS.get();
    double[] bp = buffers.bp(Math.min(KC, k) * ncMax);
    double[] ap = buffers.ap(Math.min(KC, k) * Math.min(MC, roundUp(rowEnd - rowStart, MR)));
    double[] tile = buffers.tile;
    for (int jc = 0; jc < m; jc += NC) {
      int nc = Math.min(NC, m - jc);
      for (int pc = 0; pc < k; pc += KC) {
        int kc = Math.min(KC, k - pc);
        packB(transB, b, bOff, k, m, pc, kc, jc, nc, bp);
        for (int ic = rowStart; ic < rowEnd; ic += MC) {
          int mc = Math.min(MC, rowEnd - ic);
          packA(transA, a, aOff, n, k, ic, mc, pc, kc, ap);
          for (int jr = 0; jr < nc; jr += NR) {
            for (int ir = 0; ir < mc; ir += MR) {
              int cAt = cOff + (ic + ir) * m + jc + jr;
              microKernel(
                  ap, ir * kc, bp, jr * kc, kc, c, cAt, m, Math.min(MR, mc - ir), Math.min(NR, nc - jr), tile);
            }
          }
        }
      }
    }
  }

  /**
   * Packs {@code B(pc.., jc..)} as strips of NR columns: {@code bp[jr*kc + p*NR + q]}, zero-padded.
   * A transposed B is read along its stored rows (contiguous) and written with stride NR.
   */
  private static void packB(
      boolean transB, double[] b, int bOff, int k, int m, int pc, int kc, int jc, int nc, double[] bp) {
    for (int jr = 0; jr < nc; jr += NR) {
      int w = Math.min(NR, nc - jr);
      int base = jr * kc;
      if (!transB) {
        for (int p = 0; p < kc; p++) {
          int dst = base + p * NR;
          System.arraycopy(b, bOff + (pc + p) * m + jc + jr, bp, dst, w);
          for (int q = w; q < NR; q++) {
            bp[dst + q] = 0;
          }
        }
      } else {
        for (int q = 0; q < NR; q++) {
          if (q < w) {
            int src = bOff + (jc + jr + q) * k + pc;
            for (int p = 0; p < kc; p++) {
              bp[base + p * NR + q] = b[src + p];
            }
          } else {
            for (int p = 0; p < kc; p++) {
              bp[base + p * NR + q] = 0;
            }
          }
        }
      }
    }
  }

  /**
   * Packs {@code A(ic.., pc..)} as strips of MR rows: {@code ap[ir*kc + p*MR + r]}, zero-padded.
   * A transposed A is read along its stored rows (contiguous).
   */
  private static void packA(
      boolean transA, double[] a, int aOff, int n, int k, int ic, int mc, int pc, int kc, double[] ap) {
    for (int ir = 0; ir < mc; ir += MR) {
      int h = Math.min(MR, mc - ir);
      int base = ir * kc;
      if (transA) {
        for (int p = 0; p < kc; p++) {
          int src = aOff + (pc + p) * n + ic + ir;
          int dst = base + p * MR;
          for (int r = 0; r < h; r++) {
            ap[dst + r] = a[src + r];
          }
          for (int r = h; r < MR; r++) {
            ap[dst + r] = 0;
          }
        }
        continue;
      }
      for (int r = 0; r < MR; r++) {
        if (r >= h) {
          for (int p = 0; p < kc; p++) {
            ap[base + p * MR + r] = 0;
          }
        } else {
          int src = aOff + (ic + ir + r) * k + pc;
          for (int p = 0; p < kc; p++) {
            ap[base + p * MR + r] = a[src + p];
          }
        }
      }
    }
  }

  /**
   * Adds the product of an MR-row strip of packed A and an NR-column strip of packed B (both
   * {@code kc} deep) to the {@code rows x cols} block of C at {@code c[cAt ..]} (row stride
   * {@code ldc}).
   */
  private static void microKernel(
      double[] ap, int ao, double[] bp, int bo, int kc, double[] c, int cAt, int ldc, int rows, int cols,
      double[] tile) {
    DoubleVector c00 = DoubleVector.zero(S);
    DoubleVector c01 = c00;
    DoubleVector c10 = c00;
    DoubleVector c11 = c00;
    DoubleVector c20 = c00;
    DoubleVector c21 = c00;
    DoubleVector c30 = c00;
    DoubleVector c31 = c00;
    DoubleVector c40 = c00;
    DoubleVector c41 = c00;
    DoubleVector c50 = c00;
    DoubleVector c51 = c00;
    for (int p = 0; p < kc; p++) {
      int bi = bo + p * NR;
      DoubleVector b0 = DoubleVector.fromArray(S, bp, bi);
      DoubleVector b1 = DoubleVector.fromArray(S, bp, bi + L);
      int ai = ao + p * MR;
      DoubleVector a0 = DoubleVector.broadcast(S, ap[ai]);
      c00 = b0.fma(a0, c00);
      c01 = b1.fma(a0, c01);
      DoubleVector a1 = DoubleVector.broadcast(S, ap[ai + 1]);
      c10 = b0.fma(a1, c10);
      c11 = b1.fma(a1, c11);
      DoubleVector a2 = DoubleVector.broadcast(S, ap[ai + 2]);
      c20 = b0.fma(a2, c20);
      c21 = b1.fma(a2, c21);
      DoubleVector a3 = DoubleVector.broadcast(S, ap[ai + 3]);
      c30 = b0.fma(a3, c30);
      c31 = b1.fma(a3, c31);
      DoubleVector a4 = DoubleVector.broadcast(S, ap[ai + 4]);
      c40 = b0.fma(a4, c40);
      c41 = b1.fma(a4, c41);
      DoubleVector a5 = DoubleVector.broadcast(S, ap[ai + 5]);
      c50 = b0.fma(a5, c50);
      c51 = b1.fma(a5, c51);
    }
    if (rows == MR && cols == NR) {
      addRow(c, cAt, c00, c01);
      addRow(c, cAt + ldc, c10, c11);
      addRow(c, cAt + 2 * ldc, c20, c21);
      addRow(c, cAt + 3 * ldc, c30, c31);
      addRow(c, cAt + 4 * ldc, c40, c41);
      addRow(c, cAt + 5 * ldc, c50, c51);
      return;
    }
    c00.intoArray(tile, 0);
    c01.intoArray(tile, L);
    c10.intoArray(tile, NR);
    c11.intoArray(tile, NR + L);
    c20.intoArray(tile, 2 * NR);
    c21.intoArray(tile, 2 * NR + L);
    c30.intoArray(tile, 3 * NR);
    c31.intoArray(tile, 3 * NR + L);
    c40.intoArray(tile, 4 * NR);
    c41.intoArray(tile, 4 * NR + L);
    c50.intoArray(tile, 5 * NR);
    c51.intoArray(tile, 5 * NR + L);
    for (int r = 0; r < rows; r++) {
      for (int q = 0; q < cols; q++) {
        c[cAt + r * ldc + q] += tile[r * NR + q];
      }
    }
  }

  private static void addRow(double[] c, int at, DoubleVector lo, DoubleVector hi) {
    DoubleVector.fromArray(S, c, at).add(lo).intoArray(c, at);
    DoubleVector.fromArray(S, c, at + L).add(hi).intoArray(c, at + L);
  }

  private static int roundUp(int x, int to) {
    return (x + to - 1) / to * to;
  }
}
