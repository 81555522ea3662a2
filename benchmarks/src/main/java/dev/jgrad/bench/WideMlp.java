package dev.jgrad.bench;

import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.nn.Linear;
import dev.jgrad.nn.Losses;
import dev.jgrad.nn.Relu;
import dev.jgrad.nn.Sequential;
import dev.jgrad.nn.data.Dataset;
import dev.jgrad.nn.optim.Adam;
import java.util.Arrays;
import java.util.Random;

/**
 * The reference's wide MLP ({@code bench_wide_mlp.py}, section 7 of {@code
 * shared/bench/REFERENCE.md}), written with the nn module as a user writes it: {@code
 * Sequential(Linear(64, H), ReLU, Linear(H, 64), ReLU, Linear(64, 10))}, PyTorch's default init,
 * cross-entropy, Adam (lr 1e-3; Kingma and Ba 2015), batch 32, on 1437 random rows (x ~ N(0, 1),
 * labels uniform in 0..9; Java's generator, not torch's). Per run: a new model, one untimed
 * warm-up epoch, then 20 timed epochs, each a fresh permutation; reported: training samples per
 * second, median over the runs. The check: the mean loss of the last epoch, finite and below that
 * of the first (the net memorises the random labels).
 */
public final class WideMlp implements Workload {
  private static final int ROWS = 1437;
  private static final int INPUT = 64;
  private static final int CLASSES = 10;
  private static final int BATCH = 32;
  private static final int EPOCHS = 20;
  private static final double LR = 1e-3;

  private final int width;
  private final DType dtype;

  /** Returns the workload for hidden width {@code width} in {@code dtype}. */
  public WideMlp(int width, DType dtype) {
    this.width = width;
    this.dtype = dtype;
  }

  @Override
  public String name() {
    return "MLP width " + width + ", " + (dtype == DType.F32 ? "float" : "double")
        + ", 64-" + width + "-64-10, Adam";
  }

  @Override
  public String target() {
    return ">= 1.2x PyTorch " + (dtype == DType.F32 ? "f32" : "f64");
  }

  @Override
  public boolean meetsTarget(Result r, Double reference) {
    return reference != null && r.stats().median() >= 1.2 * reference;
  }

  @Override
  public String referenceKey() {
    return "wide_mlp_samples_per_s_" + (dtype == DType.F32 ? "f32_" : "f64_") + width;
  }

  @Override
  public Result run(boolean quick) {
    Random data = new Random(0);
    Tensor x = Tensor.randn(data, ROWS, INPUT).to(dtype);
    int[] y = new int[ROWS];
    for (int i = 0; i < ROWS; i++) {
      y[i] = data.nextInt(CLASSES);
    }
    int epochs = quick ? 2 : EPOCHS;
    if (!quick) {
      trainRun(x, y, 1, new long[1]); // one extra run for the JIT, on top of each run's warm-up epoch
    }
    int runs = quick ? 1 : 3;
    double[] sps = new double[runs];
    double[] losses = null;
    for (int r = 0; r < runs; r++) {
      long[] nanos = new long[1];
      losses = trainRun(x, y, epochs, nanos);
      sps[r] = (double) epochs * ROWS / (nanos[0] * 1e-9);
    }
    double first = losses[0];
    double last = losses[losses.length - 1];
    boolean ok = Double.isFinite(last) && last < first;
    return new Result(Stats.of(sps), "samples/s", true,
        String.format("epoch loss %.3f -> %.3f over %d epochs (%s: finite, falling)",
            first, last, epochs + 1, ok ? "check ok" : "CHECK FAILED"));
  }

  /**
   * One run: a new model and optimizer, one untimed epoch, then {@code epochs} timed ones (their
   * time added to {@code nanos[0]}); returns each epoch's mean loss, warm-up epoch first.
   */
  private double[] trainRun(Tensor x, int[] y, int epochs, long[] nanos) {
    Random init = new Random(0);
    Sequential model =
        new Sequential(
            new Linear(INPUT, width, init),
            new Relu(),
            new Linear(width, 64, init),
            new Relu(),
            new Linear(64, CLASSES, init));
    model.to(dtype);
    Adam adam = new Adam(model.parameters(), LR);
    Random shuffle = new Random(2);
    double[] losses = new double[epochs + 1];
    losses[0] = epoch(model, adam, x, y, shuffle);
    long t0 = System.nanoTime();
    for (int e = 1; e <= epochs; e++) {
      losses[e] = epoch(model, adam, x, y, shuffle);
    }
    nanos[0] += System.nanoTime() - t0;
    return losses;
  }

  /** One epoch in batches of 32 of a fresh permutation; returns the mean batch loss. */
  private static double epoch(Sequential model, Adam adam, Tensor x, int[] y, Random shuffle) {
    int[] order = Dataset.permutation(ROWS, shuffle);
    double sum = 0;
    int batches = 0;
    for (int from = 0; from < ROWS; from += BATCH) {
      int[] batch = Arrays.copyOfRange(order, from, Math.min(ROWS, from + BATCH));
      adam.zeroGrad();
      Tensor loss = Losses.crossEntropy(model.forward(x.indexSelect(0, batch)), Data.pick(y, batch));
      loss.backward();
      adam.step();
      sum += loss.item();
      batches++;
    }
    return sum / batches;
  }
}
