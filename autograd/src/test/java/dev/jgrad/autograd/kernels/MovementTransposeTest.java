package dev.jgrad.autograd.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Permutes that swap the last two axes (a batch transpose, four rows at a time) against the
 * definition {@code out[.., j, i] = x[.., i, j]}, on sizes below, at and above multiples of four
 * (1, primes, 16, 33) and ranks 2 to 4, in both dtypes.
 */
class MovementTransposeTest {
  private static final int[] SIZES = {1, 2, 5, 16, 17, 33};

  @Test
  void swappingTheLastTwoAxesTransposesEachMatrix() {
    Random r = new Random(9);
    for (boolean f32 : new boolean[] {false, true}) {
      for (int rows : SIZES) {
        for (int cols : SIZES) {
          for (int[] lead : new int[][] {{}, {3}, {2, 1}}) {
            int[] shape = new int[lead.length + 2];
            System.arraycopy(lead, 0, shape, 0, lead.length);
            shape[lead.length] = rows;
            shape[lead.length + 1] = cols;
            int[] perm = new int[shape.length];
            for (int i = 0; i < perm.length; i++) {
              perm[i] = i;
            }
            perm[shape.length - 2] = shape.length - 1;
            perm[shape.length - 1] = shape.length - 2;
            int batch = 1;
            for (int d : lead) {
              batch *= d;
            }
            double[] x = new double[batch * rows * cols];
            for (int i = 0; i < x.length; i++) {
              x[i] = f32 ? (float) r.nextGaussian() : r.nextGaussian();
            }
            Storage in = f32 ? Storage.of(toFloat(x)) : Storage.of(x);
            Storage out = Movement.permute(in, shape, perm);
            assertEquals(in.dtype(), out.dtype());
            double[] got = out.toDoubleArray();
            for (int m = 0; m < batch; m++) {
              for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                  assertEquals(
                      x[(m * rows + i) * cols + j],
                      got[(m * cols + j) * rows + i],
                      0.0,
                      java.util.Arrays.toString(shape) + (f32 ? " F32" : " F64"));
                }
              }
            }
          }
        }
      }
    }
  }

  private static float[] toFloat(double[] x) {
    float[] f = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      f[i] = (float) x[i];
    }
    return f;
  }
}
