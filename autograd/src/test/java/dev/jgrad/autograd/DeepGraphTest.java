package dev.jgrad.autograd;

import dev.jgrad.autograd.graph.GraphGrowthMonitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

/**
 * Huge graphs: a chain of a million nodes and a fan-in of 100,000 inputs backpropagate (no
 * recursion anywhere), the graph is released after backward, and a graph that grows across
 * training steps is reported.
 */
class DeepGraphTest {
  private static final int CHAIN = 1_000_000;
  private static final int FAN = 100_000;

  /** A 10^6-node chain {@code y = y * c} gives {@code dy/dx = c^n}. */
  @Test
  void millionNodeChainBackpropagates() {
    Tensor x = Tensor.scalar(1.5).requiresGrad();
    double c = 1 + 1e-7;
    Tensor y = x;
    for (int i = 0; i < CHAIN; i++) {
      y = y.mul(c);
    }
    y.backward();
    double expected = Math.pow(c, CHAIN);
    assertEquals(expected, x.grad().item(), expected * 1e-9);
    assertEquals(1.5 * expected, y.item(), 1.5 * expected * 1e-9);
  }

  /**
   * Second derivatives through a deep chain: the gradient graph built with {@code createGraph}
   * is as deep as the chain, and backpropagating through it must not recurse either. For
   * {@code z = (x c^n)^2}, {@code d2z/dx2 = 2 c^(2n)}.
   */
  @Test
  void deepChainSecondDerivative() {
    int n = 200_000;
    double c = 1 + 1e-6;
    Tensor x = Tensor.scalar(0.7).requiresGrad();
    Tensor y = x;
    for (int i = 0; i < n; i++) {
      y = y.mul(c);
    }
    Tensor z = y.mul(y);
    Tensor dz = Autograd.grad(z, x, true);
    double cn = Math.pow(c, n);
    assertEquals(2 * 0.7 * cn * cn, dz.item(), 1e-9 * cn * cn);
    Tensor d2z = Autograd.grad(dz, x, false);
    assertEquals(2 * cn * cn, d2z.item(), 1e-9 * cn * cn);
  }

  /** The same depth through the scalar {@link Value} face, which keeps its graph. */
  @Test
  void millionNodeValueChainBackpropagates() {
    Value x = Value.of(0.5);
    Value y = x;
    for (int i = 0; i < CHAIN / 2; i++) {
      y = y.add(1e-6).tanh(); // the derivative of each step is 1 - tanh^2, in (0, 1]
    }
    y.backward();
    assertTrue(Double.isFinite(x.grad()) && x.grad() > 0 && x.grad() < 1, "grad " + x.grad());
  }

  /** One node with 100,000 inputs (stack), and one leaf feeding 100,000 nodes (fan-out). */
  @Test
  void hundredThousandInputFanInAndFanOut() {
    Random random = new Random(1);
    List<Tensor> leaves = new ArrayList<>(FAN);
    double[] weights = new double[FAN];
    for (int i = 0; i < FAN; i++) {
      leaves.add(Tensor.scalar(random.nextGaussian()).requiresGrad());
      weights[i] = random.nextGaussian();
    }
    Tensor stacked = Tensor.stack(leaves, 0);
    stacked.mul(Tensor.of(weights)).sum().backward();
    for (int i = 0; i < FAN; i++) {
      assertEquals(weights[i], leaves.get(i).grad().item(), 0, "input " + i);
    }

    Tensor x = Tensor.scalar(2).requiresGrad();
    List<Tensor> uses = new ArrayList<>(FAN);
    for (int i = 0; i < FAN; i++) {
      uses.add(x.mul(i % 7));
    }
    Tensor.stack(uses, 0).sum().backward();
    double expected = 0;
    for (int i = 0; i < FAN; i++) {
      expected += i % 7;
    }
    assertEquals(expected, x.grad().item(), 0);
  }

  /**
   * After backward, an intermediate node is collectable while the loss is still referenced: the
   * pass releases the graph's edges, so the output does not keep the chain alive.
   */
  @Test
  void graphIsReleasedAfterBackward() throws InterruptedException {
    Tensor x = Tensor.randn(new Random(2), 100).requiresGrad();
    Tensor h = x;
    for (int i = 0; i < 1000; i++) {
      h = h.tanh().mul(1.01);
    }
    WeakReference<Tensor> middle = new WeakReference<>(h);
    Tensor loss = h.tanh().sum();
    h = null;
    assertTrue(stillAlive(middle), "the graph must be alive before backward");
    loss.backward();
    assertTrue(collectable(middle), "an intermediate node survived backward");
    assertNotNull(loss); // the output itself was reachable throughout
    assertTrue(loss.inputs().isEmpty());

    // And with retainGraph the graph stays, until the last reference goes.
    Tensor y = x.exp();
    WeakReference<Tensor> kept = new WeakReference<>(y);
    Tensor loss2 = y.sum();
    y = null;
    loss2.backward(true);
    assertTrue(stillAlive(kept), "retainGraph must keep the graph");
    loss2 = null;
    assertTrue(collectable(kept), "the graph must be collectable once its output is dropped");
  }

  /** Returns whether {@code ref} survives three collections (it is strongly reachable). */
  private static boolean stillAlive(WeakReference<?> ref) {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ref.get() != null;
  }

  /** Runs the collector until {@code ref} clears or about two seconds pass. */
  private static boolean collectable(WeakReference<?> ref) throws InterruptedException {
    for (int i = 0; i < 40 && ref.get() != null; i++) {
      System.gc();
      Thread.sleep(50);
    }
    return ref.get() == null;
  }

  // ------------------------------------------------------------------ growing graphs

  /**
   * Runs {@code block} on a fresh thread (the growth check keeps its state per thread, so
   * earlier tests on this thread cannot have used up its one warning) and rethrows what it threw.
   */
  private static void onFreshThread(Runnable block) {
    Throwable[] thrown = new Throwable[1];
    Thread thread = new Thread(() -> {
      try {
        block.run();
      } catch (Throwable t) {
        thrown[0] = t;
      }
    });
    thread.start();
    try {
      thread.join(120_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
    if (thrown[0] instanceof RuntimeException e) {
      throw e;
    }
    if (thrown[0] != null) {
      throw new AssertionError(thrown[0]);
    }
  }

  /** Captures warnings of the engine's logger while a block runs on a fresh thread. */
  private static List<String> warningsDuring(Runnable block) {
    List<String> messages = java.util.Collections.synchronizedList(new ArrayList<>());
    Handler handler =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            messages.add(record.getMessage());
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    GraphGrowthMonitor.LOG.addHandler(handler);
    try {
      onFreshThread(block);
    } finally {
      GraphGrowthMonitor.LOG.removeHandler(handler);
    }
    return messages;
  }

  /** A recurrent-style loop whose state is never detached: every step backpropagates further. */
  private static void trainForgettingDetach(int steps) {
    Tensor w = Tensor.of(new double[] {0.5, -0.3}).requiresGrad();
    Tensor state = Tensor.zeros(2);
    Random random = new Random(3);
    for (int step = 0; step < steps; step++) {
      Tensor input = Tensor.randn(random, 2);
      state = state.mul(w).add(input).tanh(); // bug: the state carries the whole history
      Tensor loss = state.pow(2).sum();
      loss.backward(true); // retainGraph "fixes" the freed-graph error and hides the bug
      try (var off = Autograd.noGrad()) {
        w.assign(w.sub(w.grad().mul(0.01)));
      }
      w.zeroGrad();
    }
  }

  private static void trainWithDetach(int steps) {
    Tensor w = Tensor.of(new double[] {0.5, -0.3}).requiresGrad();
    Tensor state = Tensor.zeros(2);
    Random random = new Random(3);
    for (int step = 0; step < steps; step++) {
      Tensor input = Tensor.randn(random, 2);
      state = state.mul(w).add(input).tanh();
      Tensor loss = state.pow(2).sum();
      loss.backward(true);
      state = state.detach(); // the fix
      try (var off = Autograd.noGrad()) {
        w.assign(w.sub(w.grad().mul(0.01)));
      }
      w.zeroGrad();
    }
  }

  @Test
  void graphGrowingAcrossStepsIsReportedOnce() {
    List<String> warnings = warningsDuring(() -> trainForgettingDetach(40));
    assertEquals(1, warnings.size(), "one warning, not one per step: " + warnings);
    String m = warnings.get(0);
    assertTrue(m.contains("grew in each of the last 10 backward passes"), m);
    assertTrue(m.contains("detach()") && m.contains("noGrad()"), m);
  }

  @Test
  void detachedLoopIsNotReported() {
    assertEquals(List.of(), warningsDuring(() -> trainWithDetach(40)));
  }

  @Test
  void graphGrowthCanBeMadeAnError() {
    String saved = System.getProperty(GraphGrowthMonitor.PROPERTY);
    System.setProperty(GraphGrowthMonitor.PROPERTY, "error");
    try {
      var e = assertThrows(IllegalStateException.class, () -> onFreshThread(() -> trainForgettingDetach(40)));
      assertTrue(e.getMessage().contains("the graph grew"), e.getMessage());
    } finally {
      if (saved == null) {
        System.clearProperty(GraphGrowthMonitor.PROPERTY);
      } else {
        System.setProperty(GraphGrowthMonitor.PROPERTY, saved);
      }
    }
  }

  /** Without retainGraph, the same bug stops at step 2 with an error that names the likely cause. */
  @Test
  void carriedGraphWithoutRetainGraphFailsNamingDetach() {
    Tensor w = Tensor.of(new double[] {0.5}).requiresGrad();
    Tensor state = Tensor.zeros(1);
    state = state.mul(w).add(1).tanh();
    state.sum().backward();
    Tensor next = state.mul(w).add(1).tanh();
    var e = assertThrows(IllegalStateException.class, () -> next.sum().backward());
    assertTrue(e.getMessage().contains("freed") && e.getMessage().contains("detach()"), e.getMessage());
    assertNull(state.op() == null ? null : state.inputs().isEmpty() ? null : "edges kept");
  }
}
