package dev.jgrad.nn;

import dev.jgrad.autograd.Tensor;
import java.util.Random;

/**
 * A long short-term memory cell (Hochreiter &amp; Schmidhuber 1997), as {@code
 * torch.nn.LSTMCell}, gates in PyTorch's order i, f, g, o of {@code x W_ih^T + b_ih + h W_hh^T +
 * b_hh}: {@code c' = sigmoid(f) c + sigmoid(i) tanh(g)}, {@code h' = sigmoid(o) tanh(c')}.
 * Input {@code [batch, input]}, states {@code [batch, hidden]}.
 */
public final class LstmCell extends RecurrentCell {
  /** The hidden state {@code h} and the cell state {@code c}, each {@code [batch, hidden]}. */
  public record State(Tensor hidden, Tensor cell) {}

  /**
   * Returns a cell with biases, initialised as PyTorch.
   *
   * @param inputSize the number of input features
   * @param hiddenSize the number of hidden features
   * @param random the source of the initial weights
   * @throws IllegalArgumentException if a size is not positive or random is null
   */
  public LstmCell(int inputSize, int hiddenSize, Random random) {
    super(Recurrence.LSTM, inputSize, hiddenSize, true, random);
  }

  /** Returns the next hidden state from zero states. */
  @Override
  public Tensor forward(Tensor input) {
    return step(input, null).hidden();
  }

  /**
   * {@return the next states {@code (h', c')}}
   *
   * @param input {@code [batch, input]}
   * @param state the previous states, or null for zeros
   * @throws IllegalArgumentException if a shape does not fit
   */
  public State step(Tensor input, State state) {
    Tensor[] next =
        stepWithState(input, state == null ? null : state.hidden(), state == null ? null : state.cell());
    return new State(next[0], next[1]);
  }
}
