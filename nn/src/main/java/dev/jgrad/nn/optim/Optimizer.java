package dev.jgrad.nn.optim;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.Tensor;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

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

  /** Returns the parameters this optimizer updates. */
  public final List<Tensor> parameters() {
    return parameters;
  }

  /** Returns the current learning rate. */
  public final double learningRate() {
    return learningRate;
  }

  /**
   * Sets the learning rate used by the next steps (what schedules call).
   *
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

  /** Returns how many steps have updated parameter {@code index}. */
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
   * @throws IllegalStateException if no parameter has a gradient (backward was not called)
   */
  public final void step() {
    boolean any = false;
    for (Tensor p : parameters) {
      any |= p.grad() != null;
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
        double[] value = p.toArray();
        update(i, steps[i], value, g.toArray());
        p.assign(Tensor.of(value).reshape(p.shape()));
      }
    }
  }

  /**
   * Applies one step to parameter {@code index}: overwrites {@code value} with the new value.
   *
   * @param step the number of this step for the parameter, counting from 1
   * @param value the parameter's values, updated in place
   * @param grad the parameter's gradient (may be modified)
   */
  protected abstract void update(int index, int step, double[] value, double[] grad);

  /** Returns the number of parameters, for subclasses sizing their state. */
  protected final int size() {
    return parameters.size();
  }

  /**
   * Adds the L2 penalty's gradient to {@code grad} in place: {@code grad = grad + weightDecay *
   * value} (nothing to do when {@code weightDecay} is 0).
   */
  protected static void addWeightDecay(double[] grad, double[] value, double weightDecay) {
    if (weightDecay != 0) {
      for (int k = 0; k < grad.length; k++) {
        grad[k] += weightDecay * value[k];
      }
    }
  }

  /**
   * Checks that a hyperparameter such as momentum or weight decay is {@code >= 0} and finite.
   *
   * @throws IllegalArgumentException naming the optimizer, the hyperparameter and its value
   */
  protected final void checkNonNegative(String what, double value) {
    check(value >= 0 && Double.isFinite(value), what, value, ">= 0 and finite");
  }

  /**
   * Checks a hyperparameter.
   *
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
