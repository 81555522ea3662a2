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

  /**
   * One Adam (or AdamW) step on every element, in place (Kingma and Ba, ICLR 2015; decoupled
   * decay as Loshchilov and Hutter, ICLR 2019): {@code g = grad + weightDecay * value},
   * {@code m = beta1 m + (1 - beta1) g}, {@code v = beta2 v + (1 - beta2) g^2},
   * {@code value = value * shrink - stepSize * m / (sqrt(v) / correction2Sqrt + eps)}, in the
   * storage's own arithmetic: double for double, float for float (as PyTorch; on JDK 17 a loop
   * that widens floats to double and rounds back runs several times slower than either).
   * {@code value}, {@code m} and {@code v} share one dtype, {@code grad} is converted to it.
   *
   * @param value the parameter, updated in place
   * @param grad its gradient, of {@code value}'s size
   * @param m the first moment, updated in place
   * @param v the second moment, updated in place
   * @param beta1 the first moment's decay
   * @param beta2 the second moment's decay
   * @param weightDecay the L2 penalty added to the gradient (0 for AdamW)
   * @param shrink the factor applied to the parameter first (1 for Adam, {@code 1 - lr * wd} for AdamW)
   * @param stepSize the learning rate over the first moment's bias correction
   * @param correction2Sqrt the square root of the second moment's bias correction
   * @param eps the term added to the denominator
   */
  public static void adam(
      Storage value, Storage grad, Storage m, Storage v, double beta1, double beta2,
      double weightDecay, double shrink, double stepSize, double correction2Sqrt, double eps) {
    Storage gs = grad.to(value.dtype());
    if (value instanceof Storage.F64 t) {
      double[] p = t.a;
      double[] g = ((Storage.F64) gs).a;
      double[] ma = ((Storage.F64) m).a;
      double[] va = ((Storage.F64) v).a;
      for (int k = 0; k < p.length; k++) {
        double gk = weightDecay == 0 ? g[k] : g[k] + weightDecay * p[k];
        double mk = beta1 * ma[k] + (1 - beta1) * gk;
        double vk = beta2 * va[k] + (1 - beta2) * gk * gk;
        ma[k] = mk;
        va[k] = vk;
        p[k] = p[k] * shrink - stepSize * mk / (Math.sqrt(vk) / correction2Sqrt + eps);
      }
    } else {
      float[] p = ((Storage.F32) value).a;
      float[] g = ((Storage.F32) gs).a;
      float[] ma = ((Storage.F32) m).a;
      float[] va = ((Storage.F32) v).a;
      float b1 = (float) beta1;
      float b2 = (float) beta2;
      float c1 = (float) (1 - beta1);
      float c2 = (float) (1 - beta2);
      float wd = (float) weightDecay;
      float sh = (float) shrink;
      float lr = (float) stepSize;
      float cs = (float) correction2Sqrt;
      float ep = (float) eps;
      for (int k = 0; k < p.length; k++) {
        float gk = g[k] + wd * p[k];
        float mk = b1 * ma[k] + c1 * gk;
        float vk = b2 * va[k] + c2 * gk * gk;
        ma[k] = mk;
        va[k] = vk;
        p[k] = p[k] * sh - lr * mk / ((float) Math.sqrt(vk) / cs + ep);
      }
    }
  }

  /**
   * One plain SGD step without momentum, in place: {@code value -= lr * (grad + weightDecay *
   * value)}, in the storage's own arithmetic (double or float).
   *
   * @param value the parameter, updated in place
   * @param grad its gradient, of {@code value}'s size, converted to {@code value}'s dtype
   * @param lr the learning rate
   * @param weightDecay the L2 penalty added to the gradient
   */
  public static void sgd(Storage value, Storage grad, double lr, double weightDecay) {
    Storage gs = grad.to(value.dtype());
    if (value instanceof Storage.F64 t) {
      double[] p = t.a;
      double[] g = ((Storage.F64) gs).a;
      for (int k = 0; k < p.length; k++) {
        double gk = weightDecay == 0 ? g[k] : g[k] + weightDecay * p[k];
        p[k] = p[k] - lr * gk;
      }
    } else {
      float[] p = ((Storage.F32) value).a;
      float[] g = ((Storage.F32) gs).a;
      float rate = (float) lr;
      float wd = (float) weightDecay;
      for (int k = 0; k < p.length; k++) {
        p[k] = p[k] - rate * (g[k] + wd * p[k]);
      }
    }
  }
}
