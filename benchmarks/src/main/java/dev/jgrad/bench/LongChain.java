package dev.jgrad.bench;

import dev.jgrad.autograd.Tensor;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * A chain of a million scalar ops (the reference's {@code chain_probe.py}): forward + backward
 * time, and the heap the graph holds per op (live heap after a full GC with the graph built,
 * minus the live heap before).
 */
public final class LongChain implements Workload {
  private final int ops;

  /** Returns a chain workload of {@code ops} ops (an even number). */
  public LongChain(int ops) {
    this.ops = ops;
  }

  @Override
  public String name() {
    return "chain of " + ops + " ops, fwd+bwd";
  }

  @Override
  public String target() {
    return "<= 1 s, <= 300 B/op";
  }

  @Override
  public boolean meetsTarget(Result r, Double reference) {
    return r.stats().median() <= 1.0 && lastBytesPerOp <= 300;
  }

  @Override
  public String referenceKey() {
    return "long_chain_s";
  }

  private double lastBytesPerOp;

  @Override
  public Result run(boolean quick) {
    for (int i = 0; i < 5; i++) {
      chain(ops / 10, null);
    }
    int reps = quick ? 1 : 3;
    double[] seconds = new double[reps];
    double[] bytes = new double[reps];
    double[] fwd = new double[reps];
    for (int r = 0; r < reps; r++) {
      double[] out = new double[3];
      chain(ops, out);
      seconds[r] = out[0] + out[1];
      fwd[r] = out[0];
      bytes[r] = out[2];
    }
    Stats b = Stats.of(bytes);
    lastBytesPerOp = b.median();
    return new Result(
        Stats.of(seconds),
        "s",
        false,
        String.format(
            "forward %.3f s; graph heap %.0f B/op (min %.0f, max %.0f)",
            Stats.of(fwd).median(), b.median(), b.min(), b.max()));
  }

  /** Runs one chain; if {@code out} is non-null stores forward s, backward s, bytes/op. */
  private void chain(int n, double[] out) {
    MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
    long before = 0;
    if (out != null) {
      System.gc();
      before = mem.getHeapMemoryUsage().getUsed();
    }
    Tensor x0 = Tensor.scalar(2.0).requiresGrad();
    long t0 = System.nanoTime();
    Tensor x = x0;
    for (int i = 0; i < n / 2; i++) {
      x = x.mul(0.9999).add(0.0001);
    }
    long t1 = System.nanoTime();
    long graph = 0;
    if (out != null) {
      System.gc();
      graph = mem.getHeapMemoryUsage().getUsed() - before;
    }
    long t2 = System.nanoTime();
    x.backward();
    long t3 = System.nanoTime();
    double exact = Math.pow(0.9999, n / 2);
    double grad = x0.grad().item();
    if (Math.abs(grad - exact) > 1e-10 * exact) {
      throw new IllegalStateException("long chain: gradient " + grad + " != " + exact);
    }
    if (out != null) {
      out[0] = (t1 - t0) * 1e-9;
      out[1] = (t3 - t2) * 1e-9;
      out[2] = (double) graph / n;
    }
  }
}
