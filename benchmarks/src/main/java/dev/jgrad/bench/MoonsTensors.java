package dev.jgrad.bench;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.Tensor;

/**
 * The moons demo with tensors, as the reference's {@code bench_torch_moons.py} "raw" variant:
 * full batch {@code [100, 2]}, {@code relu(x W1 + b1)}, {@code relu(h W2 + b2)}, {@code h W3 +
 * b3}, hinge loss plus L2, 100 SGD steps, micrograd's initial weights (weights stored as
 * {@code [in, out]}). Timed on a warm JVM; the final loss is checked against micrograd's.
 */
public final class MoonsTensors implements Workload {
  private static final int[] SIZES = {2, 16, 16, 1};
  private static final int STEPS = 100;

  @Override
  public String name() {
    return "moons demo, tensors, 100 steps";
  }

  @Override
  public String target() {
    return "<= 15 ms";
  }

  @Override
  public boolean meetsTarget(Result r, Double reference) {
    return r.stats().median() <= 15;
  }

  @Override
  public String referenceKey() {
    return "moons_tensors_ms";
  }

  @Override
  public Result run(boolean quick) {
    Data.Moons data = Data.moons();
    double[] init = Data.moonsInitialParams();
    double expected = Data.moonsFinalLoss();
    Tensor x = Tensor.of(data.x());
    Tensor y = Tensor.of(data.y(), data.y().length, 1);
    long until = System.nanoTime() + (quick ? 500_000_000L : 5_000_000_000L);
    while (System.nanoTime() < until) {
      train(x, y, init);
    }
    int runs = quick ? 3 : 21;
    double[] ms = new double[runs];
    double loss = 0;
    for (int r = 0; r < runs; r++) {
      long t0 = System.nanoTime();
      loss = train(x, y, init);
      ms[r] = (System.nanoTime() - t0) * 1e-6;
    }
    if (Math.abs(loss - expected) > 1e-9) {
      throw new IllegalStateException("moons (tensors): final loss " + loss + " != micrograd's " + expected);
    }
    return new Result(Stats.of(ms), "ms", false, String.format("final loss %.7f", loss));
  }

  /** Trains 100 steps from micrograd's weights; returns the loss after the last update. */
  static double train(Tensor x, Tensor y, double[] init) {
    int layers = SIZES.length - 1;
    Tensor[] w = new Tensor[layers];
    Tensor[] b = new Tensor[layers];
    int p = 0;
    for (int l = 0; l < layers; l++) {
      int nin = SIZES[l];
      int nout = SIZES[l + 1];
      double[] wt = new double[nin * nout];
      double[] bias = new double[nout];
      for (int j = 0; j < nout; j++) {
        for (int i = 0; i < nin; i++) {
          wt[i * nout + j] = init[p++];
        }
        bias[j] = init[p++];
      }
      w[l] = Tensor.of(wt, nin, nout).requiresGrad();
      b[l] = Tensor.of(bias, nout).requiresGrad();
    }
    for (int k = 0; k < STEPS; k++) {
      Tensor loss = loss(x, y, w, b);
      loss.backward();
      double lr = 1.0 - 0.9 * k / 100;
      try (var off = Autograd.noGrad()) {
        for (int l = 0; l < layers; l++) {
          w[l].assign(w[l].sub(w[l].grad().mul(lr)));
          b[l].assign(b[l].sub(b[l].grad().mul(lr)));
          w[l].zeroGrad();
          b[l].zeroGrad();
        }
      }
    }
    try (var off = Autograd.noGrad()) {
      return loss(x, y, w, b).item();
    }
  }

  private static Tensor loss(Tensor x, Tensor y, Tensor[] w, Tensor[] b) {
    Tensor h = x;
    for (int l = 0; l < w.length; l++) {
      h = h.matmul(w[l]).add(b[l]);
      if (l + 1 < w.length) {
        h = h.relu();
      }
    }
    Tensor dataLoss = y.mul(h).neg().add(1).relu().mean();
    Tensor reg = null;
    for (int l = 0; l < w.length; l++) {
      Tensor s = w[l].mul(w[l]).sum().add(b[l].mul(b[l]).sum());
      reg = reg == null ? s : reg.add(s);
    }
    return dataLoss.add(reg.mul(1e-4));
  }
}
