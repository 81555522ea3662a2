package dev.jgrad.autograd.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jgrad.autograd.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

class ChainRuleProperties {
  /** Builds a random expression over 3 leaves where any earlier node may be reused. */
  static List<Value> randomGraph(Random r, int ops) {
    List<Value> pool = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      pool.add(Value.of(r.nextDouble() * 2 - 1, "x" + i));
    }
    for (int k = 0; k < ops; k++) {
      Value a = pool.get(r.nextInt(pool.size()));
      Value b = pool.get(r.nextInt(pool.size()));
      Value v;
      switch (r.nextInt(7)) {
        case 0 -> v = a.add(b);
        case 1 -> v = a.mul(b);
        case 2 -> v = a.sub(b);
        case 3 -> v = a.tanh();
        case 4 -> v = a.sigmoid();
        case 5 -> v = a.mul(r.nextDouble() + 0.5).add(0.1);
        default -> v = a.relu().add(b.pow(2));
      }
      pool.add(v.label("n" + k));
    }
    // the output depends on the last few nodes, so nodes get used more than once
    Value out = pool.get(pool.size() - 1);
    for (int k = 2; k <= 3 && pool.size() - k >= 0; k++) {
      out = out.add(pool.get(pool.size() - k));
    }
    pool.add(out.label("out"));
    return pool;
  }

  @Property(tries = 100)
  void pathProductsSumToTheEngineGradient(@ForAll long seed) {
    Random r = new Random(seed);
    List<Value> graph = randomGraph(r, 3 + r.nextInt(6));
    Value out = graph.get(graph.size() - 1);
    out.backward();
    for (int i = 0; i < 3; i++) {
      Value x = graph.get(i);
      ChainRule.Explanation e = ChainRule.explain(out, x, 100_000);
      double tol = 1e-9 * Math.max(1, Math.abs(x.grad()));
      assertEquals(x.grad(), e.pathSum(), tol, e::render);
      assertEquals(x.grad(), e.allPathsSum(), tol, e::render);
    }
  }

  @Property(tries = 100)
  void backwardStepsSumToTheEngineGradient(@ForAll long seed) {
    Random r = new Random(seed);
    List<Value> graph = randomGraph(r, 3 + r.nextInt(8));
    Value out = graph.get(graph.size() - 1);
    out.backward();
    BackwardSteps steps = BackwardSteps.of(out);
    for (Value v : graph) {
      double[] g = steps.gradOf(v.toTensor());
      double expected = v.grad();
      double actual = g == null ? 0 : g[0];
      assertEquals(expected, actual, 1e-12 * Math.max(1, Math.abs(expected)), v::toString);
    }
    // every step's upstream is the sum of what it received
    for (BackwardSteps.Step s : steps.steps()) {
      if (!s.received().isEmpty()) {
        double sum = 0;
        for (BackwardSteps.Received rec : s.received()) {
          sum += rec.amount()[0];
        }
        assertEquals(s.upstream()[0], sum, 1e-12 * Math.max(1, Math.abs(sum)));
      }
    }
  }
}
