package dev.jgrad.examples;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.examples.cli.ExampleCommand;
import dev.jgrad.examples.cli.Run;
import dev.jgrad.examples.plot.Charts;
import dev.jgrad.nn.Activation;
import dev.jgrad.nn.Losses;
import dev.jgrad.nn.Mlp;
import dev.jgrad.nn.optim.Adam;
import java.util.List;
import java.util.Random;
import picocli.CommandLine.Command;

/**
 * XOR, the classic function no single neuron can compute: its true points (0,1) and (1,0) cannot
 * be split from (0,0) and (1,1) by one line. One hidden layer of two tanh neurons is enough.
 * Prints the truth table the trained network computes. With so few neurons, training sometimes
 * ends in a local minimum; the example then restarts from new random weights.
 */
@Command(
    name = "xor",
    mixinStandardHelpOptions = true,
    description = "The smallest network with a hidden layer learns XOR; prints its truth table.")
public final class XorExample extends ExampleCommand {
  private static final int MAX_ATTEMPTS = 10;

  /** Trains full-batch with Adam and returns the loss of each epoch. */
  private static double[] train(Run run, Mlp model, Tensor x, Tensor y, int epochs) {
    Adam optimizer = new Adam(model.parameters(), 0.1);
    double[] losses = new double[epochs];
    for (int epoch = 0; epoch < epochs; epoch++) {
      Tensor loss = Losses.binaryCrossEntropyWithLogits(model.forward(x), y);
      optimizer.zeroGrad();
      loss.backward();
      optimizer.step();
      losses[epoch] = loss.item();
      if (epoch % 50 == 0 || epoch == epochs - 1) {
        run.log("epoch %3d  loss %.4f", epoch + 1, losses[epoch]);
      }
    }
    return losses;
  }

  @Override
  protected void run(Run run) {
    Tensor x = Tensor.of(new double[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}});
    Tensor y = Tensor.of(new double[] {0, 1, 1, 0}, 4, 1);

    // 2 inputs -> 2 tanh neurons -> 1 output (a logit: sigmoid(logit) is P(x0 xor x1)).
    // So small a network can get stuck in a local minimum (one corner wrong); if it does, we
    // start again from new random weights.
    int epochs = run.epochs(300);
    Random init = run.random(0);
    Mlp model = null;
    double[] losses = null;
    for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      model = new Mlp(2, List.of(2, 1), Activation.TANH, init);
      losses = train(run, model, x, y, epochs);
      if (losses[epochs - 1] < 0.1 || attempt == MAX_ATTEMPTS) {
        break;
      }
      run.log("stuck in a local minimum (loss %.3f); starting again from new random weights",
          losses[epochs - 1]);
    }

    double[] p;
    try (var off = Autograd.noGrad()) {
      p = model.forward(x).sigmoid().toArray();
    }
    run.log("");
    run.log(" x0  x1 | x0 xor x1 | network");
    int right = 0;
    for (int i = 0; i < 4; i++) {
      int target = (int) y.get(i, 0);
      right += (p[i] > 0.5 ? 1 : 0) == target ? 1 : 0;
      run.log("  %d   %d |     %d     |  %.3f", (int) x.get(i, 0), (int) x.get(i, 1), target, p[i]);
    }
    run.log("");

    run.wrote(
        Charts.trainingCurves(
            run.picture("xor-loss.png"),
            "XOR: binary cross-entropy of Mlp(2, [2, 1]) per epoch",
            losses,
            java.util.Map.of()));
    run.result("initial_loss", losses[0]);
    run.result("final_loss", losses[epochs - 1]);
    run.result("accuracy", right / 4.0);
  }
}
