package dev.jgrad.nn.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jgrad.autograd.Tensor;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Checks that an optimizer restored from {@link Optimizer#state()} continues exactly. */
class OptimizerStateTest {
  private static final double[] START = {1, -2, 0.5};

  /** Runs {@code steps} steps of gradient 2p + (1, 2, 3) (a quadratic) on {@code p}. */
  private static void run(Optimizer optimizer, Tensor p, int steps) {
    for (int s = 0; s < steps; s++) {
      optimizer.zeroGrad();
      p.mul(p).sum().add(p.mul(Tensor.of(new double[] {1, 2, 3})).sum()).backward();
      optimizer.step();
    }
  }

  private static void assertResumesExactly(Function<List<Tensor>, Optimizer> make) {
    Tensor straight = Tensor.of(START.clone()).requiresGrad();
    run(make.apply(List.of(straight)), straight, 7);

    Tensor first = Tensor.of(START.clone()).requiresGrad();
    Optimizer before = make.apply(List.of(first));
    run(before, first, 3);
    Map<String, double[]> saved = before.state();
    Tensor second = Tensor.of(first.toArray()).requiresGrad();
    Optimizer after = make.apply(List.of(second));
    after.loadState(saved);
    assertEquals(3, after.stepCount(0));
    run(after, second, 4);
    assertArrayEquals(straight.toArray(), second.toArray(), 0.0);
  }

  @Test
  void adamResumesExactly() {
    assertResumesExactly(ps -> new Adam(ps, 0.1));
  }

  @Test
  void adamWSgdMomentumAndRmsPropResumeExactly() {
    assertResumesExactly(ps -> new AdamW(ps, 0.1, 0.9, 0.999, 1e-8, 0.01));
    assertResumesExactly(ps -> new Sgd(ps, 0.1, 0.9));
    assertResumesExactly(ps -> new RmsProp(ps, 0.01, 0.99, 1e-8, 0, 0.9, true));
  }

  @Test
  void stateNamesStepsAndMoments() {
    Tensor p = Tensor.of(START.clone()).requiresGrad();
    Adam adam = new Adam(List.of(p), 0.1);
    assertEquals(List.of("step"), List.copyOf(adam.state().keySet()));
    run(adam, p, 2);
    Map<String, double[]> state = adam.state();
    assertEquals(List.of("step", "firstMoment.0", "secondMoment.0"), List.copyOf(state.keySet()));
    assertArrayEquals(new double[] {2}, state.get("step"));
    // after one step m = 0.1 g1; the copy must not alias the optimizer's array
    state.get("firstMoment.0")[0] = 99;
    assertEquals(false, adam.state().get("firstMoment.0")[0] == 99);
  }

  @Test
  void loadStateRejectsForeignState() {
    Tensor p = Tensor.of(START.clone()).requiresGrad();
    Adam adam = new Adam(List.of(p), 0.1);
    assertEquals(
        "Adam.loadState: needs \"step\" with 1 counts, got none",
        assertThrows(IllegalArgumentException.class, () -> adam.loadState(Map.of())).getMessage());
    assertEquals(
        "Adam.loadState: unknown state momentum.0 (slots [firstMoment, secondMoment],"
            + " parameters 0..0)",
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    adam.loadState(
                        new java.util.LinkedHashMap<>(
                            Map.of("step", new double[] {1}, "momentum.0", new double[3]))))
            .getMessage());
    assertEquals(
        "Adam.loadState: firstMoment.0 has 2 values but parameter 0 has 3",
        assertThrows(
                IllegalArgumentException.class,
                () ->
                    adam.loadState(
                        Map.of("step", new double[] {1}, "firstMoment.0", new double[2])))
            .getMessage());
  }
}
