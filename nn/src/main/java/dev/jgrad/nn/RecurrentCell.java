package dev.jgrad.nn;

import dev.jgrad.autograd.Tensor;
import java.util.Arrays;
import java.util.Random;

/**
 * The shared body of {@link RnnCell}, {@link LstmCell} and {@link GruCell}: one time step with
 * PyTorch's parameters {@code weight_ih [gates * hidden, input]}, {@code weight_hh [gates *
 * hidden, hidden]}, {@code bias_ih} and {@code bias_hh [gates * hidden]}, all initialised
 * uniform in {@code [-1/sqrt(hidden), 1/sqrt(hidden)]}.
 */
public abstract class RecurrentCell extends Module {
  private final Recurrence rule;
  private final int inputSize;
  private final int hiddenSize;
  private final Tensor weightIh;
  private final Tensor weightHh;
  private final Tensor biasIh;
  private final Tensor biasHh;

  RecurrentCell(Recurrence rule, int inputSize, int hiddenSize, boolean bias, Random random) {
    Recurrence.checkSizes(getClass().getSimpleName(), inputSize, hiddenSize, 1, random);
    this.rule = rule;
    this.inputSize = inputSize;
    this.hiddenSize = hiddenSize;
    int g = rule.gates * hiddenSize;
    weightIh = registerParameter("weight_ih", Recurrence.uniform(hiddenSize, random, g, inputSize));
    weightHh = registerParameter("weight_hh", Recurrence.uniform(hiddenSize, random, g, hiddenSize));
    biasIh = bias ? registerParameter("bias_ih", Recurrence.uniform(hiddenSize, random, g)) : null;
    biasHh = bias ? registerParameter("bias_hh", Recurrence.uniform(hiddenSize, random, g)) : null;
  }

  /** {@return the input size} */
  public int inputSize() {
    return inputSize;
  }

  /** {@return the hidden size} */
  public int hiddenSize() {
    return hiddenSize;
  }

  /** Returns {@code {h', c'}} for input {@code [batch, input]} and states (null for zeros). */
  final Tensor[] stepWithState(Tensor x, Tensor h, Tensor c) {
    String name = getClass().getSimpleName();
    checkInput(x);
    if (x.dim() != 2 || x.size(1) != inputSize) {
      throw new IllegalArgumentException(
          String.format(
              "%s: input shape %s must be [batch, %d]", name, Arrays.toString(x.shape()), inputSize));
    }
    int batch = x.size(0);
    Tensor h0 = Recurrence.state(name, "hidden state", h, x, batch, hiddenSize);
    Tensor c0 =
        rule == Recurrence.LSTM ? Recurrence.state(name, "cell state", c, x, batch, hiddenSize) : null;
    Tensor xp = Tensor.linear(x, weightIh, biasIh);
    Tensor hp = Tensor.linear(h0, weightHh, biasHh);
    return rule.step(xp, hp, h0, c0);
  }

  @Override
  protected String extraRepr() {
    return "inputSize=" + inputSize + ", hiddenSize=" + hiddenSize;
  }
}
