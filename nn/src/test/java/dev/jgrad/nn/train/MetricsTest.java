package dev.jgrad.nn.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jgrad.autograd.Tensor;
import org.junit.jupiter.api.Test;

class MetricsTest {
  @Test
  void accuracyAndConfusionMatrix() {
    int[] predicted = {0, 1, 2, 2, 1, 0};
    int[] actual = {0, 1, 1, 2, 1, 2};
    assertEquals(4 / 6.0, Metrics.accuracy(predicted, actual), 1e-15);
    int[][] m = Metrics.confusionMatrix(predicted, actual, 3);
    assertArrayEquals(new int[] {1, 0, 0}, m[0]);
    assertArrayEquals(new int[] {0, 2, 1}, m[1]);
    assertArrayEquals(new int[] {1, 0, 1}, m[2]);
    assertEquals("actual \\ predicted\n 1 0 0\n 0 2 1\n 1 0 1\n", Metrics.format(m));
    assertEquals(
        "accuracy: 2 predictions for 3 labels (need the same non-zero count)",
        assertThrows(IllegalArgumentException.class, () -> Metrics.accuracy(new int[2], new int[3]))
            .getMessage());
  }

  @Test
  void classRules() {
    assertArrayEquals(
        new int[] {1, 0}, Metrics.argmax().apply(Tensor.of(new double[][] {{0.1, 0.9}, {2, -1}})));
    assertArrayEquals(
        new int[] {1, 0, 1},
        Metrics.threshold(0).apply(Tensor.of(new double[] {0.3, -2, 5}, 3, 1)));
  }

  @Test
  void progressBarText() {
    String status = "loss 0.2346 ETA " + ProgressBar.formatSeconds(65);
    assertEquals(
        "epoch 3/20 [############............] 20/40 loss 0.2346 ETA 1m05s",
        ProgressBar.render("epoch 3/20", 20, 40, status, 80));
    // narrower terminals get a narrower bar, then no bar, then a cut line: never a wrap
    assertEquals(
        "epoch 3/20 [######......] 20/40 loss 0.2346 ETA 1m05s",
        ProgressBar.render("epoch 3/20", 20, 40, status, 54));
    assertEquals("epoch 3/20 20/40 loss 0.2346 ETA 1m05s", ProgressBar.render("epoch 3/20", 20, 40, status, 45));
    assertEquals("epoch 3/20 20/40 loss 0.", ProgressBar.render("epoch 3/20", 20, 40, status, 25));
    // the bar keeps its width while the count grows from 1/40 to 40/40
    String early = ProgressBar.render("epoch 3/20", 1, 40, status, 54);
    String late = ProgressBar.render("epoch 3/20", 40, 40, status, 54);
    assertEquals(early.indexOf(']') - early.indexOf('['), late.indexOf(']') - late.indexOf('['));
    // an epoch's summary wider than the terminal is folded at spaces, never wrapped
    String summary = "epoch 15/15 loss 0.007928 accuracy 1.000 valLoss 0.07179 valAccuracy 0.9833";
    assertEquals(
        String.join(
            System.lineSeparator(),
            "epoch 15/15 loss 0.007928 accuracy",
            "  1.000 valLoss 0.07179 valAccuracy",
            "  0.9833"),
        ProgressBar.fold(summary, 36));
    assertEquals(summary, ProgressBar.fold(summary, summary.length() + 1));
    assertEquals("2h01m", ProgressBar.formatSeconds(7260));
  }
}
