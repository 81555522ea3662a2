package dev.jgrad.bench;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Tensor;
import java.util.Random;

/**
 * Dense square matmul in double or float through {@link Tensor#matmul} (output allocated per call),
 * in GFLOP/s = {@code 2 n^3 / t}: at least 3 warm-up calls and 5 s, then samples of at least 0.1 s each, as the
 * reference's {@code bench_matmul.py}.
 */
public final class MatMulThroughput implements Workload {
  private final int n;
  private final DType dtype;

  /** Returns the workload for {@code n x n} times {@code n x n} in double. */
  public MatMulThroughput(int n) {
    this(n, DType.F64);
  }

  /** Returns the workload for {@code n x n} times {@code n x n} in {@code dtype}. */
  public MatMulThroughput(int n, DType dtype) {
    this.n = n;
    this.dtype = dtype;
  }

  @Override
  public String name() {
    return "matmul n=" + n + ", " + (dtype == DType.F64 ? "double" : "float");
  }

  @Override
  public String target() {
    if (dtype == DType.F32) {
      return ">= 0.9x PyTorch f32";
    }
    return n >= 1024 ? ">= PyTorch and >= 160 GFLOP/s" : ">= PyTorch";
  }

  @Override
  public boolean meetsTarget(Result r, Double reference) {
    if (dtype == DType.F32) {
      return reference != null && r.stats().median() >= 0.9 * reference;
    }
    boolean fast = n < 1024 || r.stats().median() >= 160; // issue 13: 70 % of the FMA peak
    return fast && reference != null && r.stats().median() >= reference;
  }

  @Override
  public String referenceKey() {
    return (dtype == DType.F64 ? "matmul_gflops_" : "matmul_gflops_f32_") + n;
  }

  @Override
  public Result run(boolean quick) {
    Random random = new Random(42);
    Tensor a = Tensor.randn(dtype, random, n, n);
    Tensor b = Tensor.randn(dtype, random, n, n);
    double flop = 2.0 * n * n * n;
    try (var off = Autograd.noGrad()) {
      long t0 = System.nanoTime();
      int warm = 0;
      while (warm < 3 || System.nanoTime() - t0 < (quick ? 5e8 : 5e9)) { // time for C2 to compile the kernel
        a.matmul(b);
        warm++;
      }
      // Calls per sample so that one sample lasts >= 0.1 s.
      double perCall = (System.nanoTime() - t0) * 1e-9 / warm;
      int inner = (int) Math.max(1, Math.ceil(0.1 / perCall));
      int samples = quick ? 3 : 7;
      double[] gflops = new double[samples];
      for (int s = 0; s < samples; s++) {
        long s0 = System.nanoTime();
        for (int i = 0; i < inner; i++) {
          a.matmul(b);
        }
        double t = (System.nanoTime() - s0) * 1e-9;
        gflops[s] = flop * inner / t * 1e-9;
      }
      return new Result(Stats.of(gflops), "GFLOP/s", true, "inner=" + inner);
    }
  }
}
