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
   * @throws IllegalArgumentException if a size is not positive or random is null
   */
  public Rnn(int inputSize, int hiddenSize, int layers, boolean batchFirst, Random random) {
    super(Recurrence.RNN_TANH, inputSize, hiddenSize, layers, batchFirst, random);
  }

  /**
   * Returns the outputs and final hidden states from {@code h0} ({@code [layers, batch,
   * hidden]}, null for zeros).
   *
   * @throws IllegalArgumentException if a shape does not fit or the sequence is empty
   */
  public Output forward(Tensor input, Tensor h0) {
    return run(input, h0, null);
  }
}
