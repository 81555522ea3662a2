package dev.jgrad.nn;

import dev.jgrad.autograd.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The shared body of {@link Rnn}, {@link Lstm} and {@link Gru}: a stack of recurrent layers run
 * over a sequence, each layer's outputs the next one's inputs, with PyTorch's parameters {@code
 * weight_ih_l<k>}, {@code weight_hh_l<k>}, {@code bias_ih_l<k>}, {@code bias_hh_l<k>} (layer k's
 * input size is the module's for k = 0, the hidden size above), so a PyTorch state dict loads
 * as is. Unidirectional, without dropout between layers.
 *
 * <p>Input {@code [batch, seq, input]} when batch-first, else {@code [seq, batch, input]}; a 2-d
 * input {@code [seq, input]} is one unbatched sequence. Output: every top-layer hidden state,
 * {@code [batch, seq, hidden]} (same layout as the input), and the final states of every layer,
 * {@code [layers, batch, hidden]} (batch dropped for an unbatched input), as PyTorch.
 */
public abstract class RecurrentLayer extends Module {
  /**
   * The result of a run: the top layer's hidden state at every step, and every layer's final
   * hidden state and (for {@link Lstm}; null otherwise) final cell state.
   */
  public record Output(Tensor output, Tensor hidden, Tensor cell) {}

  private final Recurrence rule;
  private final int inputSize;
  private final int hiddenSize;
  private final int layers;
  private final boolean batchFirst;
  private final List<Tensor[]> weights = new ArrayList<>();

  RecurrentLayer(
      Recurrence rule, int inputSize, int hiddenSize, int layers, boolean batchFirst,
      Random random) {
    Recurrence.checkSizes(getClass().getSimpleName(), inputSize, hiddenSize, layers, random);
    this.rule = rule;
    this.inputSize = inputSize;
    this.hiddenSize = hiddenSize;
    this.layers = layers;
    this.batchFirst = batchFirst;
    int g = rule.gates * hiddenSize;
    for (int k = 0; k < layers; k++) {
      int in = k == 0 ? inputSize : hiddenSize;
      weights.add(
          new Tensor[] {
            registerParameter("weight_ih_l" + k, Recurrence.uniform(hiddenSize, random, g, in)),
            registerParameter("weight_hh_l" + k, Recurrence.uniform(hiddenSize, random, g, hiddenSize)),
            registerParameter("bias_ih_l" + k, Recurrence.uniform(hiddenSize, random, g)),
            registerParameter("bias_hh_l" + k, Recurrence.uniform(hiddenSize, random, g))
          });
    }
  }

  /** {@return the number of stacked layers} */
  public int layers() {
    return layers;
  }

  /** {@return the hidden size} */
  public int hiddenSize() {
    return hiddenSize;
  }

  /** Returns the top layer's hidden state at every step, from zero initial states. */
  @Override
  public Tensor forward(Tensor input) {
    return run(input, null, null).output();
  }

  /**
   * Returns the outputs and final states for {@code input}, from the initial states {@code h0}
   * and {@code c0} ({@code [layers, batch, hidden]}; null for zeros).
   */
  final Output run(Tensor input, Tensor h0, Tensor c0) {
    String name = getClass().getSimpleName();
    checkInput(input);
    boolean unbatched = input.dim() == 2;
    if ((input.dim() != 2 && input.dim() != 3) || input.size(-1) != inputSize) {
      throw new IllegalArgumentException(
          String.format(
              "%s: input shape %s must be %s or [seq, %d]",
              name, Arrays.toString(input.shape()),
              batchFirst ? "[batch, seq, " + inputSize + "]" : "[seq, batch, " + inputSize + "]",
              inputSize));
    }
    // The time dim of the input and the output; an unbatched input is a batch of one.
    int timeDim = batchFirst && !unbatched ? 1 : 0;
    int steps = input.size(timeDim);
    int batch = unbatched ? 1 : input.size(1 - timeDim);
    if (steps == 0) {
      throw new IllegalArgumentException(
          name + ": the sequence is empty (input shape " + Arrays.toString(input.shape()) + ")");
    }
    Tensor h = initial(name, "h0", h0, input, unbatched, batch);
    Tensor c = rule == Recurrence.LSTM ? initial(name, "c0", c0, input, unbatched, batch) : null;
    // Each layer's input as one time-major matrix [steps * batch, features] (rows t * batch ..
    // (t + 1) * batch - 1 are step t), projected by one product for all steps; each step reads its
    // rows with a narrow. The engine adds a narrow's gradient into its slice of the projection's
    // gradient, so the backward pass stays linear in the sequence length.
    Tensor xs;
    if (unbatched) {
      xs = input;
    } else if (timeDim == 1) {
      xs = input.transpose(0, 1).reshape(steps * batch, inputSize);
    } else {
      xs = input.reshape(steps * batch, inputSize);
    }
    List<Tensor> outs = null;
    List<Tensor> lastH = new ArrayList<>();
    List<Tensor> lastC = new ArrayList<>();
    for (int k = 0; k < layers; k++) {
      Tensor[] w = weights.get(k);
      if (k > 0) {
        xs = Tensor.cat(outs, 0);
      }
      // Both biases go into the input projection once, except for the GRU, whose candidate gate
      // multiplies the hidden projection (bias included) by its reset gate.
      boolean gru = rule == Recurrence.GRU;
      Tensor projections = Tensor.linear(xs, w[0], gru ? w[2] : w[2].add(w[3]));
      Tensor hiddenBias = gru ? w[3] : null;
      Tensor hk = h.narrow(0, k, 1).squeeze(0);
      Tensor ck = c == null ? null : c.narrow(0, k, 1).squeeze(0);
      outs = new ArrayList<>(steps);
      for (int t = 0; t < steps; t++) {
        Tensor xp = projections.narrow(0, t * batch, batch);
        Tensor[] next = rule.step(xp, Tensor.linear(hk, w[1], hiddenBias), hk, ck);
        hk = next[0];
        ck = next[1];
        outs.add(hk);
      }
      lastH.add(hk);
      lastC.add(ck);
    }
    Tensor output = unbatched ? Tensor.stack(outs, 0).squeeze(1) : Tensor.stack(outs, timeDim);
    Tensor hidden = Tensor.stack(lastH, 0);
    Tensor cell = c == null ? null : Tensor.stack(lastC, 0);
    if (unbatched) {
      hidden = hidden.squeeze(1);
      cell = cell == null ? null : cell.squeeze(1);
    }
    return new Output(output, hidden, cell);
  }

  private Tensor initial(
      String name, String what, Tensor given, Tensor like, boolean unbatched, int batch) {
    if (given != null && unbatched) {
      Recurrence.state(name, what, given, like, layers, hiddenSize);
      return given.unsqueeze(1);
    }
    return Recurrence.state(name, what, given, like, layers, batch, hiddenSize);
  }

  @Override
  protected String extraRepr() {
    return "inputSize=" + inputSize + ", hiddenSize=" + hiddenSize + ", layers=" + layers
        + ", batchFirst=" + batchFirst;
  }
}
