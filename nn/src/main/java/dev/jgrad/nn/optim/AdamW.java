package dev.jgrad.nn.optim;

import dev.jgrad.autograd.Tensor;
import java.util.List;

/**
 * Adam with decoupled weight decay (Loshchilov &amp; Hutter 2019, "Decoupled Weight Decay
 * Regularization"), following {@code torch.optim.AdamW}: each step first shrinks the weights,
 * {@code p = p (1 - lr * weightDecay)}, then takes the {@link Adam} step without the decay in the
 * gradient, so the decay is not rescaled by the adaptive step sizes.
 */
public final class AdamW extends Adam {
  /**
   * Returns AdamW with PyTorch's defaults: betas (0.9, 0.999), eps 1e-8, weight decay 0.01.
   *
   * @param parameters the tensors to update (each requiring gradients)
   * @param learningRate the step size, finite and at least 0
   */
  public AdamW(List<Tensor> parameters, double learningRate) {
    this(parameters, learningRate, 0.9, 0.999, 1e-8, 0.01);
  }

  /**
   * Returns AdamW with every setting.
   *
   * @param parameters the tensors to update (each requiring gradients)
   * @param learningRate the step size, finite and at least 0
   * @param beta1 the decay rate of the first-moment (mean) estimate, in [0, 1)
   * @param beta2 the decay rate of the second-moment estimate, in [0, 1)
   * @param eps the small constant added to the denominator for stability, above 0
   * @param weightDecay the L2 penalty factor added to each gradient (AdamW: the decoupled decay
   *     rate), at least 0
   * @throws IllegalArgumentException as {@link Adam}
   */
  public AdamW(
      List<Tensor> parameters,
      double learningRate,
      double beta1,
      double beta2,
      double eps,
      double weightDecay) {
    super("AdamW", parameters, learningRate, beta1, beta2, eps, weightDecay, true);
  }
}
