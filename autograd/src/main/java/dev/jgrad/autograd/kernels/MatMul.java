package dev.jgrad.autograd.kernels;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;

/**
 * Dense matrix products on row-major storage. {@code gemm} adds one {@code [n, k] x [k, m]}
 * product (either operand optionally transposed, read in place) into a slice of an output
 * array; callers loop over batch dimensions.
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

  /** The SIMD kernel's class, compiled from {@code src/main/vector}. */
  private static final String VECTOR_KERNEL = "dev.jgrad.autograd.kernels.VectorGemm";

  private static final GemmKernel KERNEL = loadKernel();
  private static final int THREADS =
      Math.max(1, Integer.getInteger("jgrad.threads", Runtime.getRuntime().availableProcessors()));

  private static GemmKernel loadKernel() {
    if (!Boolean.parseBoolean(System.getProperty("jgrad.vector", "true"))) {
      return ScalarGemm.INSTANCE;
    }
    GemmKernel vector = vectorKernel();
    return vector != null ? vector : ScalarGemm.INSTANCE;
  }

  /**
   * Returns the SIMD kernel, or null when the {@code jdk.incubator.vector} module is not in the
   * JVM (loading the class then fails to link) or the hardware gives it fewer than 4 lanes.
   */
  static GemmKernel vectorKernel() {
    try {
      Class<?> cls = Class.forName(VECTOR_KERNEL);
      GemmKernel k = (GemmKernel) cls.getDeclaredConstructor().newInstance();
      return k.name().startsWith("vector") ? k : null;
    } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
      return null;
    }
  }

  /** Returns the scalar kernel, for tests that compare it with the SIMD one. */
  static GemmKernel scalarKernel() {
    return ScalarGemm.INSTANCE;
  }

  /** Returns the name of the kernel in use, e.g. {@code "vector (8 doubles)"} or {@code "scalar"}. */
  public static String kernelName() {
    return KERNEL.name();
  }

  /**
   * Adds {@code A B} to {@code c[cOff ..]}: {@code A} is {@code [n, k]} at {@code a[aOff ..]},
   * {@code B} is {@code [k, m]} at {@code b[bOff ..]}, {@code C} is {@code [n, m]}.
   */
  public static void gemm(
      double[] a, int aOff, double[] b, int bOff, double[] c, int cOff, int n, int k, int m) {
    gemm(false, false, a, aOff, b, bOff, c, cOff, n, k, m);
  }

  /**
   * Adds {@code op(A) op(B)} to {@code C} ({@code [n, m]} at {@code c[cOff ..]}), where
   * {@code op(A)} is {@code [n, k]}, stored as {@code [n, k]} or, when {@code transA}, as
   * {@code [k, n]}; and {@code op(B)} is {@code [k, m]}, stored as {@code [k, m]} or, when
   * {@code transB}, as {@code [m, k]}. Transposed operands are read in place, not copied.
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
    // Packing costs more than it saves on tiny or skinny products: those take the scalar kernel.
    GemmKernel kernel = isSmall(n, k, m, (long) n * k * m) ? ScalarGemm.INSTANCE : KERNEL;
    gemm(kernel, THREADS, transA, transB, a, aOff, b, bOff, c, cOff, n, k, m);
  }

  /**
   * As {@link #gemm(boolean, boolean, double[], int, double[], int, double[], int, int, int, int)}
   * on {@code float}s (plain loops, accumulated in float).
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
    int strideAi = transA ? 1 : k;
    int strideAp = transA ? n : 1;
    int strideBp = transB ? 1 : m;
    int strideBj = transB ? k : 1;
    for (int i = 0; i < n; i++) {
      for (int p = 0; p < k; p++) {
        float av = a[aOff + i * strideAi + p * strideAp];
        int ci = cOff + i * m;
        int bp = bOff + p * strideBp;
        for (int j = 0; j < m; j++) {
          c[ci + j] += av * b[bp + j * strideBj];
        }
      }
    }
  }

  /** Returns whether a product is too small or skinny for the SIMD kernel to pay. */
  private static boolean isSmall(int n, int k, int m, long work) {
    return work < SMALL_FLOPS || m < 8 || k < 4;
  }

  /** Multiply-adds under which the scalar kernel is used even when the SIMD one is loaded. */
  static final long SMALL_FLOPS = 4096;

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
    if (n == 0 || m == 0 || k == 0) {
      return;
    }
    long work = (long) n * k * m;
    int parts = work >= PARALLEL_FLOPS ? Math.min(threads, n / 8) : 1;
    if (parts <= 1) {
      kernel.gemm(transA, transB, a, aOff, b, bOff, c, cOff, n, k, m, 0, n);
      return;
    }
    // Row chunks: this thread takes the first, the common pool the others.
    Future<?>[] futures = new Future<?>[parts];
    for (int t = 1; t < parts; t++) {
      int r0 = n * t / parts;
      int r1 = n * (t + 1) / parts;
      futures[t] =
          ForkJoinPool.commonPool()
              .submit(() -> kernel.gemm(transA, transB, a, aOff, b, bOff, c, cOff, n, k, m, r0, r1));
    }
    kernel.gemm(transA, transB, a, aOff, b, bOff, c, cOff, n, k, m, 0, n / parts);
    for (int t = 1; t < parts; t++) {
      try {
        futures[t].get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("matmul: interrupted while waiting for a worker thread", e);
      } catch (java.util.concurrent.ExecutionException e) {
        throw new IllegalStateException("matmul: a worker thread failed", e.getCause());
      }
    }
  }
}
