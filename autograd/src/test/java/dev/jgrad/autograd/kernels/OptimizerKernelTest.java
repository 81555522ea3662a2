package dev.jgrad.autograd.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link InPlace#adam} and {@link InPlace#sgd} against Adam and SGD written out element by
 * element: double storage bit for bit as the double formula, float storage bit for bit as the
 * float formula and within float rounding of the double one, over several steps and sizes.
 */
class OptimizerKernelTest {
  private static final int[] SIZES = {0, 1, 5, 16, 17, 1000};

  @Test
  void adamFollowsTheFormulaInEitherDtype() {
    Random random = new Random(1);
    double b1 = 0.9;
    double b2 = 0.999;
    double eps = 1e-8;
    for (int n : SIZES) {
      for (double wd : new double[] {0, 0.01}) {
        double[] p = new double[n];
        double[] m = new double[n];
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
          p[i] = random.nextGaussian();
        }
        float[] pf = toFloats(p);
        Storage sd = Storage.of(p.clone());
        Storage md = Storage.zeros(dev.jgrad.autograd.DType.F64, n);
        Storage vd = Storage.zeros(dev.jgrad.autograd.DType.F64, n);
        Storage sf = Storage.of(pf.clone());
        Storage mf = Storage.zeros(dev.jgrad.autograd.DType.F32, n);
        Storage vf = Storage.zeros(dev.jgrad.autograd.DType.F32, n);
        float[] pfWant = pf.clone();
        float[] mfWant = new float[n];
        float[] vfWant = new float[n];
        for (int t = 1; t <= 4; t++) {
          double[] g = new double[n];
          for (int i = 0; i < n; i++) {
            g[i] = random.nextGaussian() * 0.1;
          }
          double step = 1e-3 / (1 - Math.pow(b1, t));
          double c2 = Math.sqrt(1 - Math.pow(b2, t));
          double shrink = 1 - 1e-3 * wd;
          InPlace.adam(sd, Storage.of(g), md, vd, b1, b2, wd, shrink, step, c2, eps);
          InPlace.adam(sf, Storage.of(toFloats(g)), mf, vf, b1, b2, wd, shrink, step, c2, eps);
          for (int i = 0; i < n; i++) {
            double gi = g[i] + wd * p[i];
            m[i] = b1 * m[i] + (1 - b1) * gi;
            v[i] = b2 * v[i] + (1 - b2) * gi * gi;
            p[i] = p[i] * shrink - step * m[i] / (Math.sqrt(v[i]) / c2 + eps);
            float gf = (float) g[i] + (float) wd * pfWant[i];
            mfWant[i] = (float) b1 * mfWant[i] + (float) (1 - b1) * gf;
            vfWant[i] = (float) b2 * vfWant[i] + (float) (1 - b2) * gf * gf;
            pfWant[i] = pfWant[i] * (float) shrink
                - (float) step * mfWant[i] / ((float) Math.sqrt(vfWant[i]) / (float) c2 + (float) eps);
          }
        }
        for (int i = 0; i < n; i++) {
          assertEquals(p[i], sd.get(i), 0, "double parameter " + i);
          assertEquals(m[i], md.get(i), 0, "double first moment " + i);
          assertEquals(v[i], vd.get(i), 0, "double second moment " + i);
          assertEquals(pfWant[i], (float) sf.get(i), 0f, "float parameter " + i);
          assertEquals(p[i], sf.get(i), 1e-5 * Math.max(1, Math.abs(p[i])), "float against double " + i);
        }
      }
    }
  }

  @Test
  void sgdFollowsTheFormulaInEitherDtype() {
    Random random = new Random(2);
    for (int n : SIZES) {
      double[] p = new double[n];
      double[] g = new double[n];
      for (int i = 0; i < n; i++) {
        p[i] = random.nextGaussian();
        g[i] = random.nextGaussian();
      }
      Storage sd = Storage.of(p.clone());
      Storage sf = Storage.of(toFloats(p));
      InPlace.sgd(sd, Storage.of(g), 0.1, 0.01);
      InPlace.sgd(sf, Storage.of(toFloats(g)), 0.1, 0.01);
      for (int i = 0; i < n; i++) {
        assertEquals(p[i] - 0.1 * (g[i] + 0.01 * p[i]), sd.get(i), 0, "double " + i);
        float pf = (float) p[i];
        float want = pf - 0.1f * ((float) g[i] + 0.01f * pf);
        assertEquals(want, (float) sf.get(i), 0f, "float " + i);
      }
    }
  }

  private static float[] toFloats(double[] a) {
    float[] f = new float[a.length];
    for (int i = 0; i < a.length; i++) {
      f[i] = (float) a[i];
    }
    return f;
  }
}
