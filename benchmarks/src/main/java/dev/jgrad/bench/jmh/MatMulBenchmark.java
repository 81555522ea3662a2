package dev.jgrad.bench.jmh;

import dev.jgrad.autograd.kernels.MatMul;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The gemm kernel alone ({@code C += A B}, square, output preallocated), plain and with a
 * transposed operand as the matmul backward uses it, in {@code double} and (methods ending in
 * {@code Float}) {@code float} on the same numbers. GFLOP/s = {@code 2 n^3 / time}. Run with
 * {@code ./bench jmh MatMulBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class MatMulBenchmark {
  /** The matrix size. */
  @Param({"64", "256", "1024"})
  public int n;

  private double[] a;
  private double[] b;
  private double[] c;
  private float[] af;
  private float[] bf;
  private float[] cf;

  /** Fills the operands with Gaussian numbers (the float ones rounded from the double ones). */
  @Setup
  public void setUp() {
    Random random = new Random(1);
    a = new double[n * n];
    b = new double[n * n];
    c = new double[n * n];
    for (int i = 0; i < a.length; i++) {
      a[i] = random.nextGaussian();
      b[i] = random.nextGaussian();
    }
    af = new float[n * n];
    bf = new float[n * n];
    cf = new float[n * n];
    for (int i = 0; i < a.length; i++) {
      af[i] = (float) a[i];
      bf[i] = (float) b[i];
    }
  }

  /** Returns C after {@code C += A B}. */
  @Benchmark
  public double[] plain() {
    MatMul.gemm(a, 0, b, 0, c, 0, n, n, n);
    return c;
  }

  /** Returns C after {@code C += A B^T} with B read in place. */
  @Benchmark
  public double[] transposedB() {
    MatMul.gemm(false, true, a, 0, b, 0, c, 0, n, n, n);
    return c;
  }

  /** Returns C after {@code C += A^T B} with A read in place. */
  @Benchmark
  public double[] transposedA() {
    MatMul.gemm(true, false, a, 0, b, 0, c, 0, n, n, n);
    return c;
  }

  /** Returns C after {@code C += A B} in float. */
  @Benchmark
  public float[] plainFloat() {
    MatMul.gemm(af, 0, bf, 0, cf, 0, n, n, n);
    return cf;
  }

  /** Returns C after {@code C += A B^T} in float with B read in place. */
  @Benchmark
  public float[] transposedBFloat() {
    MatMul.gemm(false, true, af, 0, bf, 0, cf, 0, n, n, n);
    return cf;
  }

  /** Returns C after {@code C += A^T B} in float with A read in place. */
  @Benchmark
  public float[] transposedAFloat() {
    MatMul.gemm(true, false, af, 0, bf, 0, cf, 0, n, n, n);
    return cf;
  }
}
