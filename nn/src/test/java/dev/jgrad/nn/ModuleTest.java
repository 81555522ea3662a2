package dev.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ModuleTest {
  /** A residual block, written as a user would: a few lines. */
  static final class Residual extends Module {
    private final Linear inner;

    Residual(int width, Random random) {
      inner = registerModule("inner", new Linear(width, width, random));
    }

    @Override
    public Tensor forward(Tensor x) {
      return x.add(inner.forward(x).relu());
    }
  }

  /** Two branches sharing one embedding layer, summed. */
  static final class TwoBranch extends Module {
    private final Linear shared;
    private final Linear right;

    TwoBranch(Random random) {
      shared = registerModule("shared", new Linear(3, 4, random));
      // The same layer also sits inside a second branch: its parameters are still listed once.
      registerModule("left", new Sequential(shared, new Tanh()));
      right = registerModule("right", new Linear(4, 4, random));
    }

    @Override
    public Tensor forward(Tensor x) {
      Tensor h = shared.forward(x);
      return h.tanh().add(right.forward(h));
    }
  }

  @Test
  void namesAreDottedAndInRegistrationOrder() {
    Random random = new Random(0);
    Sequential net = new Sequential(new Linear(2, 3, random), new Relu(), new Residual(3, random));
    assertEquals(
        List.of("0.weight", "0.bias", "2.inner.weight", "2.inner.bias"),
        List.copyOf(net.namedParameters().keySet()));
    assertEquals(6 + 3 + 9 + 3, net.parameterCount());
    assertEquals(4, net.parameters().size());
  }

  @Test
  void sharedParametersAreListedOnce() {
    TwoBranch net = new TwoBranch(new Random(0));
    assertEquals(
        List.of("shared.weight", "shared.bias", "right.weight", "right.bias"),
        List.copyOf(net.namedParameters().keySet()));
    assertEquals(12 + 4 + 16 + 4, net.parameterCount());
    Tensor out = net.forward(Tensor.ones(2, 3));
    assertArrayEquals(new int[] {2, 4}, out.shape());
  }

  @Test
  void customModuleTrainsThroughTheEngine() {
    Residual block = new Residual(3, new Random(1));
    block.forward(Tensor.ones(5, 3)).sum().backward();
    for (Tensor p : block.parameters()) {
      assertNotNull(p.grad());
    }
    block.zeroGrad();
    for (Tensor p : block.parameters()) {
      assertNull(p.grad());
    }
  }

  @Test
  void trainAndEvalReachEveryDescendant() {
    Random random = new Random(0);
    Sequential net = new Sequential(new Linear(2, 2, random), new Dropout(0.5, 1));
    assertTrue(net.isTraining());
    net.eval();
    for (Module m : net.modules()) {
      assertFalse(m.isTraining());
    }
    net.train();
    assertTrue(net.get(1).isTraining());
  }

  @Test
  void stateDictRoundTripsAndIsASnapshot() {
    Linear a = new Linear(3, 2, new Random(1));
    Linear b = new Linear(3, 2, new Random(2));
    Map<String, Tensor> state = a.stateDict();
    b.loadStateDict(state);
    assertArrayEquals(a.weight().toArray(), b.weight().toArray(), 0);
    assertArrayEquals(a.bias().toArray(), b.bias().toArray(), 0);
    Tensor before = b.weight();
    assertSame(before, b.parameters().get(0), "loading keeps the parameter objects");
    // Changing the module later does not change the snapshot.
    double saved = state.get("weight").get(0, 0);
    a.weight().assign(Tensor.zeros(2, 3));
    assertEquals(saved, state.get("weight").get(0, 0), 0);
  }

  @Test
  void loadStateDictNamesEveryProblemAndChangesNothing() {
    Linear model = new Linear(3, 2, new Random(1));
    double[] original = model.weight().toArray();
    Map<String, Tensor> state = new LinkedHashMap<>();
    state.put("weight", Tensor.zeros(3, 2));
    state.put("extra", Tensor.zeros(1));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> model.loadStateDict(state));
    assertEquals(
        "loadStateDict: state does not fit Linear: missing [bias], unexpected [extra], "
            + "mis-shaped [weight (expected [2, 3], got [3, 2])]",
        e.getMessage());
    assertArrayEquals(original, model.weight().toArray(), 0);
  }

  @Test
  void toStringShowsTheTreeWithParameterCounts() {
    Random random = new Random(0);
    Sequential net =
        new Sequential(new Linear(2, 16, random), new Relu(), new Linear(16, 1, random));
    assertEquals(
        String.join(
            "\n",
            "Sequential (parameters: 65)",
            "  (0): Linear(in=2, out=16) (parameters: 48)",
            "  (1): Relu",
            "  (2): Linear(in=16, out=1) (parameters: 17)"),
        net.toString());
  }

  @Test
  void registrationErrorsAreClear() {
    class Bad extends Module {
      Bad(String name) {
        registerParameter("w", Tensor.zeros(1));
        registerParameter(name, Tensor.zeros(1));
      }

      @Override
      public Tensor forward(Tensor x) {
        return x;
      }
    }
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> new Bad("w"))
            .getMessage()
            .contains("'w' is already used"));
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> new Bad("a.b"))
            .getMessage()
            .contains("no dot"));
  }

  @Test
  void linearRejectsAWrongInputShape() {
    Linear l = new Linear(3, 2, new Random(0));
    assertEquals(
        "Linear: input shape [4, 2] must end in 3 features",
        assertThrows(IllegalArgumentException.class, () -> l.forward(Tensor.zeros(4, 2)))
            .getMessage());
  }

  @Test
  void linearComputesXWTransposePlusB() {
    Linear l = new Linear(2, 2, new Random(0));
    l.weight().assign(Tensor.of(new double[][] {{1, 2}, {3, 4}}));
    l.bias().assign(Tensor.of(new double[] {0.5, -1}));
    Tensor out = l.forward(Tensor.of(new double[][] {{1, 1}, {2, -1}}));
    assertArrayEquals(new double[] {3.5, 6, 0.5, 1}, out.toArray(), 1e-12);
  }

  @Test
  void activationModulesComputeTheirFunction() {
    Tensor x = Tensor.of(new double[] {-2, 0.5});
    assertArrayEquals(new double[] {0, 0.5}, new Relu().forward(x).toArray(), 0);
    assertArrayEquals(new double[] {-0.2, 0.5}, new LeakyRelu(0.1).forward(x).toArray(), 1e-15);
    assertArrayEquals(
        new double[] {Math.tanh(-2), Math.tanh(0.5)}, new Tanh().forward(x).toArray(), 1e-15);
    assertArrayEquals(
        new double[] {1 / (1 + Math.exp(2)), 1 / (1 + Math.exp(-0.5))},
        new Sigmoid().forward(x).toArray(),
        1e-15);
    double e = Math.exp(2.5);
    assertArrayEquals(
        new double[] {1 / (1 + e), e / (1 + e)}, new Softmax().forward(x).toArray(), 1e-15);
    // GELU(0.5) = 0.5 * Phi(0.5) = 0.5 * 0.6914624612740131; GELU(-2) = -2 * 0.022750131948179.
    assertArrayEquals(
        new double[] {-2 * 0.022750131948179195, 0.5 * 0.6914624612740131},
        new Gelu().forward(x).toArray(),
        1e-12);
  }
}
