package dev.jgrad.examples;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.Function;
import dev.jgrad.autograd.GradCheck;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.examples.cli.ExampleCommand;
import dev.jgrad.examples.cli.Run;
import dev.jgrad.examples.plot.Charts;
import dev.jgrad.nn.Linear;
import dev.jgrad.nn.Losses;
import dev.jgrad.nn.Module;
import dev.jgrad.nn.Sequential;
import dev.jgrad.nn.optim.Adam;
import dev.jgrad.nn.train.ProgressBar;
import java.util.List;
import java.util.Random;
import picocli.CommandLine.Command;

/**
 * A custom architecture in plain Java: a user-defined op ({@code swish}, with a hand-written
 * backward checked by {@link GradCheck}) inside a user-defined {@link Module} (a residual
 * block), trained to tell three interleaved spirals apart.
 */
@Command(
    name = "custom",
    mixinStandardHelpOptions = true,
    description = "A custom Module (residual block) and a custom op (swish) learn three spirals.")
public final class CustomExample extends ExampleCommand {

  /**
   * swish as a user-defined op: {@code out = x * sigmoid(x)}, {@code dout/dx = s + x s (1 - s)}
   * with {@code s = sigmoid(x)}.
   */
  static final Function SWISH =
      Function.of(
          "swish",
          in -> in[0].mul(in[0].sigmoid()),
          (upstream, out, in) -> {
            Tensor s = in[0].sigmoid();
            Tensor local = s.add(in[0].mul(s).mul(s.neg().add(1)));
            return new Tensor[] {upstream.mul(local)};
          });

  /** A residual block: {@code out = x + outer(swish(inner(x)))}; the input skips two layers. */
  static final class ResidualBlock extends Module {
    private final Linear inner;
    private final Linear outer;

    ResidualBlock(int width, Random random) {
      inner = registerModule("inner", new Linear(width, width, random));
      outer = registerModule("outer", new Linear(width, width, random));
    }

    @Override
    public Tensor forward(Tensor x) {
      return x.add(outer.call(SWISH.apply(inner.call(x))));
    }
  }

  @Override
  protected void run(Run run) {
    // 1. Check the op's hand-written derivative before trusting it.
    GradCheck.Report check =
        GradCheck.check(
            in -> SWISH.apply(in.get(0)),
            List.of(Tensor.randn(run.random(0), 4, 5)),
            GradCheck.Options.defaults().withSeed(run.seed()));
    run.log("%s", check.toString().stripTrailing());
    check.assertOk();

    // 2. Data: three spirals of 100 points each.
    Spirals data = Spirals.generate(100, run.random(1));
    Tensor x = Tensor.of(data.points);

    // 3. The model: a linear lift to 32 features, two residual blocks, a linear read-out.
    Random random = run.random(2);
    Sequential model =
        new Sequential(
            new Linear(2, 32, random),
            new ResidualBlock(32, random),
            new ResidualBlock(32, random),
            new Linear(32, 3, random));
    run.log("model: %s (%d parameters)", model, model.parameterCount());
    Adam optimizer = new Adam(model.parameters(), 0.01);

    int epochs = run.epochs(300);
    ProgressBar bar = run.progressBar();
    double firstLoss = Double.NaN;
    double loss = Double.NaN;
    for (int epoch = 0; epoch < epochs; epoch++) {
      Tensor total = Losses.crossEntropy(model.forward(x), data.labels);
      optimizer.zeroGrad();
      total.backward();
      optimizer.step();
      loss = total.item();
      firstLoss = epoch == 0 ? loss : firstLoss;
      bar.update("epoch", epoch + 1, epochs, String.format("loss %.4f", loss));
    }
    double accuracy = accuracy(predict(model, data.points), data.labels);
    bar.finish(String.format("epoch %d/%d loss %.4f accuracy %.3f", epochs, epochs, loss, accuracy));

    run.wrote(
        Charts.decisionBoundary(
            run.picture("custom-spirals.png"),
            "Three spirals: decision regions of a residual network with a custom swish op",
            data.points,
            data.labels,
            new String[] {"A", "B", "C"},
            grid -> predict(model, grid)));
    run.result("gradcheck_ok", String.valueOf(check.ok()));
    run.result("initial_loss", firstLoss);
    run.result("final_loss", loss);
    run.result("train_accuracy", accuracy);
  }

  private static int[] predict(Module model, double[][] points) {
    try (var off = Autograd.noGrad()) {
      Tensor classes = model.forward(Tensor.of(points)).argmax(1);
      int[] result = new int[points.length];
      for (int i = 0; i < result.length; i++) {
        result[i] = (int) classes.get(i);
      }
      return result;
    }
  }

  private static double accuracy(int[] predicted, int[] labels) {
    int right = 0;
    for (int i = 0; i < labels.length; i++) {
      right += predicted[i] == labels[i] ? 1 : 0;
    }
    return (double) right / labels.length;
  }

  /** Three interleaved spirals in the plane, one per class. */
  record Spirals(double[][] points, int[] labels) {
    static Spirals generate(int perClass, Random random) {
      double[][] points = new double[3 * perClass][];
      int[] labels = new int[3 * perClass];
      for (int c = 0; c < 3; c++) {
        for (int i = 0; i < perClass; i++) {
          double r = 0.1 + 0.9 * i / (perClass - 1);
          double angle = c * 2 * Math.PI / 3 + 4 * r + 0.2 * random.nextGaussian();
          points[c * perClass + i] = new double[] {r * Math.cos(angle), r * Math.sin(angle)};
          labels[c * perClass + i] = c;
        }
      }
      return new Spirals(points, labels);
    }
  }
}
