package dev.jgrad.nn;

import dev.jgrad.autograd.Tensor;
import java.util.Random;

/**
 * A stack of long short-term memory layers, as {@code torch.nn.LSTM}: each layer runs {@link
 * LstmCell}'s rule (gates i, f, g, o) over the sequence. Shapes and parameter names: {@link
 * RecurrentLayer}; {@link Output#cell()} holds the final cell states.
 */
public final class Lstm extends RecurrentLayer {
  /**
   * Returns a stack of {@code layers} LSTM layers, initialised as PyTorch.
   *
   * @param inputSize the number of input features
   * @param hiddenSize the number of hidden features
   * @param layers the number of stacked layers
   * @param batchFirst whether inputs are {@code [batch, time, features]} rather than {@code [time,
   *     batch, features]}
   * @param random the source of the initial weights
   * @throws IllegalArgumentException if a size is not positive or random is null
   */
  public Lstm(int inputSize, int hiddenSize, int layers, boolean batchFirst, Random random) {
    super(Recurrence.LSTM, inputSize, hiddenSize, layers, batchFirst, random);
  }

  /**
   * {@return the outputs and final states from {@code h0} and {@code c0} ({@code [layers, batch,
   * hidden]}, null for zeros)}
   *
   * @param input the input sequence
   * @param h0 the initial hidden states, or null for zeros
   * @param c0 the initial cell states, or null for zeros
   * @throws IllegalArgumentException if a shape does not fit or the sequence is empty
   */
  public Output forward(Tensor input, Tensor h0, Tensor c0) {
    return run(input, h0, c0);
  }
}
