package dev.jgrad.nn;

import dev.jgrad.autograd.Tensor;
import java.util.Random;

/**
 * An Elman cell, as {@code torch.nn.RNNCell}: {@code h' = tanh(x W_ih^T + b_ih + h W_hh^T +
 * b_hh)} (or relu). Input {@code [batch, input]}, state and output {@code [batch, hidden]}.
 */
public final class RnnCell extends RecurrentCell {
  /**
   * Returns a tanh cell with biases, initialised as PyTorch.
   *
   * @param inputSize the number of input features
   * @param hiddenSize the number of hidden features
   * @param random the source of the initial weights
   */
  public RnnCell(int inputSize, int hiddenSize, Random random) {
    this(inputSize, hiddenSize, true, false, random);
  }

  /**
   * Returns a cell with or without biases, tanh or (when {@code relu}) relu.
   *
   * @param inputSize the number of input features
   * @param hiddenSize the number of hidden features
   * @param bias whether the cell has biases
   * @param relu whether the nonlinearity is relu rather than tanh
   * @param random the source of the initial weights
   * @throws IllegalArgumentException if a size is not positive or random is null
   */
  public RnnCell(int inputSize, int hiddenSize, boolean bias, boolean relu, Random random) {
    super(relu ? Recurrence.RNN_RELU : Recurrence.RNN_TANH, inputSize, hiddenSize, bias, random);
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
