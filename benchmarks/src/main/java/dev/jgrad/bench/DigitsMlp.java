package dev.jgrad.bench;

import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.nn.Linear;
import dev.jgrad.nn.Losses;
import dev.jgrad.nn.Relu;
import dev.jgrad.nn.Sequential;
import dev.jgrad.nn.optim.Adam;
import java.util.Random;

/**
 * The reference's digits MLP ({@code bench_digits_mlp.py}): 64-128-64-10 with ReLU, cross
 * entropy, Adam (lr 1e-3; Kingma and Ba, "Adam: A Method for Stochastic Optimization", ICLR
 * 2015), batch 32, reshuffled every epoch, 20 epochs of the 1437 training rows, in double or
 * float (parameters, data and Adam moments), written with nn's modules as a user writes it.
 * Reports training samples per second and the test accuracy.
 */
public final class DigitsMlp implements Workload {
  private static final int[] SIZES = {64, 128, 64, 10};
  private static final int BATCH = 32;
  private static final int EPOCHS = 20;
  private static final double LR = 1e-3;
  private static final double BETA1 = 0.9;
  private static final double BETA2 = 0.999;
  private static final double EPS = 1e-8;

  private final DType dtype;

  /** Returns the workload in double. */
  public DigitsMlp() {
    this(DType.F64);
  }

  /** Returns the workload with parameters, data and Adam state in {@code dtype}. */
  public DigitsMlp(DType dtype) {
    this.dtype = dtype;
  }

  @Override
  public String name() {
    return dtype == DType.F64
        ? "digits MLP 64-128-64-10, Adam, batch 32"
        : "digits MLP float 64-128-64-10, Adam, batch 32";
  }

  @Override
  public String target() {
    return dtype == DType.F64 ? ">= 2x PyTorch f64" : ">= 2x PyTorch f32";
  }

  @Override
  public boolean meetsTarget(Result r, Double reference) {
    return reference != null && r.stats().median() >= 2 * reference; // issue 13: 2x in each dtype
  }

  @Override
  public String referenceKey() {
    return dtype == DType.F64 ? "digits_samples_per_s" : "digits_samples_per_s_f32";
  }

  @Override
  public Result run(boolean quick) {
    Data.Digits d = Data.digits();
    int epochs = quick ? 2 : EPOCHS;
    new Model(new Random(1), dtype).train(d, quick ? 3 : 20, new Random(1)); // warm-up: one full run
    int runs = quick ? 1 : 5;
    double[] sps = new double[runs];
    double acc = 0;
    for (int r = 0; r < runs; r++) {
      Model m = new Model(new Random(0), dtype);
      long t0 = System.nanoTime();
      m.train(d, epochs, new Random(0));
      double s = (System.nanoTime() - t0) * 1e-9;
      sps[r] = (double) epochs * d.trainX().length / s;
      acc = m.accuracy(d.testX(), d.testY());
    }
    return new Result(Stats.of(sps), "samples/s", true, String.format("test acc %.4f", acc));
  }

  /**
   * The MLP as a user writes it: {@code Sequential} of {@code Linear} (PyTorch's layout and
   * init, uniform in +-1/sqrt(fan_in)) and {@code Relu}, nn's {@code Adam}, cross-entropy.
   */
  private static final class Model {
    final DType dtype;
    final Sequential net;
    final Adam adam;

    Model(Random random, DType dtype) {
      this.dtype = dtype;
      net = new Sequential(
          new Linear(SIZES[0], SIZES[1], random), new Relu(),
          new Linear(SIZES[1], SIZES[2], random), new Relu(),
          new Linear(SIZES[2], SIZES[3], random));
      net.to(dtype);
      adam = new Adam(net.parameters(), LR, BETA1, BETA2, EPS, 0);
    }

    Tensor logits(Tensor x) {
      return net.forward(x);
    }

    void train(Data.Digits d, int epochs, Random random) {
      int n = d.trainX().length;
      int[] order = new int[n];
      for (int i = 0; i < n; i++) {
        order[i] = i;
      }
      for (int e = 0; e < epochs; e++) {
        shuffle(order, random);
        for (int start = 0; start < n; start += BATCH) {
          int rows = Math.min(BATCH, n - start);
          double[] xb = new double[rows * SIZES[0]];
          int[] yb = new int[rows];
          for (int r = 0; r < rows; r++) {
            int i = order[start + r];
            System.arraycopy(d.trainX()[i], 0, xb, r * SIZES[0], SIZES[0]);
            yb[r] = d.trainY()[i];
          }
          Tensor loss = Losses.crossEntropy(logits(Tensor.of(xb, rows, SIZES[0]).to(dtype)), yb);
          adam.zeroGrad();
          loss.backward();
          adam.step();
        }
      }
    }

    double accuracy(double[][] x, int[] y) {
      double[] flat = new double[x.length * SIZES[0]];
      for (int r = 0; r < x.length; r++) {
        System.arraycopy(x[r], 0, flat, r * SIZES[0], SIZES[0]);
      }
      try (var off = Autograd.noGrad()) {
        double[] pred = logits(Tensor.of(flat, x.length, SIZES[0]).to(dtype)).argmax(1).toArray();
        int hit = 0;
        for (int r = 0; r < y.length; r++) {
          hit += (int) pred[r] == y[r] ? 1 : 0;
        }
        return (double) hit / y.length;
      }
    }

    private static void shuffle(int[] a, Random random) {
      for (int i = a.length - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        int tmp = a[i];
        a[i] = a[j];
        a[j] = tmp;
      }
    }
  }
}
