package dev.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.nn.optim.Adam;
import dev.jgrad.nn.optim.Optimizer;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Acceptance: networks trained through nn alone learn XOR and y = sin(x). */
class FitTest {
  private static final Tensor XOR_X = Tensor.of(new double[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}});
  private static final Tensor XOR_Y = Tensor.of(new double[] {0, 1, 1, 0}, 4, 1);

  @Test
  void neuronMlpLearnsXor() {
    Mlp model = new Mlp(2, List.of(8, 1), Activation.TANH, new Random(1));
    Optimizer opt = new Adam(model.parameters(), 0.05);
    for (int step = 0; step < 300; step++) {
      opt.zeroGrad();
      Tensor loss = Losses.binaryCrossEntropyWithLogits(model.forward(XOR_X), XOR_Y);
      loss.backward();
      opt.step();
    }
    assertEquals(1.0, xorAccuracy(model), 0);
  }

  @Test
  void linearNetLearnsXorWithPlainSgd() {
    Random random = new Random(7);
    Module model = new Sequential(new Linear(2, 8, random), new Tanh(), new Linear(8, 1, random));
    Optimizer opt = new dev.jgrad.nn.optim.Sgd(model.parameters(), 0.5, 0.9);
    for (int step = 0; step < 300; step++) {
      opt.zeroGrad();
      Losses.mse(model.forward(XOR_X).sigmoid(), XOR_Y).backward();
      opt.step();
    }
    assertEquals(1.0, xorAccuracy(model), 0);
  }

  private static double xorAccuracy(Module model) {
    try (Autograd.Scope off = Autograd.noGrad()) {
      double[] out = model.forward(XOR_X).toArray();
      double[] y = XOR_Y.toArray();
      int correct = 0;
      for (int i = 0; i < 4; i++) {
        // Both models output a logit: class 1 when it is positive.
        correct += (out[i] > 0) == (y[i] > 0.5) ? 1 : 0;
      }
      return correct / 4.0;
    }
  }

  @Test
  void mlpFitsSine() {
    int n = 64;
    Tensor x = Tensor.arange(-3, 3 + 1e-9, 6.0 / (n - 1)).reshape(n, 1);
    Tensor y = x.sin();
    Random random = new Random(0);
    Module model = new Sequential(new Linear(1, 16, random), new Tanh(), new Linear(16, 1, random));
    Optimizer opt = new Adam(model.parameters(), 0.03);
    double last = Double.NaN;
    for (int step = 0; step < 500; step++) {
      opt.zeroGrad();
      Tensor loss = Losses.mse(model.forward(x), y);
      loss.backward();
      opt.step();
      last = loss.item();
    }
    double mse;
    try (Autograd.Scope off = Autograd.noGrad()) {
      // Evaluate between the training points too.
      Tensor grid = Tensor.arange(-3, 3, 0.01).reshape(-1, 1);
      mse = Losses.mse(model.forward(grid), grid.sin()).item();
    }
    assertTrue(mse < 0.01, "test MSE " + mse + " (last training loss " + last + ")");
  }
}
