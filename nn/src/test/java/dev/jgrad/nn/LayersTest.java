package dev.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jgrad.autograd.GradCheck;
import dev.jgrad.autograd.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Dropout, LayerNorm and Embedding. */
class LayersTest {
  @Test
  void dropoutZeroesAboutPAndRescalesInTraining() {
    Dropout dropout = new Dropout(0.25, 7);
    Tensor x = Tensor.ones(100, 100);
    double[] out = dropout.forward(x).toArray();
    int zeros = 0;
    for (double v : out) {
      if (v == 0) {
        zeros++;
      } else {
        assertEquals(1 / 0.75, v, 1e-15);
      }
    }
    assertEquals(0.25, zeros / 10000.0, 0.02);
    dropout.eval();
    assertSame(x, dropout.forward(x));
  }

  @Test
  void dropoutIsSeededAndPassesGradientThroughTheMask() {
    Tensor x = Tensor.ones(3, 4).requiresGrad();
    Tensor a = new Dropout(0.5, 3).forward(x);
    Tensor b = new Dropout(0.5, 3).forward(Tensor.ones(3, 4));
    assertArrayEquals(a.toArray(), b.toArray(), 0);
    a.sum().backward();
    assertArrayEquals(a.toArray(), x.grad().toArray(), 0); // d(x*m)/dx = m and x = 1
    assertArrayEquals(new double[4], new Dropout(1, 0).forward(Tensor.ones(4)).toArray(), 0);
    assertThrows(IllegalArgumentException.class, () -> new Dropout(1.5, 0));
  }

  @Test
  void layerNormNormalizesTheLastDim() {
    LayerNorm norm = new LayerNorm(4, 1e-300);
    // Row [1, 2, 3, 4]: mean 2.5, biased variance 1.25.
    Tensor out = norm.forward(Tensor.of(new double[][] {{1, 2, 3, 4}, {2, 2, 2, 6}}));
    double s = Math.sqrt(1.25);
    assertArrayEquals(
        new double[] {
          -1.5 / s,
          -0.5 / s,
          0.5 / s,
          1.5 / s,
          -1 / Math.sqrt(3),
          -1 / Math.sqrt(3),
          -1 / Math.sqrt(3),
          3 / Math.sqrt(3)
        },
        out.toArray(),
        1e-12);
    norm.weight().assign(Tensor.of(new double[] {2, 2, 2, 2}));
    norm.bias().assign(Tensor.of(new double[] {1, 1, 1, 1}));
    assertEquals(
        1 + 2 * -1.5 / s, norm.forward(Tensor.of(new double[] {1, 2, 3, 4})).get(0), 1e-12);
    assertThrows(IllegalArgumentException.class, () -> norm.forward(Tensor.zeros(2, 3)));
  }

  @Test
  void layerNormGradientMatchesNumericalOne() {
    Random random = new Random(2);
    LayerNorm norm = new LayerNorm(5);
    norm.weight().assign(Tensor.randn(random, 5));
    norm.bias().assign(Tensor.randn(random, 5));
    GradCheck.check(in -> norm.forward(in.get(0)), Tensor.randn(random, 3, 5)).assertOk();
    // Parameter gradients: d/dweight sum(v * out) = sum over rows of v * xhat; d/dbias = sum v.
    Tensor x = Tensor.randn(random, 3, 5);
    Tensor v = Tensor.randn(random, 3, 5);
    norm.forward(x).backward(v);
    Tensor xhat = new LayerNorm(5).forward(x);
    assertArrayEquals(v.mul(xhat).sum(0).toArray(), norm.weight().grad().toArray(), 1e-12);
    assertArrayEquals(v.sum(0).toArray(), norm.bias().grad().toArray(), 1e-12);
  }

  @Test
  void embeddingLooksUpRowsAndAccumulatesRepeatedGradients() {
    Embedding emb = new Embedding(4, 2, new Random(0));
    emb.weight().assign(Tensor.of(new double[][] {{0, 1}, {2, 3}, {4, 5}, {6, 7}}));
    Tensor out = emb.forward(Tensor.of(new double[][] {{3, 1}, {1, 0}}));
    assertArrayEquals(new int[] {2, 2, 2}, out.shape());
    assertArrayEquals(new double[] {6, 7, 2, 3, 2, 3, 0, 1}, out.toArray(), 0);
    out.sum().backward();
    assertArrayEquals(new double[] {1, 1, 2, 2, 0, 0, 1, 1}, emb.weight().grad().toArray(), 0);
    assertEquals(
        "Embedding: index 1 is 4, outside [0, 4)",
        assertThrows(IllegalArgumentException.class, () -> emb.forward(new int[] {0, 4}))
            .getMessage());
    assertEquals(
        "Embedding: index 0 is 0.5, not a whole number",
        assertThrows(
                IllegalArgumentException.class, () -> emb.forward(Tensor.of(new double[] {0.5})))
            .getMessage());
  }
}
