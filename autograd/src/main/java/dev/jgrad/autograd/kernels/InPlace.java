package dev.jgrad.autograd.kernels;

/**
 * The in-place updates of a leaf's storage that optimizers use (as PyTorch's {@code add_},
 * {@code mul_}, {@code addcmul_}, {@code addcdiv_}): each writes its target and nothing else,
 * computing in the target's dtype. Operands of another dtype are converted first.
 */
public final class InPlace {
  private InPlace() {}

  /**
   * Copies {@code source} (same size) into {@code target}, converted to its dtype.
   *
   * @param target the elements updated in place
   * @param source the elements to copy, of {@code target}'s size
   */
  public static void copy(Storage target, Storage source) {
    System.arraycopy(source.to(target.dtype()).backing(), 0, target.backing(), 0, target.size());
  }

  /**
   * {@code target += alpha * x}, {@code x} broadcast from {@code xShape} to {@code shape}.
   *
   * @param target the elements updated in place
   * @param shape the shape of {@code target}
   * @param x the tensor to add
   * @param xShape the shape of {@code x}, broadcastable to {@code shape}
   * @param alpha the factor applied to {@code x}
   */
  public static void axpy(Storage target, int[] shape, Storage x, int[] xShape, double alpha) {
    Storage y = x.size() == target.size() ? x.to(target.dtype()) : Elementwise.broadcastTo(x.to(target.dtype()), xShape, shape);
    if (target instanceof Storage.F64 t) {
      double[] a = t.a;
      double[] b = ((Storage.F64) y).a;
      for (int i = 0; i < a.length; i++) {
        a[i] += alpha * b[i];
      }
    } else {
      float[] a = ((Storage.F32) target).a;
      float[] b = ((Storage.F32) y).a;
      float f = (float) alpha;
      for (int i = 0; i < a.length; i++) {
        a[i] += f * b[i];
      }
    }
  }

  /**
   * {@code target *= factor}.
   *
   * @param target the elements updated in place
   * @param factor the factor to multiply by
   */
  public static void scale(Storage target, double factor) {
    if (target instanceof Storage.F64 t) {
      double[] a = t.a;
      for (int i = 0; i < a.length; i++) {
        a[i] *= factor;
      }
    } else {
      float[] a = ((Storage.F32) target).a;
      float f = (float) factor;
      for (int i = 0; i < a.length; i++) {
        a[i] *= f;
      }
    }
  }

  /**
   * {@code target += value * x * y} (all the same size).
   *
   * @param target the elements updated in place
   * @param x the first factor, of {@code target}'s size
   * @param y the second factor, of {@code target}'s size
   * @param value the scale applied to {@code x * y}
   */
  public static void addcmul(Storage target, Storage x, Storage y, double value) {
    if (target instanceof Storage.F64 t) {
      double[] a = t.a;
      double[] b = ((Storage.F64) x.to(target.dtype())).a;
      double[] c = ((Storage.F64) y.to(target.dtype())).a;
      for (int i = 0; i < a.length; i++) {
        a[i] += value * b[i] * c[i];
      }
    } else {
      float[] a = ((Storage.F32) target).a;
      float[] b = ((Storage.F32) x.to(target.dtype())).a;
      float[] c = ((Storage.F32) y.to(target.dtype())).a;
      float v = (float) value;
      for (int i = 0; i < a.length; i++) {
        a[i] += v * b[i] * c[i];
      }
    }
  }

  /**
   * {@code target += value * x / y} (all the same size).
   *
   * @param target the elements updated in place
   * @param x the numerator, of {@code target}'s size
   * @param y the denominator, of {@code target}'s size
   * @param value the scale applied to {@code x / y}
   */
  public static void addcdiv(Storage target, Storage x, Storage y, double value) {
    if (target instanceof Storage.F64 t) {
      double[] a = t.a;
      double[] b = ((Storage.F64) x.to(target.dtype())).a;
      double[] c = ((Storage.F64) y.to(target.dtype())).a;
      for (int i = 0; i < a.length; i++) {
        a[i] += value * b[i] / c[i];
      }
    } else {
      float[] a = ((Storage.F32) target).a;
      float[] b = ((Storage.F32) x.to(target.dtype())).a;
      float[] c = ((Storage.F32) y.to(target.dtype())).a;
      float v = (float) value;
      for (int i = 0; i < a.length; i++) {
        a[i] += v * b[i] / c[i];
      }
    }
  }
}
