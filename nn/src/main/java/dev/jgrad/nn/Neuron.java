package dev.jgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.autograd.Tensor;
import dev.jgrad.nn.init.Init;
import java.util.Random;

/**
 * One neuron, the picture networks are drawn from: a weighted sum of the inputs plus a bias,
 * squashed by an activation, {@code out = act(sum_i w_i x_i + b)}.
 *
 * <p>As in micrograd, the weights start uniform in {@code [-1, 1]} and the bias at 0. Input {@code
 * [in]} gives a scalar; a batch {@code [n, in]} gives {@code [n]}.
 */
public final class Neuron extends Module {
  private final Tensor weight;
  private final Tensor bias;
  private final Activation activation;

  /**
   * Returns a neuron with {@code inputs} weights drawn from {@code random}.
   *
   * @param inputs the number of inputs, at least 1
   * @param activation the nonlinearity applied to the output
   * @param random the source of the initial weights
   * @throws IllegalArgumentException if {@code inputs} is not positive or activation or random is
   *     null
   */
  public Neuron(int inputs, Activation activation, Random random) {
    checkArgument(
        inputs > 0 && activation != null,
        "Neuron: need inputs > 0 and an activation, got %s, %s",
        inputs,
        activation);
    Checks.notNull(random, "Neuron", "random");
    this.weight = registerParameter("weight", Init.uniform(Tensor.zeros(inputs), -1, 1, random));
    this.bias = registerParameter("bias", Tensor.scalar(0));
    this.activation = activation;
  }

  /** {@return the weights, shape {@code [in]}} */
  public Tensor weight() {
    return weight;
  }

  /** {@return the bias, a 0-d tensor} */
  public Tensor bias() {
    return bias;
  }

  /** {@return the activation} */
  public Activation activation() {
    return activation;
  }

  /**
   * Returns {@code act(sum_i w_i x_i + b)} over the last dim of {@code x}.
   *
   * @throws IllegalArgumentException if the last dim of {@code x} is not the number of weights
   */
  @Override
  public Tensor forward(Tensor x) {
    checkInput(x);
    Checks.lastDim(x, weight.numel(), "Neuron");
    return activation.apply(x.mul(weight).sum(-1).add(bias));
  }

  @Override
  protected String extraRepr() {
    return "in=" + weight.numel() + ", " + activation;
  }
}
