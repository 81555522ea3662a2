package dev.jgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Concurrent use: separate graphs on separate threads do not interfere (bit-identical results to
 * running one after the other), grad and anomaly modes are per thread, and read-only tensors may
 * be shared.
 *
 * <p>What may be shared between threads: any tensor used only as a value (inputs, data sets,
 * constants that do not require grad) — ops never write their inputs. What may not: a graph
 * built or backpropagated by two threads at once, or a leaf that requires grad used by graphs on
 * two threads (backward writes its {@code grad()} and per-pass bookkeeping on every node it
 * visits).
 */
class ConcurrencyTest {

  /** Data both threads read: shared, never written. */
  private static final Tensor X = Tensor.randn(new Random(10), 64, 4);
  private static final Tensor Y = X.sum(1, true).sin();

  /** Trains a 4-16-1 tanh MLP with full-batch gradient descent; returns its parameters' values. */
  private static List<double[]> trainMlp(long seed, int steps) {
    Random random = new Random(seed);
    Tensor w1 = Tensor.randn(random, 4, 16).mul(0.5).detach().requiresGrad();
    Tensor b1 = Tensor.zeros(16).requiresGrad();
    Tensor w2 = Tensor.randn(random, 16, 1).mul(0.25).detach().requiresGrad();
    Tensor b2 = Tensor.zeros(1).requiresGrad();
    List<Tensor> params = List.of(w1, b1, w2, b2);
    for (int step = 0; step < steps; step++) {
      Tensor prediction = X.matmul(w1).add(b1).tanh().matmul(w2).add(b2);
      Tensor loss = prediction.sub(Y).pow(2).mean();
      loss.backward();
      try (var off = Autograd.noGrad()) {
        for (Tensor p : params) {
          p.assign(p.sub(p.grad().mul(0.1)));
          p.zeroGrad();
        }
      }
    }
    List<double[]> values = new ArrayList<>();
    for (Tensor p : params) {
      values.add(p.toArray());
    }
    return values;
  }

  @Test
  void twoThreadsTrainingTwoModelsMatchSequentialRunsBitForBit() throws Exception {
    int steps = 300;
    List<double[]> sequentialA = trainMlp(1, steps);
    List<double[]> sequentialB = trainMlp(2, steps);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      CountDownLatch start = new CountDownLatch(1);
      Callable<List<double[]>> a = () -> { start.await(); return trainMlp(1, steps); };
      Callable<List<double[]>> b = () -> { start.await(); return trainMlp(2, steps); };
      Future<List<double[]>> fa = pool.submit(a);
      Future<List<double[]>> fb = pool.submit(b);
      start.countDown();
      List<double[]> parallelA = fa.get(2, TimeUnit.MINUTES);
      List<double[]> parallelB = fb.get(2, TimeUnit.MINUTES);
      for (int i = 0; i < 4; i++) {
        assertArrayEquals(sequentialA.get(i), parallelA.get(i), 0, "model A, parameter " + i);
        assertArrayEquals(sequentialB.get(i), parallelB.get(i), 0, "model B, parameter " + i);
      }
      assertFalse(java.util.Arrays.equals(sequentialA.get(0), sequentialB.get(0)), "the two models differ");
    } finally {
      pool.shutdownNow();
    }
  }

  /** One thread inside noGrad (and anomaly mode) does not switch the other thread's modes. */
  @Test
  void gradAndAnomalyModesArePerThread() throws Exception {
    CyclicBarrier barrier = new CyclicBarrier(2);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<boolean[]> quiet =
          pool.submit(
              () -> {
                try (var off = Autograd.noGrad(); var anomaly = Autograd.detectAnomaly()) {
                  barrier.await(10, TimeUnit.SECONDS); // both threads are inside their scopes
                  Tensor x = Tensor.ones(3).requiresGrad();
                  boolean recorded = x.mul(2).isGradRequired();
                  barrier.await(10, TimeUnit.SECONDS);
                  return new boolean[] {Autograd.isGradEnabled(), recorded, Autograd.isAnomalyEnabled()};
                }
              });
      Future<boolean[]> recording =
          pool.submit(
              () -> {
                barrier.await(10, TimeUnit.SECONDS);
                Tensor x = Tensor.ones(3).requiresGrad();
                boolean recorded = x.mul(2).isGradRequired();
                barrier.await(10, TimeUnit.SECONDS);
                return new boolean[] {Autograd.isGradEnabled(), recorded, Autograd.isAnomalyEnabled()};
              });
      assertArrayEquals(new boolean[] {false, false, true}, quiet.get(1, TimeUnit.MINUTES));
      assertArrayEquals(new boolean[] {true, true, false}, recording.get(1, TimeUnit.MINUTES));
    } finally {
      pool.shutdownNow();
    }
    assertTrue(Autograd.isGradEnabled());
  }

  /** Many threads reading one tensor (and building their own graphs on it) get the same answer. */
  @Test
  void sharedReadOnlyTensorGivesEveryThreadTheSameGradient() throws Exception {
    Tensor shared = Tensor.randn(new Random(5), 32, 32); // a value, not a leaf that requires grad
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<double[]>> results = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        results.add(
            pool.submit(
                () -> {
                  Tensor w = Tensor.ones(32, 32).mul(0.01).detach().requiresGrad();
                  for (int i = 0; i < 20; i++) {
                    w.zeroGrad();
                    shared.matmul(w).tanh().matmul(shared).sum().backward();
                  }
                  return w.grad().toArray();
                }));
      }
      double[] first = results.get(0).get(1, TimeUnit.MINUTES);
      for (Future<double[]> r : results) {
        assertArrayEquals(first, r.get(1, TimeUnit.MINUTES), 0);
      }
      assertEquals(32 * 32, first.length);
    } finally {
      pool.shutdownNow();
    }
  }
}
