package dev.jgrad.nn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.Tensor;
import dev.jgrad.nn.Linear;
import dev.jgrad.nn.Losses;
import dev.jgrad.nn.Module;
import dev.jgrad.nn.Sequential;
import dev.jgrad.nn.Tanh;
import dev.jgrad.nn.data.Dataset;
import dev.jgrad.nn.optim.Sgd;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Properties of the trainer's guards. A NaN or infinity injected into any element of any
 * parameter's gradient at any batch, under any policy, never reaches the weights; and a fit on
 * data of any size either trains to finite losses or is rejected before it starts.
 */
class TrainerGuardsProperties {
  private static final PrintStream QUIET =
      new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

  private static Module net(long seed) {
    Random random = new Random(seed);
    return new Sequential(new Linear(2, 4, random), new Tanh(), new Linear(4, 3, random));
  }

  private static Dataset data(long seed, int n) {
    Random random = new Random(seed);
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      y[i] = random.nextInt(3);
    }
    return new Dataset(Tensor.randn(random, n, 2), Tensor.of(y));
  }

  @Provide
  Arbitrary<Double> nonFinite() {
    return Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY);
  }

  /** A cross-entropy whose value is multiplied by 0 on call {@code zeroCall}. */
  private static Trainer.LossFunction zeroedAt(int zeroCall) {
    int[] calls = {0};
    return (out, y) -> {
      calls[0]++;
      Tensor l = Losses.crossEntropy(out, y);
      return calls[0] == zeroCall ? l.mul(0) : l;
    };
  }

  @Property(tries = 60, seed = "1401")
  void aNonFiniteGradientNeverReachesTheWeights(
      @ForAll @IntRange(min = 1, max = 9) int badBatch,
      @ForAll @IntRange(min = 0, max = 3) int parameter,
      @ForAll @IntRange(min = 0, max = 11) int element,
      @ForAll("nonFinite") double bad,
      @ForAll NonFiniteLossPolicy policy,
      @ForAll @IntRange(min = 0, max = 1000) int seed) {
    Dataset train = data(seed, 30); // batches of 10: 3 per epoch, 9 in 3 epochs
    Module model = net(seed);
    List<String> names = new ArrayList<>(model.namedParameters().keySet());
    Tensor target = model.namedParameters().get(names.get(parameter));
    int index = element % target.numel();
    int[] calls = {0};
    target.registerHook(
        g -> {
          if (++calls[0] != badBatch) {
            return null;
          }
          double[] v = g.toArray();
          v[index] = bad;
          return Tensor.of(v, g.shape());
        });
    List<Map<String, Tensor>> states = new ArrayList<>();
    states.add(model.stateDict());
    Trainer trainer =
        Trainer.builder(model, new Sgd(model.parameters(), 0.1), Losses::crossEntropy)
            .epochs(3)
            .batchSize(10)
            .shuffleSeed(seed)
            .onNonFiniteLoss(policy)
            .output(QUIET)
            .callback(
                new Callback() {
                  @Override
                  public void onBatchEnd(int epoch, int batch, double loss) {
                    states.add(model.stateDict());
                  }
                })
            .build();
    String where =
        String.format(
            "the gradient of %s became %s (flat index %d of shape %s) at epoch %d, batch %d;",
            names.get(parameter),
            bad,
            index,
            java.util.Arrays.toString(target.shape()),
            (badBatch - 1) / 3 + 1,
            (badBatch - 1) % 3 + 1);
    Map<String, Tensor> expected;
    if (policy == NonFiniteLossPolicy.THROW) {
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> trainer.fit(train));
      assertTrue(e.getMessage().contains(where), e.getMessage());
      expected = states.get(badBatch - 1);
    } else if (policy == NonFiniteLossPolicy.STOP) {
      History h = trainer.fit(train);
      assertTrue(h.stopReason().contains(where), h.stopReason());
      expected = states.get(badBatch - 1);
    } else {
      History h = trainer.fit(train);
      assertEquals(1.0, h.get("skippedBatches").stream().mapToDouble(d -> d).sum());
      // Plain SGD with a zero gradient leaves the weights alone: the same run with that batch's
      // loss multiplied by 0 must end on the same bits.
      Module reference = net(seed);
      Trainer.builder(reference, new Sgd(reference.parameters(), 0.1), zeroedAt(badBatch))
          .epochs(3)
          .batchSize(10)
          .shuffleSeed(seed)
          .output(QUIET)
          .build()
          .fit(train);
      expected = reference.stateDict();
    }
    for (Map.Entry<String, Tensor> p : model.stateDict().entrySet()) {
      assertArrayEquals(expected.get(p.getKey()).toArray(), p.getValue().toArray(), 0, p.getKey());
    }
  }

  @Property(tries = 80, seed = "1402")
  void fitOnDataOfAnySizeTrainsToFiniteLossesOrIsRejectedUpFront(
      @ForAll @IntRange(min = 0, max = 6) int size,
      @ForAll @IntRange(min = 1, max = 8) int batchSize,
      @ForAll boolean dropLast,
      @ForAll boolean validate,
      @ForAll @IntRange(min = 0, max = 1000) int seed) {
    Module model = net(seed);
    Trainer.Builder builder =
        Trainer.builder(model, new Sgd(model.parameters(), 0.1), Losses::crossEntropy)
            .epochs(2)
            .batchSize(batchSize)
            .dropLast(dropLast)
            .classes(Metrics.argmax())
            .output(QUIET);
    Dataset train = data(seed, size);
    if (validate && size == 0) {
      assertThrows(IllegalArgumentException.class, () -> builder.validation(train));
      return;
    }
    if (validate) {
      builder.validation(train);
    }
    Trainer trainer = builder.build();
    if (size == 0 || (dropLast && size < batchSize)) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> trainer.fit(train));
      assertTrue(e.getMessage().startsWith("Trainer.fit: "), e.getMessage());
      return;
    }
    History h = trainer.fit(train);
    assertEquals(2, h.epochs());
    for (String name : h.names()) {
      for (double v : h.get(name)) {
        assertTrue(Double.isFinite(v), name + " = " + v + " in\n" + h.toCsv());
      }
    }
  }
}
