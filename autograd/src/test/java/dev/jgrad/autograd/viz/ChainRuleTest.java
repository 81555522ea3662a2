package dev.jgrad.autograd.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.Value;
import org.junit.jupiter.api.Test;

class ChainRuleTest {
  @Test
  void microgradExamplePathsSumToTheEngineGradient() {
    Micrograd m = new Micrograd();
    m.g.backward();
    ChainRule.Explanation ea = ChainRule.explain(m.g, m.a);
    ChainRule.Explanation eb = ChainRule.explain(m.g, m.b);
    assertTrue(ea.isComplete());
    assertEquals(Micrograd.DG_DA, ea.pathSum(), 1e-9 * Micrograd.DG_DA);
    assertEquals(Micrograd.DG_DB, eb.pathSum(), 1e-9 * Micrograd.DG_DB);
    assertEquals(ea.engineGrad(), ea.allPathsSum(), 1e-9 * Micrograd.DG_DA);
    assertTrue(ea.render().contains("they agree"), ea.render());
    assertTrue(ea.pathCount() > 5);
  }

  @Test
  void nodeUsedTwiceGivesTwoPaths() {
    Value a = Value.of(3, "a");
    Value b = a.mul(a).label("b");
    b.backward();
    ChainRule.Explanation e = ChainRule.explain(b, a);
    assertEquals(2, e.paths().size());
    assertEquals(3.0, e.paths().get(0).product());
    assertEquals(6.0, e.pathSum());
    assertTrue(e.render().contains("path 1: b -[mul, input 1: 3]-> a"), e.render());
    assertTrue(e.render().contains("path 2: b -[mul, input 2: 3]-> a"), e.render());
  }

  @Test
  void reluBelowZeroIsNamed() {
    Value x = Value.of(-2, "x");
    Value h = x.mul(3).label("h");
    Value y = h.relu().label("y");
    y.backward();
    ChainRule.Explanation e = ChainRule.explain(y, x);
    assertEquals(0.0, e.pathSum());
    assertEquals(0.0, x.grad());
    assertEquals(1, e.notes().size());
    assertTrue(e.notes().get(0).contains("ReLU below zero: y = relu(h) with h = -6 <= 0"), e.notes().get(0));
  }

  @Test
  void detachedValueIsNamed() {
    Value x = Value.of(2, "x");
    Value copy = Value.of(x.toTensor().detach());
    Value y = copy.mul(Value.of(3, "w")).label("y");
    y.backward();
    ChainRule.Explanation e = ChainRule.explain(y, x);
    assertEquals(0, e.paths().size());
    assertEquals(0.0, e.pathCount());
    assertTrue(e.notes().get(0).contains("detached copy"), e.notes().get(0));
  }

  @Test
  void overflowIsNamed() {
    Value x = Value.of(1000, "x");
    Value big = x.exp().label("big");
    Value y = Value.of(1, "one").div(big).label("y");
    y.backward();
    assertTrue(Double.isNaN(x.grad()));
    ChainRule.Explanation e = ChainRule.explain(y, x);
    assertTrue(Double.isNaN(e.pathSum()));
    assertTrue(e.notes().get(0).contains("overflow: big = exp(x) is Infinity"), e.notes().get(0));
    assertTrue(e.render().contains("both NaN"), e.render());
  }

  @Test
  void saturatedTanhIsNamed() {
    Value x = Value.of(30, "x");
    Value y = x.tanh().label("y");
    y.backward();
    ChainRule.Explanation e = ChainRule.explain(y, x);
    assertTrue(e.notes().get(0).contains("saturated tanh"), e.notes().get(0));
  }

  @Test
  void pathCapIsStatedAndTheFullSumStillMatches() {
    Value x = Value.of(0.9, "x");
    Value v = x;
    for (int i = 0; i < 20; i++) {
      v = v.add(v.mul(0.5)); // each level doubles the number of paths: 2^20
    }
    v.backward();
    ChainRule.Explanation e = ChainRule.explain(v, x, 50);
    assertEquals(50, e.paths().size());
    assertEquals(1 << 20, e.pathCount());
    assertFalse(e.isComplete());
    assertTrue(e.render().contains("listed 50 of 1048576 paths"), e.render());
    assertEquals(x.grad(), e.allPathsSum(), 1e-9 * Math.abs(x.grad()));
    assertEquals(Math.pow(1.5, 20), x.grad(), 1e-9 * x.grad());
  }

  @Test
  void badArgumentsAreClearErrors() {
    Value x = Value.of(1, "x");
    Value y = x.mul(2);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ChainRule.explain(y, x, 0));
    assertTrue(e.getMessage().contains("maxPaths"));
    Tensor t = x.toTensor().mul(Tensor.of(new double[] {1, 2})); // a [2] tensor on the path
    Value s = Value.of(t.sum());
    e = assertThrows(IllegalArgumentException.class, () -> ChainRule.explain(s, x));
    assertTrue(e.getMessage().contains("has shape [2]"), e.getMessage());
  }
}
