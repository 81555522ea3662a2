package dev.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.GradCheck;
import dev.jgrad.autograd.Tensor;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Every loss: analytic gradient (engine) equals central differences, on random shapes. */
class LossesProperties {
  @Provide
  Arbitrary<Reduction> reductions() {
    return Arbitraries.of(Reduction.values());
  }

  private static Tensor awayFrom(Tensor t, Tensor from, double margin, Random random) {
    // Moves elements whose difference to `from` is within `margin` of 0 (a kink) further away.
    double[] v = t.toArray();
    double[] f = from.toArray();
    for (int i = 0; i < v.length; i++) {
      if (Math.abs(v[i] - f[i]) < margin) {
        v[i] = f[i] + (random.nextBoolean() ? 1 : -1) * (margin + random.nextDouble());
      }
    }
    return Tensor.of(v).reshape(t.shape());
  }

  @Property(tries = 60)
  void mseL1Huber(
      @ForAll @IntRange(min = 1, max = 4) int rows,
      @ForAll @IntRange(min = 1, max = 4) int cols,
      @ForAll("reductions") Reduction reduction,
      @ForAll long seed) {
    Random random = new Random(seed);
    Tensor target = Tensor.randn(random, rows, cols);
    Tensor pred = awayFrom(Tensor.randn(random, rows, cols).mul(2), target, 0.05, random);
    // Keep |d| away from the Huber delta 0.8 as well.
    double[] p = pred.toArray();
    double[] t = target.toArray();
    for (int i = 0; i < p.length; i++) {
      if (Math.abs(Math.abs(p[i] - t[i]) - 0.8) < 0.05) {
        p[i] += Math.signum(p[i] - t[i]) * 0.2;
      }
    }
    pred = Tensor.of(p).reshape(rows, cols);
    GradCheck.check(in -> Losses.mse(in.get(0), in.get(1), reduction), pred, target).assertOk();
    GradCheck.check(in -> Losses.l1(in.get(0), in.get(1), reduction), pred, target).assertOk();
    GradCheck.check(in -> Losses.huber(in.get(0), in.get(1), 0.8, reduction), pred, target)
        .assertOk();
  }

  @Property(tries = 60)
  void binaryCrossEntropies(
      @ForAll @IntRange(min = 1, max = 8) int n,
      @ForAll("reductions") Reduction reduction,
      @ForAll long seed) {
    Random random = new Random(seed);
    Tensor probs = Tensor.rand(random, n).mul(0.9).add(0.05);
    Tensor soft = Tensor.rand(random, n).mul(0.9).add(0.05);
    GradCheck.check(in -> Losses.binaryCrossEntropy(in.get(0), in.get(1), reduction), probs, soft)
        .assertOk();
    Tensor logits = Tensor.randn(random, n).mul(4);
    GradCheck.check(
            in -> Losses.binaryCrossEntropyWithLogits(in.get(0), in.get(1), reduction),
            logits,
            soft)
        .assertOk();
  }

  @Property(tries = 60)
  void crossEntropyAndNll(
      @ForAll @IntRange(min = 1, max = 5) int n,
      @ForAll @IntRange(min = 2, max = 5) int classes,
      @ForAll("reductions") Reduction reduction,
      @ForAll boolean weighted,
      @ForAll @IntRange(min = 0, max = 3) int smoothingTenths,
      @ForAll long seed) {
    Random random = new Random(seed);
    Tensor logits = Tensor.randn(random, n, classes).mul(3);
    int[] targets = new int[n];
    for (int i = 0; i < n; i++) {
      targets[i] = random.nextInt(classes);
    }
    Tensor weights = weighted ? Tensor.rand(random, classes).add(0.1) : null;
    double smoothing = smoothingTenths / 10.0;
    GradCheck.check(
            in -> Losses.crossEntropy(in.get(0), targets, smoothing, weights, reduction), logits)
        .assertOk();
    GradCheck.check(in -> Losses.nll(in.get(0).logSoftmax(1), targets, weights, reduction), logits)
        .assertOk();
  }

  @Property(tries = 60)
  void hingeAndL2Penalty(
      @ForAll @IntRange(min = 1, max = 8) int n,
      @ForAll("reductions") Reduction reduction,
      @ForAll long seed) {
    Random random = new Random(seed);
    double[] y = new double[n];
    double[] s = new double[n];
    for (int i = 0; i < n; i++) {
      y[i] = random.nextBoolean() ? 1 : -1;
      double margin = 1 + (random.nextBoolean() ? 1 : -1) * (0.05 + random.nextDouble());
      s[i] = y[i] * margin; // keeps 1 - y s away from the kink at 0
    }
    Tensor labels = Tensor.of(y);
    GradCheck.check(in -> Losses.hinge(in.get(0), labels, reduction), Tensor.of(s)).assertOk();
    GradCheck.check(
            in -> Losses.l2Penalty(List.of(in.get(0), in.get(1)), 0.3),
            Tensor.randn(random, n),
            Tensor.randn(random, 2, 3))
        .assertOk();
  }
  @Provide
  Arbitrary<Double> probabilities() {
    return Arbitraries.oneOf(
        Arbitraries.of(0.0, 1.0, Double.MIN_VALUE, 1e-300, 1e-20, 1 - 1e-16, 0.5),
        Arbitraries.doubles().between(0, 1));
  }

  @Provide
  Arbitrary<Double> targets() {
    return Arbitraries.oneOf(Arbitraries.of(0.0, 1.0), Arbitraries.doubles().between(0, 1));
  }

  /**
   * Binary cross-entropy on any probability, 0 and 1 included: the loss lies in [0, 100] for hard
   * targets, equals the unclamped formula where the logs are far from the clamp, and every wrong
   * prediction gets a gradient pointing the right way, of at least 4 |p - y| (the derivative's
   * denominator p (1 - p) is at most 1/4) and at least 1e11 at p = 0 or 1 for the opposite target.
   */
  @Property(tries = 300, seed = "1408")
  void binaryCrossEntropyGivesEveryWrongPredictionATrainingSignal(
      @ForAll("probabilities") double p, @ForAll("targets") double y) {
    Tensor prob = Tensor.of(new double[] {p}).requiresGrad();
    Tensor loss = Losses.binaryCrossEntropy(prob, Tensor.of(new double[] {y}), Reduction.SUM);
    double value = loss.item();
    assertTrue(value >= 0 && value <= 100 + 1e-12, "loss " + value);
    if (p >= 1e-6 && p <= 1 - 1e-6) {
      double plain = -(y * Math.log(p) + (1 - y) * Math.log(1 - p));
      assertEquals(plain, value, 1e-9 * Math.max(1, Math.abs(plain)), "p " + p + ", y " + y);
    }
    loss.backward();
    double grad = prob.grad().item();
    assertTrue(Double.isFinite(grad), "gradient " + grad);
    if (p != y) {
      assertEquals(Math.signum(p - y), Math.signum(grad), "p " + p + ", y " + y + ": " + grad);
      assertTrue(Math.abs(grad) >= 4 * Math.abs(p - y) * (1 - 1e-12), "gradient " + grad);
    }
    if (Math.abs(p - y) == 1) {
      assertTrue(Math.abs(grad) >= 1e11, "p " + p + ", y " + y + ": gradient " + grad);
    }
  }
}
