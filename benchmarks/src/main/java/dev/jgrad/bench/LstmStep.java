package dev.jgrad.bench;

import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.nn.Losses;
import dev.jgrad.nn.Lstm;
import dev.jgrad.nn.optim.Sgd;
import java.util.Random;

/**
 * The reference's LSTM training step ({@code bench_lstm.py}, section 6.3 of {@code
 * shared/bench/REFERENCE.md}), written with the nn module: one {@link Lstm} layer (input 16,
 * hidden 128, batch-first, PyTorch's init: every weight and bias uniform in +-1/sqrt(128)), zero
 * initial states, MSE of the last hidden state against a target, plain SGD (lr 0.1). Data: 8
 * fixed batches drawn in double before timing (x {@code [32, 32, 16]} ~ N(0, 1), target {@code
 * [32, 128]} ~ U(-1, 1); Java's generator, not torch's), step k on batch k mod 8. Timed: each
 * step on its own (forward over the 32 time steps, loss, zero_grad, backward, step, reading the
 * loss); reported: the median step in ms (lower is better). The check: every loss finite and the
 * mean over the last 8 steps below that over the first 8 (PyTorch: 0.342 at step 0, 0.332 after
 * 320 steps).
 */
public final class LstmStep implements Workload {
  private static final int BATCH = 32;
  private static final int SEQ = 32;
  private static final int INPUT = 16;
  private static final int HIDDEN = 128;
  private static final int BATCHES = 8;
  private static final double LR = 0.1;

  private final DType dtype;

  /** Returns the workload with parameters and data in {@code dtype}. */
  public LstmStep(DType dtype) {
    this.dtype = dtype;
  }

  @Override
  public String name() {
    return "LSTM " + (dtype == DType.F32 ? "float" : "double") + " 16-128, batch 32 x 32 steps, SGD";
  }

  @Override
  public String target() {
    return ">= 1.0x PyTorch " + (dtype == DType.F32 ? "f32" : "f64") + " (1 thread)";
  }

  @Override
  public boolean meetsTarget(Result r, Double reference) {
    return reference != null && r.stats().median() <= reference;
  }

  @Override
  public String referenceKey() {
    return dtype == DType.F32 ? "lstm_ms_f32" : "lstm_ms_f64";
  }

  @Override
  public Result run(boolean quick) {
    Random data = new Random(0);
    Tensor[] xs = new Tensor[BATCHES];
    Tensor[] targets = new Tensor[BATCHES];
    for (int b = 0; b < BATCHES; b++) {
      xs[b] = Tensor.randn(data, BATCH, SEQ, INPUT).to(dtype);
      targets[b] = Tensor.rand(data, BATCH, HIDDEN).mul(2).sub(1).to(dtype);
    }
    Lstm lstm = new Lstm(INPUT, HIDDEN, 1, true, new Random(0));
    lstm.to(dtype);
    Sgd sgd = new Sgd(lstm.parameters(), LR);
    // The reference warms up for 20 steps; the JIT needs more before its kernels are compiled.
    int warmup = quick ? 10 : 100;
    int timed = quick ? 10 : 300;
    double[] ms = new double[timed];
    double[] losses = new double[warmup + timed];
    for (int k = 0; k < warmup + timed; k++) {
      Tensor x = xs[k % BATCHES];
      Tensor target = targets[k % BATCHES];
      long t0 = System.nanoTime();
      Tensor last = lstm.forward(x, null, null).hidden().squeeze(0); // h_n of the one layer
      Tensor loss = Losses.mse(last, target);
      sgd.zeroGrad();
      loss.backward();
      sgd.step();
      losses[k] = loss.item();
      long t = System.nanoTime() - t0;
      if (k >= warmup) {
        ms[k - warmup] = t * 1e-6;
      }
    }
    boolean finite = true;
    for (double l : losses) {
      finite &= Double.isFinite(l);
    }
    int n = losses.length;
    double first = mean(losses, 0, BATCHES);
    double last = mean(losses, n - BATCHES, n);
    boolean ok = finite && last < first;
    return new Result(Stats.of(ms), "ms", false,
        String.format("loss %.6f at step 0, mean of 8 steps %.6f -> %.6f after %d steps (%s:"
                + " finite, falling; PyTorch 0.342328 -> 0.331576 after 320)",
            losses[0], first, last, n, ok ? "check ok" : "CHECK FAILED"));
  }

  private static double mean(double[] values, int from, int to) {
    double sum = 0;
    for (int i = from; i < to; i++) {
      sum += values[i];
    }
    return sum / (to - from);
  }
}
