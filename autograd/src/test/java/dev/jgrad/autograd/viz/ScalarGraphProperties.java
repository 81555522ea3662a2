package dev.jgrad.autograd.viz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.jgrad.autograd.Tensor;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

class ScalarGraphProperties {
  @Property(tries = 50)
  void randomSmallNetworksAgree(@ForAll long seed) {
    Random r = new Random(seed);
    int n = 1 + r.nextInt(3);
    int k = 1 + r.nextInt(3);
    int m = 1 + r.nextInt(3);
    Tensor x = Tensor.randn(r, n, k);
    Tensor w = Tensor.randn(r, k, m).requiresGrad();
    Tensor b = Tensor.randn(r, m).requiresGrad();
    Tensor target = Tensor.randn(r, n, m);
    Tensor h = x.matmul(w).add(b);
    h = r.nextBoolean() ? h.sigmoid() : h.relu();
    Tensor loss = h.sub(target).mul(h.sub(target)).mean();
    ScalarGraph s = ScalarGraph.expand(loss);
    loss.backward();
    s.output().backward();
    assertArrayEquals(w.grad().toArray(), s.grads(w), 1e-12);
    assertArrayEquals(b.grad().toArray(), s.grads(b), 1e-12);
  }

  /**
   * A tiny convolution (unfold and fold as sums of elements), then average pooling: the graph of
   * scalars gives the engine's gradients.
   */
  @Property(tries = 20)
  void convolutionsExpandToScalars(@ForAll long seed, @ForAll boolean transposed) {
    Random r = new Random(seed);
    Tensor x = Tensor.randn(r, 1, 1, 3, 3);
    Tensor w = Tensor.randn(r, 1, 1, 2, 2).requiresGrad();
    dev.jgrad.autograd.ConvOptions padded = dev.jgrad.autograd.ConvOptions.defaults().withPadding(1);
    Tensor y = transposed ? x.convTranspose2d(w, null, padded) : x.conv2d(w, null, padded);
    Tensor loss = y.avgPool2d(new int[] {2}, new int[] {1}, new int[] {0}, true).tanh().sum();
    ScalarGraph s = ScalarGraph.expand(loss);
    loss.backward();
    s.output().backward();
    assertArrayEquals(w.grad().toArray(), s.grads(w), 1e-12);
  }
}
