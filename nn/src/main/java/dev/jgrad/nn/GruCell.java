package dev.jgrad.nn;

import dev.jgrad.autograd.Tensor;
import java.util.Random;

/**
 * A gated recurrent unit (Cho et al. 2014), as {@code torch.nn.GRUCell}, gates in PyTorch's
 * order r, z, n: {@code r = sigmoid(xr + hr)}, {@code z = sigmoid(xz + hz)}, {@code n = tanh(xn
 * + r hn)}, {@code h' = (1 - z) n + z h}, where {@code x* = x W_i*^T + b_i*} and {@code h* = h
 * W_h*^T + b_h*}. Input {@code [batch, input]}, state {@code [batch, hidden]}.
 */
public final class GruCell extends RecurrentCell {
  /**
   * Returns a cell with biases, initialised as PyTorch.
   *
   * @param inputSize the number of input features
   * @param hiddenSize the number of hidden features
   * @param random the source of the initial weights
   * @throws IllegalArgumentException if a size is not positive or random is null
   */
  public GruCell(int inputSize, int hiddenSize, Random random) {
    super(Recurrence.GRU, inputSize, hiddenSize, true, random);
  }

  /** Returns the next hidden state from a zero state. */
  @Override
  public Tensor forward(Tensor input) {
    return forward(input, null);
  }

  /**
   * {@return the next hidden state {@code [batch, hidden]}}
   *
   * @param input {@code [batch, input]}
   * @param hidden {@code [batch, hidden]}, or null for zeros
   * @throws IllegalArgumentException if a shape does not fit
   */
  public Tensor forward(Tensor input, Tensor hidden) {
    return stepWithState(input, hidden, null)[0];
  }
}
