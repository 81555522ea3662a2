package dev.jgrad.nn.optim;

import dev.jgrad.autograd.Tensor;
import java.util.List;
import java.util.Map;

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
  private final double[][] squareAverage;
  private final double[][] gradAverage;
  private final double[][] buffers;

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
    this.squareAverage = new double[size()][];
    this.gradAverage = new double[size()][];
    this.buffers = new double[size()][];
  }

  @Override
  protected void update(int index, int step, double[] value, double[] grad) {
    double lr = learningRate();
    int n = value.length;
    if (squareAverage[index] == null) {
      squareAverage[index] = new double[n];
      gradAverage[index] = centered ? new double[n] : null;
      buffers[index] = momentum > 0 ? new double[n] : null;
    }
    double[] s = squareAverage[index];
    double[] gbar = gradAverage[index];
    double[] b = buffers[index];
    addWeightDecay(grad, value, weightDecay);
    for (int k = 0; k < n; k++) {
      double g = grad[k];
      s[k] = alpha * s[k] + (1 - alpha) * g * g;
      double mean2 = s[k];
      if (centered) {
        gbar[k] = alpha * gbar[k] + (1 - alpha) * g;
        mean2 -= gbar[k] * gbar[k];
      }
      double a = Math.sqrt(mean2) + eps;
      if (momentum > 0) {
        b[k] = momentum * b[k] + g / a;
        value[k] -= lr * b[k];
      } else {
        value[k] -= lr * g / a;
      }
    }
  }

  @Override
  protected final Map<String, double[][]> slots() {
    return Map.of("squareAverage", squareAverage, "gradAverage", gradAverage, "momentum", buffers);
  }
}
