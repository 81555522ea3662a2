package dev.jgrad.bench.jmh;

import dev.jgrad.autograd.Tensor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Engine overhead: a chain of 1000 scalar ops ({@code x = x * 0.9999 + 0.0001}, 500 times) built
 * and backpropagated. Divide the time by 1000 for the cost per op.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
public class ScalarChainBenchmark {

  /** Returns the gradient of the chain's end with respect to its start. */
  @Benchmark
  public double chain1000() {
    Tensor x0 = Tensor.scalar(2.0).requiresGrad();
    Tensor x = x0;
    for (int i = 0; i < 500; i++) {
      x = x.mul(0.9999).add(0.0001);
    }
    x.backward();
    return x0.grad().item();
  }
}
