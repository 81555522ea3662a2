package dev.jgrad.autograd.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.Function;
import dev.jgrad.autograd.Tensor;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The graph of scalars expands softmax, logSoftmax, layerNorm (fused primitives, through the
 * composites they fuse) and the newer primitives with the engine's gradients, and names the op (with its formula) when an op's scalar form is {@code NONE}.
 */
class ScalarGraphCoverageTest {

  private static void expandsWithTheEnginesGradient(UnaryOperator<Tensor> f) {
    Tensor x = Tensor.randn(new Random(5), 2, 3).requiresGrad().label("x");
    Tensor w = Tensor.randn(new Random(6), 2, 3);
    Tensor y = f.apply(x).mul(w).sum();
    ScalarGraph s = ScalarGraph.expand(y);
    y.backward();
    s.output().backward();
    double[] want = x.grad().toArray();
    double[] got = s.grads(x);
    for (int i = 0; i < want.length; i++) {
      assertEquals(want[i], got[i], 1e-12 * (1 + Math.abs(want[i])));
    }
  }

  @Test
  void softmaxAndLogSoftmaxExpand() {
    expandsWithTheEnginesGradient(t -> t.softmax(1));
    expandsWithTheEnginesGradient(t -> t.logSoftmax(0));
  }

  /** Fused primitives expand into the composite they fuse (softmax above; layer norm here). */
  @Test
  void layerNormAndGeluTanhExpand() {
    Tensor w = Tensor.of(new double[] {0.5, -1, 2});
    Tensor b = Tensor.of(new double[] {0.1, 0.2, 0.3});
    expandsWithTheEnginesGradient(t -> Tensor.layerNorm(t, w, b, 1e-5));
    expandsWithTheEnginesGradient(t -> Tensor.layerNorm(t, null, null, 0.5));
    expandsWithTheEnginesGradient(Tensor::geluTanh);
  }

  @Test
  void log1pCumsumAndCastsExpand() {
    expandsWithTheEnginesGradient(t -> t.mul(t).log1p());
    expandsWithTheEnginesGradient(t -> t.cumsum(1));
    expandsWithTheEnginesGradient(t -> t.to(dev.jgrad.autograd.DType.F32).to(dev.jgrad.autograd.DType.F64));
  }

  @Test
  void anOpWithoutAScalarFormIsNamedWithItsFormula() {
    Tensor x = Tensor.of(new double[] {1, 3, 2}).requiresGrad();
    var e = assertThrows(IllegalArgumentException.class, () -> ScalarGraph.expand(x.max()));
    assertTrue(e.getMessage().contains("cannot expand max") && e.getMessage().contains("1/k"),
        e.getMessage());
    Function twice = Function.of("twice", in -> in[0].mul(2), (u, o, in) -> new Tensor[] {u.mul(2)});
    var f = assertThrows(IllegalArgumentException.class,
        () -> ScalarGraph.expand(twice.apply(x).sum()));
    assertTrue(f.getMessage().contains("cannot expand twice") && f.getMessage().contains("user-defined"),
        f.getMessage());
  }
}
