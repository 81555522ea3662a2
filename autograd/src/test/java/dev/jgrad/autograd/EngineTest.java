package dev.jgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Hand-checked cases of the backward engine, the grad-mode scopes, anomaly mode and GradCheck. */
class EngineTest {

  private static Tensor vector(double... values) {
    return Tensor.of(values);
  }

  // ---------------------------------------------------------------- graph shapes

  @Test
  void diamondSumsBothPaths() {
    Tensor a = vector(1, 2).requiresGrad();
    Tensor b = a.add(a);
    Tensor c = b.add(b);
    c.sum().backward();
    assertArrayEquals(new double[] {4, 4}, a.grad().toArray());

    // d/da (a*a + 3a) = 2a + 3: the two paths into a are summed.
    Tensor x = vector(1, 2).requiresGrad();
    x.mul(x).add(x.mul(3)).sum().backward();
    assertArrayEquals(new double[] {5, 7}, x.grad().toArray());
  }

  /**
   * The binary rules compute no gradient for an input that takes none (a constant factor would
   * otherwise cost a full-size product summed to one element), and the engine's gradients are
   * unchanged by that.
   */
  @Test
  void rulesComputeNoGradientForInputsThatTakeNone() {
    Tensor x = vector(1, 2, 3).requiresGrad();
    Tensor c = Tensor.scalar(4);
    Tensor u = vector(1, 1, 1);
    for (Tensor out : List.of(x.mul(c), x.div(c), x.sub(c), x.pow(c), Tensor.where(vector(1, 0, 1), x, c))) {
      Tensor[] grads = out.op().backward(u, out, out.inputs().toArray(new Tensor[0]));
      assertNull(grads[1], out.op().name() + ": no gradient for the constant");
      assertTrue(grads[0] != null, out.op().name() + ": a gradient for x");
    }
    Tensor[] reversed = {c, x};
    Tensor y = c.div(x);
    Tensor[] grads = y.op().backward(u, y, reversed);
    assertNull(grads[0]);
    assertArrayEquals(new double[] {-4, -1, -4.0 / 9}, grads[1].toArray(), 1e-15);
  }

  @Test
  void unusedInputGetsZerosFromAutogradGrad() {
    Tensor x = vector(1, 2, 3).requiresGrad();
    Tensor unused = Tensor.zeros(2, 2).requiresGrad();
    Tensor y = x.pow(2).sum();
    List<Tensor> grads = Autograd.grad(List.of(y), List.of(x, unused), false);
    assertArrayEquals(new double[] {2, 4, 6}, grads.get(0).toArray());
    assertArrayEquals(new int[] {2, 2}, grads.get(1).shape());
    assertArrayEquals(new double[4], grads.get(1).toArray());
    assertNull(x.grad(), "Autograd.grad must not touch grad()");
    assertNull(unused.grad());
  }

  @Test
  void twoBackwardRunsWithRetainGraphGiveIdenticalGradients() {
    Random r = new Random(3);
    Tensor x = Tensor.randn(r, 3, 4).requiresGrad();
    Tensor w = Tensor.randn(r, 4, 2).requiresGrad();
    Tensor loss = x.matmul(w).tanh().softmax(-1).log().mean();
    loss.backward(true);
    double[] gx = x.grad().toArray();
    double[] gw = w.grad().toArray();
    x.zeroGrad();
    w.zeroGrad();
    loss.backward(true);
    assertArrayEquals(gx, x.grad().toArray(), 0);
    assertArrayEquals(gw, w.grad().toArray(), 0);
    List<Tensor> again =
        Autograd.grad(List.of(loss), Collections.singletonList(null), List.of(x, w), false, true);
    assertArrayEquals(gx, again.get(0).toArray(), 0);
    assertArrayEquals(gw, again.get(1).toArray(), 0);
  }

  @Test
  void leafGradientsAccumulateUntilZeroed() {
    Tensor x = vector(1, -2).requiresGrad();
    Tensor y = x.mul(x).sum();
    y.backward(true);
    assertArrayEquals(new double[] {2, -4}, x.grad().toArray());
    y.backward();
    assertArrayEquals(new double[] {4, -8}, x.grad().toArray());
    x.mul(10).sum().backward(); // a second graph adds into the same leaf
    assertArrayEquals(new double[] {14, 2}, x.grad().toArray());
    x.zeroGrad();
    assertNull(x.grad());
    assertTrue(x.isLeaf());
    assertFalse(y.isLeaf());
  }

  @Test
  void backwardWithAnUpstreamGradient() {
    Tensor x = vector(1, 2, 3).requiresGrad();
    x.mul(x).backward(vector(1, 0, -1));
    assertArrayEquals(new double[] {2, 0, -6}, x.grad().toArray());
  }

  @Test
  void nonLeafGradIsKeptOnlyWithRetainGrad() {
    Tensor x = vector(1, 2).requiresGrad();
    Tensor h = x.mul(3);
    Tensor kept = x.mul(2).retainGrad();
    h.mul(kept).sum().backward();
    assertNull(h.grad());
    assertArrayEquals(new double[] {3, 6}, kept.grad().toArray()); // d/dkept = h
    assertArrayEquals(new double[] {12, 24}, x.grad().toArray()); // d/dx 6x^2 = 12x
  }

  @Test
  void detachCutsTheGraph() {
    Tensor x = vector(2, 3).requiresGrad();
    Tensor frozen = x.detach();
    assertTrue(frozen.isLeaf());
    assertFalse(frozen.isGradRequired());
    assertArrayEquals(x.toArray(), frozen.toArray());
    x.mul(frozen).sum().backward(); // only the first factor carries gradient
    assertArrayEquals(new double[] {2, 3}, x.grad().toArray());
  }

  // ---------------------------------------------------------------- hooks

  @Test
  void hookReplacesTheGradientAndCanBeRemoved() {
    Tensor x = vector(1, 2).requiresGrad();
    Tensor h = x.mul(2);
    List<double[]> seen = new ArrayList<>();
    HookHandle scale = h.registerHook(g -> g.mul(10));
    h.registerHook(
        g -> {
          seen.add(g.toArray());
          return null; // observe only
        });
    Tensor y = h.sum();
    y.backward(true);
    assertArrayEquals(new double[] {20, 20}, x.grad().toArray());
    assertArrayEquals(new double[] {10, 10}, seen.get(0), "later hooks see the replaced gradient");

    scale.remove();
    x.zeroGrad();
    y.backward();
    assertArrayEquals(new double[] {2, 2}, x.grad().toArray());
    assertArrayEquals(new double[] {1, 1}, seen.get(1));
  }

  @Test
  void hookOnALeafChangesWhatAccumulates() {
    Tensor x = vector(1, 2).requiresGrad();
    x.registerHook(g -> g.neg());
    x.mul(x).sum().backward();
    assertArrayEquals(new double[] {-2, -4}, x.grad().toArray());
  }

  // ---------------------------------------------------------------- grad modes

  @Test
  void noGradNestsAndEnableGradReopens() throws InterruptedException {
    Tensor x = vector(1, 2).requiresGrad();
    assertTrue(Autograd.isGradEnabled());
    try (Autograd.Scope outer = Autograd.noGrad()) {
      Tensor y = x.mul(2);
      assertFalse(Autograd.isGradEnabled());
      assertFalse(y.isGradRequired());
      assertTrue(y.isLeaf());
      assertArrayEquals(new double[] {2, 4}, y.toArray());
      try (Autograd.Scope inner = Autograd.noGrad()) {
        assertFalse(Autograd.isGradEnabled());
      }
      assertFalse(Autograd.isGradEnabled(), "closing the inner scope keeps the outer one");
      try (Autograd.Scope on = Autograd.enableGrad()) {
        assertTrue(Autograd.isGradEnabled());
        Tensor z = x.mul(2);
        assertTrue(z.isGradRequired());
        assertEquals("mul", z.op().name());
      }
      assertFalse(Autograd.isGradEnabled());

      // Grad mode is per thread: another thread still records graphs.
      AtomicReference<Boolean> enabled = new AtomicReference<>();
      AtomicReference<Boolean> recorded = new AtomicReference<>();
      Thread other =
          new Thread(
              () -> {
                enabled.set(Autograd.isGradEnabled());
                recorded.set(x.mul(2).isGradRequired());
              });
      other.start();
      other.join();
      assertTrue(enabled.get());
      assertTrue(recorded.get());
    }
    assertTrue(Autograd.isGradEnabled());
  }

  @Test
  void noGradInAnotherThreadDoesNotAffectThisOne() throws InterruptedException {
    java.util.concurrent.CountDownLatch opened = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch checked = new java.util.concurrent.CountDownLatch(1);
    Thread other =
        new Thread(
            () -> {
              try (Autograd.Scope off = Autograd.noGrad()) {
                opened.countDown();
                checked.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    other.start();
    opened.await();
    assertTrue(Autograd.isGradEnabled());
    assertTrue(vector(1).requiresGrad().exp().isGradRequired());
    checked.countDown();
    other.join();
  }

  @Test
  void assignUnderNoGradUpdatesALeafInPlace() {
    Tensor w = vector(1, 2).requiresGrad();
    w.mul(w).sum().backward();
    try (Autograd.Scope off = Autograd.noGrad()) {
      w.assign(w.sub(w.grad().mul(0.25)));
    }
    assertArrayEquals(new double[] {0.5, 1}, w.toArray());
    assertTrue(w.isLeaf());
    assertTrue(w.isGradRequired());
  }

  // ---------------------------------------------------------------- higher order

  @Test
  void autogradGradWithCreateGraphIsDifferentiable() {
    Tensor x = vector(1, 2, 3).requiresGrad();
    Tensor dy = Autograd.grad(x.pow(3).sum(), x, true);
    assertTrue(dy.isGradRequired());
    assertArrayEquals(new double[] {3, 12, 27}, dy.toArray());
    Tensor d2y = Autograd.grad(dy.sum(), x, false);
    assertArrayEquals(new double[] {6, 12, 18}, d2y.toArray());
    assertFalse(d2y.isGradRequired());
    assertNull(x.grad());
  }

  // ---------------------------------------------------------------- anomaly mode

  @Test
  void anomalyModeNamesTheForwardOpThatProducedInfAndWhere() {
    Tensor x = vector(1, 0, 2).requiresGrad();
    try (Autograd.Scope anomaly = Autograd.detectAnomaly()) {
      assertTrue(Autograd.isAnomalyEnabled());
      Tensor y = x.mul(2); // finite: no complaint
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> y.log());
      String m = e.getMessage();
      assertTrue(m.startsWith("anomaly: log produced -Inf in its output (forward)"), m);
      assertTrue(m.contains("[3]"), m);
      assertTrue(m.contains("EngineTest"), "creation site missing: " + m);
    }
    assertFalse(Autograd.isAnomalyEnabled());
    // Outside anomaly mode, IEEE semantics: no exception.
    assertEquals(Double.NEGATIVE_INFINITY, x.mul(2).log().get(1));
  }

  @Test
  void anomalyModeReportsOnlyTheFirstOpThatWentWrong() {
    Tensor x = vector(-1, 4).requiresGrad();
    try (Autograd.Scope anomaly = Autograd.detectAnomaly()) {
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> x.sqrt());
      assertTrue(e.getMessage().startsWith("anomaly: sqrt produced NaN"), e.getMessage());
      Tensor already = Tensor.of(new double[] {Double.NaN, 1});
      // An op fed a non-finite input is not the first culprit: no exception.
      assertTrue(Double.isNaN(already.mul(2).exp().get(0)));
    }
  }

  @Test
  void anomalyModeNamesTheBackwardOpThatProducedInfAndWhereItWasCreated() {
    Tensor x = vector(0, 1).requiresGrad();
    try (Autograd.Scope anomaly = Autograd.detectAnomaly()) {
      Tensor y = x.sqrt().sum(); // sqrt(0) = 0 is finite; its derivative 1/(2 sqrt 0) is not
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> y.backward());
      String m = e.getMessage();
      assertTrue(m.startsWith("anomaly: the backward of sqrt produced +Inf"), m);
      assertTrue(m.contains("input 0 (shape [2])"), m);
      assertTrue(m.contains("the sqrt was created at dev.jgrad.autograd.EngineTest"), m);
    }
    // Without anomaly mode the infinite gradient is returned as is (IEEE).
    Tensor z = vector(0, 1).requiresGrad();
    z.sqrt().sum().backward();
    assertEquals(Double.POSITIVE_INFINITY, z.grad().get(0));
    assertEquals(0.5, z.grad().get(1));
  }

  // ---------------------------------------------------------------- user-defined functions

  /** {@code softsign(x) = x / (1 + |x|)}, {@code d/dx = 1 / (1 + |x|)^2}. */
  private static final Function SOFTSIGN =
      Function.of(
          "softsign",
          in -> in[0].div(in[0].abs().add(1)),
          (upstream, out, in) -> new Tensor[] {upstream.div(in[0].abs().add(1).pow(2))});

  @Test
  void userFunctionJoinsTheGraphAndPassesGradCheck() {
    Tensor x = vector(-2, 0.5, 3).requiresGrad();
    Tensor y = SOFTSIGN.apply(x);
    assertEquals("softsign", y.op().name());
    assertSame(x, y.inputs().get(0));
    assertArrayEquals(new double[] {-2.0 / 3, 0.5 / 1.5, 0.75}, y.toArray(), 1e-15);
    y.sum().backward();
    assertArrayEquals(new double[] {1.0 / 9, 1 / 2.25, 1.0 / 16}, x.grad().toArray(), 1e-15);
    GradCheck.Report r = GradCheck.check(in -> SOFTSIGN.apply(in.get(0)).mul(in.get(0)),
        Tensor.randn(new Random(5), 3, 3));
    r.assertOk();
    assertTrue(r.toString().startsWith("gradcheck passed"), r.toString());
    try (Autograd.Scope off = Autograd.noGrad()) {
      assertTrue(SOFTSIGN.apply(x).isLeaf());
    }
  }

  @Test
  void subclassedFunction() {
    Function cube =
        new Function("cube") {
          @Override
          protected Tensor forward(Tensor... in) {
            return in[0].pow(3);
          }

          @Override
          protected Tensor[] backward(Tensor upstream, Tensor output, Tensor... in) {
            return new Tensor[] {upstream.mul(in[0].pow(2).mul(3))};
          }
        };
    Tensor x = vector(2).requiresGrad();
    cube.apply(x).sum().backward();
    assertEquals(12, x.grad().item());
    assertEquals("cube", cube.name());
  }

  // ---------------------------------------------------------------- GradCheck

  /** Right for input 0; for input 1 the derivative is doubled at element [1, 2] only. */
  @Test
  void wrongDerivativeFailsGradCheckNamingTheInputAndWorstIndex() {
    Function brokenAtOneElement =
        Function.of(
            "brokenMul",
            in -> in[0].mul(in[1]),
            (upstream, out, in) -> {
              Tensor spike = Tensor.of(new double[] {0, 0, 0, 0, 0, 1}, 2, 3); // 1 at element [1, 2]
              Tensor wrongB = upstream.mul(in[0]).mul(spike.add(1));
              return new Tensor[] {upstream.mul(in[1]), wrongB};
            });
    Tensor a = Tensor.of(new double[][] {{1, 2, 3}, {4, 5, 6}});
    Tensor b = Tensor.of(new double[][] {{-1, 1, -1}, {1, -1, 1}});
    GradCheck.Report r = GradCheck.check(in -> brokenAtOneElement.apply(in.get(0), in.get(1)), a, b);
    assertFalse(r.ok());
    assertTrue(r.inputs().get(0).ok());
    GradCheck.InputResult bad = r.inputs().get(1);
    assertFalse(bad.ok());
    assertArrayEquals(new int[] {1, 2}, bad.index());
    assertEquals(2 * bad.numeric(), bad.analytic(), 1e-6 * Math.abs(bad.numeric()));
    GradCheck.GradCheckFailure e = assertThrows(GradCheck.GradCheckFailure.class, r::assertOk);
    String m = e.getMessage();
    assertTrue(m.contains("gradcheck FAILED"), m);
    assertTrue(m.contains("input 1 [2, 3]: MISMATCH, worst element [1, 2]"), m);
    assertTrue(m.contains("input 0 [2, 3]: ok"), m);
    assertTrue(e instanceof AssertionError);
  }

  @Test
  void randomDirectionModeChecksOneDirectionalDerivativePerInput() {
    Random r = new Random(11);
    Tensor x = Tensor.randn(r, 60, 40);
    Tensor w = Tensor.randn(r, 40, 30);
    GradCheck.Options options = GradCheck.Options.defaults().withRandomDirection(true).withSeed(4);
    GradCheck.Report ok =
        GradCheck.check(in -> in.get(0).matmul(in.get(1)).tanh(), List.of(x, w), options);
    ok.assertOk();
    assertEquals(2, ok.inputs().size());
    assertNull(ok.inputs().get(0).index());
    assertTrue(ok.toString().contains("random direction"), ok.toString());

    Function halfGradient =
        Function.of("halfSquare", in -> in[0].mul(in[0]),
            (g, out, in) -> new Tensor[] {g.mul(in[0])});
    GradCheck.Report bad = GradCheck.check(in -> halfGradient.apply(in.get(0)), List.of(x), options);
    assertFalse(bad.ok(), bad::toString);
    assertEquals(2 * bad.inputs().get(0).analytic(), bad.inputs().get(0).numeric(),
        1e-6 * Math.abs(bad.inputs().get(0).numeric()));
  }

  @Test
  void gradCheckTolerancesAreConfigurable() {
    Tensor x = vector(0.3, -0.7);
    GradCheck.Options loose = GradCheck.Options.defaults().withTolerance(10, 10).withEps(1e-3);
    assertEquals(1e-3, loose.eps());
    assertEquals(10, loose.atol());
    // A derivative off by 10% fails the defaults (rtol 1e-3) and passes a 20% rtol.
    Function off =
        Function.of("tenPercentOff", in -> in[0].exp(),
            (g, out, in) -> new Tensor[] {g.mul(out).mul(1.1)});
    assertFalse(GradCheck.check(in -> off.apply(in.get(0)), x).ok());
    assertTrue(
        GradCheck.check(in -> off.apply(in.get(0)), List.of(x),
                GradCheck.Options.defaults().withTolerance(1e-5, 0.2))
            .ok());
    GradCheck.Options d = GradCheck.Options.defaults();
    assertEquals(1e-6, d.eps());
    assertEquals(1e-5, d.atol());
    assertEquals(1e-3, d.rtol());
  }

  // ---------------------------------------------------------------- hand values

  @Test
  void matmulHandValues() {
    Tensor a = Tensor.of(new double[][] {{1, 2}, {3, 4}}).requiresGrad();
    Tensor b = Tensor.of(new double[][] {{5, 6}, {7, 8}}).requiresGrad();
    Tensor c = a.matmul(b);
    assertArrayEquals(new double[] {19, 22, 43, 50}, c.toArray());
    c.sum().backward();
    assertArrayEquals(new double[] {11, 15, 11, 15}, a.grad().toArray()); // ones @ b^T
    assertArrayEquals(new double[] {4, 4, 6, 6}, b.grad().toArray()); // a^T @ ones

    Tensor u = vector(1, 2, 3).requiresGrad();
    Tensor v = vector(4, 5, 6).requiresGrad();
    Tensor dot = u.matmul(v);
    assertEquals(0, dot.dim());
    assertEquals(32, dot.item());
    dot.backward();
    assertArrayEquals(new double[] {4, 5, 6}, u.grad().toArray());
    assertArrayEquals(new double[] {1, 2, 3}, v.grad().toArray());

    // Batched with broadcast batch: [2, 1, 2] @ [2, 1] -> [2, 1, 1].
    Tensor batch = Tensor.of(new double[] {1, 2, 3, 4}, 2, 1, 2);
    Tensor col = Tensor.of(new double[] {10, 1}, 2, 1);
    Tensor out = batch.matmul(col);
    assertArrayEquals(new int[] {2, 1, 1}, out.shape());
    assertArrayEquals(new double[] {12, 34}, out.toArray());
    assertArrayEquals(new int[] {2, 1}, batch.matmul(vector(10, 1)).shape());
  }

  @Test
  void broadcastingHandValuesAndGradientsSummedBack() {
    Tensor a = Tensor.of(new double[] {1, 2}, 2, 1).requiresGrad();
    Tensor b = vector(10, 20, 30).requiresGrad();
    Tensor sum = a.add(b);
    assertArrayEquals(new int[] {2, 3}, sum.shape());
    assertArrayEquals(new double[] {11, 21, 31, 12, 22, 32}, sum.toArray());
    Tensor prod = a.mul(b);
    prod.sum().backward();
    assertArrayEquals(new int[] {2, 1}, a.grad().shape());
    assertArrayEquals(new double[] {60, 60}, a.grad().toArray()); // sum of b, per row
    assertArrayEquals(new int[] {3}, b.grad().shape());
    assertArrayEquals(new double[] {3, 3, 3}, b.grad().toArray()); // sum of a, per column

    Tensor s = Tensor.scalar(2).requiresGrad();
    Tensor m = Tensor.ones(2, 3).mul(s).sum();
    m.backward();
    assertEquals(6, s.grad().item());
    assertEquals(0, s.grad().dim());
  }

  @Test
  void reductionAndSoftmaxHandValues() {
    Tensor x = Tensor.of(new double[][] {{1, 5, 3}, {4, 2, 6}}).requiresGrad();
    assertArrayEquals(new double[] {9, 12}, x.sum(1).toArray());
    assertArrayEquals(new double[] {5, 6}, x.max(1, false).toArray());
    assertArrayEquals(new double[] {1, 2, 3}, x.min(0, false).toArray());
    assertArrayEquals(new double[] {4, 4}, x.var(1, false).toArray(), 1e-15);
    assertEquals(3.5, x.mean().item());
    assertArrayEquals(new double[] {1, 2}, x.argmax(1).toArray());
    assertFalse(x.argmax(1).isGradRequired());
    x.max(1, false).sum().backward();
    assertArrayEquals(new double[] {0, 1, 0, 0, 0, 1}, x.grad().toArray());

    Tensor sm = Tensor.of(new double[] {0, Math.log(3)}).softmax(0);
    assertArrayEquals(new double[] {0.25, 0.75}, sm.toArray(), 1e-15);
    Tensor big = Tensor.of(new double[] {1000, 1000}).logSoftmax(0);
    assertArrayEquals(new double[] {-Math.log(2), -Math.log(2)}, big.toArray(), 1e-12);

    Tensor tie = vector(3, 3, 1).requiresGrad();
    tie.max().backward();
    assertArrayEquals(new double[] {0.5, 0.5, 0}, tie.grad().toArray(), "ties share the gradient");
  }

  // ---------------------------------------------------------------- display

  @Test
  void tensorToString() {
    assertEquals("tensor([1.0, 2.0], shape=[2])", vector(1, 2).toString());
    assertEquals("tensor(3.5, shape=[])", Tensor.scalar(3.5).toString());
    assertEquals(
        "tensor([[1.0, 2.0], [3.0, 4.0]], shape=[2, 2], requiresGrad, label=w)",
        Tensor.of(new double[][] {{1, 2}, {3, 4}}).requiresGrad().label("w").toString());
    Tensor x = vector(1, 2).requiresGrad();
    assertEquals("tensor([2.0, 4.0], shape=[2], op=mul)", x.mul(2).toString());
    String big = Tensor.arange(2000).toString();
    assertEquals("tensor([0.0, 1.0, 2.0, ..., 1997.0, 1998.0, 1999.0], shape=[2000])", big);
    assertTrue(Tensor.zeros(20, 60).toString().contains("..."));
    assertEquals("tensor([], shape=[0])", Tensor.zeros(0).toString());
  }

  /**
   * The engine sums repeated contributions in place only into sums it made itself: the caller's
   * upstream, gradients passed through by add, and earlier results stay untouched.
   */
  @Test
  void inPlaceAccumulationLeavesOtherTensorsAlone() {
    Tensor x = Tensor.of(new double[] {1, 2}).requiresGrad();
    Tensor a = x.mul(3);
    Tensor s = a.add(a).add(a).add(x); // a reached three times, x twice
    Tensor u = Tensor.of(new double[] {1, -1});
    List<Tensor> seen = new ArrayList<>();
    a.registerHook(g -> {
      seen.add(g);
      return g;
    });
    s.backward(u, true);
    assertArrayEquals(new double[] {1, -1}, u.toArray(), 0);
    assertArrayEquals(new double[] {3, -3}, seen.get(0).toArray(), 0);
    assertArrayEquals(new double[] {10, -10}, x.grad().toArray(), 0); // 3 * 3 + 1
    Tensor first = x.grad();
    s.backward(u);
    assertArrayEquals(new double[] {10, -10}, first.toArray(), 0);
    assertArrayEquals(new double[] {20, -20}, x.grad().toArray(), 0);
    assertArrayEquals(new double[] {3, -3}, seen.get(0).toArray(), 0);
    assertArrayEquals(new double[] {1, -1}, u.toArray(), 0);
  }
}
