package dev.jgrad.nn.optim;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.Tensor;
import java.util.List;

/** Gradient clipping, applied between {@code backward()} and {@code step()}. */
public final class GradClip {
  private GradClip() {}

  /**
   * Rescales the gradients of {@code parameters} so that their joint L2 norm is at most {@code
   * maxNorm}, as {@code torch.nn.utils.clip_grad_norm_}: when the norm {@code N} exceeds it, every
   * gradient is multiplied by {@code maxNorm / (N + 1e-6)}. Parameters without a gradient are
   * skipped. Returns the norm before clipping.
   *
   * @param parameters the tensors whose gradients are rescaled
   * @param maxNorm the largest joint L2 norm allowed, above 0
   * @return the joint L2 norm of the gradients before clipping
   * @throws IllegalArgumentException if {@code maxNorm} is not positive
   * @throws IllegalStateException if a gradient holds NaN or infinity (clipping cannot repair it)
   */
  public static double clipGradNorm(List<Tensor> parameters, double maxNorm) {
    checkArgument(parameters != null, "clipGradNorm: parameters is null");
    checkArgument(maxNorm > 0, "clipGradNorm: maxNorm must be > 0, got %s", maxNorm);
    double sumSquares = 0;
    for (int i = 0; i < parameters.size(); i++) {
      checkArgument(parameters.get(i) != null, "clipGradNorm: parameter %s is null", i);
      Tensor g = parameters.get(i).grad();
      if (g == null) {
        continue;
      }
      double s = 0;
      for (double v : g.toArray()) {
        s += v * v;
      }
      if (!Double.isFinite(s)) {
        throw new IllegalStateException(
            "clipGradNorm: the gradient of parameter " + i + " is not finite (norm^2 = " + s + ")");
      }
      sumSquares += s;
    }
    double norm = Math.sqrt(sumSquares);
    double scale = maxNorm / (norm + 1e-6);
    if (scale < 1) {
      try (Autograd.Scope off = Autograd.noGrad()) {
        for (Tensor p : parameters) {
          if (p.grad() != null) {
            p.setGrad(p.grad().mul(scale));
          }
        }
      }
    }
    return norm;
  }
}
