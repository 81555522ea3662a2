package dev.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.nn.optim.Adam;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Two threads, one training in F32 and one in F64, give bit for bit the results of running the
 * two trainings one after the other: grad mode, kernels and optimizer state share nothing.
 */
class DtypeConcurrencyTest {

  /** Trains a 3-16-1 MLP with Adam for 60 full-batch steps in {@code dtype}; returns its weights. */
  private static List<double[]> train(DType dtype) {
    Random random = new Random(4);
    Module model = new Sequential(new Linear(3, 16, random), new Tanh(), new Linear(16, 1, random));
    model.to(dtype);
    Tensor x = Tensor.randn(random, 64, 3).to(dtype);
    Tensor y = x.narrow(1, 0, 1).mul(x.narrow(1, 1, 1)).sin();
    Adam adam = new Adam(model.parameters(), 0.01);
    for (int step = 0; step < 60; step++) {
      adam.zeroGrad();
      Losses.mse(model.forward(x), y).backward();
      adam.step();
    }
    List<double[]> weights = new ArrayList<>();
    for (Tensor p : model.parameters()) {
      assertEquals(dtype, p.dtype());
      weights.add(p.toArray());
    }
    return weights;
  }

  @Test
  void float32AndFloat64TrainingOnTwoThreadsEqualsOneAfterTheOther() throws Exception {
    List<double[]> f32 = train(DType.F32);
    List<double[]> f64 = train(DType.F64);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < 3; round++) {
        Future<List<double[]>> a = pool.submit((Callable<List<double[]>>) () -> train(DType.F32));
        Future<List<double[]>> b = pool.submit((Callable<List<double[]>>) () -> train(DType.F64));
        List<double[]> ga = a.get();
        List<double[]> gb = b.get();
        for (int i = 0; i < f32.size(); i++) {
          assertArrayEquals(f32.get(i), ga.get(i), 0, "F32 parameter " + i);
          assertArrayEquals(f64.get(i), gb.get(i), 0, "F64 parameter " + i);
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
