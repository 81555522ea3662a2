package dev.jgrad.bench;

import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.Value;

/**
 * The reference's scalar chain: {@code x = x * 0.9999 + 0.0001} repeated, then backward, timed
 * per op (forward + backward). With {@code useValue}, the chain is built from {@link Value}s
 * (which keep every node's gradient, as micrograd); otherwise from 0-d tensors, as PyTorch's
 * one-element tensor.
 */
public final class ScalarChain implements Workload {
  private final int ops;
  private final boolean useValue;

  /** Returns a chain workload of {@code ops} ops (an even number). */
  public ScalarChain(int ops, boolean useValue) {
    this.ops = ops;
    this.useValue = useValue;
  }

  @Override
  public String name() {
    return "scalar chain " + ops + " ops, " + (useValue ? "Value" : "0-d Tensor") + ", fwd+bwd/op";
  }

  @Override
  public String target() {
    return "<= 0.15 us/op";
  }

  @Override
  public boolean meetsTarget(Result r, Double reference) {
    return r.stats().median() <= 0.15;
  }

  @Override
  public String referenceKey() {
    return useValue ? null : "scalar_chain_us";
  }

  @Override
  public Result run(boolean quick) {
    // Warm up by time, not count: on a loaded machine the JIT compiler threads lag behind.
    long until = System.nanoTime() + (quick ? 500_000_000L : 4_000_000_000L);
    while (System.nanoTime() < until) {
      once();
    }
    int reps = quick ? 11 : 101;
    double[] perOp = new double[reps];
    for (int r = 0; r < reps; r++) {
      perOp[r] = once() * 1e6 / ops;
    }
    return new Result(Stats.of(perOp), "us/op", false, "");
  }

  /** Returns the seconds one forward + backward of the chain takes; checks the gradient. */
  private double once() {
    double exact = Math.pow(0.9999, ops / 2);
    double grad;
    long t0 = System.nanoTime();
    if (useValue) {
      Value x0 = Value.of(2.0);
      Value x = x0;
      for (int i = 0; i < ops / 2; i++) {
        x = x.mul(0.9999).add(0.0001);
      }
      x.backward();
      grad = x0.grad();
    } else {
      Tensor x0 = Tensor.scalar(2.0).requiresGrad();
      Tensor x = x0;
      for (int i = 0; i < ops / 2; i++) {
        x = x.mul(0.9999).add(0.0001);
      }
      x.backward();
      grad = x0.grad().item();
    }
    long t1 = System.nanoTime();
    if (Math.abs(grad - exact) > 1e-12 * exact) {
      throw new IllegalStateException("scalar chain: gradient " + grad + " != " + exact);
    }
    return (t1 - t0) * 1e-9;
  }
}
