package dev.jgrad.nn.optim;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * A learning rate as a function of the step (or epoch) number {@code t = 0, 1, 2, ...}. Call {@link
 * #applyTo} before each step, or read {@link #rate} yourself.
 *
 * <pre>{@code
 * LearningRateSchedule s =
 *     LearningRateSchedule.warmup(LearningRateSchedule.cosine(0.1, 0, 1000), 50);
 * for (int t = 0; t < 1000; t++) { s.applyTo(optimizer, t); ... optimizer.step(); }
 * }</pre>
 */
@FunctionalInterface
public interface LearningRateSchedule {
  /**
   * {@return the learning rate at step {@code t}}
   *
   * @param t the step or epoch, from 0
   */
  double rate(int t);

  /**
   * Sets {@code optimizer}'s learning rate to {@code rate(t)}.
   *
   * @param optimizer the optimizer whose learning rate is set
   * @param t the step or epoch, from 0
   */
  default void applyTo(Optimizer optimizer, int t) {
    optimizer.setLearningRate(rate(t));
  }

  /**
   * {@return the constant schedule {@code lr}}
   *
   * @param lr the learning rate at step 0
   */
  static LearningRateSchedule constant(double lr) {
    checkRate("constant", lr);
    return t -> lr;
  }

  /**
   * {@return step decay {@code lr * gamma^floor(t / stepSize)} (PyTorch's {@code StepLR})}
   *
   * @param lr the learning rate at step 0
   * @param stepSize the number of steps between decays, at least 1
   * @param gamma the factor applied at each decay, in (0, 1]
   * @throws IllegalArgumentException if stepSize is not positive or gamma is not in (0, 1]
   */
  static LearningRateSchedule step(double lr, int stepSize, double gamma) {
    checkRate("step", lr);
    checkArgument(
        stepSize > 0 && gamma > 0 && gamma <= 1,
        "step: need stepSize > 0 and gamma in (0, 1], got stepSize=%s gamma=%s",
        stepSize,
        Double.valueOf(gamma)); // boxed: checkArgument has no (int, double) overload
    return t -> lr * Math.pow(gamma, t / stepSize);
  }

  /**
   * {@return exponential decay {@code lr * gamma^t} (PyTorch's {@code ExponentialLR})}
   *
   * @param lr the learning rate at step 0
   * @param gamma the factor applied at each decay, in (0, 1]
   * @throws IllegalArgumentException if gamma is not in (0, 1]
   */
  static LearningRateSchedule exponential(double lr, double gamma) {
    checkRate("exponential", lr);
    checkArgument(gamma > 0 && gamma <= 1, "exponential: gamma must be in (0, 1], got %s", gamma);
    return t -> lr * Math.pow(gamma, t);
  }

  /**
   * {@return cosine annealing from {@code lr} down to {@code minLr} over {@code totalSteps}, then
   * {@code minLr}: {@code minLr + (lr - minLr)(1 + cos(pi t / totalSteps)) / 2} (Loshchilov &amp;
   * Hutter 2017, SGDR, without restarts)}
   *
   * @param lr the learning rate at step 0
   * @param minLr the learning rate at the end
   * @param totalSteps the number of steps over which the rate falls, at least 1
   * @throws IllegalArgumentException if totalSteps is not positive or minLr exceeds lr
   */
  static LearningRateSchedule cosine(double lr, double minLr, int totalSteps) {
    checkRate("cosine", lr);
    checkRate("cosine", minLr);
    checkArgument(
        totalSteps > 0 && !(minLr > lr),
        "cosine: need totalSteps > 0 and minLr <= lr, got totalSteps=%s lr=%s minLr=%s",
        totalSteps,
        lr,
        minLr);
    return t ->
        t >= totalSteps
            ? minLr
            : minLr + (lr - minLr) * (1 + Math.cos(Math.PI * t / totalSteps)) / 2;
  }

  /**
   * {@return {@code after} preceded by a linear warm-up: {@code after.rate(warmupSteps) * (t + 1) /
   * warmupSteps} for {@code t < warmupSteps}, then {@code after.rate(t)}}
   *
   * @param after the schedule that follows the warm-up, counted from its own step 0
   * @param warmupSteps the number of warm-up steps, at least 0
   * @throws IllegalArgumentException if warmupSteps is negative
   */
  static LearningRateSchedule warmup(LearningRateSchedule after, int warmupSteps) {
    checkArgument(
        warmupSteps >= 0 && after != null,
        "warmup: need a schedule and warmupSteps >= 0, got %s",
        warmupSteps);
    return t -> t < warmupSteps ? after.rate(warmupSteps) * (t + 1) / warmupSteps : after.rate(t);
  }

  /**
   * {@return micrograd's linear decay {@code start - (start - end) * t / totalSteps} (its moons
   * demo uses {@code 1.0 - 0.9 * k / 100}, that is start 1, end 0.1, 100 steps), clamped at {@code
   * end} after {@code totalSteps}}
   *
   * @param start the learning rate at step 0
   * @param end the learning rate from {@code totalSteps} on
   * @param totalSteps the number of steps over which the rate falls, at least 1
   * @throws IllegalArgumentException if totalSteps is not positive
   */
  static LearningRateSchedule linearDecay(double start, double end, int totalSteps) {
    checkRate("linearDecay", start);
    checkRate("linearDecay", end);
    checkArgument(totalSteps > 0, "linearDecay: totalSteps must be > 0, got %s", totalSteps);
    return t -> t >= totalSteps ? end : start - (start - end) * t / totalSteps;
  }

  private static void checkRate(String name, double lr) {
    checkArgument(
        lr >= 0 && Double.isFinite(lr),
        "%s: learning rate must be >= 0 and finite, got %s",
        name,
        lr);
  }
}
