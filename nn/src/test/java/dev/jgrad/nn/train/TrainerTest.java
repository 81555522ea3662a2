package dev.jgrad.nn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.Tensor;
import dev.jgrad.nn.Linear;
import dev.jgrad.nn.Losses;
import dev.jgrad.nn.Module;
import dev.jgrad.nn.Relu;
import dev.jgrad.nn.Sequential;
import dev.jgrad.nn.data.Dataset;
import dev.jgrad.nn.optim.Adam;
import dev.jgrad.nn.optim.LearningRateSchedule;
import dev.jgrad.nn.optim.Sgd;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TrainerTest {
  /** Three Gaussian blobs in 2-d, labels 0, 1, 2. */
  static Dataset blobs(int perClass, long seed) {
    Random random = new Random(seed);
    double[][] centers = {{-2, 0}, {2, 0}, {0, 2.5}};
    double[] x = new double[3 * perClass * 2];
    double[] y = new double[3 * perClass];
    for (int c = 0, i = 0; c < 3; c++) {
      for (int k = 0; k < perClass; k++, i++) {
        x[2 * i] = centers[c][0] + 0.6 * random.nextGaussian();
        x[2 * i + 1] = centers[c][1] + 0.6 * random.nextGaussian();
        y[i] = c;
      }
    }
    return new Dataset(Tensor.of(x, 3 * perClass, 2), Tensor.of(y));
  }

  private static Module net(long seed) {
    Random random = new Random(seed);
    return new Sequential(new Linear(2, 16, random), new Relu(), new Linear(16, 3, random));
  }

  @Test
  void fitLearnsBlobsAndRecordsHistory() {
    Dataset.Split split = blobs(60, 1).split(0.25, 7);
    Module model = net(0);
    Trainer trainer =
        Trainer.builder(model, new Adam(model.parameters(), 0.02), Losses::crossEntropy)
            .epochs(15)
            .batchSize(16)
            .validation(split.test())
            .classes(Metrics.argmax())
            .build();
    assertFalse(trainer.showsProgress(), "no console under the test runner");
    History h = trainer.fit(split.train());
    assertEquals(15, h.epochs());
    assertEquals(
        List.of("loss", "accuracy", "valLoss", "valAccuracy", "learningRate", "seconds"),
        h.names());
    assertEquals(15, h.get("valLoss").size());
    assertTrue(h.last("loss") < h.get("loss").get(0), h.toCsv());
    assertTrue(h.last("valAccuracy") >= 0.95, h.toCsv());
    assertNull(h.stopReason());
    Evaluation e = trainer.evaluate(split.test());
    assertEquals(h.last("valLoss"), e.loss(), 1e-12);
    int total = 0;
    int diagonal = 0;
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        total += e.confusion()[i][j];
      }
      diagonal += e.confusion()[i][i];
    }
    assertEquals(45, total);
    assertEquals(e.accuracy(), diagonal / 45.0, 1e-15);
    assertTrue(
        h.toCsv().startsWith("epoch,loss,accuracy,valLoss,valAccuracy,learningRate,seconds\n1,"));
  }

  @Test
  void progressBarIsDrawnWhenAsked() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    Module model = net(0);
    Trainer.builder(model, new Sgd(model.parameters(), 0.1), Losses::crossEntropy)
        .epochs(2)
        .batchSize(30)
        .progress(new ProgressBar(out, ProgressBar.Mode.REDRAW, 80))
        .build()
        .fit(blobs(20, 2));
    String text = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(text.contains("\repoch 1/2 [############............] 1/2 loss "), text);
    assertTrue(text.contains("ETA "), text);
    // the bar's line is cleared before the epoch's summary replaces it
    assertTrue(text.contains("\r\033[Kepoch 1/2 loss "), text);
    assertTrue(text.contains("epoch 2/2 loss "), text);
  }

  @Test
  void withoutATerminalProgressIsOneLinePerEpoch() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Module model = net(0);
    Trainer trainer =
        Trainer.builder(model, new Sgd(model.parameters(), 0.1), Losses::crossEntropy)
            .epochs(3)
            .batchSize(10)
            .progress(true) // no console under Surefire: lines, no redraws
            .output(new PrintStream(bytes, true, StandardCharsets.UTF_8))
            .build();
    assertTrue(trainer.showsProgress());
    trainer.fit(blobs(20, 2));
    String text = bytes.toString(StandardCharsets.UTF_8);
    assertFalse(text.contains("\r"), text);
    String[] lines = text.split(System.lineSeparator());
    assertEquals(3, lines.length, text);
    for (int e = 0; e < 3; e++) {
      assertTrue(lines[e].startsWith("epoch " + (e + 1) + "/3 loss "), lines[e]);
    }
  }

  @Test
  void nanLossStopsWithEpochAndBatchAndSkipsTheStep() {
    Module model = net(0);
    int[] calls = {0};
    Trainer.LossFunction poisoned =
        (out, y) -> {
          calls[0]++;
          Tensor l = Losses.crossEntropy(out, y);
          return calls[0] == 7 ? l.mul(Double.NaN) : l;
        };
    List<Map<String, Tensor>> states = new ArrayList<>();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    History h =
        Trainer.builder(model, new Sgd(model.parameters(), 0.1), poisoned)
            .epochs(5)
            .batchSize(20)
            .output(new PrintStream(bytes, true, StandardCharsets.UTF_8))
            .callback(
                new Callback() {
                  @Override
                  public void onBatchEnd(int epoch, int batch, double loss) {
                    states.add(model.stateDict());
                  }
                })
            .build()
            .fit(blobs(20, 3)); // 60 examples, 3 batches per epoch: call 7 is epoch 3, batch 1
    assertEquals(2, h.epochs());
    assertTrue(h.stopReason().startsWith("loss became NaN at epoch 3, batch 1;"), h.stopReason());
    assertTrue(bytes.toString(StandardCharsets.UTF_8).contains("Trainer stopped: loss became NaN"));
    Map<String, Tensor> lastGood = states.get(states.size() - 1);
    assertArrayEquals(
        lastGood.get("0.weight").toArray(), model.stateDict().get("0.weight").toArray(), 0);
  }

  /** A cross-entropy loss whose value is multiplied by {@code factor} on call {@code badCall}. */
  private static Trainer.LossFunction poisonedAt(int badCall, double factor) {
    int[] calls = {0};
    return (out, y) -> {
      calls[0]++;
      Tensor l = Losses.crossEntropy(out, y);
      return calls[0] == badCall ? l.mul(factor) : l;
    };
  }

  @Test
  void explicitStopPolicyStopsAsTheDefaultDoes() {
    Module model = net(0);
    History h =
        Trainer.builder(model, new Sgd(model.parameters(), 0.1), poisonedAt(5, Double.NaN))
            .epochs(4)
            .batchSize(20)
            .onNonFiniteLoss(NonFiniteLossPolicy.STOP)
            .output(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
            .build()
            .fit(blobs(20, 3)); // call 5 is epoch 2, batch 2
    assertEquals(1, h.epochs());
    assertTrue(h.stopReason().startsWith("loss became NaN at epoch 2, batch 2;"), h.stopReason());
  }

  @Test
  void infiniteLossThrowsNamingEpochAndBatchUnderThrowPolicy() {
    Module model = net(0);
    List<Map<String, Tensor>> states = new ArrayList<>();
    Trainer trainer =
        Trainer.builder(
                model, new Sgd(model.parameters(), 0.1), poisonedAt(8, Double.POSITIVE_INFINITY))
            .epochs(5)
            .batchSize(20)
            .onNonFiniteLoss(NonFiniteLossPolicy.THROW)
            .output(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
            .callback(
                new Callback() {
                  @Override
                  public void onBatchEnd(int epoch, int batch, double loss) {
                    states.add(model.stateDict());
                  }
                })
            .build();
    // 60 examples, 3 batches per epoch: call 8 is epoch 3, batch 2.
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> trainer.fit(blobs(20, 3)));
    assertTrue(
        e.getMessage().startsWith("Trainer.fit: loss became Infinity at epoch 3, batch 2;"),
        e.getMessage());
    assertEquals(7, states.size());
    Map<String, Tensor> lastGood = states.get(6);
    for (Map.Entry<String, Tensor> p : model.stateDict().entrySet()) {
      assertArrayEquals(lastGood.get(p.getKey()).toArray(), p.getValue().toArray(), 0, p.getKey());
    }
  }

  @Test
  void nanLossSkipsOnlyThatBatchUnderSkipPolicy() {
    // Reference: the same run, but batch 7's loss is multiplied by 0, so its gradient is 0 and
    // plain SGD leaves every parameter unchanged; skipping the NaN batch must give the same bits.
    Module reference = net(0);
    Trainer.builder(reference, new Sgd(reference.parameters(), 0.1), poisonedAt(7, 0))
        .epochs(5)
        .batchSize(20)
        .output(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
        .build()
        .fit(blobs(20, 3));

    Module model = net(0);
    List<String> batchEnds = new ArrayList<>();
    List<Double> losses = new ArrayList<>();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    History h =
        Trainer.builder(model, new Sgd(model.parameters(), 0.1), poisonedAt(7, Double.NaN))
            .epochs(5)
            .batchSize(20)
            .onNonFiniteLoss(NonFiniteLossPolicy.SKIP_BATCH)
            .output(new PrintStream(bytes, true, StandardCharsets.UTF_8))
            .callback(
                new Callback() {
                  @Override
                  public void onBatchEnd(int epoch, int batch, double loss) {
                    batchEnds.add((epoch + 1) + "." + (batch + 1));
                    losses.add(loss);
                  }
                })
            .build()
            .fit(blobs(20, 3)); // call 7 is epoch 3, batch 1
    assertEquals(5, h.epochs());
    assertNull(h.stopReason());
    assertEquals(List.of(0.0, 0.0, 1.0, 0.0, 0.0), h.get("skippedBatches"));
    assertEquals(14, batchEnds.size());
    assertFalse(batchEnds.contains("3.1"), batchEnds.toString());
    assertTrue(batchEnds.contains("3.2") && batchEnds.contains("5.3"), batchEnds.toString());
    // Epoch 3's loss is the mean over its two good batches (20 examples each): callbacks 7 and 8.
    assertEquals((losses.get(6) + losses.get(7)) / 2, h.get("loss").get(2), 1e-15);
    assertTrue(
        bytes
            .toString(StandardCharsets.UTF_8)
            .contains("Trainer skipped a batch: loss became NaN at epoch 3, batch 1;"));
    for (Map.Entry<String, Tensor> p : model.stateDict().entrySet()) {
      double[] values = p.getValue().toArray();
      for (double v : values) {
        assertTrue(Double.isFinite(v), p.getKey());
      }
      assertArrayEquals(
          reference.stateDict().get(p.getKey()).toArray(), values, 0, p.getKey());
    }
  }

  @Test
  void epochWithEveryBatchSkippedHasNanLossAndLeavesWeightsAlone() {
    Module model = net(0);
    Map<String, Tensor> before = model.stateDict();
    Trainer.LossFunction alwaysNan = (out, y) -> Losses.crossEntropy(out, y).mul(Double.NaN);
    History h =
        Trainer.builder(model, new Sgd(model.parameters(), 0.1), alwaysNan)
            .epochs(2)
            .batchSize(20)
            .classes(Metrics.argmax())
            .onNonFiniteLoss(NonFiniteLossPolicy.SKIP_BATCH)
            .output(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
            .build()
            .fit(blobs(20, 3));
    assertEquals(2, h.epochs());
    assertEquals(List.of(3.0, 3.0), h.get("skippedBatches"));
    assertTrue(Double.isNaN(h.last("loss")) && Double.isNaN(h.last("accuracy")));
    for (Map.Entry<String, Tensor> p : model.stateDict().entrySet()) {
      assertArrayEquals(before.get(p.getKey()).toArray(), p.getValue().toArray(), 0, p.getKey());
    }
  }

  @Test
  void earlyStoppingStopsAfterPatienceWithoutImprovement() {
    Module model = net(0);
    Sgd frozen = new Sgd(model.parameters(), 0); // learning rate 0: the loss never improves
    History h =
        Trainer.builder(model, frozen, Losses::crossEntropy)
            .epochs(50)
            .noShuffle()
            .earlyStopping(3, 0, false)
            .build()
            .fit(blobs(10, 4));
    assertEquals(4, h.epochs());
    assertTrue(h.stopReason().startsWith("early stopping after epoch 4: loss did not improve"));
  }

  @Test
  void earlyStoppingRestoresTheBestWeights() {
    Dataset.Split split = blobs(30, 5).split(0.3, 1);
    Module model = net(1);
    List<Map<String, Tensor>> snapshots = new ArrayList<>();
    // A sane learning rate, then a huge one that makes validation loss worse.
    LearningRateSchedule schedule = e -> e < 3 ? 0.05 : 5.0;
    History h =
        Trainer.builder(model, new Sgd(model.parameters(), 0.05), Losses::crossEntropy)
            .epochs(30)
            .validation(split.test())
            .schedule(schedule)
            .earlyStopping(2, 0, true)
            .callback(
                new Callback() {
                  @Override
                  public boolean onEpochEnd(int epoch, History history) {
                    snapshots.add(model.stateDict());
                    return true;
                  }
                })
            .build()
            .fit(split.train());
    List<Double> val = h.get("valLoss");
    int best = 0;
    for (int e = 1; e < val.size(); e++) {
      if (val.get(e) < val.get(best)) {
        best = e;
      }
    }
    assertTrue(best < val.size() - 1, "the last epoch was not the best: " + val);
    assertArrayEquals(
        snapshots.get(best).get("2.weight").toArray(),
        model.stateDict().get("2.weight").toArray(),
        0);
    assertEquals(5.0, h.last("learningRate"), 0);
  }

  @Test
  void callbackCanStopTraining() {
    Module model = net(0);
    int[] batches = {0};
    History h =
        Trainer.builder(model, new Sgd(model.parameters(), 0.1), Losses::crossEntropy)
            .epochs(10)
            .batchSize(10)
            .callback(
                new Callback() {
                  @Override
                  public void onBatchEnd(int epoch, int batch, double loss) {
                    batches[0]++;
                  }

                  @Override
                  public boolean onEpochEnd(int epoch, History history) {
                    return epoch < 1;
                  }
                })
            .build()
            .fit(blobs(10, 6));
    assertEquals(2, h.epochs());
    assertEquals(6, batches[0]);
    assertTrue(h.stopReason().contains("stopped training after epoch 2"));
  }
}
