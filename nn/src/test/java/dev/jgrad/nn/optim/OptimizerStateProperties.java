package dev.jgrad.nn.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * {@link Optimizer#loadState} either takes a state and then continues exactly as the optimizer
 * that saved it, or rejects it with an {@link IllegalArgumentException} and stays as it was: for
 * six optimizers, any number of steps, and any one corruption of the saved state.
 */
class OptimizerStateProperties {
  private static final List<Function<List<Tensor>, Optimizer>> KINDS =
      List.of(
          ps -> new Adam(ps, 0.05),
          ps -> new AdamW(ps, 0.05, 0.9, 0.999, 1e-8, 0.01),
          ps -> new Sgd(ps, 0.1),
          ps -> new Sgd(ps, 0.1, 0.9),
          ps -> new RmsProp(ps, 0.01),
          ps -> new RmsProp(ps, 0.01, 0.9, 1e-8, 0, 0.5, true));

  /** The ways a saved state can be corrupted; NONE leaves it intact. */
  enum Corruption {
    NONE,
    NEGATIVE_STEP,
    FRACTIONAL_STEP,
    NAN_STEP,
    HUGE_STEP,
    MISSING_STEP,
    SHORT_STEP,
    NAN_VALUE,
    INFINITE_VALUE,
    NEGATIVE_SQUARE,
    SHORT_ARRAY,
    NULL_ARRAY,
    DROPPED_SLOT,
    FOREIGN_KEY,
    SIGNED_INDEX,
    SLOTS_WITHOUT_STEPS
  }

  private static List<Tensor> parameters(long seed) {
    Random random = new Random(seed);
    return List.of(
        Tensor.randn(random, 1 + random.nextInt(3), 2).requiresGrad(),
        Tensor.randn(random, 1 + random.nextInt(4)).requiresGrad());
  }

  private static void run(Optimizer optimizer, List<Tensor> ps, int steps) {
    for (int s = 0; s < steps; s++) {
      optimizer.zeroGrad();
      Tensor loss = Tensor.scalar(0);
      for (Tensor p : ps) {
        loss = loss.add(p.mul(p).sum()).add(p.sin().sum());
      }
      loss.backward();
      optimizer.step();
    }
  }

  @Property(tries = 200, seed = "1403")
  void loadStateContinuesExactlyOrRejectsAndChangesNothing(
      @ForAll @IntRange(min = 0, max = 5) int kind,
      @ForAll @IntRange(min = 0, max = 3) int steps,
      @ForAll Corruption corruption,
      @ForAll @IntRange(min = 0, max = 1000) int seed) {
    Function<List<Tensor>, Optimizer> make = KINDS.get(kind);
    List<Tensor> saved = parameters(seed);
    Optimizer original = make.apply(saved);
    run(original, saved, steps);
    Map<String, double[]> state = original.state();
    boolean changed = corrupt(state, corruption, new Random(seed), original);

    List<Tensor> copies = new ArrayList<>();
    for (Tensor p : saved) {
      copies.add(Tensor.of(p.toArray(), p.shape()).requiresGrad());
    }
    Optimizer restored = make.apply(copies);
    run(restored, copies, 1); // some state of its own, which a rejected load must keep
    Map<String, double[]> before = restored.state();
    if (!changed) {
      try (Autograd.Scope off = Autograd.noGrad()) {
        for (int i = 0; i < saved.size(); i++) {
          copies.get(i).assign(saved.get(i)); // undo the step of its own
        }
      }
      restored.loadState(state);
      run(original, saved, 2);
      run(restored, copies, 2);
      for (int i = 0; i < saved.size(); i++) {
        assertArrayEquals(saved.get(i).toArray(), copies.get(i).toArray(), 0, "parameter " + i);
      }
      return;
    }
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> restored.loadState(state));
    assertTrue(e.getMessage().contains(".loadState: "), e.getMessage());
    Map<String, double[]> after = restored.state();
    assertEquals(before.keySet(), after.keySet());
    for (Map.Entry<String, double[]> entry : before.entrySet()) {
      assertArrayEquals(entry.getValue(), after.get(entry.getKey()), 0, entry.getKey());
    }
  }

  /** Applies {@code corruption} to {@code state}; returns false when it could not apply (NONE). */
  private static boolean corrupt(
      Map<String, double[]> state, Corruption corruption, Random random, Optimizer owner) {
    List<String> arrays = new ArrayList<>(state.keySet());
    arrays.remove("step");
    String array = arrays.isEmpty() ? null : arrays.get(random.nextInt(arrays.size()));
    double[] step = state.get("step");
    switch (corruption) {
      case NEGATIVE_STEP:
        step[random.nextInt(step.length)] = -1;
        return true;
      case FRACTIONAL_STEP:
        step[random.nextInt(step.length)] += 0.5;
        return true;
      case NAN_STEP:
        step[random.nextInt(step.length)] = Double.NaN;
        return true;
      case HUGE_STEP:
        step[random.nextInt(step.length)] = 1L << 32;
        return true;
      case MISSING_STEP:
        state.remove("step");
        return true;
      case SHORT_STEP:
        state.put("step", new double[] {step[0]});
        return true;
      case FOREIGN_KEY:
        state.put("velocity.0", new double[1]);
        return true;
      case SLOTS_WITHOUT_STEPS:
        if (array == null) {
          return corrupt(state, Corruption.FRACTIONAL_STEP, random, owner);
        }
        java.util.Arrays.fill(step, 0);
        return true;
      default:
        break;
    }
    if (corruption == Corruption.NONE) {
      return false;
    }
    if (array == null) {
      // No parameter has taken a step yet, or this optimizer keeps no arrays.
      return corrupt(state, Corruption.NEGATIVE_STEP, random, owner);
    }
    double[] values = state.get(array);
    switch (corruption) {
      case NAN_VALUE:
        values[random.nextInt(values.length)] = Double.NaN;
        return true;
      case INFINITE_VALUE:
        values[random.nextInt(values.length)] = Double.NEGATIVE_INFINITY;
        return true;
      case NEGATIVE_SQUARE:
        String square = owner instanceof Adam ? "secondMoment" : "squareAverage";
        String key = square + array.substring(array.lastIndexOf('.'));
        if (!(owner instanceof Adam || owner instanceof RmsProp) || !state.containsKey(key)) {
          return corrupt(state, Corruption.NAN_VALUE, random, owner);
        }
        state.get(key)[0] = -1e-9;
        return true;
      case SHORT_ARRAY:
        state.put(array, java.util.Arrays.copyOf(values, values.length + 1));
        return true;
      case NULL_ARRAY:
        state.put(array, null);
        return true;
      case DROPPED_SLOT:
        state.remove(array);
        return true;
      case SIGNED_INDEX:
        Map<String, double[]> renamed = new LinkedHashMap<>();
        for (Map.Entry<String, double[]> e : state.entrySet()) {
          String k = e.getKey().equals(array) ? array.replace(".", ".+") : e.getKey();
          renamed.put(k, e.getValue());
        }
        state.clear();
        state.putAll(renamed);
        return true;
      default:
        throw new AssertionError(corruption);
    }
  }
}
