package dev.jgrad.nn.optim;

import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.kernels.Storage;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * RMSProp: divides the gradient by a running root mean square of recent gradients (Hinton, Coursera
 * lecture 6e, 2012), following {@code torch.optim.RMSprop}:
 *
 * <pre>
 * g = grad + weightDecay * p
 * s = alpha s + (1 - alpha) g^2
 * a = centered ? sqrt(s - gbar^2) + eps : sqrt(s) + eps   (gbar = alpha gbar + (1 - alpha) g)
 * b = momentum b + g / a;  p = p - lr b                    (momentum > 0)
 * p = p - lr g / a                                         (otherwise)
 * </pre>
 */
public final class RmsProp extends Optimizer {
  private final double alpha;
  private final double eps;
  private final double weightDecay;
  private final double momentum;
  private final boolean centered;
  private final Storage[] squareAverage;
  private final Storage[] gradAverage;
  private final Storage[] buffers;

  /**
   * Returns RMSProp with PyTorch's defaults: alpha 0.99, eps 1e-8, no momentum.
   *
   * @param parameters the tensors to update (each requiring gradients)
   * @param learningRate the step size, finite and at least 0
   */
  public RmsProp(List<Tensor> parameters, double learningRate) {
    this(parameters, learningRate, 0.99, 1e-8, 0, 0, false);
  }

  /**
   * Returns RMSProp with every setting.
   *
   * @param parameters the tensors to update (each requiring gradients)
   * @param learningRate the step size, finite and at least 0
   * @param alpha the decay rate of the squared-gradient average, in [0, 1)
   * @param eps the small constant added to the denominator for stability, above 0
   * @param weightDecay the L2 penalty factor added to each gradient (AdamW: the decoupled decay
   *     rate), at least 0
   * @param momentum the momentum factor, in [0, 1)
   * @param centered whether to divide by the variance estimate (the squared average minus the
   *     squared mean) instead
   * @throws IllegalArgumentException if alpha is outside {@code [0, 1)}, eps is not positive, or
   *     weight decay or momentum is negative
   */
  public RmsProp(
      List<Tensor> parameters,
      double learningRate,
      double alpha,
      double eps,
      double weightDecay,
      double momentum,
      boolean centered) {
    super("RmsProp", parameters, learningRate);
    check(alpha >= 0 && alpha < 1, "alpha", alpha, "in [0, 1)");
    check(eps > 0 && Double.isFinite(eps), "eps", eps, "> 0 and finite");
    checkNonNegative("weight decay", weightDecay);
    checkNonNegative("momentum", momentum);
    this.alpha = alpha;
    this.eps = eps;
    this.weightDecay = weightDecay;
    this.momentum = momentum;
    this.centered = centered;
    this.squareAverage = new Storage[size()];
    this.gradAverage = new Storage[size()];
    this.buffers = new Storage[size()];
  }

  @Override
  protected void update(int index, int step, Storage value, Storage grad) {
    double lr = learningRate();
    int n = value.size();
    if (squareAverage[index] == null) {
      squareAverage[index] = Storage.zeros(value.dtype(), n);
      gradAverage[index] = centered ? Storage.zeros(value.dtype(), n) : null;
      buffers[index] = momentum > 0 ? Storage.zeros(value.dtype(), n) : null;
    }
    Storage s = squareAverage[index];
    Storage gbar = gradAverage[index];
    Storage b = buffers[index];
    for (int k = 0; k < n; k++) {
      double g = decayed(grad, value, k, weightDecay);
      double sk = alpha * s.get(k) + (1 - alpha) * g * g;
      s.set(k, sk);
      double mean2 = sk;
      if (centered) {
        double gk = alpha * gbar.get(k) + (1 - alpha) * g;
        gbar.set(k, gk);
        mean2 -= gk * gk;
      }
      double a = Math.sqrt(mean2) + eps;
      if (momentum > 0) {
        double bk = momentum * b.get(k) + g / a;
        b.set(k, bk);
        value.set(k, value.get(k) - lr * bk);
      } else {
        value.set(k, value.get(k) - lr * g / a);
      }
    }
  }

  @Override
  protected final Map<String, Storage[]> slots() {
    return Map.of("squareAverage", squareAverage, "gradAverage", gradAverage, "momentum", buffers);
  }

  @Override
  protected final Set<String> activeSlots() {
    Set<String> active = new TreeSet<>(Set.of("squareAverage"));
    if (centered) {
      active.add("gradAverage");
    }
    if (momentum > 0) {
      active.add("momentum");
    }
    return active;
  }

  @Override
  protected final boolean isNonNegative(String slot) {
    return slot.equals("squareAverage");
  }
}
