package dev.jgrad.autograd.kernels;

/**
 * The matrix product on {@link Storage}: picks the {@code double} or {@code float} kernel of
 * {@link MatMul} from the storage's dtype. All three operands must have the same dtype.
 */
public final class Gemm {
  private Gemm() {}

  /**
   * Adds {@code op(A) op(B)} to {@code C} ({@code [n, m]} at {@code c[cOff ..]}); {@code op(A)} is
   * {@code [n, k]}, stored transposed when {@code transA}, and {@code op(B)} is {@code [k, m]},
   * stored transposed when {@code transB} (see {@link MatMul#gemm(boolean, boolean, double[], int,
   * double[], int, double[], int, int, int, int)}).
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
   */
  public static void gemm(
      boolean transA, boolean transB, Storage a, int aOff, Storage b, int bOff, Storage c,
      int cOff, int n, int k, int m) {
    if (!transA && transB && swapsOperands(n, k, m)) {
      // C += A B^T as (B A^T)^T: the kernels pack B strip by strip, and a transposed B is packed
      // element by element (about 1 ns each); with few rows of A, packing B^T = A^T (n x k) and
      // adding the transposed result to C (n x m) cost far less than packing the m x k operand.
      Storage product = Storage.zeros(c.dtype(), m * n);
      gemm(false, true, b, bOff, a, aOff, product, 0, m, k, n);
      addTransposed(product, m, n, c, cOff);
      return;
    }
    if (c instanceof Storage.F64 out) {
      MatMul.gemm(
          transA, transB, ((Storage.F64) a).a, aOff, ((Storage.F64) b).a, bOff, out.a, cOff, n, k, m);
    } else {
      MatMul.gemm(
          transA, transB, ((Storage.F32) a).a, aOff, ((Storage.F32) b).a, bOff,
          ((Storage.F32) c).a, cOff, n, k, m);
    }
  }

  /**
   * Adds {@code batches} products {@code op(A_t) op(B_t)} to {@code C_t}, the storage form of
   * {@link MatMul#gemmBatch(boolean, boolean, double[], int, int, double[], int, int, double[], int,
   * int, int, int, int, int)}: operand {@code t} starts at its offset plus {@code t} times its
   * stride (0 shares one matrix; a {@code cStride} of 0 sums every product into one {@code C}).
   *
   * @param transA whether each {@code A_t} is stored transposed, as {@code [k, n]}
   * @param transB whether each {@code B_t} is stored transposed, as {@code [m, k]}
   * @param a the elements of the {@code A_t}
   * @param aOff the index of {@code A_0}'s first element
   * @param aStride how many elements apart consecutive {@code A_t} start
   * @param b the elements of the {@code B_t}
   * @param bOff the index of {@code B_0}'s first element
   * @param bStride how many elements apart consecutive {@code B_t} start
   * @param c the elements of the {@code C_t}, updated in place
   * @param cOff the index of {@code C_0}'s first element
   * @param cStride how many elements apart consecutive {@code C_t} start
   * @param batches the number of products
   * @param n the number of rows of each {@code C_t}
   * @param k the inner dimension
   * @param m the number of columns of each {@code C_t}
   */
  public static void gemmBatch(
      boolean transA, boolean transB, Storage a, int aOff, int aStride, Storage b, int bOff,
      int bStride, Storage c, int cOff, int cStride, int batches, int n, int k, int m) {
    if (c instanceof Storage.F64 out) {
      MatMul.gemmBatch(
          transA, transB, ((Storage.F64) a).a, aOff, aStride, ((Storage.F64) b).a, bOff, bStride,
          out.a, cOff, cStride, batches, n, k, m);
    } else {
      MatMul.gemmBatch(
          transA, transB, ((Storage.F32) a).a, aOff, aStride, ((Storage.F32) b).a, bOff, bStride,
          ((Storage.F32) c).a, cOff, cStride, batches, n, k, m);
    }
  }

  /**
   * Whether {@link #gemm} computes {@code A B^T} (A {@code [n, k]}, B stored {@code [m, k]}) as
   * {@code (B A^T)^T}: when A has few rows and packing A plus transposing the result (n k + n m
   * elements) is well under packing B (m k elements), as for a batch of 32 times a weight.
   */
  static boolean swapsOperands(int n, int k, int m) {
    return n <= 64 && 2L * n * ((long) k + m) <= (long) m * k;
  }

  /**
   * Adds {@code t^T} to {@code c}: {@code c[cOff + j * rows + i] += t[i * cols + j]}, t {@code
   * [rows, cols]}. In blocks of 16 rows of {@code t}: a block (16 short rows) stays in cache while
   * its columns are written out, each a contiguous run of {@code c}; a row at a time would write
   * {@code cols} lines of {@code c} at a stride of {@code rows} elements, which for a power of
   * two maps them to a few cache sets. Floats go through the matmul kernel in use ({@link
   * GemmKernel#addTransposed}: SIMD gathers with the Vector API).
   */
  private static void addTransposed(Storage t, int rows, int cols, Storage c, int cOff) {
    if (c instanceof Storage.F64 out) {
      double[] src = ((Storage.F64) t).a;
      double[] dst = out.a;
      for (int i0 = 0; i0 < rows; i0 += 16) {
        int i1 = Math.min(rows, i0 + 16);
        for (int j = 0; j < cols; j++) {
          int at = cOff + j * rows;
          for (int i = i0; i < i1; i++) {
            dst[at + i] += src[i * cols + j];
          }
        }
      }
    } else {
      MatMul.addTransposed(((Storage.F32) t).a, rows, cols, ((Storage.F32) c).a, cOff);
    }
  }

  /**
   * Adds the column sums of {@code g} ({@code [rows, cols]}) to {@code out} ({@code [cols]}).
   *
   * @param g the matrix, {@code [rows, cols]}
   * @param rows the number of rows
   * @param cols the number of columns
   * @param out the sums, {@code [cols]}, updated in place
   */
  public static void addColumnSums(Storage g, int rows, int cols, Storage out) {
    if (out instanceof Storage.F64 o) {
      double[] x = ((Storage.F64) g).a;
      for (int r = 0; r < rows; r++) {
        for (int j = 0; j < cols; j++) {
          o.a[j] += x[r * cols + j];
        }
      }
    } else if (Elementwise.FLOAT_MATH != null) {
      // SIMD across the columns: JDK 17 leaves a row loop of a few dozen floats scalar.
      Elementwise.FLOAT_MATH.addColumnSums(((Storage.F32) g).a, rows, cols, ((Storage.F32) out).a);
    } else {
      float[] x = ((Storage.F32) g).a;
      float[] y = ((Storage.F32) out).a;
      for (int r = 0; r < rows; r++) {
        for (int j = 0; j < cols; j++) {
          y[j] += x[r * cols + j];
        }
      }
    }
  }

  /**
   * Fills each of the {@code rows} rows of {@code out} ({@code [rows, cols]}) with {@code row}.
   *
   * @param row the row to repeat, {@code [cols]}
   * @param rows the number of rows
   * @param cols the number of columns
   * @param out the matrix to fill, {@code [rows, cols]}
   */
  public static void repeatRows(Storage row, int rows, int cols, Storage out) {
    Object src = row.to(out.dtype()).backing();
    for (int r = 0; r < rows; r++) {
      System.arraycopy(src, 0, out.backing(), r * cols, cols);
    }
  }
}
