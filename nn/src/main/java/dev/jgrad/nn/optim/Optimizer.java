package dev.jgrad.nn.optim;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.kernels.Storage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A gradient-descent rule that updates parameters in place from their accumulated gradients.
 *
 * <p>The loop is {@code zeroGrad(); loss = ...; loss.backward(); step();}. A parameter whose
 * gradient is null (it did not take part in the loss) is skipped and its step count does not
 * advance, as in PyTorch. Subclasses implement {@link #update} on plain arrays; state such as
 * momentum lives in the optimizer, one slot per parameter.
 */
public abstract class Optimizer {
  private final String name;
  private final List<Tensor> parameters;
  private final int[] steps;
  private double learningRate;

  /**
   * Returns an optimizer over {@code parameters}.
   *
   * @param name the optimizer's name, used in error messages
   * @param parameters the leaves to update, each requiring grad, no tensor twice
   * @param learningRate the step size, non-negative and finite
   * @throws IllegalArgumentException if the list is empty, holds a non-leaf, a tensor that does not
   *     require grad or the same tensor twice, or the learning rate is negative or not finite
   */
  protected Optimizer(String name, List<Tensor> parameters, double learningRate) {
    this.name = name;
    if (parameters == null || parameters.isEmpty()) {
      throw new IllegalArgumentException(name + ": needs at least one parameter");
    }
    Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (int i = 0; i < parameters.size(); i++) {
      Tensor p = parameters.get(i);
      if (p == null || !p.isLeaf() || !p.isGradRequired()) {
        throw new IllegalArgumentException(
            String.format(
                "%s: parameter %d must be a leaf that requires grad, got %s", name, i, p));
      }
      if (!seen.add(p)) {
        throw new IllegalArgumentException(
            String.format("%s: parameter %d appears twice in the list", name, i));
      }
    }
    this.parameters = List.copyOf(parameters);
    this.steps = new int[parameters.size()];
    setLearningRate(learningRate);
  }

  /** {@return the parameters this optimizer updates} */
  public final List<Tensor> parameters() {
    return parameters;
  }

  /** {@return the current learning rate} */
  public final double learningRate() {
    return learningRate;
  }

  /**
   * Sets the learning rate used by the next steps (what schedules call).
   *
   * @param learningRate the new learning rate, non-negative and finite
   * @throws IllegalArgumentException if it is negative or not finite
   */
  public final void setLearningRate(double learningRate) {
    check(
        learningRate >= 0 && Double.isFinite(learningRate),
        "learning rate",
        learningRate,
        ">= 0 and finite");
    this.learningRate = learningRate;
  }

  /**
   * {@return how many steps have updated parameter {@code index}}
   *
   * @param index the parameter's position in the list given to the constructor
   */
  public final int stepCount(int index) {
    return steps[index];
  }

  /** Clears the gradient of every parameter. */
  public final void zeroGrad() {
    for (Tensor p : parameters) {
      p.zeroGrad();
    }
  }

  /**
   * Updates every parameter that has a gradient, in place.
   *
   * @throws IllegalStateException if no parameter has a gradient (backward was not called), or a
   *     parameter's step count is already {@code Integer.MAX_VALUE}; nothing is updated then
   */
  public final void step() {
    boolean any = false;
    for (int i = 0; i < parameters.size(); i++) {
      if (parameters.get(i).grad() != null) {
        any = true;
        if (steps[i] == Integer.MAX_VALUE) {
          throw new IllegalStateException(
              String.format(
                  "%s.step: parameter %d has taken %d steps, the most a step count holds",
                  name, i, steps[i]));
        }
      }
    }
    if (!any) {
      throw new IllegalStateException(
          name + ".step: no parameter has a gradient; call loss.backward() before step()");
    }
    try (Autograd.Scope off = Autograd.noGrad()) {
      for (int i = 0; i < parameters.size(); i++) {
        Tensor p = parameters.get(i);
        Tensor g = p.grad();
        if (g == null) {
          continue;
        }
        steps[i]++;
        update(i, steps[i], p.storageForUpdate(name + ".step"), g.storage());
      }
    }
  }

  /**
   * Applies one step to parameter {@code index} in place: writes the new values into
   * {@code value}, the parameter's own storage (handed out by {@link Tensor#storageForUpdate},
   * under no-grad), reading {@code grad} (the parameter's gradient, same dtype; do not modify
   * it). Built-in optimizers compute in double and keep their state in the parameter's dtype. The
   * default copies the values to {@code double[]} arrays, calls
   * {@link #update(int, int, double[], double[])} and writes them back.
   *
   * @param index the parameter's position in the list given to the constructor
   * @param step the number of this step for the parameter, counting from 1
   * @param value the parameter's storage, updated in place
   * @param grad the parameter's gradient, read only
   */
  protected void update(int index, int step, Storage value, Storage grad) {
    double[] v = value.toDoubleArray();
    update(index, step, v, grad.toDoubleArray());
    for (int k = 0; k < v.length; k++) {
      value.set(k, v[k]);
    }
  }

  /**
   * Applies one step to parameter {@code index} on copies: overwrites {@code value} with the new
   * value. Override this or {@link #update(int, int, Storage, Storage)} (which avoids the copies).
   *
   * @param index the parameter's position in the list given to the constructor
   * @param step the number of this step for the parameter, counting from 1
   * @param value the parameter's values, updated in place
   * @param grad a copy of the parameter's gradient (may be modified)
   * @throws UnsupportedOperationException if the subclass overrides neither update method
   */
  protected void update(int index, int step, double[] value, double[] grad) {
    throw new UnsupportedOperationException(
        name + ": an optimizer must override update(int, int, Storage, Storage) or"
            + " update(int, int, double[], double[])");
  }

  /**
   * {@return a copy of this optimizer's state as named arrays, for checkpoints: {@code "step"}
   * holds every parameter's step count, and {@code "<slot>.<index>"} each per-parameter array a
   * subclass keeps (for example Adam's {@code "firstMoment.0"}), slots in name order; arrays not
   * yet allocated are left out} Hyperparameters and the learning rate are not part of the state.
   */
  public final Map<String, double[]> state() {
    Map<String, double[]> state = new LinkedHashMap<>();
    double[] stepCounts = new double[steps.length];
    for (int i = 0; i < steps.length; i++) {
      stepCounts[i] = steps[i];
    }
    state.put("step", stepCounts);
    for (Map.Entry<String, Storage[]> slot : new TreeMap<>(slots()).entrySet()) {
      Storage[] arrays = slot.getValue();
      for (int i = 0; i < arrays.length; i++) {
        if (arrays[i] != null) {
          state.put(slot.getKey() + "." + i, arrays[i].toDoubleArray());
        }
      }
    }
    return state;
  }

  /**
   * Replaces this optimizer's state with a copy of {@code state}, as returned by {@link #state()}
   * on an optimizer of the same kind and settings over parameters of the same shapes. Everything
   * is checked before anything changes, so a rejected state leaves this optimizer as it was.
   *
   * <p>What is checked: the map and its keys and arrays are not null; {@code "step"} holds one
   * count per parameter, each a whole number in {@code [0, Integer.MAX_VALUE]} (a count of -1
   * would make Adam's next bias correction divide by zero, 2.5 is not a count); every other key is
   * {@code "<slot>.<index>"} with a slot this optimizer keeps and a parameter index written as
   * {@link #state()} writes it; each array has its parameter's size and holds finite values
   * (non-negative ones for slots such as Adam's {@code secondMoment}); and a parameter that has
   * taken steps has exactly the slots this optimizer's settings use, one that has not has none.
   *
   * @param state the slots and their values, as {@link #state()} returns them
   * @throws IllegalArgumentException naming this optimizer, the key, and the offending value or
   *     count if any check fails
   */
  public final void loadState(Map<String, double[]> state) {
    if (state == null) {
      throw new IllegalArgumentException(
          name + ".loadState: state is null; pass a map as returned by state()");
    }
    double[] stepCounts = state.get("step");
    if (stepCounts == null || stepCounts.length != steps.length) {
      throw new IllegalArgumentException(
          String.format(
              "%s.loadState: needs \"step\" with %d counts, got %s",
              name, steps.length, stepCounts == null ? "none" : stepCounts.length));
    }
    for (int i = 0; i < stepCounts.length; i++) {
      double c = stepCounts[i];
      if (!(c >= 0 && c <= Integer.MAX_VALUE && c == Math.rint(c))) {
        throw new IllegalArgumentException(
            String.format(
                "%s.loadState: step count %d is %s; counts are whole numbers in [0, %d]",
                name, i, c, Integer.MAX_VALUE));
      }
    }
    Map<String, Storage[]> slots = slots();
    Set<String> active = activeSlots();
    List<Set<String>> present = new ArrayList<>();
    for (int i = 0; i < steps.length; i++) {
      present.add(new TreeSet<>());
    }
    Map<String, double[]> accepted = new LinkedHashMap<>();
    for (Map.Entry<String, double[]> entry : state.entrySet()) {
      String key = entry.getKey();
      if (key == null) {
        throw new IllegalArgumentException(name + ".loadState: state holds a null key");
      }
      if (key.equals("step")) {
        continue;
      }
      int dot = key.lastIndexOf('.');
      String slot = dot < 0 ? key : key.substring(0, dot);
      Storage[] arrays = dot < 0 ? null : slots.get(slot);
      int index = arrays == null ? -1 : parseIndex(key.substring(dot + 1), arrays.length);
      if (index < 0) {
        throw new IllegalArgumentException(
            String.format(
                "%s.loadState: unknown state %s (slots %s, parameters 0..%d)",
                name, key, new TreeMap<>(slots).keySet(), steps.length - 1));
      }
      double[] values = entry.getValue();
      if (values == null) {
        throw new IllegalArgumentException(
            String.format("%s.loadState: %s is null", name, key));
      }
      int expected = parameters.get(index).numel();
      if (values.length != expected) {
        throw new IllegalArgumentException(
            String.format(
                "%s.loadState: %s has %d values but parameter %d has %d",
                name, key, values.length, index, expected));
      }
      boolean nonNegative = isNonNegative(slot);
      for (int k = 0; k < values.length; k++) {
        if (!Double.isFinite(values[k]) || (nonNegative && values[k] < 0)) {
          throw new IllegalArgumentException(
              String.format(
                  "%s.loadState: %s[%d] is %s; it must be finite%s",
                  name, key, k, values[k], nonNegative ? " and >= 0" : ""));
        }
      }
      present.get(index).add(slot);
      accepted.put(key, values);
    }
    for (int i = 0; i < steps.length; i++) {
      Set<String> want = stepCounts[i] == 0 ? Set.of() : new TreeSet<>(active);
      if (!present.get(i).equals(want)) {
        throw new IllegalArgumentException(
            String.format(
                "%s.loadState: parameter %d has taken %d steps, so its state needs the slots %s,"
                    + " got %s (was the state saved by an optimizer with other settings?)",
                name, i, (long) stepCounts[i], want, present.get(i)));
      }
    }
    for (Storage[] arrays : slots.values()) {
      Arrays.fill(arrays, null);
    }
    for (Map.Entry<String, double[]> entry : accepted.entrySet()) {
      String key = entry.getKey();
      int dot = key.lastIndexOf('.');
      int index = Integer.parseInt(key.substring(dot + 1));
      slots.get(key.substring(0, dot))[index] =
          Storage.of(entry.getValue().clone()).to(parameters.get(index).dtype());
    }
    for (int i = 0; i < steps.length; i++) {
      steps[i] = (int) stepCounts[i];
    }
  }

  /**
   * Returns the index written in a state key, or -1 unless it is written as {@link #state()}
   * writes it (decimal, no sign or leading zero) and below {@code size}.
   */
  private static int parseIndex(String text, int size) {
    try {
      int index = Integer.parseInt(text);
      return index >= 0 && index < size && Integer.toString(index).equals(text) ? index : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /**
   * {@return the names of the slots this optimizer's settings fill for every parameter at its
   * first step (for example Sgd's {@code "momentum"} only when momentum is not 0); the default is
   * every slot of {@link #slots()}} {@link #loadState} requires exactly these for a parameter that
   * has taken steps.
   */
  protected Set<String> activeSlots() {
    return slots().keySet();
  }

  /**
   * {@return whether the values of {@code slot} can never be negative (running averages of
   * squares), so {@link #loadState} rejects negative ones; the default is false}
   *
   * @param slot the name of a state slot
   */
  protected boolean isNonNegative(String slot) {
    return false;
  }

  /**
   * {@return the per-parameter state this optimizer keeps, by slot name, each indexed like
   * {@link #parameters()} (null until first used) and stored in its parameter's dtype; the
   * default is none} Subclasses with state return their own arrays (not copies) so
   * {@link #state()} and {@link #loadState} reach them.
   */
  protected Map<String, Storage[]> slots() {
    return Map.of();
  }

  /** {@return the number of parameters, for subclasses sizing their state} */
  protected final int size() {
    return parameters.size();
  }

  /**
   * {@return element {@code k} of the gradient with the L2 penalty's gradient added:
   * {@code grad[k] + weightDecay * value[k]} (the gradient itself is not modified)}
   *
   * @param grad the gradient
   * @param value the parameter's values
   * @param k the index of the element
   * @param weightDecay the L2 penalty factor
   */
  protected static double decayed(Storage grad, Storage value, int k, double weightDecay) {
    double g = grad.get(k);
    return weightDecay == 0 ? g : g + weightDecay * value.get(k);
  }


  /**
   * Checks that a hyperparameter such as momentum or weight decay is {@code >= 0} and finite.
   *
   * @param what the hyperparameter's name, for the message
   * @param value the hyperparameter's value
   * @throws IllegalArgumentException naming the optimizer, the hyperparameter and its value
   */
  protected final void checkNonNegative(String what, double value) {
    check(value >= 0 && Double.isFinite(value), what, value, ">= 0 and finite");
  }

  /**
   * Checks a hyperparameter.
   *
   * @param ok whether the value is allowed
   * @param what the hyperparameter's name, for the message
   * @param value the hyperparameter's value
   * @param expected the allowed range, for the message
   * @throws IllegalArgumentException naming the optimizer, the hyperparameter, its value and the
   *     allowed range, if {@code ok} is false
   */
  protected final void check(boolean ok, String what, double value, String expected) {
    if (!ok) {
      throw new IllegalArgumentException(
          String.format("%s: %s must be %s, got %s", name, what, expected, value));
    }
  }
}
