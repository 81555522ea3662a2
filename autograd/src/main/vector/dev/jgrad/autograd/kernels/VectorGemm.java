package dev.jgrad.autograd.kernels;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The SIMD matrix product, after Goto and van de Geijn, "Anatomy of High-Performance Matrix
 * Multiplication" (ACM TOMS 34(3), 2008): {@code B} is packed in {@code KC x NC} panels and
 * {@code A} in {@code MC x KC} blocks (cache blocking; transposed operands are read in place
 * while packing), and a register-blocked micro-kernel keeps a {@code 6 x 2L} tile of {@code C}
 * ({@code L} = elements per vector) in 12 vector registers while it runs through {@code KC}
 * fused multiply-adds per element. Small products, and products with few column strips, read A
 * in place instead of packing it ({@link #readsAInPlace}). Batches of small products (attention's
 * per-head products) run back to back in {@code gemmBatch}, without packing.
 *
 * <p>{@code double} and {@code float} share the blocking constants and the loop over blocks
 * ({@link #blocked}); what touches elements (packing and the micro-kernel) exists once per type,
 * in {@link DoublePanels} and {@link FloatPanels}, line for line the same apart from the type,
 * since Java has no generics over primitives. A float vector holds twice the elements, so the
 * float tile is twice as wide ({@code 6 x 32} floats against {@code 6 x 16} doubles with
 * AVX-512) and a packed strip of {@code B} takes the same bytes in both types.
 *
 * <p>Compiled separately with {@code --add-modules jdk.incubator.vector} (it lives in
 * {@code src/main/vector}) and loaded reflectively by {@link MatMul}, which falls back to
 * {@link ScalarGemm} when the module is absent.
 */
final class VectorGemm implements GemmKernel {
  private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
  /** Rows of the register tile; its columns are two vectors (see {@link Panels#nr}). */
  private static final int MR = 6;
  private static final int KC = 256;
  private static final int MC = 96;
  private static final int NC = 2048;

  private static final DoublePanels DOUBLES = new DoublePanels();
  private static final FloatPanels FLOATS = new FloatPanels();

  /** Creates the kernel (called reflectively by {@link MatMul}). */
  VectorGemm() {}

  @Override
  public String name() {
    int l = DS.length();
    return l >= 4 ? "vector (" + l + " doubles)" : "scalar-width vector (" + l + ")";
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
    blocked(DOUBLES, transA, transB, a, aOff, b, bOff, c, cOff, n, k, m, rowStart, rowEnd);
  }

  @Override
  public void gemm(
      boolean transA,
      boolean transB,
      float[] a,
      int aOff,
      float[] b,
      int bOff,
      float[] c,
      int cOff,
      int n,
      int k,
      int m,
      int rowStart,
      int rowEnd) {
    blocked(FLOATS, transA, transB, a, aOff, b, bOff, c, cOff, n, k, m, rowStart, rowEnd);
  }

  /**
   * Small products one after another, without packing: four rows of {@code C} at a time, each
   * column block of {@code L} lanes accumulated in registers over the whole inner dimension
   * ({@code A} read in place, transposed or not; a transposed {@code B} is first copied out as
   * {@code [k, m]} so its rows are contiguous). Columns past the last full block are summed one
   * by one, in the same order. The {@code float} form below is the same loop, line for line: keep
   * the two in step.
   */
  @Override
  public void gemmBatch(
      boolean transA, boolean transB, double[] a, int aOff, int aStride, double[] b, int bOff,
      int bStride, double[] c, int cOff, int cStride, int batches, int n, int k, int m) {
    int lanes = DS.length();
    double[] bt = transB ? new double[k * m] : null;
    int rowStride = transA ? 1 : k; // A(i, p) = a[ao + i * rowStride + p * colStride]
    int colStride = transA ? n : 1;
    int full = m - m % lanes;
    for (int t = 0; t < batches; t++) {
      int ao = aOff + t * aStride;
      int co = cOff + t * cStride;
      double[] bm = b;
      int bo = bOff + t * bStride;
      if (transB) {
        if (t == 0 || bStride != 0) { // a shared B is copied out once
          for (int j = 0; j < m; j++) {
            for (int p = 0; p < k; p++) {
              bt[p * m + j] = b[bo + j * k + p];
            }
          }
        }
        bm = bt;
        bo = 0;
      }
      int i = 0;
      for (; i + 4 <= n; i += 4) {
        int a0 = ao + i * rowStride;
        int a1 = a0 + rowStride;
        int a2 = a1 + rowStride;
        int a3 = a2 + rowStride;
        int c0 = co + i * m;
        for (int j = 0; j < full; j += lanes) {
          DoubleVector s0 = DoubleVector.fromArray(DS, c, c0 + j);
          DoubleVector s1 = DoubleVector.fromArray(DS, c, c0 + m + j);
          DoubleVector s2 = DoubleVector.fromArray(DS, c, c0 + 2 * m + j);
          DoubleVector s3 = DoubleVector.fromArray(DS, c, c0 + 3 * m + j);
          for (int p = 0, pa = 0; p < k; p++, pa += colStride) {
            DoubleVector row = DoubleVector.fromArray(DS, bm, bo + p * m + j);
            s0 = row.fma(DoubleVector.broadcast(DS, a[a0 + pa]), s0);
            s1 = row.fma(DoubleVector.broadcast(DS, a[a1 + pa]), s1);
            s2 = row.fma(DoubleVector.broadcast(DS, a[a2 + pa]), s2);
            s3 = row.fma(DoubleVector.broadcast(DS, a[a3 + pa]), s3);
          }
          s0.intoArray(c, c0 + j);
          s1.intoArray(c, c0 + m + j);
          s2.intoArray(c, c0 + 2 * m + j);
          s3.intoArray(c, c0 + 3 * m + j);
        }
        for (int r = 0; r < 4; r++) {
          smallColumns(a, a0 + r * rowStride, colStride, bm, bo, c, c0 + r * m, k, m, full);
        }
      }
      for (; i < n; i++) {
        int ai = ao + i * rowStride;
        int ci = co + i * m;
        for (int j = 0; j < full; j += lanes) {
          DoubleVector s0 = DoubleVector.fromArray(DS, c, ci + j);
          for (int p = 0, pa = 0; p < k; p++, pa += colStride) {
            DoubleVector row = DoubleVector.fromArray(DS, bm, bo + p * m + j);
            s0 = row.fma(DoubleVector.broadcast(DS, a[ai + pa]), s0);
          }
          s0.intoArray(c, ci + j);
        }
        smallColumns(a, ai, colStride, bm, bo, c, ci, k, m, full);
      }
    }
  }

  /** Adds columns {@code [from, m)} of one row of a small product, one element at a time. */
  private static void smallColumns(
      double[] a, int ai, int colStride, double[] b, int bo, double[] c, int ci, int k, int m,
      int from) {
    for (int j = from; j < m; j++) {
      double sum = c[ci + j];
      for (int p = 0; p < k; p++) {
        sum = Math.fma(a[ai + p * colStride], b[bo + p * m + j], sum);
      }
      c[ci + j] = sum;
    }
  }

  /**
   * Small products one after another, without packing: four rows of {@code C} at a time, each
   * column block of {@code L} lanes accumulated in registers over the whole inner dimension
   * ({@code A} read in place, transposed or not; a transposed {@code B} is first copied out as
   * {@code [k, m]} so its rows are contiguous). Columns past the last full block are summed one
   * by one, in the same order.
   */
  @Override
  public void gemmBatch(
      boolean transA, boolean transB, float[] a, int aOff, int aStride, float[] b, int bOff,
      int bStride, float[] c, int cOff, int cStride, int batches, int n, int k, int m) {
    int lanes = FS.length();
    float[] bt = transB ? new float[k * m] : null;
    int rowStride = transA ? 1 : k; // A(i, p) = a[ao + i * rowStride + p * colStride]
    int colStride = transA ? n : 1;
    int full = m - m % lanes;
    for (int t = 0; t < batches; t++) {
      int ao = aOff + t * aStride;
      int co = cOff + t * cStride;
      float[] bm = b;
      int bo = bOff + t * bStride;
      if (transB) {
        if (t == 0 || bStride != 0) { // a shared B is copied out once
          for (int j = 0; j < m; j++) {
            for (int p = 0; p < k; p++) {
              bt[p * m + j] = b[bo + j * k + p];
            }
          }
        }
        bm = bt;
        bo = 0;
      }
      int i = 0;
      for (; i + 4 <= n; i += 4) {
        int a0 = ao + i * rowStride;
        int a1 = a0 + rowStride;
        int a2 = a1 + rowStride;
        int a3 = a2 + rowStride;
        int c0 = co + i * m;
        for (int j = 0; j < full; j += lanes) {
          FloatVector s0 = FloatVector.fromArray(FS, c, c0 + j);
          FloatVector s1 = FloatVector.fromArray(FS, c, c0 + m + j);
          FloatVector s2 = FloatVector.fromArray(FS, c, c0 + 2 * m + j);
          FloatVector s3 = FloatVector.fromArray(FS, c, c0 + 3 * m + j);
          for (int p = 0, pa = 0; p < k; p++, pa += colStride) {
            FloatVector row = FloatVector.fromArray(FS, bm, bo + p * m + j);
            s0 = row.fma(FloatVector.broadcast(FS, a[a0 + pa]), s0);
            s1 = row.fma(FloatVector.broadcast(FS, a[a1 + pa]), s1);
            s2 = row.fma(FloatVector.broadcast(FS, a[a2 + pa]), s2);
            s3 = row.fma(FloatVector.broadcast(FS, a[a3 + pa]), s3);
          }
          s0.intoArray(c, c0 + j);
          s1.intoArray(c, c0 + m + j);
          s2.intoArray(c, c0 + 2 * m + j);
          s3.intoArray(c, c0 + 3 * m + j);
        }
        for (int r = 0; r < 4; r++) {
          smallColumns(a, a0 + r * rowStride, colStride, bm, bo, c, c0 + r * m, k, m, full);
        }
      }
      for (; i < n; i++) {
        int ai = ao + i * rowStride;
        int ci = co + i * m;
        for (int j = 0; j < full; j += lanes) {
          FloatVector s0 = FloatVector.fromArray(FS, c, ci + j);
          for (int p = 0, pa = 0; p < k; p++, pa += colStride) {
            FloatVector row = FloatVector.fromArray(FS, bm, bo + p * m + j);
            s0 = row.fma(FloatVector.broadcast(FS, a[ai + pa]), s0);
          }
          s0.intoArray(c, ci + j);
        }
        smallColumns(a, ai, colStride, bm, bo, c, ci, k, m, full);
      }
    }
  }

  /** Adds columns {@code [from, m)} of one row of a small product, one element at a time. */
  private static void smallColumns(
      float[] a, int ai, int colStride, float[] b, int bo, float[] c, int ci, int k, int m,
      int from) {
    for (int j = from; j < m; j++) {
      float sum = c[ci + j];
      for (int p = 0; p < k; p++) {
        sum = Math.fma(a[ai + p * colStride], b[bo + p * m + j], sum);
      }
      c[ci + j] = sum;
    }
  }

  /**
   * Adds {@code t^T} to {@code c} a vector of {@code c} at a time, each gathered from a column of
   * {@code t}, over blocks of 64 rows of {@code t} (which stay in cache while their columns are
   * read); the rows past the last whole vector one by one.
   */
  @Override
  public void addTransposed(float[] t, int rows, int cols, float[] c, int cOff) {
    int l = FS.length();
    int[] index = new int[l];
    for (int q = 0; q < l; q++) {
      index[q] = q * cols;
    }
    int bound = rows - rows % l;
    for (int i0 = 0; i0 < bound; i0 += 64) {
      int i1 = Math.min(bound, i0 + 64);
      for (int j = 0; j < cols; j++) {
        int at = cOff + j * rows;
        for (int i = i0; i < i1; i += l) {
          FloatVector column = FloatVector.fromArray(FS, t, i * cols + j, index, 0);
          FloatVector.fromArray(FS, c, at + i).add(column).intoArray(c, at + i);
        }
      }
    }
    for (int j = 0; j < cols; j++) {
      int at = cOff + j * rows;
      for (int i = bound; i < rows; i++) {
        c[at + i] += t[i * cols + j];
      }
    }
  }

  /**
   * Adds rows {@code [rowStart, rowEnd)} of {@code op(A) op(B)} to {@code C} block by block, for
   * either element type ({@code T} is {@code double[]} or {@code float[]}).
   */
  private static <T> void blocked(
      Panels<T> panels,
      boolean transA,
      boolean transB,
      T a,
      int aOff,
      T b,
      int bOff,
      T c,
      int cOff,
      int n,
      int k,
      int m,
      int rowStart,
      int rowEnd) {
    int nr = panels.nr;
    int ncMax = Math.min(NC, roundUp(m, nr));
    Buffers<T> buffers = panels.buffers.get();
    T bp = buffers.bp(Math.min(KC, k) * ncMax);
    boolean direct = readsAInPlace(n, k, m, nr);
    T ap = direct ? null : buffers.ap(Math.min(KC, k) * Math.min(MC, roundUp(rowEnd - rowStart, MR)));
    T tile = buffers.tile;
    for (int jc = 0; jc < m; jc += NC) {
      int nc = Math.min(NC, m - jc);
      for (int pc = 0; pc < k; pc += KC) {
        int kc = Math.min(KC, k - pc);
        panels.packB(transB, b, bOff, k, m, pc, kc, jc, nc, bp, 0);
        panelRows(
            panels, transA, a, aOff, bp, c, cOff, n, k, m, jc, nc, pc, kc, rowStart, rowEnd, direct,
            ap, tile);
      }
    }
  }

  /**
   * Adds rows {@code [r0, r1)} of {@code op(A) B(pc.., jc..)} to {@code C}, with the panel of B
   * packed in {@code bp}: {@code A} packed block by block into {@code ap}, or read in place when
   * {@code direct}. Register tiles start at {@code r0} every {@link #MR} rows.
   */
  private static <T> void panelRows(
      Panels<T> panels, boolean transA, T a, int aOff, T bp, T c, int cOff, int n, int k, int m,
      int jc, int nc, int pc, int kc, int r0, int r1, boolean direct, T ap, T tile) {
    int nr = panels.nr;
    // Where A(i, p) is stored: a[aOff + i * rowStride + p * colStride].
    int rowStride = transA ? 1 : k;
    int colStride = transA ? n : 1;
    for (int ic = r0; ic < r1; ic += MC) {
      int mc = Math.min(MC, r1 - ic);
      if (!direct) {
        panels.packA(transA, a, aOff, n, k, ic, mc, pc, kc, ap);
      }
      for (int jr = 0; jr < nc; jr += nr) {
        for (int ir = 0; ir < mc; ir += MR) {
          int cAt = cOff + (ic + ir) * m + jc + jr;
          int rows = Math.min(MR, mc - ir);
          int cols = Math.min(nr, nc - jr);
          if (direct) {
            int aAt = aOff + (ic + ir) * rowStride + pc * colStride;
            panels.microKernelInPlace(
                a, aAt, rowStride, colStride, bp, jr * kc, kc, c, cAt, m, rows, cols, tile);
          } else {
            panels.microKernel(ap, ir * kc, bp, jr * kc, kc, c, cAt, m, rows, cols, tile);
          }
        }
      }
    }
  }

  @Override
  public boolean gemmShared(
      boolean transA, boolean transB, double[] a, int aOff, double[] b, int bOff, double[] c,
      int cOff, int n, int k, int m, int threads) {
    new SharedProduct<>(DOUBLES, transA, transB, a, aOff, b, bOff, c, cOff, n, k, m, threads).run();
    return true;
  }

  @Override
  public boolean gemmShared(
      boolean transA, boolean transB, float[] a, int aOff, float[] b, int bOff, float[] c,
      int cOff, int n, int k, int m, int threads) {
    new SharedProduct<>(FLOATS, transA, transB, a, aOff, b, bOff, c, cOff, n, k, m, threads).run();
    return true;
  }

  /**
   * One product computed by several threads that share each packed panel of B. The work is a
   * list of tasks in phases: per panel {@code (jc, pc)} of B, first packing it (chunks of column
   * strips, into one buffer all threads read), then its rows (chunks of whole register tiles,
   * large first and smaller towards the end, so the threads finish together). Threads take tasks
   * from a shared counter, in list order; a task starts only once every task of the earlier
   * phases is done ({@code done} counts finished tasks, and no task of a phase can finish before
   * all earlier ones have). So the calling thread does whatever a late worker has not started,
   * and each element of C gets its panels' sums in order of {@code pc}, with the register tiles
   * of the one-thread path: the result does not depend on the thread count.
   */
  private static final class SharedProduct<T> {
    private final Panels<T> panels;
    private final boolean transA;
    private final boolean transB;
    private final T a;
    private final int aOff;
    private final T b;
    private final int bOff;
    private final T c;
    private final int cOff;
    private final int n;
    private final int k;
    private final int m;
    private final int threads;
    private final boolean direct;
    private final T bp;
    /** Per task: its panel's {@code jc} and {@code pc}, its range, and whether it packs. */
    private final int[] taskJc;
    private final int[] taskPc;
    private final int[] taskFrom;
    private final int[] taskTo;
    private final boolean[] taskPacks;
    /** Per task: how many tasks come before its phase (all of them must be done first). */
    private final int[] taskWaitsFor;
    private final int total;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger done = new AtomicInteger();
    private volatile Throwable failure;

    SharedProduct(
        Panels<T> panels, boolean transA, boolean transB, T a, int aOff, T b, int bOff, T c,
        int cOff, int n, int k, int m, int threads) {
      this.panels = panels;
      this.transA = transA;
      this.transB = transB;
      this.a = a;
      this.aOff = aOff;
      this.b = b;
      this.bOff = bOff;
      this.c = c;
      this.cOff = cOff;
      this.n = n;
      this.k = k;
      this.m = m;
      this.threads = threads;
      int nr = panels.nr;
      this.direct = readsAInPlace(n, k, m, nr);
      this.bp = panels.buffers.get().bp(Math.min(KC, k) * Math.min(NC, roundUp(m, nr)));
      int[] jcs = new int[64];
      int[] pcs = new int[64];
      int[] froms = new int[64];
      int[] tos = new int[64];
      boolean[] packs = new boolean[64];
      int[] waits = new int[64];
      int count = 0;
      for (int jc = 0; jc < m; jc += NC) {
        int nc = Math.min(NC, m - jc);
        int strips = (nc + nr - 1) / nr;
        for (int pc = 0; pc < k; pc += KC) {
          int packChunks = Math.min(strips, 2 * threads);
          int phase = count;
          for (int t = 0; t < packChunks; t++) {
            if (count == jcs.length) {
              int size = 2 * count;
              jcs = Arrays.copyOf(jcs, size);
              pcs = Arrays.copyOf(pcs, size);
              froms = Arrays.copyOf(froms, size);
              tos = Arrays.copyOf(tos, size);
              packs = Arrays.copyOf(packs, size);
              waits = Arrays.copyOf(waits, size);
            }
            jcs[count] = jc;
            pcs[count] = pc;
            froms[count] = strips * t / packChunks;
            tos[count] = strips * (t + 1) / packChunks;
            packs[count] = true;
            waits[count] = phase;
            count++;
          }
          phase = count;
          for (int r0 = 0; r0 < n; ) {
            int rest = n - r0;
            int size = roundUp((rest + 2 * threads - 1) / (2 * threads), MR);
            size = Math.min(rest, Math.max(2 * MR, Math.min(MC, size)));
            if (count == jcs.length) {
              int grown = 2 * count;
              jcs = Arrays.copyOf(jcs, grown);
              pcs = Arrays.copyOf(pcs, grown);
              froms = Arrays.copyOf(froms, grown);
              tos = Arrays.copyOf(tos, grown);
              packs = Arrays.copyOf(packs, grown);
              waits = Arrays.copyOf(waits, grown);
            }
            jcs[count] = jc;
            pcs[count] = pc;
            froms[count] = r0;
            tos[count] = r0 + size;
            packs[count] = false;
            waits[count] = phase;
            count++;
            r0 += size;
          }
        }
      }
      this.taskJc = jcs;
      this.taskPc = pcs;
      this.taskFrom = froms;
      this.taskTo = tos;
      this.taskPacks = packs;
      this.taskWaitsFor = waits;
      this.total = count;
    }

    /** Runs the product on this thread and up to {@code threads - 1} {@link Helper} threads. */
    void run() {
      for (int t = 1; t < threads; t++) {
        Helper.offer(t - 1, this::work);
      }
      work();
      await(total);
      Throwable e = failure;
      if (e != null) {
        throw new IllegalStateException("matmul: a thread of a shared product failed", e);
      }
    }

    /** Takes and runs tasks until none are left (or one failed). */
    private void work() {
      try {
        Buffers<T> buffers = null;
        T ap = null;
        for (int t = next.getAndIncrement(); t < total; t = next.getAndIncrement()) {
          if (!await(taskWaitsFor[t])) {
            return;
          }
          int jc = taskJc[t];
          int nc = Math.min(NC, m - jc);
          int pc = taskPc[t];
          int kc = Math.min(KC, k - pc);
          if (taskPacks[t]) {
            int nr = panels.nr;
            int j0 = taskFrom[t] * nr;
            int j1 = Math.min(nc, taskTo[t] * nr);
            panels.packB(transB, b, bOff, k, m, pc, kc, jc + j0, j1 - j0, bp, j0 * kc);
          } else {
            if (buffers == null) {
              buffers = panels.buffers.get();
              ap = direct ? null : buffers.ap(Math.min(KC, k) * MC);
            }
            panelRows(
                panels, transA, a, aOff, bp, c, cOff, n, k, m, jc, nc, pc, kc, taskFrom[t],
                taskTo[t], direct, ap, buffers.tile);
          }
          done.incrementAndGet();
        }
      } catch (Throwable e) {
        failure = e;
      }
    }

    /**
     * Waits until {@code count} tasks are done; returns false (at once) if a task failed. Spins
     * briefly, then yields the core, since the machine may be shared.
     */
    private boolean await(int count) {
      for (int spins = 0; done.get() < count; spins++) {
        if (failure != null) {
          return false;
        }
        if (spins < 1 << 12) {
          Thread.onSpinWait();
        } else {
          Thread.yield();
        }
      }
      return failure == null;
    }
  }

  /**
   * A daemon thread that runs the tasks of shared products. After a task it spins for {@value
   * #SPIN_NANOS} ns before parking, so that back-to-back products (a training loop, a benchmark)
   * find it awake: waking a parked thread took tens to over a hundred microseconds on a small VM,
   * as long as a whole 256 x 256 product. A task offered while the helper is busy waits for it or
   * is replaced by a newer one; either way the calling thread does whatever no helper took.
   */
  private static final class Helper extends Thread {
    private static final long SPIN_NANOS = 200_000;
    private static Helper[] helpers = new Helper[0];

    private final AtomicReference<Runnable> task = new AtomicReference<>();

    private Helper(int index) {
      super("jgrad-matmul-helper-" + index);
      setDaemon(true);
    }

    /** Hands {@code work} to helper {@code index}, starting the helper on first use. */
    static void offer(int index, Runnable work) {
      Helper h = helper(index);
      h.task.set(work);
      LockSupport.unpark(h);
    }

    private static synchronized Helper helper(int index) {
      if (index >= helpers.length) {
        Helper[] grown = Arrays.copyOf(helpers, index + 1);
        for (int i = helpers.length; i <= index; i++) {
          grown[i] = new Helper(i);
          grown[i].start();
        }
        helpers = grown;
      }
      return helpers[index];
    }

    @Override
    public void run() {
      while (true) {
        Runnable work = task.getAndSet(null);
        if (work != null) {
          work.run();
          long until = System.nanoTime() + SPIN_NANOS;
          while (task.get() == null && System.nanoTime() < until) {
            Thread.onSpinWait();
          }
        } else {
          LockSupport.park(this);
        }
      }
    }
  }

  /**
   * Whether to read A in place instead of packing it: packing copies every element of A once per
   * panel of B and pays off only when the copy is reused over many column strips and A does not
   * sit in cache anyway. For the products of small layers (a batch of 32 times a weight, a
   * convolution with few output channels) the copy cost as much as the arithmetic.
   */
  static boolean readsAInPlace(int n, int k, int m, int nr) {
    return m <= 2 * nr || (long) n * k <= 64 * 1024;
  }

  /** The element-type-specific steps of {@link #blocked}; {@code T} is the array type. */
  private abstract static class Panels<T> {
    /** Columns of the register tile: two vectors of the type. */
    final int nr;
    /**
     * Per-thread packing buffers, grown on demand and reused across calls: a fresh buffer per
     * call would be zeroed by the allocator and written cache-cold, which dominated small products.
     */
    final ThreadLocal<Buffers<T>> buffers;

    Panels(int nr, IntFunction<T> newArray) {
      this.nr = nr;
      this.buffers = ThreadLocal.withInitial(() -> new Buffers<>(newArray, MR * nr));
    }

    /**
     * Packs {@code B(pc.., jc..)} as strips of {@code nr} columns: {@code bp[bo + jr*kc + p*nr + q]},
     * zero-padded. A transposed B is read along its stored rows (contiguous), written with stride
     * {@code nr}.
     */
    abstract void packB(
        boolean transB, T b, int bOff, int k, int m, int pc, int kc, int jc, int nc, T bp, int bo);

    /**
     * Packs {@code A(ic.., pc..)} as strips of MR rows: {@code ap[ir*kc + p*MR + r]}, zero-padded.
     * A transposed A is read along its stored rows (contiguous).
     */
    abstract void packA(boolean transA, T a, int aOff, int n, int k, int ic, int mc, int pc, int kc, T ap);

    /**
     * Adds the product of an MR-row strip of packed A and an {@code nr}-column strip of packed B
     * (both {@code kc} deep) to the {@code rows x cols} block of C at {@code c[cAt ..]} (row
     * stride {@code ldc}); {@code tile} ({@code MR * nr}) holds an edge block on its way to C.
     */
    abstract void microKernel(
        T ap, int ao, T bp, int bo, int kc, T c, int cAt, int ldc, int rows, int cols, T tile);

    /**
     * As {@link #microKernel}, with A read where it is stored: {@code A(r, p)} of the strip at
     * {@code a[aAt + r * rowStride + p * colStride]}. Rows past {@code rows} repeat the last row
     * (their sums are computed and dropped), so nothing outside A is read. Each kernel writes its
     * tile out itself: a helper taking the 12 vectors as arguments is not inlined by C2 on JDK 17,
     * and the kernels then ran 20x slower.
     */
    abstract void microKernelInPlace(
        T a, int aAt, int rowStride, int colStride, T bp, int bo, int kc, T c, int cAt, int ldc,
        int rows, int cols, T tile);
  }

  /** One thread's packed-B panel, packed-A block and edge tile, of array type {@code T}. */
  private static final class Buffers<T> {
    private final IntFunction<T> newArray;
    private T bp;
    private int bpSize;
    private T ap;
    private int apSize;
    final T tile;

    Buffers(IntFunction<T> newArray, int tileSize) {
      this.newArray = newArray;
      this.bp = newArray.apply(0);
      this.ap = newArray.apply(0);
      this.tile = newArray.apply(tileSize);
    }

    T bp(int size) {
      if (bpSize < size) {
        bp = newArray.apply(size);
        bpSize = size;
      }
      return bp;
    }

    T ap(int size) {
      if (apSize < size) {
        ap = newArray.apply(size);
        apSize = size;
      }
      return ap;
    }
  }

  // DoublePanels and FloatPanels are the same code with the element type changed: keep them in step.

  /** Packing and the micro-kernel on {@code double[]} with {@link DoubleVector}. */
  private static final class DoublePanels extends Panels<double[]> {
    private static final int L = DS.length();
    private static final int NR = 2 * L;

    DoublePanels() {
      super(NR, double[]::new);
    }

    @Override
    void packB(
        boolean transB, double[] b, int bOff, int k, int m, int pc, int kc, int jc, int nc, double[] bp,
        int bo) {
      for (int jr = 0; jr < nc; jr += NR) {
        int w = Math.min(NR, nc - jr);
        int base = bo + jr * kc;
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

    @Override
    void packA(
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

    @Override
    void microKernel(
        double[] ap, int ao, double[] bp, int bo, int kc, double[] c, int cAt, int ldc, int rows, int cols,
        double[] tile) {
      DoubleVector c00 = DoubleVector.zero(DS);
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
        DoubleVector b0 = DoubleVector.fromArray(DS, bp, bi);
        DoubleVector b1 = DoubleVector.fromArray(DS, bp, bi + L);
        int ai = ao + p * MR;
        DoubleVector a0 = DoubleVector.broadcast(DS, ap[ai]);
        c00 = b0.fma(a0, c00);
        c01 = b1.fma(a0, c01);
        DoubleVector a1 = DoubleVector.broadcast(DS, ap[ai + 1]);
        c10 = b0.fma(a1, c10);
        c11 = b1.fma(a1, c11);
        DoubleVector a2 = DoubleVector.broadcast(DS, ap[ai + 2]);
        c20 = b0.fma(a2, c20);
        c21 = b1.fma(a2, c21);
        DoubleVector a3 = DoubleVector.broadcast(DS, ap[ai + 3]);
        c30 = b0.fma(a3, c30);
        c31 = b1.fma(a3, c31);
        DoubleVector a4 = DoubleVector.broadcast(DS, ap[ai + 4]);
        c40 = b0.fma(a4, c40);
        c41 = b1.fma(a4, c41);
        DoubleVector a5 = DoubleVector.broadcast(DS, ap[ai + 5]);
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

    @Override
    void microKernelInPlace(
        double[] a, int aAt, int rowStride, int colStride, double[] bp, int bo, int kc, double[] c, int cAt,
        int ldc, int rows, int cols, double[] tile) {
      if (cols <= L) {
        microKernelInPlaceOneVector(a, aAt, rowStride, colStride, bp, bo, kc, c, cAt, ldc, rows, cols, tile);
        return;
      }
      int r1 = aAt + Math.min(1, rows - 1) * rowStride;
      int r2 = aAt + Math.min(2, rows - 1) * rowStride;
      int r3 = aAt + Math.min(3, rows - 1) * rowStride;
      int r4 = aAt + Math.min(4, rows - 1) * rowStride;
      int r5 = aAt + Math.min(5, rows - 1) * rowStride;
      DoubleVector c00 = DoubleVector.zero(DS);
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
      for (int p = 0, pa = 0; p < kc; p++, pa += colStride) {
        int bi = bo + p * NR;
        DoubleVector b0 = DoubleVector.fromArray(DS, bp, bi);
        DoubleVector b1 = DoubleVector.fromArray(DS, bp, bi + L);
        DoubleVector a0 = DoubleVector.broadcast(DS, a[aAt + pa]);
        c00 = b0.fma(a0, c00);
        c01 = b1.fma(a0, c01);
        DoubleVector a1 = DoubleVector.broadcast(DS, a[r1 + pa]);
        c10 = b0.fma(a1, c10);
        c11 = b1.fma(a1, c11);
        DoubleVector a2 = DoubleVector.broadcast(DS, a[r2 + pa]);
        c20 = b0.fma(a2, c20);
        c21 = b1.fma(a2, c21);
        DoubleVector a3 = DoubleVector.broadcast(DS, a[r3 + pa]);
        c30 = b0.fma(a3, c30);
        c31 = b1.fma(a3, c31);
        DoubleVector a4 = DoubleVector.broadcast(DS, a[r4 + pa]);
        c40 = b0.fma(a4, c40);
        c41 = b1.fma(a4, c41);
        DoubleVector a5 = DoubleVector.broadcast(DS, a[r5 + pa]);
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


    /**
     * The in-place kernel for a strip of at most one vector of columns (the last strip of a
     * product whose width is not a multiple of the tile's, or a narrow product): a {@code 6 x L}
     * tile, half the multiply-adds of the full tile's, whose other half would be discarded.
     */
    private static void microKernelInPlaceOneVector(
        double[] a, int aAt, int rowStride, int colStride, double[] bp, int bo, int kc, double[] c, int cAt,
        int ldc, int rows, int cols, double[] tile) {
      int r1 = aAt + Math.min(1, rows - 1) * rowStride;
      int r2 = aAt + Math.min(2, rows - 1) * rowStride;
      int r3 = aAt + Math.min(3, rows - 1) * rowStride;
      int r4 = aAt + Math.min(4, rows - 1) * rowStride;
      int r5 = aAt + Math.min(5, rows - 1) * rowStride;
      DoubleVector c0 = DoubleVector.zero(DS);
      DoubleVector c1 = c0;
      DoubleVector c2 = c0;
      DoubleVector c3 = c0;
      DoubleVector c4 = c0;
      DoubleVector c5 = c0;
      for (int p = 0, pa = 0; p < kc; p++, pa += colStride) {
        DoubleVector b0 = DoubleVector.fromArray(DS, bp, bo + p * NR);
        c0 = b0.fma(DoubleVector.broadcast(DS, a[aAt + pa]), c0);
        c1 = b0.fma(DoubleVector.broadcast(DS, a[r1 + pa]), c1);
        c2 = b0.fma(DoubleVector.broadcast(DS, a[r2 + pa]), c2);
        c3 = b0.fma(DoubleVector.broadcast(DS, a[r3 + pa]), c3);
        c4 = b0.fma(DoubleVector.broadcast(DS, a[r4 + pa]), c4);
        c5 = b0.fma(DoubleVector.broadcast(DS, a[r5 + pa]), c5);
      }
      if (cols == L && rows == MR) {
        DoubleVector.fromArray(DS, c, cAt).add(c0).intoArray(c, cAt);
        DoubleVector.fromArray(DS, c, cAt + ldc).add(c1).intoArray(c, cAt + ldc);
        DoubleVector.fromArray(DS, c, cAt + 2 * ldc).add(c2).intoArray(c, cAt + 2 * ldc);
        DoubleVector.fromArray(DS, c, cAt + 3 * ldc).add(c3).intoArray(c, cAt + 3 * ldc);
        DoubleVector.fromArray(DS, c, cAt + 4 * ldc).add(c4).intoArray(c, cAt + 4 * ldc);
        DoubleVector.fromArray(DS, c, cAt + 5 * ldc).add(c5).intoArray(c, cAt + 5 * ldc);
        return;
      }
      c0.intoArray(tile, 0);
      c1.intoArray(tile, NR);
      c2.intoArray(tile, 2 * NR);
      c3.intoArray(tile, 3 * NR);
      c4.intoArray(tile, 4 * NR);
      c5.intoArray(tile, 5 * NR);
      for (int r = 0; r < rows; r++) {
        for (int q = 0; q < cols; q++) {
          c[cAt + r * ldc + q] += tile[r * NR + q];
        }
      }
    }

    private static void addRow(double[] c, int at, DoubleVector lo, DoubleVector hi) {
      DoubleVector.fromArray(DS, c, at).add(lo).intoArray(c, at);
      DoubleVector.fromArray(DS, c, at + L).add(hi).intoArray(c, at + L);
    }
  }

  /** Packing and the micro-kernel on {@code float[]} with {@link FloatVector}. */
  private static final class FloatPanels extends Panels<float[]> {
    private static final int L = FS.length();
    private static final int NR = 2 * L;

    FloatPanels() {
      super(NR, float[]::new);
    }

    @Override
    void packB(
        boolean transB, float[] b, int bOff, int k, int m, int pc, int kc, int jc, int nc, float[] bp,
        int bo) {
      for (int jr = 0; jr < nc; jr += NR) {
        int w = Math.min(NR, nc - jr);
        int base = bo + jr * kc;
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

    @Override
    void packA(
        boolean transA, float[] a, int aOff, int n, int k, int ic, int mc, int pc, int kc, float[] ap) {
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

    @Override
    void microKernel(
        float[] ap, int ao, float[] bp, int bo, int kc, float[] c, int cAt, int ldc, int rows, int cols,
        float[] tile) {
      FloatVector c00 = FloatVector.zero(FS);
      FloatVector c01 = c00;
      FloatVector c10 = c00;
      FloatVector c11 = c00;
      FloatVector c20 = c00;
      FloatVector c21 = c00;
      FloatVector c30 = c00;
      FloatVector c31 = c00;
      FloatVector c40 = c00;
      FloatVector c41 = c00;
      FloatVector c50 = c00;
      FloatVector c51 = c00;
      for (int p = 0; p < kc; p++) {
        int bi = bo + p * NR;
        FloatVector b0 = FloatVector.fromArray(FS, bp, bi);
        FloatVector b1 = FloatVector.fromArray(FS, bp, bi + L);
        int ai = ao + p * MR;
        FloatVector a0 = FloatVector.broadcast(FS, ap[ai]);
        c00 = b0.fma(a0, c00);
        c01 = b1.fma(a0, c01);
        FloatVector a1 = FloatVector.broadcast(FS, ap[ai + 1]);
        c10 = b0.fma(a1, c10);
        c11 = b1.fma(a1, c11);
        FloatVector a2 = FloatVector.broadcast(FS, ap[ai + 2]);
        c20 = b0.fma(a2, c20);
        c21 = b1.fma(a2, c21);
        FloatVector a3 = FloatVector.broadcast(FS, ap[ai + 3]);
        c30 = b0.fma(a3, c30);
        c31 = b1.fma(a3, c31);
        FloatVector a4 = FloatVector.broadcast(FS, ap[ai + 4]);
        c40 = b0.fma(a4, c40);
        c41 = b1.fma(a4, c41);
        FloatVector a5 = FloatVector.broadcast(FS, ap[ai + 5]);
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

    @Override
    void microKernelInPlace(
        float[] a, int aAt, int rowStride, int colStride, float[] bp, int bo, int kc, float[] c, int cAt,
        int ldc, int rows, int cols, float[] tile) {
      if (cols <= L) {
        microKernelInPlaceOneVector(a, aAt, rowStride, colStride, bp, bo, kc, c, cAt, ldc, rows, cols, tile);
        return;
      }
      int r1 = aAt + Math.min(1, rows - 1) * rowStride;
      int r2 = aAt + Math.min(2, rows - 1) * rowStride;
      int r3 = aAt + Math.min(3, rows - 1) * rowStride;
      int r4 = aAt + Math.min(4, rows - 1) * rowStride;
      int r5 = aAt + Math.min(5, rows - 1) * rowStride;
      FloatVector c00 = FloatVector.zero(FS);
      FloatVector c01 = c00;
      FloatVector c10 = c00;
      FloatVector c11 = c00;
      FloatVector c20 = c00;
      FloatVector c21 = c00;
      FloatVector c30 = c00;
      FloatVector c31 = c00;
      FloatVector c40 = c00;
      FloatVector c41 = c00;
      FloatVector c50 = c00;
      FloatVector c51 = c00;
      for (int p = 0, pa = 0; p < kc; p++, pa += colStride) {
        int bi = bo + p * NR;
        FloatVector b0 = FloatVector.fromArray(FS, bp, bi);
        FloatVector b1 = FloatVector.fromArray(FS, bp, bi + L);
        FloatVector a0 = FloatVector.broadcast(FS, a[aAt + pa]);
        c00 = b0.fma(a0, c00);
        c01 = b1.fma(a0, c01);
        FloatVector a1 = FloatVector.broadcast(FS, a[r1 + pa]);
        c10 = b0.fma(a1, c10);
        c11 = b1.fma(a1, c11);
        FloatVector a2 = FloatVector.broadcast(FS, a[r2 + pa]);
        c20 = b0.fma(a2, c20);
        c21 = b1.fma(a2, c21);
        FloatVector a3 = FloatVector.broadcast(FS, a[r3 + pa]);
        c30 = b0.fma(a3, c30);
        c31 = b1.fma(a3, c31);
        FloatVector a4 = FloatVector.broadcast(FS, a[r4 + pa]);
        c40 = b0.fma(a4, c40);
        c41 = b1.fma(a4, c41);
        FloatVector a5 = FloatVector.broadcast(FS, a[r5 + pa]);
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


    /**
     * The in-place kernel for a strip of at most one vector of columns (the last strip of a
     * product whose width is not a multiple of the tile's, or a narrow product): a {@code 6 x L}
     * tile, half the multiply-adds of the full tile's, whose other half would be discarded.
     */
    private static void microKernelInPlaceOneVector(
        float[] a, int aAt, int rowStride, int colStride, float[] bp, int bo, int kc, float[] c, int cAt,
        int ldc, int rows, int cols, float[] tile) {
      int r1 = aAt + Math.min(1, rows - 1) * rowStride;
      int r2 = aAt + Math.min(2, rows - 1) * rowStride;
      int r3 = aAt + Math.min(3, rows - 1) * rowStride;
      int r4 = aAt + Math.min(4, rows - 1) * rowStride;
      int r5 = aAt + Math.min(5, rows - 1) * rowStride;
      FloatVector c0 = FloatVector.zero(FS);
      FloatVector c1 = c0;
      FloatVector c2 = c0;
      FloatVector c3 = c0;
      FloatVector c4 = c0;
      FloatVector c5 = c0;
      for (int p = 0, pa = 0; p < kc; p++, pa += colStride) {
        FloatVector b0 = FloatVector.fromArray(FS, bp, bo + p * NR);
        c0 = b0.fma(FloatVector.broadcast(FS, a[aAt + pa]), c0);
        c1 = b0.fma(FloatVector.broadcast(FS, a[r1 + pa]), c1);
        c2 = b0.fma(FloatVector.broadcast(FS, a[r2 + pa]), c2);
        c3 = b0.fma(FloatVector.broadcast(FS, a[r3 + pa]), c3);
        c4 = b0.fma(FloatVector.broadcast(FS, a[r4 + pa]), c4);
        c5 = b0.fma(FloatVector.broadcast(FS, a[r5 + pa]), c5);
      }
      if (cols == L && rows == MR) {
        FloatVector.fromArray(FS, c, cAt).add(c0).intoArray(c, cAt);
        FloatVector.fromArray(FS, c, cAt + ldc).add(c1).intoArray(c, cAt + ldc);
        FloatVector.fromArray(FS, c, cAt + 2 * ldc).add(c2).intoArray(c, cAt + 2 * ldc);
        FloatVector.fromArray(FS, c, cAt + 3 * ldc).add(c3).intoArray(c, cAt + 3 * ldc);
        FloatVector.fromArray(FS, c, cAt + 4 * ldc).add(c4).intoArray(c, cAt + 4 * ldc);
        FloatVector.fromArray(FS, c, cAt + 5 * ldc).add(c5).intoArray(c, cAt + 5 * ldc);
        return;
      }
      c0.intoArray(tile, 0);
      c1.intoArray(tile, NR);
      c2.intoArray(tile, 2 * NR);
      c3.intoArray(tile, 3 * NR);
      c4.intoArray(tile, 4 * NR);
      c5.intoArray(tile, 5 * NR);
      for (int r = 0; r < rows; r++) {
        for (int q = 0; q < cols; q++) {
          c[cAt + r * ldc + q] += tile[r * NR + q];
        }
      }
    }

    private static void addRow(float[] c, int at, FloatVector lo, FloatVector hi) {
      FloatVector.fromArray(FS, c, at).add(lo).intoArray(c, at);
      FloatVector.fromArray(FS, c, at + L).add(hi).intoArray(c, at + L);
    }
  }

  private static int roundUp(int x, int to) {
    return (x + to - 1) / to * to;
  }
}
