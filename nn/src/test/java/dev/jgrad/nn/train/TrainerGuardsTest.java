package dev.jgrad.nn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.Tensor;
import dev.jgrad.nn.Linear;
import dev.jgrad.nn.Losses;
import dev.jgrad.nn.Module;
import dev.jgrad.nn.data.Dataset;
import dev.jgrad.nn.optim.Sgd;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The trainer's guards: a finite loss whose gradient is NaN never reaches the weights, and empty
 * data is an error, not a history of NaN losses.
 */
class TrainerGuardsTest {
  /** {@code sqrt(|pred - y|)}: finite (0) at {@code pred == y}, where its gradient is NaN. */
  private static final Trainer.LossFunction SQRT_ABS =
      (out, y) -> out.sub(y).abs().sqrt().mean();

  private static final PrintStream QUIET =
      new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

  /** Returns {@code y = 1 x + 0} as a 1-in, 1-out linear model with exactly those weights. */
  private static Module identityLine() {
    Module model = new Linear(1, 1, new Random(0));
    model.loadStateDict(
        Map.of("weight", Tensor.of(new double[] {1}, 1, 1), "bias", Tensor.of(new double[] {0})));
    return model;
  }

  /** Returns examples {@code (x, targetShift + x)}, as {@code [n, 1]} features and labels. */
  private static Dataset line(double targetShift, double... x) {
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = x[i] + targetShift;
    }
    return new Dataset(Tensor.of(x, x.length, 1), Tensor.of(y, y.length, 1));
  }

  @Test
  void finiteLossWithNanGradientStopsBeforeTheStepAndLeavesTheModelUntouched() {
    Module model = identityLine();
    Map<String, Tensor> before = model.stateDict();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    History h =
        Trainer.builder(model, new Sgd(model.parameters(), 0.1), SQRT_ABS)
            .epochs(3)
            .batchSize(4)
            .output(new PrintStream(bytes, true, StandardCharsets.UTF_8))
            .build()
            .fit(line(0, 1, 2, 3, 4)); // pred == y everywhere: loss 0, gradient NaN
    assertEquals(0, h.epochs());
    assertEquals(
        "loss 0.0 is finite but the gradient of weight became NaN (flat index 0 of shape [1, 1])"
            + " at epoch 1, batch 1; the step was not applied (lower the learning rate, clip"
            + " gradients or check the inputs)",
        h.stopReason());
    assertTrue(bytes.toString(StandardCharsets.UTF_8).contains("Trainer stopped: loss 0.0 is"));
    for (Map.Entry<String, Tensor> p : model.stateDict().entrySet()) {
      assertArrayEquals(before.get(p.getKey()).toArray(), p.getValue().toArray(), 0, p.getKey());
    }
  }

  @Test
  void nanGradientThrowsUnderThrowPolicyWithTheWeightsUntouched() {
    Module model = identityLine();
    Map<String, Tensor> before = model.stateDict();
    Trainer trainer =
        Trainer.builder(model, new Sgd(model.parameters(), 0.1), SQRT_ABS)
            .batchSize(2)
            .clipGradNorm(1) // the check runs before clipping, which would spread the NaN
            .onNonFiniteLoss(NonFiniteLossPolicy.THROW)
            .output(QUIET)
            .build();
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> trainer.fit(line(0, 1, 2)));
    assertTrue(
        e.getMessage().startsWith("Trainer.fit: loss 0.0 is finite but the gradient of weight"),
        e.getMessage());
    for (Map.Entry<String, Tensor> p : model.stateDict().entrySet()) {
      assertArrayEquals(before.get(p.getKey()).toArray(), p.getValue().toArray(), 0, p.getKey());
    }
  }

  @Test
  void nanGradientBatchIsSkippedUnderSkipPolicyAndTrainingGoesOn() {
    // Batch 1 has pred == y (NaN gradient), batch 2 is off by 1 (finite gradient, a real step).
    Dataset data = concat(line(0, 1, 2), line(1, 3, 4));
    Module model = identityLine();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    History h =
        Trainer.builder(model, new Sgd(model.parameters(), 0.01), SQRT_ABS)
            .epochs(2)
            .batchSize(2)
            .noShuffle()
            .onNonFiniteLoss(NonFiniteLossPolicy.SKIP_BATCH)
            .output(new PrintStream(bytes, true, StandardCharsets.UTF_8))
            .build()
            .fit(data);
    // After epoch 1's step the line has moved, so epoch 2's first batch is no longer exact.
    assertEquals(List.of(1.0, 0.0), h.get("skippedBatches"));
    assertTrue(
        bytes
            .toString(StandardCharsets.UTF_8)
            .contains("Trainer skipped a batch: loss 0.0 is finite but the gradient of weight"));
    double weight = model.stateDict().get("weight").item();
    assertTrue(Double.isFinite(weight) && weight != 1, "weight " + weight);
  }

  private static Dataset concat(Dataset a, Dataset b) {
    return new Dataset(
        Tensor.cat(List.of(a.features(), b.features()), 0),
        Tensor.cat(List.of(a.labels(), b.labels()), 0));
  }

  private static Trainer trainer(Module model, int batchSize, boolean dropLast) {
    return Trainer.builder(model, new Sgd(model.parameters(), 0.1), Losses::mse)
        .batchSize(batchSize)
        .dropLast(dropLast)
        .output(QUIET)
        .build();
  }

  @Test
  void fitOnAnEmptyDatasetIsAnError() {
    Dataset empty = new Dataset(Tensor.zeros(0, 1), Tensor.zeros(0, 1));
    assertEquals(
        "Trainer.fit: train is empty (0 examples); there is nothing to train on",
        assertThrows(
                IllegalArgumentException.class,
                () -> trainer(identityLine(), 4, false).fit(empty))
            .getMessage());
  }

  @Test
  void dropLastThatLeavesNoBatchIsAnError() {
    assertEquals(
        "Trainer.fit: dropLast with batch size 4 leaves no batch of the 3 training examples;"
            + " lower the batch size or turn dropLast off",
        assertThrows(
                IllegalArgumentException.class,
                () -> trainer(identityLine(), 4, true).fit(line(0, 1, 2, 3)))
            .getMessage());
  }

  @Test
  void evaluatingOrValidatingOnAnEmptyDatasetIsAnError() {
    Dataset empty = new Dataset(Tensor.zeros(0, 1), Tensor.zeros(0, 1));
    assertEquals(
        "Trainer.evaluate: data is empty (0 examples); the mean loss is undefined",
        assertThrows(
                IllegalArgumentException.class,
                () -> trainer(identityLine(), 4, false).evaluate(empty))
            .getMessage());
    Module model = identityLine();
    Trainer.Builder builder =
        Trainer.builder(model, new Sgd(model.parameters(), 0.1), Losses::mse);
    assertEquals(
        "Trainer.validation: the validation set is empty (0 examples); pass null for none",
        assertThrows(IllegalArgumentException.class, () -> builder.validation(empty))
            .getMessage());
  }

  private static long allocatedBytes() {
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
        .getThreadAllocatedBytes(Thread.currentThread().getId());
  }

  @Test
  void evaluateWith20000ClassesDoesNotBuildTheConfusionMatrix() {
    int classes = 20_000;
    Module model = new Linear(2, classes, new Random(1));
    Dataset four =
        new Dataset(
            Tensor.of(new double[] {1, 0, 0, 1, -1, 0, 0, -1}, 4, 2),
            Tensor.of(new double[] {0, 19_999, 5, 12_345}));
    Trainer trainer =
        Trainer.builder(model, new Sgd(model.parameters(), 0.1), Losses::crossEntropy)
            .classes(Metrics.argmax())
            .output(QUIET)
            .build();
    long before = allocatedBytes();
    Evaluation e = trainer.evaluate(four);
    long allocated = allocatedBytes() - before;
    // The dense matrix alone would be 20,000^2 ints = 1.6 GB; the outputs are 4 x 20,000 doubles.
    assertTrue(allocated < 64L << 20, "evaluate allocated " + allocated + " bytes");
    assertEquals(4, e.predicted().length);
    assertArrayEquals(new int[] {0, 19_999, 5, 12_345}, e.actual());
    assertTrue(e.classCount() >= 19_999 + 1, "classes " + e.classCount());
    assertTrue(e.accuracy() >= 0 && e.accuracy() <= 1);
    assertTrue(Double.isFinite(e.loss()));
  }
}
