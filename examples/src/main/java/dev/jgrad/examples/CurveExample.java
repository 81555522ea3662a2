package dev.jgrad.examples;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.examples.cli.ExampleCommand;
import dev.jgrad.examples.cli.Run;
import dev.jgrad.examples.plot.Charts;
import dev.jgrad.nn.Linear;
import dev.jgrad.nn.Losses;
import dev.jgrad.nn.Sequential;
import dev.jgrad.nn.Tanh;
import dev.jgrad.nn.optim.Adam;
import dev.jgrad.nn.train.ProgressBar;
import java.util.Random;
import picocli.CommandLine.Command;

/**
 * A network as a function approximator: 120 noisy samples of {@code f(x) = sin(2x) + 0.3 x} on
 * {@code [-3, 3]}, fitted by a network of three linear layers with tanh between them
 * (1 -> 32 -> 32 -> 1), trained with Adam on the mean squared error. The picture shows the data, the true function and the learned one.
 */
@Command(
    name = "curve",
    mixinStandardHelpOptions = true,
    description = "Fit a noisy 1-d function; picture of data, truth and learned curve.")
public final class CurveExample extends ExampleCommand {
  private static final double NOISE = 0.2;

  /** The function to learn. */
  static double truth(double x) {
    return Math.sin(2 * x) + 0.3 * x;
  }

  @Override
  protected void run(Run run) {
    Random random = run.random(0);
    int n = 120;
    double[] xs = new double[n];
    double[] ys = new double[n];
    for (int i = 0; i < n; i++) {
      xs[i] = -3 + 6 * random.nextDouble();
      ys[i] = truth(xs[i]) + NOISE * random.nextGaussian();
    }
    Tensor x = Tensor.of(xs, n, 1);
    Tensor y = Tensor.of(ys, n, 1);

    Random init = run.random(1);
    Sequential model =
        new Sequential(
            new Linear(1, 32, init), new Tanh(), new Linear(32, 32, init), new Tanh(), new Linear(32, 1, init));
    Adam optimizer = new Adam(model.parameters(), 0.01);

    int epochs = run.epochs(600);
    ProgressBar bar = run.progressBar();
    double firstLoss = Double.NaN;
    double loss = Double.NaN;
    for (int epoch = 0; epoch < epochs; epoch++) {
      Tensor total = Losses.mse(model.forward(x), y);
      optimizer.zeroGrad();
      total.backward();
      optimizer.step();
      loss = total.item();
      firstLoss = epoch == 0 ? loss : firstLoss;
      bar.update("epoch", epoch + 1, epochs, String.format("mse %.4f", loss));
    }
    bar.finish(String.format("epoch %d/%d mse %.4f", epochs, epochs, loss));

    int points = 300;
    double[] gridX = new double[points];
    double[] gridTruth = new double[points];
    for (int i = 0; i < points; i++) {
      gridX[i] = -3 + 6.0 * i / (points - 1);
      gridTruth[i] = truth(gridX[i]);
    }
    double[] learned;
    try (var off = Autograd.noGrad()) {
      learned = model.forward(Tensor.of(gridX, points, 1)).toArray();
    }
    double squaredError = 0;
    for (int i = 0; i < points; i++) {
      squaredError += Math.pow(learned[i] - gridTruth[i], 2);
    }

    run.wrote(
        Charts.curveFit(
            run.picture("curve-fit.png"),
            "f(x) = sin(2x) + 0.3x: 120 noisy samples and a 1-32-32-1 tanh network's fit",
            xs,
            ys,
            gridX,
            gridTruth,
            learned));
    run.result("initial_loss", firstLoss);
    run.result("final_loss", loss);
    run.result("noise_variance", NOISE * NOISE);
    run.result("rmse_to_truth", Math.sqrt(squaredError / points));
  }
}
