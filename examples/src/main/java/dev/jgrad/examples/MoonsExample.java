package dev.jgrad.examples;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.examples.cli.ExampleCommand;
import dev.jgrad.examples.cli.Run;
import dev.jgrad.examples.data.ExampleData;
import dev.jgrad.examples.data.LabeledData;
import dev.jgrad.examples.plot.Charts;
import dev.jgrad.nn.Losses;
import dev.jgrad.nn.Mlp;
import dev.jgrad.nn.optim.Sgd;
import java.util.List;
import picocli.CommandLine.Command;

/**
 * micrograd's demo, step for step: two moons (100 points), {@code Mlp(2, [16, 16, 1])} of
 * neurons, max-margin loss plus L2 regularisation, full-batch SGD whose learning rate falls from
 * 1.0 to 0.1 over 100 steps. It reaches 100 % training accuracy and draws the decision boundary.
 */
@Command(
    name = "moons",
    mixinStandardHelpOptions = true,
    description = "micrograd's demo: Mlp(2, [16, 16, 1]) separates two moons.")
public final class MoonsExample extends ExampleCommand {

  @Override
  protected void run(Run run) {
    LabeledData moons = ExampleData.moons();
    Tensor x = Tensor.of(moons.features()); // [100, 2]
    Tensor y = toColumn(moons.labels()); // [100, 1], -1 or +1

    Mlp model = new Mlp(2, List.of(16, 16, 1), run.random(0));
    run.log("model: %s, %d parameters", "Mlp(2, [16, 16, 1])", model.parameterCount());
    Sgd optimizer = new Sgd(model.parameters(), 1.0);

    int steps = run.epochs(100);
    double firstLoss = Double.NaN;
    double loss = Double.NaN;
    double accuracy = Double.NaN;
    for (int k = 0; k < steps; k++) {
      Tensor scores = model.forward(x); // [100, 1]
      // max-margin loss: mean(relu(1 - y * score)), plus alpha * sum(p^2) over all parameters
      Tensor total = Losses.hinge(scores, y).add(Losses.l2Penalty(model.parameters(), 1e-4));
      optimizer.zeroGrad();
      total.backward();
      optimizer.setLearningRate(1.0 - 0.9 * k / 100.0);
      optimizer.step();

      loss = total.item();
      firstLoss = k == 0 ? loss : firstLoss;
      accuracy = accuracy(scores, moons.labels());
      if (k % 10 == 0 || k == steps - 1) {
        run.log("step %3d  loss %.4f  accuracy %3.0f%%", k, loss, 100 * accuracy);
      }
    }

    run.wrote(
        Charts.decisionBoundary(
            run.picture("moons-boundary.png"),
            String.format("Two moons: decision regions of Mlp(2, [16, 16, 1]) after %d SGD steps", steps),
            moons.features(),
            toClassIndices(moons.labels()),
            new String[] {"-1", "+1"},
            grid -> predict(model, grid)));
    run.result("initial_loss", firstLoss);
    run.result("final_loss", loss);
    run.result("train_accuracy", accuracy(model.forward(x), moons.labels()));
  }

  /** Returns the fraction of points whose score has the sign of their label. */
  static double accuracy(Tensor scores, int[] labels) {
    double[] s = scores.toArray();
    int right = 0;
    for (int i = 0; i < labels.length; i++) {
      right += (s[i] > 0) == (labels[i] > 0) ? 1 : 0;
    }
    return (double) right / labels.length;
  }

  /** Returns class 1 where the model's score is positive, else 0. */
  private static int[] predict(Mlp model, double[][] points) {
    try (var off = Autograd.noGrad()) {
      double[] scores = model.forward(Tensor.of(points)).toArray();
      int[] classes = new int[scores.length];
      for (int i = 0; i < scores.length; i++) {
        classes[i] = scores[i] > 0 ? 1 : 0;
      }
      return classes;
    }
  }

  private static Tensor toColumn(int[] labels) {
    double[] values = new double[labels.length];
    for (int i = 0; i < labels.length; i++) {
      values[i] = labels[i];
    }
    return Tensor.of(values, labels.length, 1);
  }

  private static int[] toClassIndices(int[] signs) {
    int[] classes = new int[signs.length];
    for (int i = 0; i < signs.length; i++) {
      classes[i] = signs[i] > 0 ? 1 : 0;
    }
    return classes;
  }
}
