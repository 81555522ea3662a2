package dev.jgrad.bench;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.ConvOptions;
import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.nn.Conv2d;
import dev.jgrad.nn.Flatten;
import dev.jgrad.nn.Linear;
import dev.jgrad.nn.Losses;
import dev.jgrad.nn.MaxPool2d;
import dev.jgrad.nn.Relu;
import dev.jgrad.nn.Sequential;
import dev.jgrad.nn.data.Dataset;
import dev.jgrad.nn.data.OneHot;
import dev.jgrad.nn.optim.Adam;
import java.util.Arrays;
import java.util.Random;

/**
 * The reference's digits CNN ({@code bench_digits_cnn.py}, section 6.1 of {@code
 * shared/bench/REFERENCE.md}), written with the nn module as a user writes it (the {@code
 * cnn-digits} example's model and loop): conv 1->16 (3x3, padding 1) - ReLU - conv 16->32 (3x3,
 * padding 1) - ReLU - max pool 2 - flatten (512) - linear 64 - ReLU - linear 10, PyTorch's
 * default init, softmax cross-entropy, Adam (lr 1e-3; Kingma and Ba 2015), batch 32 reshuffled
 * every epoch, 15 epochs of the 1437 training images (pixels / 16). Timed: the whole 15-epoch
 * loop (batch gather, forward, loss, zero_grad, backward, step); reported in training samples per
 * second, with the test accuracy as the check (PyTorch: 0.9556-0.9833 over seeds 0-4).
 */
public final class DigitsCnn implements Workload {
  private static final int BATCH = 32;
  private static final int EPOCHS = 15;
  private static final double LR = 1e-3;

  private final DType dtype;

  /** Returns the workload with parameters and data in {@code dtype}. */
  public DigitsCnn(DType dtype) {
    this.dtype = dtype;
  }

  @Override
  public String name() {
    return "digits CNN " + (dtype == DType.F32 ? "float" : "double")
        + ", conv-conv-pool-64-10, Adam";
  }

  @Override
  public String target() {
    return ">= 1.0x PyTorch " + (dtype == DType.F32 ? "f32" : "f64") + " (1 thread)";
  }

  @Override
  public boolean meetsTarget(Result r, Double reference) {
    return reference != null && r.stats().median() >= reference;
  }

  @Override
  public String referenceKey() {
    return dtype == DType.F32 ? "cnn_samples_per_s_f32" : "cnn_samples_per_s_f64";
  }

  @Override
  public Result run(boolean quick) {
    Data.Digits d = Data.digitPixels();
    Tensor trainX = images(d.trainX());
    Tensor testX = images(d.testX());
    int epochs = quick ? 2 : EPOCHS;
    // Warm-up (the reference: one epoch): long enough for C2 to compile the conv and gemm kernels.
    train(model(0), trainX, d.trainY(), quick ? 1 : 3, 0);
    int runs = quick ? 1 : 5;
    double[] sps = new double[runs];
    double[] accuracy = new double[runs];
    for (int seed = 0; seed < runs; seed++) { // seeds 0..runs-1, as the reference
      Sequential m = model(seed);
      long t0 = System.nanoTime();
      train(m, trainX, d.trainY(), epochs, seed);
      double s = (System.nanoTime() - t0) * 1e-9;
      sps[seed] = (double) epochs * d.trainY().length / s;
      accuracy[seed] = accuracy(m, testX, d.testY());
    }
    Stats acc = Stats.of(accuracy);
    // 15 epochs give 0.9556-0.9833 in PyTorch (median 0.9778); 2 epochs (quick) about 0.8-0.9.
    // Chance is 0.1: a broken port lands far below either floor.
    double floor = quick ? 0.5 : 0.95;
    String check = acc.median() >= floor ? "check ok" : "CHECK FAILED";
    return new Result(Stats.of(sps), "samples/s", true,
        String.format("test acc %.4f (%.4f-%.4f over %d seeds, %d epochs; %s: median >= %.2f)",
            acc.median(), acc.min(), acc.max(), runs, epochs, check, floor));
  }

  private Tensor images(double[][] rows) {
    return Tensor.of(rows).reshape(-1, 1, 8, 8).to(dtype);
  }

  /** The reference's CNN with PyTorch's default init, drawn from a generator seeded {@code seed}. */
  private Sequential model(int seed) {
    Random init = new Random(seed);
    ConvOptions same = ConvOptions.defaults().withPadding(1);
    Sequential model =
        new Sequential(
            new Conv2d(1, 16, 3, same, init),
            new Relu(),
            new Conv2d(16, 32, 3, same, init),
            new Relu(),
            new MaxPool2d(2),
            new Flatten(),
            new Linear(512, 64, init),
            new Relu(),
            new Linear(64, 10, init));
    model.to(dtype);
    return model;
  }

  /** Trains {@code model} for {@code epochs}, each a fresh permutation from a generator seeded {@code seed}. */
  private static void train(Sequential model, Tensor x, int[] y, int epochs, int seed) {
    Adam adam = new Adam(model.parameters(), LR);
    Random shuffle = new Random(seed);
    for (int epoch = 0; epoch < epochs; epoch++) {
      int[] order = Dataset.permutation(y.length, shuffle);
      for (int from = 0; from < order.length; from += BATCH) {
        int[] batch = Arrays.copyOfRange(order, from, Math.min(order.length, from + BATCH));
        Tensor loss = Losses.crossEntropy(model.forward(x.indexSelect(0, batch)), Data.pick(y, batch));
        adam.zeroGrad();
        loss.backward();
        adam.step();
      }
    }
  }

  private static double accuracy(Sequential model, Tensor x, int[] y) {
    try (Autograd.Scope off = Autograd.noGrad()) {
      int[] predicted = OneHot.decode(model.forward(x));
      int right = 0;
      for (int i = 0; i < y.length; i++) {
        right += predicted[i] == y[i] ? 1 : 0;
      }
      return (double) right / y.length;
    }
  }
}
