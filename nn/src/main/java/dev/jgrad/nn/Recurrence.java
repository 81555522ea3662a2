package dev.jgrad.nn;

import dev.jgrad.autograd.Tensor;
import dev.jgrad.nn.init.Init;
import java.util.List;
import java.util.Random;

/**
 * The one-step rules of the recurrent cells, shared by the cells and the multi-layer modules,
 * with PyTorch's gate order. Each rule takes the input projection {@code xp = x W_ih^T + b_ih}
 * and the hidden projection {@code hp = h W_hh^T + b_hh}, both {@code [batch, gates * hidden]}.
 */
enum Recurrence {
  /** {@code h' = tanh(xp + hp)}. */
  RNN_TANH(1),
  /** {@code h' = relu(xp + hp)}. */
  RNN_RELU(1),
  /** Gates i, f, g, o: {@code c' = f c + i g}, {@code h' = o tanh(c')}. */
  LSTM(4),
  /** Gates r, z, n: {@code n = tanh(xn + r hn)}, {@code h' = (1 - z) n + z h}. */
  GRU(3);

  final int gates;

  Recurrence(int gates) {
    this.gates = gates;
  }

  /** Returns {@code {h', c'}} ({@code c'} null except for LSTM). */
  Tensor[] step(Tensor xp, Tensor hp, Tensor h, Tensor c) {
    switch (this) {
      case RNN_TANH:
        return new Tensor[] {xp.add(hp).tanh(), null};
      case RNN_RELU:
        return new Tensor[] {xp.add(hp).relu(), null};
      case LSTM:
        {
          Tensor states = Tensor.lstmCell(xp, hp, c); // (h', c'), one fused node
          int hidden = c.size(1);
          return new Tensor[] {states.narrow(1, 0, hidden), states.narrow(1, hidden, hidden)};
        }
      default:
        {
          List<Tensor> x = xp.chunk(3, -1);
          List<Tensor> hh = hp.chunk(3, -1);
          Tensor r = x.get(0).add(hh.get(0)).sigmoid();
          Tensor z = x.get(1).add(hh.get(1)).sigmoid();
          Tensor n = x.get(2).add(r.mul(hh.get(2))).tanh();
          return new Tensor[] {n.sub(n.mul(z)).add(z.mul(h)), null};
        }
    }
  }

  /** Returns a tensor of {@code shape} uniform in {@code [-1/sqrt(hidden), 1/sqrt(hidden)]}, as PyTorch. */
  static Tensor uniform(int hidden, Random random, int... shape) {
    double bound = 1 / Math.sqrt(hidden);
    return Init.uniform(Tensor.zeros(shape), -bound, bound, random);
  }

  /** Checks the sizes and the random source of a recurrent module's constructor. */
  static void checkSizes(String module, int inputSize, int hiddenSize, int layers, Random random) {
    if (inputSize <= 0 || hiddenSize <= 0 || layers <= 0) {
      throw new IllegalArgumentException(
          String.format(
              "%s: sizes must be positive, got inputSize=%d hiddenSize=%d layers=%d",
              module, inputSize, hiddenSize, layers));
    }
    Checks.notNull(random, module, "random");
  }

  /**
   * Checks that a state is {@code [batch, hidden]} (or null) and returns it, or zeros of the
   * input's dtype when null.
   */
  static Tensor state(String module, String what, Tensor given, Tensor like, int... shape) {
    if (given == null) {
      return Tensor.zeros(like.dtype(), shape);
    }
    if (!java.util.Arrays.equals(given.shape(), shape)) {
      throw new IllegalArgumentException(
          String.format(
              "%s: the %s has shape %s, expected %s",
              module, what, java.util.Arrays.toString(given.shape()),
              java.util.Arrays.toString(shape)));
    }
    return given;
  }
}
