package dev.jgrad.nn.optim;

import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.kernels.InPlace;
import dev.jgrad.autograd.kernels.Storage;
import java.util.List;
import java.util.Map;

/**
 * Adam: gradient descent with per-element step sizes from running averages of the gradient and its
 * square (Kingma &amp; Ba 2015, "Adam: A Method for Stochastic Optimization"), following {@code
 * torch.optim.Adam}:
 *
 * <pre>
 * g = grad + weightDecay * p                 (L2 penalty folded into the gradient)
 * m = beta1 m + (1 - beta1) g
 * v = beta2 v + (1 - beta2) g^2
 * p = p - lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
 * </pre>
 *
 * For decoupled weight decay use {@link AdamW}.
 */
public class Adam extends Optimizer {
  private final double beta1;
  private final double beta2;
  private final double eps;
  private final double weightDecay;
  private final boolean decoupled;
  private final Storage[] firstMoment;
  private final Storage[] secondMoment;

  /**
   * Returns Adam with PyTorch's defaults: betas (0.9, 0.999), eps 1e-8, no weight decay.
   *
   * @param parameters the tensors to update (each requiring gradients)
   * @param learningRate the step size, finite and at least 0
   */
  public Adam(List<Tensor> parameters, double learningRate) {
    this(parameters, learningRate, 0.9, 0.999, 1e-8, 0);
  }

  /**
   * Returns Adam with every setting.
   *
   * @param parameters the tensors to update (each requiring gradients)
   * @param learningRate the step size, finite and at least 0
   * @param beta1 the decay rate of the first-moment (mean) estimate, in [0, 1)
   * @param beta2 the decay rate of the second-moment estimate, in [0, 1)
   * @param eps the small constant added to the denominator for stability, above 0
   * @param weightDecay the L2 penalty factor added to each gradient (AdamW: the decoupled decay
   *     rate), at least 0
   * @throws IllegalArgumentException if a beta is outside {@code [0, 1)}, eps is not positive, or
   *     the weight decay is negative
   */
  public Adam(
      List<Tensor> parameters,
      double learningRate,
      double beta1,
      double beta2,
      double eps,
      double weightDecay) {
    this("Adam", parameters, learningRate, beta1, beta2, eps, weightDecay, false);
  }

  Adam(
      String name,
      List<Tensor> parameters,
      double learningRate,
      double beta1,
      double beta2,
      double eps,
      double weightDecay,
      boolean decoupled) {
    super(name, parameters, learningRate);
    check(beta1 >= 0 && beta1 < 1, "beta1", beta1, "in [0, 1)");
    check(beta2 >= 0 && beta2 < 1, "beta2", beta2, "in [0, 1)");
    check(eps > 0 && Double.isFinite(eps), "eps", eps, "> 0 and finite");
    checkNonNegative("weight decay", weightDecay);
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.eps = eps;
    this.weightDecay = weightDecay;
    this.decoupled = decoupled;
    this.firstMoment = new Storage[size()];
    this.secondMoment = new Storage[size()];
  }

  @Override
  protected final void update(int index, int step, Storage value, Storage grad) {
    double lr = learningRate();
    int n = value.size();
    if (firstMoment[index] == null) {
      firstMoment[index] = Storage.zeros(value.dtype(), n);
      secondMoment[index] = Storage.zeros(value.dtype(), n);
    }
    if (firstMoment[index].dtype() != value.dtype()) { // the module was converted since
      firstMoment[index] = firstMoment[index].to(value.dtype());
      secondMoment[index] = secondMoment[index].to(value.dtype());
    }
    Storage m = firstMoment[index];
    Storage v = secondMoment[index];
    double shrink = decoupled ? 1 - lr * weightDecay : 1;
    double coupledDecay = decoupled ? 0 : weightDecay;
    double stepSize = lr / (1 - Math.pow(beta1, step));
    double correction2Sqrt = Math.sqrt(1 - Math.pow(beta2, step));
    InPlace.adam(
        value, grad, m, v, beta1, beta2, coupledDecay, shrink, stepSize, correction2Sqrt, eps);
  }

  @Override
  protected final Map<String, Storage[]> slots() {
    return Map.of("firstMoment", firstMoment, "secondMoment", secondMoment);
  }

  @Override
  protected final boolean isNonNegative(String slot) {
    return slot.equals("secondMoment");
  }
}
