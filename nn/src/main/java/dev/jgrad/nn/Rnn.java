package dev.jgrad.nn;

import dev.jgrad.autograd.Tensor;
import java.util.Random;

/**
 * An Elman network, as {@code torch.nn.RNN} (tanh): layer k runs {@code h_t = tanh(x_t W_ih^T +
 * b_ih + h_(t-1) W_hh^T + b_hh)} over the sequence ({@link RnnCell}'s rule). Shapes and parameter
 * names: {@link RecurrentLayer}.
 */
public final class Rnn extends RecurrentLayer {
  /**
   * Returns a stack of {@code layers} tanh layers, initialised as PyTorch.
   *
   * @param inputSize the number of input features
   * @param hiddenSize the number of hidden features
   * @param layers the number of stacked layers
   * @param batchFirst whether inputs are {@code [batch, time, features]} rather than {@code [time,
   *     batch, features]}
   * @param random the source of the initial weights
   * @throws IllegalArgumentException if a size is not positive or random is null
   */
  public Rnn(int inputSize, int hiddenSize, int layers, boolean batchFirst, Random random) {
    super(Recurrence.RNN_TANH, inputSize, hiddenSize, layers, batchFirst, random);
  }

  /**
   * {@return the outputs and final hidden states from {@code h0} ({@code [layers, batch,
   * hidden]}, null for zeros)}
   *
   * @param input the input sequence
   * @param h0 the initial hidden states, or null for zeros
   * @throws IllegalArgumentException if a shape does not fit or the sequence is empty
   */
  public Output forward(Tensor input, Tensor h0) {
    return run(input, h0, null);
  }
}
