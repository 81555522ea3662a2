package dev.jgrad.examples;

import dev.jgrad.examples.cli.ExampleCommand;
import dev.jgrad.examples.cli.Run;
import dev.jgrad.examples.playground.DataSet;
import dev.jgrad.examples.playground.Playground;
import dev.jgrad.examples.playground.PlaygroundPage;
import dev.jgrad.nn.Activation;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jgrad playground}: what TensorFlow Playground shows, from real code and real gradients.
 * Trains {@code Mlp(2, hidden + [1])} full-batch with Adam on a 2-d data set, records frames of the
 * run, and writes {@code playground.html}: one offline page that scrubs through them (decision
 * boundary, each hidden neuron's activation map, loss curve, one sample's backward pass on the
 * graph page).
 */
@Command(
    name = "playground",
    mixinStandardHelpOptions = true,
    description = {
      "A small MLP learns moons, circles, spirals or xor; an offline page replays the run.",
      "Writes playground.html: decision boundary, every hidden neuron's activation map, the",
      "loss curve and one sample's backward pass, for each recorded step (docs/playground.md)."
    })
public final class PlaygroundExample extends ExampleCommand {
  @Option(
      names = "--data",
      paramLabel = "SET",
      description = "moons, circles, spirals or xor. Default: moons.")
  String data = "moons";

  @Option(
      names = "--hidden",
      split = ",",
      paramLabel = "SIZES",
      description =
          "Hidden layer sizes, comma-separated (1-16 each, at most 4 layers). Default: 8,8.")
  List<Integer> hidden = List.of(8, 8);

  @Option(
      names = "--activation",
      paramLabel = "FN",
      description = "tanh, relu or sigmoid. Default: tanh.")
  String activation = "tanh";

  @Option(
      names = {"--lr", "--learning-rate"},
      paramLabel = "LR",
      description = "Adam's learning rate. Default: 0.03.")
  double learningRate = 0.03;

  @Option(
      names = "--steps",
      paramLabel = "N",
      description = "Training steps (full batch); --epochs means the same. Default: 300.")
  Integer steps;

  @Option(
      names = "--record-every",
      paramLabel = "N",
      description = "Steps between recorded frames. Default: steps / 30.")
  Integer recordEvery;

  @Option(names = "--points", paramLabel = "N", description = "Data points. Default: 200.")
  int points = 200;

  @Option(
      names = "--sample",
      paramLabel = "I",
      description = "The point whose backward pass the page shows. Default: 0.")
  int sample;

  @Override
  protected void run(Run run) throws Exception {
    int stepCount = steps != null ? steps : run.epochs(300);
    int every = recordEvery != null ? recordEvery : Math.max(1, stepCount / 30);
    Playground.Settings settings =
        new Playground.Settings(
            parse(DataSet.class, data, "--data"),
            hidden,
            parse(Activation.class, activation, "--activation"),
            learningRate,
            stepCount,
            every,
            points,
            sample,
            run.seed());
    if (settings.activation() == Activation.LINEAR) {
      throw new IllegalArgumentException(
          "--activation: linear hidden layers cannot bend the boundary; use tanh, relu or sigmoid");
    }
    long started = System.nanoTime();
    Playground playground = Playground.train(settings);
    double seconds = (System.nanoTime() - started) / 1e9;
    List<Playground.Frame> frames = playground.frames();
    for (Playground.Frame f : frames) {
      if (f.step() % Math.max(every, stepCount / 5) == 0 || f == frames.get(frames.size() - 1)) {
        run.log("step %4d  loss %.4f  accuracy %5.1f%%", f.step(), f.loss(), 100 * f.accuracy());
      }
    }
    Path page = PlaygroundPage.write(playground, run.picture("playground.html"));
    run.wrote(page);
    run.log("open %s in a browser: the slider scrubs through %d frames", page, frames.size());
    double[] losses = playground.losses();
    run.result("initial_loss", losses[0]);
    run.result("final_loss", losses[losses.length - 1]);
    run.result("final_accuracy", frames.get(frames.size() - 1).accuracy());
    run.result("frames", frames.size());
    run.result("seconds", seconds);
    run.result("html_file", page.toString());
  }

  private static <E extends Enum<E>> E parse(Class<E> type, String name, String option) {
    for (E value : type.getEnumConstants()) {
      if (value.name().equalsIgnoreCase(name)) {
        return value;
      }
    }
    throw new IllegalArgumentException(
        String.format(
            "%s: unknown value '%s'; expected one of %s",
            option,
            name,
            java.util.Arrays.toString(type.getEnumConstants()).toLowerCase(java.util.Locale.ROOT)));
  }
}
