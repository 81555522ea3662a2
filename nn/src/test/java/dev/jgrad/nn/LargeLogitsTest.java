package dev.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jgrad.autograd.Tensor;
import org.junit.jupiter.api.Test;

/** Cross-entropy stays exact at huge logits (the engine's logSoftmax never adds the max back). */
class LargeLogitsTest {

  @Test
  void crossEntropyOfThreeEqualHugeLogitsIsLogThree() {
    for (double big : new double[] {1e12, 1e15}) {
      Tensor logits = Tensor.full(big, 1, 3);
      Tensor loss = Losses.crossEntropy(logits, Tensor.of(new double[] {1}));
      // PyTorch 1.13: 1.0986122886681098 for three logits of 1e12
      assertEquals(Math.log(3), loss.item(), 1e-15, "at " + big);
    }
  }
}
