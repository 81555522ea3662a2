package dev.jgrad.autograd.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The LSTM cell kernels of {@link Recurrent} agree with plain double loops written here from the
 * formulas, in both dtypes, on hidden sizes that end inside a vector, at a vector's end and past
 * several vectors (so the SIMD loops' scalar tails run too), one row or several, gate
 * pre-activations large enough to saturate: the kernel in use (the Vector API's {@link
 * FloatRecurrent} in the Maven run with the module, the scalar float loops in the run without).
 */
class RecurrentKernelProperties {

  @Test
  void theFloatKernelInUseIsTheExpectedOne() {
    String expect = System.getProperty("jgrad.test.expectKernel");
    if ("vector".equals(expect)) {
      assertNotNull(Recurrent.FLOATS, "the Vector API LSTM loops did not load");
    } else if ("scalar".equals(expect)) {
      assertNull(Recurrent.FLOATS);
    }
  }

  private static double[] random(Random r, int size, double scale) {
    double[] x = new double[size];
    for (int i = 0; i < x.length; i++) {
      // Mostly moderate values, some far out where sigmoid and tanh saturate (and e^-z overflows).
      x[i] = (r.nextInt(10) == 0 ? 30 : scale) * r.nextGaussian();
    }
    return x;
  }

  private static float[] floats(double[] x) {
    float[] f = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      f[i] = (float) x[i];
      x[i] = f[i]; // the double definition sees the same inputs as the float kernels
    }
    return f;
  }

  private static double sigmoid(double z) {
    return 1 / (1 + Math.exp(-z));
  }

  /**
   * The cell and its gradients from the definition: {@code {out, dz, dc}}, then for each of those
   * the magnitude its rounding errors scale with ({@code {outScale, dzScale, dcScale}}): a gate
   * near saturation is 1 - e in the kernel's precision, so {@code f (1 - f)} and {@code 1 - t^2}
   * carry an absolute error of about one unit of 1 times the factors around them (|c| for the
   * cell, the upstream times |c| for the gradients), however small the result.
   */
  private static double[][] definition(
      double[] xg, double[] hg, double[] c, double[] up, int batch, int h) {
    double[] out = new double[batch * 2 * h];
    double[] dz = new double[batch * 4 * h];
    double[] dc = new double[batch * h];
    double[] outScale = new double[out.length];
    double[] dzScale = new double[dz.length];
    double[] dcScale = new double[dc.length];
    for (int r = 0; r < batch; r++) {
      for (int j = 0; j < h; j++) {
        int g = r * 4 * h + j;
        double i = sigmoid(xg[g] + hg[g]);
        double f = sigmoid(xg[g + h] + hg[g + h]);
        double gg = Math.tanh(xg[g + 2 * h] + hg[g + 2 * h]);
        double o = sigmoid(xg[g + 3 * h] + hg[g + 3 * h]);
        double cell = f * c[r * h + j] + i * gg;
        double t = Math.tanh(cell);
        out[r * 2 * h + j] = o * t;
        out[r * 2 * h + h + j] = cell;
        double dh = up[r * 2 * h + j];
        double dct = up[r * 2 * h + h + j] + dh * o * (1 - t * t);
        dz[g] = dct * gg * i * (1 - i);
        dz[g + h] = dct * c[r * h + j] * f * (1 - f);
        dz[g + 2 * h] = dct * i * (1 - gg * gg);
        dz[g + 3 * h] = dh * t * o * (1 - o);
        dc[r * h + j] = dct * f;
        double cs = 1 + Math.abs(c[r * h + j]);
        outScale[r * 2 * h + j] = cs;
        outScale[r * 2 * h + h + j] = cs;
        double gs = (Math.abs(up[r * 2 * h + h + j]) + Math.abs(dh)) * cs;
        for (int q = 0; q < 4; q++) {
          dzScale[g + q * h] = gs;
        }
        dcScale[r * h + j] = gs;
      }
    }
    return new double[][] {out, dz, dc, outScale, dzScale, dcScale};
  }

  /** Asserts {@code |got - want| <= tol |want| + (tol / 10) scale} element by element. */
  private static void assertClose(
      double[] want, double[] scale, float[] got, double tol, String what) {
    assertEquals(want.length, got.length, what);
    for (int i = 0; i < want.length; i++) {
      assertEquals(
          want[i], got[i], tol * (Math.abs(want[i]) + scale[i] / 10), what + " element " + i);
    }
  }

  private static void assertClose(
      double[] want, double[] scale, Storage got, double tol, String what) {
    assertEquals(want.length, got.size(), what);
    for (int i = 0; i < want.length; i++) {
      assertEquals(
          want[i], got.get(i), tol * (Math.abs(want[i]) + scale[i] / 10), what + " element " + i);
    }
  }

  @Property(tries = 200)
  void lstmCellMatchesItsDefinition(
      @ForAll @IntRange(min = 1, max = 7) int batch,
      @ForAll @IntRange(min = 1, max = 70) int hidden,
      @ForAll long seed) {
    Random r = new Random(seed);
    int h = hidden;
    double[] xg = random(r, batch * 4 * h, 2);
    double[] hg = random(r, batch * 4 * h, 2);
    double[] c = random(r, batch * h, 2);
    double[] up = random(r, batch * 2 * h, 1);
    float[] xf = floats(xg);
    float[] hf = floats(hg);
    float[] cf = floats(c);
    float[] uf = floats(up);
    double[][] want = definition(xg, hg, c, up, batch, h);

    // F64: the double loops, to rounding.
    Storage out64 = Recurrent.lstmCell(Storage.of(xg), Storage.of(hg), Storage.of(c), batch, h);
    assertClose(want[0], want[3], out64, 1e-12, "f64 out");
    Storage[] g64 =
        Recurrent.lstmCellBackward(
            Storage.of(xg), Storage.of(hg), Storage.of(c), out64, Storage.of(up), batch, h);
    assertClose(want[1], want[4], g64[0], 1e-12, "f64 dz");
    assertClose(want[2], want[5], g64[1], 1e-12, "f64 dc");

    // F32: the kernel in use, through Storage.
    Storage out32 = Recurrent.lstmCell(Storage.of(xf), Storage.of(hf), Storage.of(cf), batch, h);
    assertClose(want[0], want[3], out32, 1e-5, "f32 out");
    Storage[] g32 =
        Recurrent.lstmCellBackward(
            Storage.of(xf), Storage.of(hf), Storage.of(cf), out32, Storage.of(uf), batch, h);
    assertClose(want[1], want[4], g32[0], 2e-5, "f32 dz");
    assertClose(want[2], want[5], g32[1], 2e-5, "f32 dc");

    // Each float implementation directly. The scalar loops run where they are used, without the
    // module (the Maven run without it); with it, their sigmoid and tanh would be the Vector
    // API's, and driving those into C2 here changes the bits other tests compare paths on.
    float[] dz = new float[batch * 4 * h];
    float[] dc = new float[batch * h];
    if (Recurrent.FLOATS == null) {
      float[] outLoops = new float[batch * 2 * h];
      Recurrent.lstmCellLoops(xf, hf, cf, batch, h, outLoops);
      assertClose(want[0], want[3], outLoops, 1e-5, "f32 loops out");
      Recurrent.lstmCellBackwardLoops(xf, hf, cf, outLoops, uf, batch, h, dz, dc);
      assertClose(want[1], want[4], dz, 2e-5, "f32 loops dz");
      assertClose(want[2], want[5], dc, 2e-5, "f32 loops dc");
    } else {
      float[] outVec = new float[batch * 2 * h];
      Recurrent.FLOATS.lstmCell(xf, hf, cf, batch, h, outVec);
      assertClose(want[0], want[3], outVec, 1e-5, "f32 vector out");
      Recurrent.FLOATS.lstmCellBackward(xf, hf, cf, outVec, uf, batch, h, dz, dc);
      assertClose(want[1], want[4], dz, 2e-5, "f32 vector dz");
      assertClose(want[2], want[5], dc, 2e-5, "f32 vector dc");
    }
  }

  /** After C2 has compiled the SIMD loops (their intrinsics differ from the interpreter's). */
  @Test
  void compiledFloatKernelStillMatches() {
    int batch = 32;
    int h = 128;
    Random r = new Random(7);
    double[] xg = random(r, batch * 4 * h, 2);
    double[] hg = random(r, batch * 4 * h, 2);
    double[] c = random(r, batch * h, 2);
    double[] up = random(r, batch * 2 * h, 1);
    float[] xf = floats(xg);
    float[] hf = floats(hg);
    float[] cf = floats(c);
    float[] uf = floats(up);
    double[][] want = definition(xg, hg, c, up, batch, h);
    Storage out = null;
    Storage[] grads = null;
    for (int k = 0; k < 3000; k++) {
      out = Recurrent.lstmCell(Storage.of(xf), Storage.of(hf), Storage.of(cf), batch, h);
      grads =
          Recurrent.lstmCellBackward(
              Storage.of(xf), Storage.of(hf), Storage.of(cf), out, Storage.of(uf), batch, h);
    }
    assertClose(want[0], want[3], out, 1e-5, "compiled out");
    assertClose(want[1], want[4], grads[0], 2e-5, "compiled dz");
    assertClose(want[2], want[5], grads[1], 2e-5, "compiled dc");
  }
}
