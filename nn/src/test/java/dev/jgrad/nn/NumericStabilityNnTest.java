package dev.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.GradCheck;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.nn.data.Dataset;
import dev.jgrad.nn.optim.Sgd;
import dev.jgrad.nn.train.History;
import dev.jgrad.nn.train.Trainer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The losses stay finite and right at logits of +-1000, and a training run that diverges stops
 * with a message naming the epoch and batch (the engine's numerics are in the autograd module's
 * {@code NumericStabilityTest}).
 */
class NumericStabilityNnTest {

  private static void assertClose(double[] expected, Tensor actual, double tol) {
    double[] a = actual.toArray();
    assertEquals(expected.length, a.length);
    for (int i = 0; i < a.length; i++) {
      assertEquals(expected[i], a[i], tol * Math.max(1, Math.abs(expected[i])), "element " + i + " of " + actual);
    }
  }

  @Test
  void crossEntropyAtPlusMinus1000() {
    Tensor logits =
        Tensor.of(new double[][] {{1000, -1000, 0}, {-1000, 1000, 1000}, {1000, -1000, -1000}})
            .requiresGrad();
    int[] targets = {0, 2, 1};
    Tensor loss = Losses.crossEntropy(logits, targets);
    // -logp: row 0 -> 0, row 1 -> ln 2, row 2 -> 2000; mean over 3 rows
    assertEquals((Math.log(2) + 2000) / 3, loss.item(), 1e-12);
    loss.backward();
    // d/dlogits = (softmax - onehot) / n
    assertClose(
        new double[] {0, 0, 0, 0, 0.5 / 3, -0.5 / 3, 1 / 3.0, -1 / 3.0, 0}, logits.grad(), 1e-12);
  }

  @Test
  void binaryCrossEntropyWithLogitsAtPlusMinus1000() {
    Tensor logits = Tensor.of(new double[] {1000, -1000, 1000, -1000}).requiresGrad();
    Tensor target = Tensor.of(new double[] {1, 0, 0, 1});
    Tensor loss = Losses.binaryCrossEntropyWithLogits(logits, target);
    assertEquals(500, loss.item(), 1e-12); // per element: 0, 0, 1000, 1000
    loss.backward();
    assertClose(new double[] {0, 0, 0.25, -0.25}, logits.grad(), 1e-15); // (sigmoid - y) / n
  }

  @Test
  void lossesPassGradCheckAtLargeLogits() {
    Random random = new Random(8);
    Tensor logits = Tensor.randn(random, 4, 3).mul(5).add(800);
    GradCheck.check(in -> Losses.crossEntropy(in.get(0), new int[] {0, 1, 2, 1}), logits).assertOk();
    Tensor z = Tensor.randn(random, 6).mul(3).add(-900);
    Tensor y = Tensor.of(new double[] {1, 0, 1, 0, 0, 1});
    GradCheck.check(in -> Losses.binaryCrossEntropyWithLogits(in.get(0), y), z).assertOk();
  }

  /** A learning rate far too large overflows the loss; fit stops and names epoch and batch. */
  @Test
  void divergingFitStopsNamingEpochAndBatch() {
    Random random = new Random(9);
    Tensor x = Tensor.rand(random, 32, 1).mul(2).sub(1);
    Dataset data = new Dataset(x, x.mul(3).reshape(-1, 1));
    Linear model = new Linear(1, 1, random);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    History h =
        Trainer.builder(model, new Sgd(model.parameters(), 1e4), Losses::mse)
            .epochs(100)
            .batchSize(8)
            .progress(false)
            .output(new PrintStream(bytes, true, StandardCharsets.UTF_8))
            .build()
            .fit(data);
    String reason = h.stopReason();
    assertTrue(reason != null && reason.matches("loss became (NaN|Infinity) at epoch \\d+, batch \\d+;.*"), reason);
    assertTrue(h.epochs() < 100, "stopped early");
    for (Tensor p : model.parameters()) {
      for (double v : p.toArray()) {
        assertTrue(Double.isFinite(v), "the bad step was not applied: " + p);
      }
    }
    assertTrue(Autograd.isGradEnabled());
  }
}
