package dev.jgrad.autograd.kernels;

/**
 * One implementation of the matrix product kernel: the scalar {@link ScalarGemm}, or the SIMD
 * {@code VectorGemm} (compiled separately against {@code jdk.incubator.vector}), each in
 * {@code double} and {@code float} with one loop structure for both. {@link MatMul} picks one at
 * start-up and splits big products over threads.
 */
interface GemmKernel {

  /**
   * Adds rows {@code [rowStart, rowEnd)} of {@code op(A) op(B)} to {@code C}. {@code op(A)} is
   * {@code [n, k]}: {@code A} is stored row-major as {@code [n, k]}, or as {@code [k, n]} when
   * {@code transA}. {@code op(B)} is {@code [k, m]}: stored as {@code [k, m]}, or {@code [m, k]}
   * when {@code transB}. {@code C} is {@code [n, m]} at {@code c[cOff ..]}.
   */
  void gemm(
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
      int rowEnd);

  /** As the {@code double} overload, in {@code float}: products and sums are rounded to float. */
  void gemm(
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
      int rowEnd);

  /**
   * Adds {@code batches} products {@code op(A_t) op(B_t)} to {@code C_t}, each laid out as in
   * {@link #gemm}: {@code A_t} starts at {@code aOff + t * aStride}, {@code B_t} at {@code bOff + t
   * * bStride}, {@code C_t} at {@code cOff + t * cStride}. A stride of 0 shares one operand between
   * all products; a {@code cStride} of 0 adds every product into one {@code C}, in order of
   * {@code t}. The default runs {@link #gemm} per product; a kernel overrides it for small products,
   * whose per-call costs (packing, blocking) exceed their arithmetic.
   */
  default void gemmBatch(
      boolean transA, boolean transB, double[] a, int aOff, int aStride, double[] b, int bOff,
      int bStride, double[] c, int cOff, int cStride, int batches, int n, int k, int m) {
    for (int t = 0; t < batches; t++) {
      gemm(transA, transB, a, aOff + t * aStride, b, bOff + t * bStride, c, cOff + t * cStride,
          n, k, m, 0, n);
    }
  }

  /**
   * The {@code float} form of {@link #gemmBatch(boolean, boolean, double[], int, int, double[],
   * int, int, double[], int, int, int, int, int, int)}.
   */
  default void gemmBatch(
      boolean transA, boolean transB, float[] a, int aOff, int aStride, float[] b, int bOff,
      int bStride, float[] c, int cOff, int cStride, int batches, int n, int k, int m) {
    for (int t = 0; t < batches; t++) {
      gemm(transA, transB, a, aOff + t * aStride, b, bOff + t * bStride, c, cOff + t * cStride,
          n, k, m, 0, n);
    }
  }

  /**
   * Adds all of {@code op(A) op(B)} to {@code C} (laid out as in {@link #gemm}) with up to
   * {@code threads} threads working on one product together, each output element computed by one
   * thread in the order one thread would use; returns false, having done nothing, if the kernel
   * has no such path (then {@link MatMul} gives each thread its own rows and {@link #gemm} call).
   */
  default boolean gemmShared(
      boolean transA, boolean transB, double[] a, int aOff, double[] b, int bOff, double[] c,
      int cOff, int n, int k, int m, int threads) {
    return false;
  }

  /** The {@code float} form of {@link #gemmShared(boolean, boolean, double[], int, double[], int,
   * double[], int, int, int, int, int)}. */
  default boolean gemmShared(
      boolean transA, boolean transB, float[] a, int aOff, float[] b, int bOff, float[] c,
      int cOff, int n, int k, int m, int threads) {
    return false;
  }

  /** Returns a short name for reports, e.g. {@code "vector (8 doubles)"}. */
  String name();

  /**
   * Adds {@code t^T} to {@code c}: {@code c[cOff + j * rows + i] += t[i * cols + j]}, with
   * {@code t} a row-major {@code [rows, cols]} matrix. Plain loops over blocks of 16 rows of
   * {@code t} (a block stays in cache while its columns are written out, each a contiguous run of
   * {@code c}); the SIMD kernel reads columns with gathers.
   */
  default void addTransposed(float[] t, int rows, int cols, float[] c, int cOff) {
    for (int i0 = 0; i0 < rows; i0 += 16) {
      int i1 = Math.min(rows, i0 + 16);
      for (int j = 0; j < cols; j++) {
        int at = cOff + j * rows;
        for (int i = i0; i < i1; i++) {
          c[at + i] += t[i * cols + j];
        }
      }
    }
  }
}
