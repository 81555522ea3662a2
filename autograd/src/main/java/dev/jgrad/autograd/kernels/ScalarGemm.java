package dev.jgrad.autograd.kernels;

/**
 * The portable matrix product: plain loops in an order the JIT can vectorize where the
 * operands allow (i-k-j when {@code B} is not transposed, dot products when it is), the same in
 * {@code double} and {@code float} (float sums stay in float, as the SIMD kernel's do). Used when
 * the Vector API module is absent, for skinny shapes, and as the reference in tests.
 */
final class ScalarGemm implements GemmKernel {
  static final ScalarGemm INSTANCE = new ScalarGemm();

  private static final int BLOCK_K = 128;
  private static final int BLOCK_J = 512;

  private ScalarGemm() {}

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
    // A(i, p) sits at a[aOff + i * strideAi + p * strideAp]; likewise B(p, j).
    int strideAi = transA ? 1 : k;
    int strideAp = transA ? n : 1;
    if (transB) {
      // B(p, j) = b[bOff + j * k + p]: rows of the stored B are columns of op(B), so each output
      // is a dot product over contiguous memory.
      for (int i = rowStart; i < rowEnd; i++) {
        int ci = cOff + i * m;
        for (int j = 0; j < m; j++) {
          int bj = bOff + j * k;
          double s = 0;
          for (int p = 0; p < k; p++) {
            s += a[aOff + i * strideAi + p * strideAp] * b[bj + p];
          }
          c[ci + j] += s;
        }
      }
      return;
    }
    // i-k-j order: the innermost loop streams a row of B into a row of C, which vectorizes.
    for (int j0 = 0; j0 < m; j0 += BLOCK_J) {
      int j1 = Math.min(m, j0 + BLOCK_J);
      for (int p0 = 0; p0 < k; p0 += BLOCK_K) {
        int p1 = Math.min(k, p0 + BLOCK_K);
        for (int i = rowStart; i < rowEnd; i++) {
          int ci = cOff + i * m;
          for (int p = p0; p < p1; p++) {
            double av = a[aOff + i * strideAi + p * strideAp];
            int bp = bOff + p * m;
            for (int j = j0; j < j1; j++) {
              c[ci + j] += av * b[bp + j];
            }
          }
        }
      }
    }
  }

  // The float overload below is the double one above with the element type changed (Java has no
  // generics over primitives); keep the two in step.

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
    // A(i, p) sits at a[aOff + i * strideAi + p * strideAp]; likewise B(p, j).
    int strideAi = transA ? 1 : k;
    int strideAp = transA ? n : 1;
    if (transB) {
      // B(p, j) = b[bOff + j * k + p]: rows of the stored B are columns of op(B), so each output
      // is a dot product over contiguous memory.
      for (int i = rowStart; i < rowEnd; i++) {
        int ci = cOff + i * m;
        for (int j = 0; j < m; j++) {
          int bj = bOff + j * k;
          float s = 0;
          for (int p = 0; p < k; p++) {
            s += a[aOff + i * strideAi + p * strideAp] * b[bj + p];
          }
          c[ci + j] += s;
        }
      }
      return;
    }
    // i-k-j order: the innermost loop streams a row of B into a row of C, which vectorizes.
    for (int j0 = 0; j0 < m; j0 += BLOCK_J) {
      int j1 = Math.min(m, j0 + BLOCK_J);
      for (int p0 = 0; p0 < k; p0 += BLOCK_K) {
        int p1 = Math.min(k, p0 + BLOCK_K);
        for (int i = rowStart; i < rowEnd; i++) {
          int ci = cOff + i * m;
          for (int p = p0; p < p1; p++) {
            float av = a[aOff + i * strideAi + p * strideAp];
            int bp = bOff + p * m;
            for (int j = j0; j < j1; j++) {
              c[ci + j] += av * b[bp + j];
            }
          }
        }
      }
    }
  }

  @Override
  public String name() {
    return "scalar";
  }
}
