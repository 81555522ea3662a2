package dev.jgrad.autograd.kernels;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;

/**
 * Dense matrix products on row-major {@code double[]} or {@code float[]} storage. {@code gemm}
 * adds one {@code [n, k] x [k, m]} product (either operand optionally transposed, read in place)
 * into a slice of an output array; {@code gemmBatch} adds a batch of them, laid out by strides.
 * Both element types take
 * the same path (kernel choice, thread split); float products are summed in float.
 *
 * <p>At start-up the SIMD kernel {@code VectorGemm} is loaded if the JVM runs with
 * {@code --add-modules jdk.incubator.vector}; otherwise (or with {@code -Djgrad.vector=false})
 * the plain-loop {@link ScalarGemm} is used. Products of at least {@value #PARALLEL_FLOPS}
 * multiply-adds are shared by up to {@code -Djgrad.threads} threads (default: the available
 * processors): the SIMD kernel packs each panel of {@code B} once for all of them and hands out
 * row chunks from a shared counter, so the calling thread takes over what a late helper has not
 * started (its helpers are daemon threads named {@code jgrad-matmul-helper-N}, which spin briefly
 * after each product so the next one finds them awake); the scalar kernel splits the rows evenly
 * over the common pool. Every output element is computed by one
 * thread in the same order, so the result does not depend on the thread count.
 */
public final class MatMul {
  private MatMul() {}

  /** Multiply-adds from which a product is split over threads (about 256 x 256 x 128). */
  static final long PARALLEL_FLOPS = 1L << 23;

  /** Multiply-adds under which the scalar kernel is used even when the SIMD one is loaded. */
  static final long SMALL_FLOPS = 4096;

  /** Multiply-adds per product up to which {@link #gemmBatch} runs a batch in one kernel loop. */
  static final long BATCH_SMALL_FLOPS = 32 * 32 * 32;

  /** The SIMD kernel's class, compiled from {@code src/main/vector}. */
  private static final String VECTOR_KERNEL = "dev.jgrad.autograd.kernels.VectorGemm";

  private static final GemmKernel KERNEL = loadKernel();
  private static final int THREADS =
      Math.max(1, Integer.getInteger("jgrad.threads", Runtime.getRuntime().availableProcessors()));

  private static GemmKernel loadKernel() {
    if (!VectorModule.enabled()) {
      return ScalarGemm.INSTANCE;
    }
    GemmKernel vector = vectorKernel();
    if (vector == null) {
      // Once per JVM (this runs in the class initializer): users who never asked for the scalar
      // kernel learn why matrix products are slower and how to get the SIMD one.
      System.getLogger("dev.jgrad.autograd")
          .log(
              System.Logger.Level.INFO,
              "jgrad: matrix products use the scalar kernel because the JVM runs without the"
                  + " Vector API; add --add-modules jdk.incubator.vector to the java command (or"
                  + " Surefire's argLine) for the SIMD kernel, about 2-4x faster on big products"
                  + " (the JVM then prints one 'Using incubator modules' warning);"
                  + " -Djgrad.vector=false silences this");
    }
    return vector != null ? vector : ScalarGemm.INSTANCE;
  }

  /**
   * Returns the SIMD kernel, or null when the {@code jdk.incubator.vector} module is not in the
   * JVM (loading the class then fails to link) or the hardware gives it fewer than 4 lanes.
   */
  static GemmKernel vectorKernel() {
    GemmKernel k = VectorModule.load(VECTOR_KERNEL, GemmKernel.class);
    return k != null && k.name().startsWith("vector") ? k : null;
  }

  /** Returns the scalar kernel, for tests that compare it with the SIMD one. */
  static GemmKernel scalarKernel() {
    return ScalarGemm.INSTANCE;
  }

  /**
   * Returns the name of the kernel in use, e.g. {@code "vector (8 doubles)"} or {@code "scalar"}.
   *
   * @return the name of the kernel in use
   */
  public static String kernelName() {
    return KERNEL.name();
  }

  /**
   * Adds {@code A B} to {@code c[cOff ..]}: {@code A} is {@code [n, k]} at {@code a[aOff ..]},
   * {@code B} is {@code [k, m]} at {@code b[bOff ..]}, {@code C} is {@code [n, m]}.
   *
   * @param a the elements of {@code A}, row-major
   * @param aOff the index of {@code A}'s first element in {@code a}
   * @param b the elements of {@code B}, row-major
   * @param bOff the index of {@code B}'s first element in {@code b}
   * @param c the elements of {@code C}, row-major, updated in place
   * @param cOff the index of {@code C}'s first element in {@code c}
   * @param n the number of rows of {@code C}
   * @param k the inner dimension
   * @param m the number of columns of {@code C}
   * @throws IllegalArgumentException if a size or offset is negative, or an array is null or too
   *     short for its matrix
   */
  public static void gemm(
      double[] a, int aOff, double[] b, int bOff, double[] c, int cOff, int n, int k, int m) {
    gemm(false, false, a, aOff, b, bOff, c, cOff, n, k, m);
  }

  /**
   * Adds {@code A B} to {@code c[cOff ..]} in {@code float}: {@code A} is {@code [n, k]} at
   * {@code a[aOff ..]}, {@code B} is {@code [k, m]} at {@code b[bOff ..]}, {@code C} is
   * {@code [n, m]}.
   *
   * @param a the elements of {@code A}, row-major
   * @param aOff the index of {@code A}'s first element in {@code a}
   * @param b the elements of {@code B}, row-major
   * @param bOff the index of {@code B}'s first element in {@code b}
   * @param c the elements of {@code C}, row-major, updated in place
   * @param cOff the index of {@code C}'s first element in {@code c}
   * @param n the number of rows of {@code C}
   * @param k the inner dimension
   * @param m the number of columns of {@code C}
   * @throws IllegalArgumentException if a size or offset is negative, or an array is null or too
   *     short for its matrix
   */
  public static void gemm(
      float[] a, int aOff, float[] b, int bOff, float[] c, int cOff, int n, int k, int m) {
    gemm(false, false, a, aOff, b, bOff, c, cOff, n, k, m);
  }

  /**
   * Adds {@code op(A) op(B)} to {@code C} ({@code [n, m]} at {@code c[cOff ..]}), where
   * {@code op(A)} is {@code [n, k]}, stored as {@code [n, k]} or, when {@code transA}, as
   * {@code [k, n]}; and {@code op(B)} is {@code [k, m]}, stored as {@code [k, m]} or, when
   * {@code transB}, as {@code [m, k]}. Transposed operands are read in place, not copied.
   *
   * @param transA whether {@code A} is stored transposed, as {@code [k, n]}
   * @param transB whether {@code B} is stored transposed, as {@code [m, k]}
   * @param a the elements of {@code A} as stored, row-major
   * @param aOff the index of {@code A}'s first element in {@code a}
   * @param b the elements of {@code B} as stored, row-major
   * @param bOff the index of {@code B}'s first element in {@code b}
   * @param c the elements of {@code C}, row-major, updated in place
   * @param cOff the index of {@code C}'s first element in {@code c}
   * @param n the number of rows of {@code C}
   * @param k the inner dimension
   * @param m the number of columns of {@code C}
   * @throws IllegalArgumentException if a size or offset is negative, or an array is null or too
   *     short for its matrix
   */
  public static void gemm(
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
      int m) {
    gemm(kernelFor(n, k, m), THREADS, transA, transB, a, aOff, b, bOff, c, cOff, n, k, m);
  }

  /**
   * Adds {@code op(A) op(B)} to {@code C} in {@code float}, with the shapes and transposes of the
   * {@code double} overload: {@code C} is {@code [n, m]} at {@code c[cOff ..]}, {@code op(A)} is
   * {@code [n, k]} (stored as {@code [k, n]} when {@code transA}), {@code op(B)} is {@code [k, m]}
   * (stored as {@code [m, k]} when {@code transB}). Products and sums are rounded to float.
   *
   * @param transA whether {@code A} is stored transposed, as {@code [k, n]}
   * @param transB whether {@code B} is stored transposed, as {@code [m, k]}
   * @param a the elements of {@code A} as stored, row-major
   * @param aOff the index of {@code A}'s first element in {@code a}
   * @param b the elements of {@code B} as stored, row-major
   * @param bOff the index of {@code B}'s first element in {@code b}
   * @param c the elements of {@code C}, row-major, updated in place
   * @param cOff the index of {@code C}'s first element in {@code c}
   * @param n the number of rows of {@code C}
   * @param k the inner dimension
   * @param m the number of columns of {@code C}
   * @throws IllegalArgumentException if a size or offset is negative, or an array is null or too
   *     short for its matrix
   */
  public static void gemm(
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
      int m) {
    gemm(kernelFor(n, k, m), THREADS, transA, transB, a, aOff, b, bOff, c, cOff, n, k, m);
  }

  /**
   * Adds {@code batches} products {@code op(A_t) op(B_t)} to {@code C_t} ({@code double}), each
   * laid out as in {@link #gemm(boolean, boolean, double[], int, double[], int, double[], int, int, int,
   * int)}: {@code A_t} starts at {@code aOff + t * aStride}, {@code B_t} at {@code bOff + t *
   * bStride}, {@code C_t} at {@code cOff + t * cStride}. A stride of 0 shares one operand between
   * the products; {@code cStride} 0 adds all of them into one {@code C}, in order of {@code t}
   * (the gradient of an operand shared across a batch). Products of at most {@value
   * #BATCH_SMALL_FLOPS} multiply-adds run back to back in the kernel's small-product loop (the
   * per-head products of attention); bigger ones one by one as {@code gemm} runs them.
   *
   * @param transA whether each {@code A_t} is stored transposed, as {@code [k, n]}
   * @param transB whether each {@code B_t} is stored transposed, as {@code [m, k]}
   * @param a the elements of the {@code A_t}
   * @param aOff the index of {@code A_0}'s first element
   * @param aStride how many elements apart consecutive {@code A_t} start (0: one shared)
   * @param b the elements of the {@code B_t}
   * @param bOff the index of {@code B_0}'s first element
   * @param bStride how many elements apart consecutive {@code B_t} start (0: one shared)
   * @param c the elements of the {@code C_t}, updated in place
   * @param cOff the index of {@code C_0}'s first element
   * @param cStride how many elements apart consecutive {@code C_t} start (0: one sum)
   * @param batches the number of products
   * @param n the number of rows of each {@code C_t}
   * @param k the inner dimension
   * @param m the number of columns of each {@code C_t}
   * @throws IllegalArgumentException if a size, stride or offset is negative, or an array is null
   *     or too short for its last matrix
   */
  public static void gemmBatch(
      boolean transA, boolean transB, double[] a, int aOff, int aStride, double[] b, int bOff,
      int bStride, double[] c, int cOff, int cStride, int batches, int n, int k, int m) {
    checkBatch(batches, n, k, m, a == null ? -1 : a.length, aOff, aStride,
        b == null ? -1 : b.length, bOff, bStride, c == null ? -1 : c.length, cOff, cStride);
    if (batches == 0) {
      return;
    }
    if ((long) n * k * m <= BATCH_SMALL_FLOPS) {
      if (n > 0 && k > 0 && m > 0) {
        KERNEL.gemmBatch(
            transA, transB, a, aOff, aStride, b, bOff, bStride, c, cOff, cStride, batches, n, k, m);
      }
      return;
    }
    for (int t = 0; t < batches; t++) {
      gemm(transA, transB, a, aOff + t * aStride, b, bOff + t * bStride, c, cOff + t * cStride,
          n, k, m);
    }
  }

  /**
   * The {@code float} form of {@link #gemmBatch(boolean, boolean, double[], int, int, double[],
   * int, int, double[], int, int, int, int, int, int)}, with the same layout and checks; products
   * and sums are rounded to float.
   *
   * @param transA whether each {@code A_t} is stored transposed
   * @param transB whether each {@code B_t} is stored transposed
   * @param a the elements of the {@code A_t}
   * @param aOff the index of {@code A_0}'s first element
   * @param aStride how many elements apart consecutive {@code A_t} start (0: one shared)
   * @param b the elements of the {@code B_t}
   * @param bOff the index of {@code B_0}'s first element
   * @param bStride how many elements apart consecutive {@code B_t} start (0: one shared)
   * @param c the elements of the {@code C_t}, updated in place
   * @param cOff the index of {@code C_0}'s first element
   * @param cStride how many elements apart consecutive {@code C_t} start (0: one sum)
   * @param batches the number of products
   * @param n the number of rows of each {@code C_t}
   * @param k the inner dimension
   * @param m the number of columns of each {@code C_t}
   * @throws IllegalArgumentException as the {@code double} form
   */
  public static void gemmBatch(
      boolean transA, boolean transB, float[] a, int aOff, int aStride, float[] b, int bOff,
      int bStride, float[] c, int cOff, int cStride, int batches, int n, int k, int m) {
    checkBatch(batches, n, k, m, a == null ? -1 : a.length, aOff, aStride,
        b == null ? -1 : b.length, bOff, bStride, c == null ? -1 : c.length, cOff, cStride);
    if (batches == 0) {
      return;
    }
    if ((long) n * k * m <= BATCH_SMALL_FLOPS) {
      if (n > 0 && k > 0 && m > 0) {
        KERNEL.gemmBatch(
            transA, transB, a, aOff, aStride, b, bOff, bStride, c, cOff, cStride, batches, n, k, m);
      }
      return;
    }
    for (int t = 0; t < batches; t++) {
      gemm(transA, transB, a, aOff + t * aStride, b, bOff + t * bStride, c, cOff + t * cStride,
          n, k, m);
    }
  }

  /**
   * Returns the kernel for a product: packing costs more than it saves on tiny or skinny
   * products, so those take the scalar kernel.
   */
  private static GemmKernel kernelFor(int n, int k, int m) {
    boolean small = (long) n * k * m < SMALL_FLOPS || m < 8 || k < 4;
    return small ? ScalarGemm.INSTANCE : KERNEL;
  }

  /** As the public {@code gemm}, with the kernel (used whatever the size) and the thread count given. */
  static void gemm(
      GemmKernel kernel,
      int threads,
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
      int m) {
    checkOperands(
        a == null ? -1 : a.length, aOff, b == null ? -1 : b.length, bOff, c == null ? -1 : c.length, cOff,
        n, k, m);
    int parts = parts(threads, n, k, m);
    if (parts > 1 && kernel.gemmShared(transA, transB, a, aOff, b, bOff, c, cOff, n, k, m, parts)) {
      return;
    }
    splitRows(
        parts,
        n,
        k,
        m,
        (r0, r1) -> kernel.gemm(transA, transB, a, aOff, b, bOff, c, cOff, n, k, m, r0, r1));
  }

  /** As the public float {@code gemm}, with the kernel (used whatever the size) and the thread count given. */
  static void gemm(
      GemmKernel kernel,
      int threads,
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
      int m) {
    checkOperands(
        a == null ? -1 : a.length, aOff, b == null ? -1 : b.length, bOff, c == null ? -1 : c.length, cOff,
        n, k, m);
    int parts = parts(threads, n, k, m);
    if (parts > 1 && kernel.gemmShared(transA, transB, a, aOff, b, bOff, c, cOff, n, k, m, parts)) {
      return;
    }
    splitRows(
        parts,
        n,
        k,
        m,
        (r0, r1) -> kernel.gemm(transA, transB, a, aOff, b, bOff, c, cOff, n, k, m, r0, r1));
  }

  /** Rows {@code [r0, r1)} of one product, for either element type. */
  @FunctionalInterface
  private interface RowRange {
    void run(int r0, int r1);
  }

  /**
   * Adds {@code t^T} to {@code c}: {@code c[cOff + j * rows + i] += t[i * cols + j]}, {@code t}
   * row-major {@code [rows, cols]}, with the kernel in use (SIMD gathers where it has them).
   */
  static void addTransposed(float[] t, int rows, int cols, float[] c, int cOff) {
    KERNEL.addTransposed(t, rows, cols, c, cOff);
  }

  /** Returns how many threads share a product: one below {@value #PARALLEL_FLOPS} multiply-adds. */
  private static int parts(int threads, int n, int k, int m) {
    long work = (long) n * k * m;
    return work >= PARALLEL_FLOPS ? Math.max(1, Math.min(threads, n / 8)) : 1;
  }

  /**
   * Runs {@code rows} over {@code [0, n)} in {@code parts} row chunks, the first on this thread
   * and the others in the common pool (for kernels without a shared path).
   */
  private static void splitRows(int parts, int n, int k, int m, RowRange rows) {
    if (n == 0 || m == 0 || k == 0) {
      return;
    }
    if (parts <= 1) {
      rows.run(0, n);
      return;
    }
    Future<?>[] futures = new Future<?>[parts];
    for (int t = 1; t < parts; t++) {
      int r0 = n * t / parts;
      int r1 = n * (t + 1) / parts;
      futures[t] = ForkJoinPool.commonPool().submit(() -> rows.run(r0, r1));
    }
    rows.run(0, n / parts);
    for (int t = 1; t < parts; t++) {
      try {
        futures[t].get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("matmul: interrupted while waiting for a worker thread", e);
      } catch (ExecutionException e) {
        throw new IllegalStateException("matmul: a worker thread failed", e.getCause());
      }
    }
  }

  /**
   * Checks sizes, offsets and array lengths (-1 for a null array) before any thread starts, so a
   * bad call fails with a message instead of an index error inside a kernel.
   */
  private static void checkOperands(
      int aLength, int aOff, int bLength, int bOff, int cLength, int cOff, int n, int k, int m) {
    checkArgument(
        n >= 0 && k >= 0 && m >= 0,
        "MatMul.gemm: sizes must be non-negative, got n=%s, k=%s, m=%s",
        n,
        k,
        m);
    checkFits("op(A)", aLength, aOff, (long) n * k, n, k);
    checkFits("op(B)", bLength, bOff, (long) k * m, k, m);
    checkFits("C", cLength, cOff, (long) n * m, n, m);
  }

  /**
   * Checks a batch's sizes, offsets and strides, and (for a non-empty batch) that its last
   * matrices fit their arrays (-1 for a null array), before any kernel runs.
   */
  private static void checkBatch(
      int batches, int n, int k, int m, int aLength, int aOff, int aStride, int bLength, int bOff,
      int bStride, int cLength, int cOff, int cStride) {
    checkArgument(
        batches >= 0 && n >= 0 && k >= 0 && m >= 0,
        "MatMul.gemmBatch: the batch count and sizes must be non-negative, got batches=%s, n=%s,"
            + " k=%s, m=%s",
        batches,
        n,
        k,
        m);
    checkArgument(
        aOff >= 0 && aStride >= 0 && bOff >= 0 && bStride >= 0 && cOff >= 0 && cStride >= 0,
        "MatMul.gemmBatch: offsets and strides must be non-negative, got A at %s + t * %s, B at"
            + " %s + t * %s, C at %s + t * %s",
        aOff,
        aStride,
        bOff,
        bStride,
        cOff,
        cStride);
    if (batches > 0) {
      checkBatchFits("A", aLength, aOff, aStride, batches - 1, n, k);
      checkBatchFits("B", bLength, bOff, bStride, batches - 1, k, m);
      checkBatchFits("C", cLength, cOff, cStride, batches - 1, n, m);
    }
  }

  /** Checks that the last of a batch's matrices fits its array (the first ones then fit too). */
  private static void checkBatchFits(
      String name, int length, int off, int stride, int last, int rows, int cols) {
    checkArgument(length >= 0, "MatMul.gemmBatch: the array of %s is null", name);
    long at = off + (long) last * stride;
    checkArgument(
        at + (long) rows * cols <= length,
        "MatMul.gemmBatch: %s_%s [%s, %s] at %s + %s * %s = %s needs %s elements, but its array"
            + " has %s",
        name,
        last,
        rows,
        cols,
        off,
        last,
        stride,
        at,
        (long) rows * cols,
        length);
  }

  private static void checkFits(String name, int length, int off, long size, int rows, int cols) {
    checkArgument(length >= 0, "MatMul.gemm: the array of %s is null", name);
    checkArgument(
        off >= 0 && off + size <= length,
        "MatMul.gemm: %s [%s, %s] needs %s elements from offset %s, but its array has %s",
        name,
        rows,
        cols,
        size,
        off,
        length);
  }
}
