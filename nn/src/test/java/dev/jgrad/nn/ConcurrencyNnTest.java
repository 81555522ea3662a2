package dev.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jgrad.autograd.Tensor;
import dev.jgrad.nn.data.Dataset;
import dev.jgrad.nn.optim.Adam;
import dev.jgrad.nn.train.Trainer;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Two threads fitting two nn models (shuffled mini-batches, Adam, cross-entropy, the Trainer)
 * at the same time end with bit-identical weights to fitting them one after the other. The data
 * set is shared by both threads, read-only. (The engine-level version, with plain tensors, is
 * {@code dev.jgrad.autograd.ConcurrencyTest}.)
 */
class ConcurrencyNnTest {
  private static final Dataset DATA = blobs(new Random(3));

  private static Dataset blobs(Random random) {
    double[] x = new double[3 * 40 * 2];
    double[] y = new double[3 * 40];
    for (int i = 0; i < y.length; i++) {
      int c = i % 3;
      x[2 * i] = (c - 1) * 2 + 0.7 * random.nextGaussian();
      x[2 * i + 1] = (c == 2 ? 2.5 : 0) + 0.7 * random.nextGaussian();
      y[i] = c;
    }
    return new Dataset(Tensor.of(x, y.length, 2), Tensor.of(y));
  }

  private static Map<String, Tensor> fit(long seed) {
    Random random = new Random(seed);
    Module model = new Sequential(new Linear(2, 16, random), new Tanh(), new Linear(16, 3, random));
    Trainer.builder(model, new Adam(model.parameters(), 0.01), Losses::crossEntropy)
        .epochs(20)
        .batchSize(16)
        .shuffleSeed(seed)
        .progress(false)
        .output(new PrintStream(OutputStream.nullOutputStream()))
        .build()
        .fit(DATA);
    return model.stateDict();
  }

  @Test
  void twoThreadsFittingTwoModelsMatchSequentialFitsBitForBit() throws Exception {
    List<Map<String, Tensor>> sequential = List.of(fit(1), fit(2));
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Map<String, Tensor>>> parallel = new ArrayList<>();
      for (long seed = 1; seed <= 2; seed++) {
        long s = seed;
        parallel.add(pool.submit(() -> {
          start.await();
          return fit(s);
        }));
      }
      start.countDown();
      for (int m = 0; m < 2; m++) {
        Map<String, Tensor> expected = sequential.get(m);
        Map<String, Tensor> actual = parallel.get(m).get(2, TimeUnit.MINUTES);
        assertEquals(expected.keySet(), actual.keySet());
        for (String name : expected.keySet()) {
          assertArrayEquals(expected.get(name).toArray(), actual.get(name).toArray(), 0,
              "model " + (m + 1) + ", " + name);
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
