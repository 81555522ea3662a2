package dev.jgrad.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.Value;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jgrad explain}: its gradients and path counts match the engine and the graph. */
class ExplainExampleTest {
  @TempDir Path out;

  @Test
  void explainsMicrogradsExpressionAndTheDeadRelu() {
    RunResult result = RunResult.of("explain", "--out", out.toString());
    assertEquals(0, result.status(), result.err());

    // micrograd's README expression, computed here with the engine directly.
    Value a = Value.of(-4.0);
    Value b = Value.of(2.0);
    Value c = a.add(b);
    Value d = a.mul(b).add(b.pow(3));
    c = c.add(c.add(1));
    c = c.add(c.add(1).add(a.neg()));
    d = d.add(d.mul(2).add(b.add(a).relu()));
    d = d.add(d.mul(3).add(b.sub(a).relu()));
    Value f = c.sub(d).pow(2);
    Value g = f.div(2.0).add(Value.of(10.0).div(f));
    g.backward();
    assertEquals(g.data(), result.figure("g"), 5e-5);
    assertEquals(a.grad(), result.figure("dg_da"), 5e-5);
    assertEquals(b.grad(), result.figure("dg_db"), 5e-5);
    // micrograd's README prints the same: 24.7041, 138.8338, 645.5773
    assertEquals(24.70408163265306, result.figure("g"), 5e-5);
    assertEquals(138.83381924198252, result.figure("dg_da"), 5e-5);
    assertEquals(645.5772594752186, result.figure("dg_db"), 5e-5);
    // The chain rule: the sum over the paths is the gradient.
    assertEquals(a.grad(), result.figure("paths_sum_a"), 5e-5);
    assertEquals(b.grad(), result.figure("paths_sum_b"), 5e-5);
    long pathsA = countPaths(g.toTensor(), a.toTensor());
    long pathsB = countPaths(g.toTensor(), b.toTensor());
    assertTrue(pathsA > 5, "a is used five times, through several layers: " + pathsA);
    assertEquals(pathsA, (long) result.figure("paths_a"));
    assertEquals(pathsB, (long) result.figure("paths_b"));
    assertTrue(result.out().contains("d g / d a: " + pathsA + " paths"), result.out());
    assertTrue(result.out().contains("(they agree)"), result.out());

    // The two ReLU neurons: x gets w1 through the live one; w2 gets nothing.
    Value x = Value.of(1.5);
    Value w1 = Value.of(2.0);
    Value w2 = Value.of(-1.0);
    x.mul(w1).relu().add(x.mul(w2).relu()).backward();
    assertEquals(x.grad(), result.figure("dy_dx"), 5e-5);
    assertEquals(w2.grad(), result.figure("dy_dw2"), 0);
    assertEquals(0.0, result.figure("dy_dw2"));
    assertEquals("h2 -[relu]-> z2", result.figures().get("dead_edge"));
    String note = "a ReLU below zero: h2 = relu(z2) with z2 = -1.5 <= 0";
    assertTrue(result.out().contains(note), result.out());
    // micrograd's expression has a dead ReLU of its own: b + a = -2 < 0
    assertTrue(result.out().contains("r1 = relu(b+a) with b+a = -2 <= 0"), result.out());
  }

  @Test
  void quietPrintsOnlyTheFigures() {
    RunResult result = RunResult.of("explain", "--quiet", "--seed", "7", "--out", out.toString());
    assertEquals(0, result.status(), result.err());
    assertTrue(result.out().lines().allMatch(line -> line.matches("[a-z0-9_]+: .+")),
        "--quiet prints only the figures:\n" + result.out());
  }

  /** Returns the number of paths from {@code from} down to {@code to} (no recursion). */
  private static long countPaths(Tensor from, Tensor to) {
    // Order the nodes so that each comes after its inputs (an explicit-stack post-order walk).
    List<Tensor> order = new ArrayList<>();
    Map<Tensor, Boolean> seen = new IdentityHashMap<>();
    Deque<Tensor> stack = new ArrayDeque<>();
    Deque<Boolean> expanded = new ArrayDeque<>();
    stack.push(from);
    expanded.push(false);
    while (!stack.isEmpty()) {
      Tensor node = stack.pop();
      boolean done = expanded.pop();
      if (done) {
        order.add(node);
      } else if (seen.put(node, true) == null) {
        stack.push(node);
        expanded.push(true);
        for (Tensor input : node.inputs()) {
          stack.push(input);
          expanded.push(false);
        }
      }
    }
    Map<Tensor, Long> paths = new IdentityHashMap<>();
    for (Tensor node : order) {
      long count = node == to ? 1 : 0;
      for (Tensor input : node.inputs()) {
        count += paths.get(input);
      }
      paths.put(node, count);
    }
    return paths.get(from);
  }
}
