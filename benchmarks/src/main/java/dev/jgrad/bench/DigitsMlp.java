package dev.jgrad.bench;

import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.kernels.Storage;
import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.Tensor;
import java.util.Random;

/**
 * The reference's digits MLP ({@code bench_digits_mlp.py}): 64-128-64-10 with ReLU, cross
 * entropy, Adam (lr 1e-3; Kingma and Ba, "Adam: A Method for Stochastic Optimization", ICLR
 * 2015), batch 32, reshuffled every epoch, 20 epochs of the 1437 training rows, in double or
 * float (parameters and data; the Adam moments stay double).
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
    return dtype == DType.F64 ? ">= 180k samples/s" : ">= 2x PyTorch f32";
  }

  @Override
  public boolean meetsTarget(Result r, Double reference) {
    if (dtype == DType.F32) {
      return reference != null && r.stats().median() >= 2 * reference;
    }
    return r.stats().median() >= 180_000;
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

  /** The MLP's parameters with their Adam moments (kept in double, as the reference's). */
  private static final class Model {
    final DType dtype;
    final Tensor[] params;
    final double[][] m;
    final double[][] v;
    int t;

    /**
     * PyTorch's {@code nn.Linear} layout and init: weights {@code [out, in]} (applied with
     * {@link Tensor#linear}) and biases uniform in +-1/sqrt(fan_in).
     */
    Model(Random random, DType dtype) {
      this.dtype = dtype;
      int layers = SIZES.length - 1;
      params = new Tensor[2 * layers];
      m = new double[2 * layers][];
      v = new double[2 * layers][];
      for (int l = 0; l < layers; l++) {
        double bound = 1 / Math.sqrt(SIZES[l]);
        Tensor w = Tensor.rand(random, SIZES[l + 1], SIZES[l]).mul(2 * bound).sub(bound);
        Tensor b = Tensor.rand(random, SIZES[l + 1]).mul(2 * bound).sub(bound);
        params[2 * l] = w.to(dtype).detach().requiresGrad();
        params[2 * l + 1] = b.to(dtype).detach().requiresGrad();
      }
      for (int i = 0; i < params.length; i++) {
        m[i] = new double[params[i].numel()];
        v[i] = new double[params[i].numel()];
      }
    }

    Tensor logits(Tensor x) {
      Tensor h = x;
      for (int l = 0; l + 1 < SIZES.length; l++) {
        h = Tensor.linear(h, params[2 * l], params[2 * l + 1]);
        if (l + 2 < SIZES.length) {
          h = h.relu();
        }
      }
      return h;
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
          double[] onehot = new double[rows * 10];
          for (int r = 0; r < rows; r++) {
            int i = order[start + r];
            System.arraycopy(d.trainX()[i], 0, xb, r * SIZES[0], SIZES[0]);
            onehot[r * 10 + d.trainY()[i]] = 1;
          }
          Tensor logp = logits(Tensor.of(xb, rows, SIZES[0]).to(dtype)).logSoftmax(1);
          Tensor loss = logp.mul(Tensor.of(onehot, rows, 10).to(dtype)).sum().mul(-1.0 / rows);
          loss.backward();
          step();
        }
      }
    }

      /** One Adam step on every parameter, in place; clears the gradients. */
    void step() {
      t++;
      double c1 = 1 - Math.pow(BETA1, t);
      double c2 = 1 - Math.pow(BETA2, t);
      try (var off = Autograd.noGrad()) {
        for (int i = 0; i < params.length; i++) {
          Storage g = params[i].grad().storage();
          Storage p = params[i].storageForUpdate("DigitsMlp.step");
          double[] mi = m[i];
          double[] vi = v[i];
          for (int j = 0; j < mi.length; j++) {
            double gj = g.get(j);
            mi[j] = BETA1 * mi[j] + (1 - BETA1) * gj;
            vi[j] = BETA2 * vi[j] + (1 - BETA2) * gj * gj;
            p.set(j, p.get(j) - LR * (mi[j] / c1) / (Math.sqrt(vi[j] / c2) + EPS));
          }
          params[i].zeroGrad();
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
