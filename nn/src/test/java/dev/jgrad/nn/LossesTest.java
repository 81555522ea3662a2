package dev.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Loss values against numbers printed by PyTorch 1.13 ({@code nn/src/test/python/losses_golden.py},
 * same inputs).
 */
class LossesTest {
  private static final double TOL = 1e-12;
  private static final Tensor PRED = Tensor.of(new double[][] {{0.5, -1.2, 2.0}, {0.1, 0.7, -0.4}});
  private static final Tensor TARGET =
      Tensor.of(new double[][] {{0.0, -1.0, 0.5}, {1.0, 0.6, 0.3}});
  private static final Tensor LOGITS =
      Tensor.of(new double[][] {{1, 2, 0.5}, {-1, 0, 3}, {0.2, 0.2, 0.2}, {1000, -1000, 0}});
  private static final int[] CLASSES = {1, 2, 0, 0};
  private static final Tensor WEIGHTS = Tensor.of(new double[] {0.5, 2.0, 1.0});

  @Test
  void regressionLosses() {
    assertEquals(0.6416666666666667, Losses.mse(PRED, TARGET).item(), TOL);
    assertEquals(3.85, Losses.mse(PRED, TARGET, Reduction.SUM).item(), TOL);
    assertArrayEquals(new int[] {2, 3}, Losses.mse(PRED, TARGET, Reduction.NONE).shape());
    assertEquals(0.65, Losses.l1(PRED, TARGET).item(), TOL);
    assertEquals(0.3, Losses.huber(PRED, TARGET).item(), TOL);
    assertArrayEquals(
        new double[] {0.125, 0.02, 0.625, 0.325, 0.005, 0.225},
        Losses.huber(PRED, TARGET, 0.5, Reduction.NONE).toArray(),
        TOL);
  }

  @Test
  void binaryCrossEntropy() {
    Tensor probs = Tensor.of(new double[] {0.9, 0.2, 0.6, 0.01});
    Tensor labels = Tensor.of(new double[] {1, 0, 1, 0});
    assertEquals(0.21234500664788206, Losses.binaryCrossEntropy(probs, labels).item(), TOL);
    // Logs are clamped at -100, as PyTorch: p = 0 with label 1 costs 100, not infinity.
    assertArrayEquals(
        new double[] {100, 0},
        Losses.binaryCrossEntropy(
                Tensor.of(new double[] {0, 1}), Tensor.of(new double[] {1, 1}), Reduction.NONE)
            .toArray(),
        1e-9);
  }

  @Test
  void binaryCrossEntropyAtTheEdgesMatchesPyTorch() {
    // p = 0 with target 1 (and p = 1 with target 0) is as wrong as a prediction can be. The
    // clamped logs used to pass back a zero gradient there; PyTorch's backward gives about -1e12.
    Tensor p = Tensor.of(new double[] {0, 1, 0, 1, 0.3, 1e-20, 1 - 1e-16, 0.5}).requiresGrad();
    Tensor y = Tensor.of(new double[] {1, 0, 0, 1, 1, 0, 0.25, 0.7});
    Tensor losses = Losses.binaryCrossEntropy(p, y, Reduction.NONE);
    assertArrayEquals(
        new double[] {
          100, 100, 0, 0, 1.2039728043259361, 0, 27.552600427257826, 0.6931471805599453
        },
        losses.toArray(),
        1e-14);
    losses.sum().backward();
    double[] torchGrad = {
      -1000000003995.8029, 1000000003995.8029, 0, 0, -3.333333333333333, 1.0000000039958028e-08,
      750000002996.852, -0.7999999999999998
    };
    double[] grad = p.grad().toArray();
    for (int i = 0; i < grad.length; i++) {
      assertEquals(torchGrad[i], grad[i], 1e-14 * Math.abs(torchGrad[i]), "element " + i);
    }
    Tensor q = Tensor.of(new double[] {0, 1, 0.3}).requiresGrad();
    Tensor mean = Losses.binaryCrossEntropy(q, Tensor.of(new double[] {1, 0, 1}));
    assertEquals(67.06799093477531, mean.item(), 1e-13);
    mean.backward();
    assertArrayEquals(
        new double[] {-333333334665.26764, 333333334665.26764, -1.111111111111111},
        q.grad().toArray(),
        1e-3);
  }

  @Test
  void binaryCrossEntropyWithLogitsIsStable() {
    Tensor logits = Tensor.of(new double[] {2, -1, 0.3, -4, 50, -50});
    Tensor labels = Tensor.of(new double[] {1, 0, 1, 1, 0, 0});
    assertEquals(
        9.168782478491254, Losses.binaryCrossEntropyWithLogits(logits, labels).item(), TOL);
    assertArrayEquals(
        new double[] {
          0.1269280110429726, 0.31326168751822286, 0.554355244468527, 4.0181499279178094, 50.0, 0
        },
        Losses.binaryCrossEntropyWithLogits(logits, labels, Reduction.NONE).toArray(),
        TOL);
  }

  @Test
  void crossEntropyFromLogits() {
    assertEquals(0.40721624413337093, Losses.crossEntropy(LOGITS, CLASSES).item(), TOL);
    assertArrayEquals(
        new double[] {0.4643687841079449, 0.06588390375742911, 1.0986122886681098, 0},
        Losses.crossEntropy(LOGITS, CLASSES, 0, null, Reduction.NONE).toArray(),
        TOL);
    assertEquals(
        0.38598190407684346,
        Losses.crossEntropy(LOGITS, CLASSES, 0, WEIGHTS, Reduction.MEAN).item(),
        TOL);
    assertEquals(
        25.486382910800035,
        Losses.crossEntropy(LOGITS, CLASSES, 0.1, null, Reduction.MEAN).item(),
        1e-9);
    assertEquals(
        83.9038026468926,
        Losses.crossEntropy(LOGITS, CLASSES, 0.2, WEIGHTS, Reduction.MEAN).item(),
        1e-9);
    assertEquals(
        335.6152105875704,
        Losses.crossEntropy(LOGITS, CLASSES, 0.2, WEIGHTS, Reduction.SUM).item(),
        1e-9);
    assertArrayEquals(
        new double[] {
          0.9846761041978991, 0.6014133672160101, 0.6957877828231362, 333.3333333333333
        },
        Losses.crossEntropy(LOGITS, CLASSES, 0.2, WEIGHTS, Reduction.NONE).toArray(),
        1e-9);
    assertEquals(
        0.40721624413337093,
        Losses.crossEntropy(LOGITS, Tensor.of(new double[] {1, 2, 0, 0})).item(),
        TOL);
  }

  @Test
  void nllOfLogSoftmaxEqualsCrossEntropy() {
    assertEquals(
        0.38598190407684346,
        Losses.nll(LOGITS.logSoftmax(1), CLASSES, WEIGHTS, Reduction.MEAN).item(),
        TOL);
    assertEquals(0.40721624413337093, Losses.nll(LOGITS.logSoftmax(1), CLASSES).item(), TOL);
  }

  @Test
  void hingeAndL2Penalty() {
    Tensor scores = Tensor.of(new double[] {0.5, -2, 1.5, 0.1});
    Tensor labels = Tensor.of(new double[] {1, 1, -1, -1});
    assertEquals(1.775, Losses.hinge(scores, labels).item(), TOL);
    Tensor a = Tensor.of(new double[] {1, -2});
    Tensor b = Tensor.of(new double[][] {{3}});
    assertEquals(1e-4 * 14, Losses.l2Penalty(List.of(a, b), 1e-4).item(), 1e-18);
  }

  @Test
  void badInputsGiveClearErrors() {
    assertEquals(
        "mse: prediction shape [2, 3] and target shape [3] differ",
        assertThrows(IllegalArgumentException.class, () -> Losses.mse(PRED, Tensor.zeros(3)))
            .getMessage());
    assertEquals(
        "crossEntropy: target 1 is class 3, outside [0, 3)",
        assertThrows(
                IllegalArgumentException.class,
                () -> Losses.crossEntropy(LOGITS, new int[] {0, 3, 0, 0}))
            .getMessage());
    assertEquals(
        "crossEntropy: 3 targets for 4 rows of scores [4, 3]",
        assertThrows(
                IllegalArgumentException.class,
                () -> Losses.crossEntropy(LOGITS, new int[] {0, 1, 0}))
            .getMessage());
    assertEquals(
        "binaryCrossEntropy: probability 1 is 1.5, outside [0, 1]",
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    Losses.binaryCrossEntropy(
                        Tensor.of(new double[] {0.5, 1.5}), Tensor.of(new double[] {0, 1})))
            .getMessage());
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () -> Losses.hinge(Tensor.zeros(2), Tensor.of(new double[] {1, 0})))
            .getMessage()
            .contains("label 1 is 0.0"));
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () -> Losses.crossEntropy(LOGITS, CLASSES, 0, Tensor.ones(2), Reduction.MEAN))
            .getMessage()
            .contains("class weights must have shape [3], got [2]"));
  }
}
