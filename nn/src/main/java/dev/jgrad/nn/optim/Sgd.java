package dev.jgrad.nn.optim;

import dev.jgrad.autograd.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Stochastic gradient descent with optional momentum (heavy ball or Nesterov), dampening and weight
 * decay, following {@code torch.optim.SGD}:
 *
 * <pre>
 * g = grad + weightDecay * p
 * b = g                                   (first step)
 * b = momentum * b + (1 - dampening) * g  (later steps)
 * g = nesterov ? g + momentum * b : b     (when momentum != 0)
 * p = p - lr * g
 * </pre>
 *
 * Nesterov momentum as formulated by Sutskever et al. 2013.
 */
public final class Sgd extends Optimizer {
  private final double momentum;
  private final double dampening;
  private final double weightDecay;
  private final boolean nesterov;
  private final double[][] buffers;

  /**
   * Returns plain gradient descent {@code p = p - lr * grad}.
   *
   * @param parameters the tensors to update (each requiring gradients)
   * @param learningRate the step size, finite and at least 0
   */
  public Sgd(List<Tensor> parameters, double learningRate) {
    this(parameters, learningRate, 0, 0, 0, false);
  }

  /**
   * Returns gradient descent with heavy-ball momentum.
   *
   * @param parameters the tensors to update (each requiring gradients)
   * @param learningRate the step size, finite and at least 0
   * @param momentum the momentum factor, in [0, 1)
   */
  public Sgd(List<Tensor> parameters, double learningRate, double momentum) {
    this(parameters, learningRate, momentum, 0, 0, false);
  }

  /**
   * Returns the optimizer with every setting.
   *
   * @param parameters the tensors to update (each requiring gradients)
   * @param learningRate the step size, finite and at least 0
   * @param momentum the momentum factor, in [0, 1)
   * @param dampening the fraction of each gradient left out of the momentum buffer, in [0, 1]
   * @param weightDecay the L2 penalty factor added to each gradient (AdamW: the decoupled decay
   *     rate), at least 0
   * @param nesterov whether to use Nesterov momentum
   * @throws IllegalArgumentException if a setting is out of range (momentum, dampening and weight
   *     decay must be >= 0; Nesterov needs momentum > 0 and dampening 0)
   */
  public Sgd(
      List<Tensor> parameters,
      double learningRate,
      double momentum,
      double dampening,
      double weightDecay,
      boolean nesterov) {
    super("Sgd", parameters, learningRate);
    checkNonNegative("momentum", momentum);
    check(dampening >= 0 && dampening <= 1, "dampening", dampening, "in [0, 1]");
    checkNonNegative("weight decay", weightDecay);
    if (nesterov) {
      check(
          momentum > 0 && dampening == 0,
          "momentum (with Nesterov, dampening must be 0)",
          momentum,
          "> 0");
    }
    this.momentum = momentum;
    this.dampening = dampening;
    this.weightDecay = weightDecay;
    this.nesterov = nesterov;
    this.buffers = new double[size()][];
  }

  @Override
  protected void update(int index, int step, double[] value, double[] grad) {
    double lr = learningRate();
    addWeightDecay(grad, value, weightDecay);
    if (momentum != 0) {
      double[] b = buffers[index];
      if (b == null) {
        b = grad.clone();
        buffers[index] = b;
      } else {
        for (int k = 0; k < b.length; k++) {
          b[k] = momentum * b[k] + (1 - dampening) * grad[k];
        }
      }
      for (int k = 0; k < grad.length; k++) {
        grad[k] = nesterov ? grad[k] + momentum * b[k] : b[k];
      }
    }
    for (int k = 0; k < value.length; k++) {
      value[k] -= lr * grad[k];
    }
  }

  @Override
  protected final Map<String, double[][]> slots() {
    return Map.of("momentum", buffers);
  }
}
