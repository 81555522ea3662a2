package dev.jgrad.autograd.kernels;

/**
 * Dense matrix products on row-major storage. {@code gemm} computes one {@code [n, k] x [k, m]}
 * product into a slice of an output array; callers loop over batch dimensions.
 */
public final class MatMul {
  private MatMul() {}

  private static final int BLOCK_K = 128;
  private static final int BLOCK_J = 512;

  /** Returns the name of the kernel in use, for benchmark reports. */
  public static String kernelName() {
    return "scalar";
  }

  /**
   * Adds {@code A B} to {@code c[cOff ..]}: {@code A} is {@code [n, k]} at {@code a[aOff ..]},
   * {@code B} is {@code [k, m]} at {@code b[bOff ..]}, {@code C} is {@code [n, m]}.
   */
  public static void gemm(
      double[] a, int aOff, double[] b, int bOff, double[] c, int cOff, int n, int k, int m) {
    // i-k-j order: the innermost loop streams a row of B into a row of C, which vectorizes.
    for (int j0 = 0; j0 < m; j0 += BLOCK_J) {
      int j1 = Math.min(m, j0 + BLOCK_J);
      for (int p0 = 0; p0 < k; p0 += BLOCK_K) {
        int p1 = Math.min(k, p0 + BLOCK_K);
        for (int i = 0; i < n; i++) {
          int ci = cOff + i * m;
          int ai = aOff + i * k;
          for (int p = p0; p < p1; p++) {
            double av = a[ai + p];
            if (av == 0) {
              continue;
            }
            int bp = bOff + p * m;
            for (int j = j0; j < j1; j++) {
              c[ci + j] += av * b[bp + j];
            }
          }
        }
      }
    }
  }
}
