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
  /** Returns AdamW with PyTorch's defaults: betas (0.9, 0.999), eps 1e-8, weight decay 0.01. */
  public AdamW(List<Tensor> parameters, double learningRate) {
    this(parameters, learningRate, 0.9, 0.999, 1e-8, 0.01);
  }

  /**
   * Returns AdamW with every setting.
   *
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
