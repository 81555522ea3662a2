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
}
