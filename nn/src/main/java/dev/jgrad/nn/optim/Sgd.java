package dev.jgrad.nn.optim;

import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.kernels.InPlace;
import dev.jgrad.autograd.kernels.Storage;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
  private final Storage[] buffers;

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
    this.buffers = new Storage[size()];
  }

  @Override
  protected void update(int index, int step, Storage value, Storage grad) {
    double lr = learningRate();
    if (momentum == 0) {
      InPlace.sgd(value, grad, lr, weightDecay);
      return;
    }
    int n = value.size();
    Storage b = buffers[index];
    boolean first = b == null;
    if (momentum != 0 && first) {
      b = Storage.zeros(value.dtype(), n);
      buffers[index] = b;
    }
    for (int k = 0; k < n; k++) {
      double g = decayed(grad, value, k, weightDecay);
      if (momentum != 0) {
        double bk = first ? g : momentum * b.get(k) + (1 - dampening) * g;
        b.set(k, bk);
        bk = b.get(k); // as stored, in the parameter's dtype
        g = nesterov ? g + momentum * bk : bk;
      }
      value.set(k, value.get(k) - lr * g);
    }
  }

  @Override
  protected final Map<String, Storage[]> slots() {
    return Map.of("momentum", buffers);
  }

  @Override
  protected final Set<String> activeSlots() {
    return momentum != 0 ? Set.of("momentum") : Set.of();
  }
}
