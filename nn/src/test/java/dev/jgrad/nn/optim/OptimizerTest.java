package dev.jgrad.nn.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jgrad.autograd.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class OptimizerTest {
  private static Tensor param() {
    return Tensor.of(new double[] {1, -2}).requiresGrad();
  }

  @Test
  void hyperparametersAreValidatedUpFront() {
    List<Tensor> ps = List.of(param());
    assertEquals(
        "Sgd: learning rate must be >= 0 and finite, got -0.1",
        assertThrows(IllegalArgumentException.class, () -> new Sgd(ps, -0.1)).getMessage());
    assertEquals(
        "Adam: beta1 must be in [0, 1), got 1.0",
        assertThrows(IllegalArgumentException.class, () -> new Adam(ps, 0.1, 1.0, 0.9, 1e-8, 0))
            .getMessage());
    assertEquals(
        "AdamW: eps must be > 0 and finite, got 0.0",
        assertThrows(IllegalArgumentException.class, () -> new AdamW(ps, 0.1, 0.9, 0.9, 0, 0))
            .getMessage());
    assertEquals(
        "RmsProp: alpha must be in [0, 1), got -1.0",
        assertThrows(
                IllegalArgumentException.class, () -> new RmsProp(ps, 0.1, -1, 1e-8, 0, 0, false))
            .getMessage());
    assertEquals(
        "Sgd: momentum (with Nesterov, dampening must be 0) must be > 0, got 0.0",
        assertThrows(IllegalArgumentException.class, () -> new Sgd(ps, 0.1, 0, 0, 0, true))
            .getMessage());
    assertEquals(
        "Sgd: weight decay must be >= 0 and finite, got NaN",
        assertThrows(
                IllegalArgumentException.class, () -> new Sgd(ps, 0.1, 0, 0, Double.NaN, false))
            .getMessage());
    Tensor p = param();
    assertEquals(
        "Adam: parameter 1 appears twice in the list",
        assertThrows(IllegalArgumentException.class, () -> new Adam(List.of(p, p), 0.1))
            .getMessage());
    assertEquals(
        "Sgd: needs at least one parameter",
        assertThrows(IllegalArgumentException.class, () -> new Sgd(List.of(), 0.1)).getMessage());
  }

  @Test
  void stepWithoutGradientsIsAnError() {
    Sgd sgd = new Sgd(List.of(param()), 0.1);
    assertEquals(
        "Sgd.step: no parameter has a gradient; call loss.backward() before step()",
        assertThrows(IllegalStateException.class, sgd::step).getMessage());
  }

  @Test
  void plainSgdStepAndSkippedParameter() {
    Tensor a = param();
    Tensor unused = param();
    Sgd sgd = new Sgd(List.of(a, unused), 0.1);
    a.mul(a).sum().backward(); // grad = 2a = [2, -4]
    sgd.step();
    assertArrayEquals(new double[] {0.8, -1.6}, a.toArray(), 1e-15);
    assertArrayEquals(new double[] {1, -2}, unused.toArray(), 0);
    assertEquals(1, sgd.stepCount(0));
    assertEquals(0, sgd.stepCount(1));
    sgd.zeroGrad();
    assertNull(a.grad());
  }

  @Test
  void clipGradNormScalesToTheMaximum() {
    Tensor a = Tensor.of(new double[] {3, 4}).requiresGrad();
    Tensor b = Tensor.of(new double[] {0}).requiresGrad();
    a.mul(a).sum().mul(0.5).backward(); // grad a = [3, 4], norm 5; b has no gradient
    double norm = GradClip.clipGradNorm(List.of(a, b), 1);
    assertEquals(5, norm, 1e-15);
    assertArrayEquals(new double[] {0.6, 0.8}, a.grad().toArray(), 1e-6);
    // Below the maximum nothing changes.
    assertEquals(1, GradClip.clipGradNorm(List.of(a), 2), 1e-6);
    assertArrayEquals(new double[] {0.6, 0.8}, a.grad().toArray(), 1e-6);
    a.setGrad(Tensor.of(new double[] {Double.NaN, 1}));
    assertEquals(
        "clipGradNorm: the gradient of parameter 0 is not finite (norm^2 = NaN)",
        assertThrows(IllegalStateException.class, () -> GradClip.clipGradNorm(List.of(a), 1))
            .getMessage());
  }

  @Test
  void clipGradNormDoesNotTouchSharedGradients() {
    // a + b backpropagates the same upstream tensor to both; clipping a must not change b.
    Tensor a = Tensor.of(new double[] {3}).requiresGrad();
    Tensor b = Tensor.of(new double[] {1}).requiresGrad();
    a.add(b).mul(10).sum().backward();
    GradClip.clipGradNorm(List.of(a), 1);
    assertArrayEquals(new double[] {10}, b.grad().toArray(), 0);
  }

  @Test
  void schedules() {
    assertEquals(0.1 * 0.5 * 0.5, LearningRateSchedule.step(0.1, 10, 0.5).rate(25), 1e-15);
    assertEquals(0.1 * Math.pow(0.9, 3), LearningRateSchedule.exponential(0.1, 0.9).rate(3), 1e-15);
    LearningRateSchedule cos = LearningRateSchedule.cosine(1, 0.1, 100);
    assertEquals(1, cos.rate(0), 1e-15);
    assertEquals(0.55, cos.rate(50), 1e-15);
    assertEquals(0.1, cos.rate(100), 1e-15);
    assertEquals(0.1, cos.rate(150), 1e-15);
    LearningRateSchedule warm = LearningRateSchedule.warmup(LearningRateSchedule.constant(0.4), 4);
    assertArrayEquals(
        new double[] {0.1, 0.2, 0.3, 0.4, 0.4},
        new double[] {warm.rate(0), warm.rate(1), warm.rate(2), warm.rate(3), warm.rate(4)},
        1e-15);
    // micrograd's moons demo: learning_rate = 1.0 - 0.9 * k / 100.
    LearningRateSchedule micrograd = LearningRateSchedule.linearDecay(1.0, 0.1, 100);
    assertEquals(1.0, micrograd.rate(0), 0);
    assertEquals(1.0 - 0.9 * 37 / 100, micrograd.rate(37), 1e-15);
    assertEquals(0.1, micrograd.rate(100), 1e-15);
    Sgd sgd = new Sgd(List.of(param()), 1);
    micrograd.applyTo(sgd, 50);
    assertEquals(0.55, sgd.learningRate(), 1e-15);
    assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.step(0.1, 0, 0.5));
    assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.cosine(0.1, 0.2, 5));
  }
}
