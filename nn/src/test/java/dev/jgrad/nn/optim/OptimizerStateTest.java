package dev.jgrad.nn.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
  /** Returns the message of the IAE that {@code optimizer.loadState(state)} throws. */
  private static String rejection(Optimizer optimizer, Map<String, double[]> state) {
    return assertThrows(IllegalArgumentException.class, () -> optimizer.loadState(state))
        .getMessage();
  }

  /** Returns an Adam over one 3-element parameter after two steps, and its state. */
  private static Adam adamAfterTwoSteps() {
    Tensor p = Tensor.of(START.clone()).requiresGrad();
    Adam adam = new Adam(List.of(p), 0.1);
    run(adam, p, 2);
    return adam;
  }

  private static Map<String, double[]> withEntry(
      Map<String, double[]> state, String key, double[] value) {
    Map<String, double[]> copy = new java.util.LinkedHashMap<>(state);
    copy.put(key, value);
    return copy;
  }

  @Test
  void loadStateRejectsStepCountsThatAreNotCounts() {
    Adam adam = adamAfterTwoSteps();
    Map<String, double[]> good = adam.state();
    // -1 would make Adam's next step divide by 1 - beta1^0 = 0; 2.5 used to be truncated to 2.
    assertEquals(
        "Adam.loadState: step count 0 is -1.0; counts are whole numbers in [0, 2147483647]",
        rejection(adam, withEntry(good, "step", new double[] {-1})));
    assertEquals(
        "Adam.loadState: step count 0 is 2.5; counts are whole numbers in [0, 2147483647]",
        rejection(adam, withEntry(good, "step", new double[] {2.5})));
    for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, 3e9}) {
      assertTrue(
          rejection(adam, withEntry(good, "step", new double[] {bad}))
              .startsWith("Adam.loadState: step count 0 is " + bad),
          "step " + bad);
    }
    // Nothing changed: the optimizer still continues from its own two steps.
    assertEquals(2, adam.stepCount(0));
    assertArrayEquals(good.get("firstMoment.0"), adam.state().get("firstMoment.0"), 0);
  }

  @Test
  void loadStateRejectsNullsNaNsAndNegativeSecondMoments() {
    Adam adam = adamAfterTwoSteps();
    Map<String, double[]> good = adam.state();
    assertEquals(
        "Adam.loadState: state is null; pass a map as returned by state()",
        rejection(adam, null));
    assertEquals(
        "Adam.loadState: firstMoment.0 is null",
        rejection(adam, withEntry(good, "firstMoment.0", null)));
    assertEquals(
        "Adam.loadState: state holds a null key",
        rejection(adam, withEntry(good, null, new double[3])));
    assertEquals(
        "Adam.loadState: firstMoment.0[1] is NaN; it must be finite",
        rejection(adam, withEntry(good, "firstMoment.0", new double[] {0, Double.NaN, 0})));
    assertEquals(
        "Adam.loadState: secondMoment.0[2] is -0.001; it must be finite and >= 0",
        rejection(adam, withEntry(good, "secondMoment.0", new double[] {0, 0, -1e-3})));
    assertEquals(2, adam.stepCount(0));
  }

  @Test
  void loadStateRejectsIndicesNotWrittenAsStateWritesThem() {
    Adam adam = adamAfterTwoSteps();
    Map<String, double[]> good = adam.state();
    for (String key : new String[] {"firstMoment.+0", "firstMoment.00", "firstMoment.-0",
        "firstMoment.1", "firstMoment", "firstMoment."}) {
      Map<String, double[]> state = withEntry(good, key, new double[3]);
      assertTrue(
          rejection(adam, state).startsWith("Adam.loadState: unknown state " + key + " ("), key);
    }
  }

  @Test
  void loadStateRejectsSlotsThatDoNotMatchTheStepsOrSettings() {
    Adam adam = adamAfterTwoSteps();
    Map<String, double[]> good = adam.state();
    Map<String, double[]> halfAdam = new java.util.LinkedHashMap<>(good);
    halfAdam.remove("secondMoment.0");
    assertEquals(
        "Adam.loadState: parameter 0 has taken 2 steps, so its state needs the slots"
            + " [firstMoment, secondMoment], got [firstMoment] (was the state saved by an"
            + " optimizer with other settings?)",
        rejection(adam, halfAdam));
    assertEquals(
        "Adam.loadState: parameter 0 has taken 0 steps, so its state needs the slots [], got"
            + " [firstMoment, secondMoment] (was the state saved by an optimizer with other"
            + " settings?)",
        rejection(adam, withEntry(good, "step", new double[] {0})));
    // A centered RmsProp whose saved state lacks gradAverage would have thrown a raw
    // NullPointerException on its next step.
    Tensor p = Tensor.of(START.clone()).requiresGrad();
    RmsProp plain = new RmsProp(List.of(p), 0.01);
    run(plain, p, 1);
    RmsProp centered =
        new RmsProp(List.of(Tensor.of(START.clone()).requiresGrad()), 0.01, 0.99, 1e-8, 0, 0, true);
    assertTrue(
        rejection(centered, plain.state())
            .startsWith(
                "RmsProp.loadState: parameter 0 has taken 1 steps, so its state needs the slots"
                    + " [gradAverage, squareAverage], got [squareAverage]"));
    // Sgd without momentum keeps no slots, so momentum buffers are foreign to it.
    Tensor q = Tensor.of(START.clone()).requiresGrad();
    Sgd heavyBall = new Sgd(List.of(q), 0.1, 0.9);
    run(heavyBall, q, 1);
    Sgd plainSgd = new Sgd(List.of(Tensor.of(START.clone()).requiresGrad()), 0.1);
    assertTrue(
        rejection(plainSgd, heavyBall.state())
            .contains("needs the slots [], got [momentum]"));
  }

  @Test
  void stepAtTheLargestCountIsRefusedWithoutUpdating() {
    Tensor p = Tensor.of(START.clone()).requiresGrad();
    Sgd sgd = new Sgd(List.of(p), 0.1);
    sgd.loadState(Map.of("step", new double[] {Integer.MAX_VALUE}));
    p.mul(p).sum().backward();
    IllegalStateException e = assertThrows(IllegalStateException.class, sgd::step);
    assertEquals(
        "Sgd.step: parameter 0 has taken 2147483647 steps, the most a step count holds",
        e.getMessage());
    assertArrayEquals(START, p.toArray(), 0);
  }
}
