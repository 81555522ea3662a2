package dev.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jgrad.autograd.Tensor;
import dev.jgrad.nn.data.Dataset;
import dev.jgrad.nn.data.OneHot;
import dev.jgrad.nn.data.Scaler;
import dev.jgrad.nn.optim.Adam;
import dev.jgrad.nn.optim.Sgd;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Wrong shapes, out-of-range labels, NaN labels, null and nonsense arguments given to layers,
 * losses, optimizers and data helpers: each call throws {@link IllegalArgumentException} or
 * {@link IllegalStateException} whose message names the method (or class), never another
 * exception and never a silently wrong result.
 */
class MisuseNnTest {
  /** A misuse and a word its error message must contain. */
  record Misuse(String name, Runnable call) {}

  @Test
  void misusedNnCallsFailClearly() {
    Random random = new Random(0);
    Linear linear = new Linear(3, 2, random);
    Tensor logits = Tensor.randn(random, 4, 3);
    Tensor probabilities = logits.sigmoid();
    List<Misuse> calls =
        List.of(
            new Misuse("Linear", () -> linear.forward(Tensor.ones(4, 5))),
            new Misuse("Linear", () -> linear.forward(Tensor.scalar(1))),
            new Misuse("Linear", () -> new Linear(-1, 2, random)),
            new Misuse("Linear", () -> linear.forward(null)),
            new Misuse("Linear", () -> new Linear(3, 2, null)),
            new Misuse("Mlp", () -> new Mlp(0, 3)),
            new Misuse("LayerNorm", () -> new LayerNorm(3).forward(Tensor.ones(2, 4))),
            new Misuse("Embedding", () -> new Embedding(5, 2, random).forward(new int[] {5})),
            new Misuse("Embedding", () -> new Embedding(5, 2, random).forward(new int[] {-1})),
            new Misuse("Embedding", () -> new Embedding(5, 2, random).forward(Tensor.of(new double[] {1.5}))),
            new Misuse("Dropout", () -> new Dropout(1.5, 0)),
            new Misuse("Dropout", () -> new Dropout(Double.NaN, 0)),
            new Misuse("crossEntropy", () -> Losses.crossEntropy(logits, new int[] {0, 1, 2})),
            new Misuse("crossEntropy", () -> Losses.crossEntropy(logits, new int[] {0, 1, 2, 3})),
            new Misuse("crossEntropy", () -> Losses.crossEntropy(logits, new int[] {0, 1, 2, -1})),
            new Misuse("crossEntropy", () -> Losses.crossEntropy(logits, Tensor.of(new double[] {0, 1, 2, Double.NaN}))),
            new Misuse("crossEntropy", () -> Losses.crossEntropy(logits, Tensor.of(new double[] {0, 1, 2, 0.5}))),
            new Misuse("crossEntropy", () -> Losses.crossEntropy(logits, Tensor.of(new double[] {0, 1, 2, 1e10}))),
            new Misuse("crossEntropy", () -> Losses.crossEntropy(Tensor.ones(4), new int[] {0, 1, 2, 0})),
            new Misuse("crossEntropy", () -> Losses.crossEntropy(logits, (int[]) null)),
            new Misuse("mse", () -> Losses.mse(logits, Tensor.ones(3, 4))),
            new Misuse("mse", () -> Losses.mse(logits, null)),
            new Misuse("binaryCrossEntropy", () -> Losses.binaryCrossEntropy(probabilities, Tensor.ones(4))),
            new Misuse("binaryCrossEntropyWithLogits", () -> Losses.binaryCrossEntropyWithLogits(logits, Tensor.ones(3, 4))),
            new Misuse("nll", () -> Losses.nll(logits, new int[] {7, 0, 0, 0})),
            new Misuse("Sgd", () -> new Sgd(linear.parameters(), -0.1)),
            new Misuse("Sgd", () -> new Sgd(linear.parameters(), Double.NaN)),
            new Misuse("Adam", () -> new Adam(linear.parameters(), Double.POSITIVE_INFINITY)),
            new Misuse("Sgd", () -> new Sgd(null, 0.1)),
            new Misuse("Sgd", () -> new Sgd(List.of(Tensor.ones(2)), 0.1)),
            new Misuse("Dataset", () -> new Dataset(Tensor.ones(4, 2), Tensor.ones(3))),
            new Misuse("batches", () -> new Dataset(Tensor.ones(4, 2), Tensor.ones(4)).batches(0, null, false)),
            new Misuse("split", () -> new Dataset(Tensor.ones(4, 2), Tensor.ones(4)).split(1.5, 0)),
            new Misuse("split", () -> new Dataset(Tensor.ones(4, 2), Tensor.ones(4)).split(Double.NaN, 0)),
            new Misuse("OneHot", () -> OneHot.encode(new int[] {0, 3}, 3)),
            new Misuse("OneHot", () -> OneHot.encode(new int[] {0, 1}, -2)),
            new Misuse("Scaler", () -> Scaler.standardize(Tensor.ones(4, 2)).transform(Tensor.ones(4, 3))),
            new Misuse("minMax", () -> Scaler.minMax(Tensor.ones(4, 2), 1, 0)),
            new Misuse("loadStateDict", () -> linear.loadStateDict(Map.of("weight", Tensor.ones(3, 3)))),
            new Misuse("loadStateDict", () -> linear.loadStateDict(null)),
            new Misuse("Mlp", () -> new Mlp(2, 4, -1)));
    List<String> problems = new ArrayList<>();
    for (Misuse m : calls) {
      try {
        m.call().run();
        problems.add(m.name() + ": no error");
      } catch (IllegalArgumentException | IllegalStateException e) {
        String message = String.valueOf(e.getMessage());
        if (!message.toLowerCase().contains(m.name().toLowerCase())) {
          problems.add(m.name() + ": message does not name it: " + message);
        }
      } catch (Throwable e) {
        problems.add(m.name() + ": threw " + e);
      }
    }
    assertEquals(List.of(), problems);
  }
}
