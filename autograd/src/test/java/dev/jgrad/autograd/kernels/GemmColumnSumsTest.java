package dev.jgrad.autograd.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link Gemm#addColumnSums} (SIMD across columns for floats) against the plain loop that adds each
 * column's terms in row order, to the bit, on widths below, at and past a vector (1, primes, 16,
 * 33, 40), into an output that already holds values, in both dtypes.
 */
class GemmColumnSumsTest {

  @Test
  void addsEachColumnsSumInRowOrder() {
    Random r = new Random(13);
    for (int rows : new int[] {1, 3, 17, 64}) {
      for (int cols : new int[] {1, 5, 16, 17, 33, 40}) {
        float[] xf = new float[rows * cols];
        double[] xd = new double[rows * cols];
        for (int i = 0; i < xf.length; i++) {
          xd[i] = r.nextGaussian() * 100;
          xf[i] = (float) xd[i];
        }
        float[] yf = new float[cols];
        double[] yd = new double[cols];
        float[] wantF = new float[cols];
        double[] wantD = new double[cols];
        for (int j = 0; j < cols; j++) {
          yd[j] = j - 2.5;
          yf[j] = (float) yd[j];
          wantF[j] = yf[j];
          wantD[j] = yd[j];
          for (int i = 0; i < rows; i++) {
            wantF[j] += xf[i * cols + j];
            wantD[j] += xd[i * cols + j];
          }
        }
        Storage outF = Storage.of(yf);
        Storage outD = Storage.of(yd);
        Gemm.addColumnSums(Storage.of(xf), rows, cols, outF);
        Gemm.addColumnSums(Storage.of(xd), rows, cols, outD);
        float[] gotF = outF.toFloatArray();
        double[] gotD = outD.toDoubleArray();
        for (int j = 0; j < cols; j++) {
          assertEquals(wantF[j], gotF[j], 0f, "F32 " + rows + "x" + cols + " column " + j);
          assertEquals(wantD[j], gotD[j], 0.0, "F64 " + rows + "x" + cols + " column " + j);
        }
      }
    }
  }
}
