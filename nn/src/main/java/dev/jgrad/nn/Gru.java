package dev.jgrad.nn;

import dev.jgrad.autograd.Tensor;
import java.util.Random;

/**
 * A stack of gated recurrent units, as {@code torch.nn.GRU}: each layer runs {@link GruCell}'s
 * rule (gates r, z, n) over the sequence. Shapes and parameter names: {@link RecurrentLayer}.
 */
public final class Gru extends RecurrentLayer {
  /**
   * Returns a stack of {@code layers} GRU layers, initialised as PyTorch.
   *
   * @param inputSize the number of input features
   * @param hiddenSize the number of hidden features
   * @param layers the number of stacked layers
   * @param batchFirst whether inputs are {@code [batch, time, features]} rather than {@code [time,
   *     batch, features]}
   * @param random the source of the initial weights
   * @throws IllegalArgumentException if a size is not positive or random is null
   */
  public Gru(int inputSize, int hiddenSize, int layers, boolean batchFirst, Random random) {
    super(Recurrence.GRU, inputSize, hiddenSize, layers, batchFirst, random);
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
