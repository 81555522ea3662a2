package dev.jgrad.autograd.kernels;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;

/**
 * Dense matrix products on row-major {@code double[]} or {@code float[]} storage. {@code gemm}
 * adds one {@code [n, k] x [k, m]} product (either operand optionally transposed, read in place)
 * into a slice of an output array; callers loop over batch dimensions. Both element types take
 * the same path (kernel choice, thread split); float products are summed in float.
 *
 * <p>At start-up the SIMD kernel {@code VectorGemm} is loaded if the JVM runs with
 * {@code --add-modules jdk.incubator.vector}; otherwise (or with {@code -Djgrad.vector=false})
 * the plain-loop {@link ScalarGemm} is used. Products of at least {@value #PARALLEL_FLOPS}
 * multiply-adds are split by rows over up to {@code -Djgrad.threads} threads (default: the
 * available processors); every output element is computed by one thread in the same order, so
 * the result does not depend on the thread count.
 */
public final class MatMul {
  private MatMul() {}

  /** Multiply-adds from which a product is split over threads (about 256 x 256 x 128). */
  static final long PARALLEL_FLOPS = 1L << 23;

  /** Multiply-adds under which the scalar kernel is used even when the SIMD one is loaded. */
  static final long SMALL_FLOPS = 4096;

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
    splitRows(
        threads,
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
    splitRows(
        threads,
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

  /**
   * Runs {@code rows} over {@code [0, n)}: in one call for small products, else in row chunks, the
   * first on this thread and the others in the common pool.
   */
  private static void splitRows(int threads, int n, int k, int m, RowRange rows) {
    if (n == 0 || m == 0 || k == 0) {
      return;
    }
    long work = (long) n * k * m;
    int parts = work >= PARALLEL_FLOPS ? Math.min(threads, n / 8) : 1;
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
