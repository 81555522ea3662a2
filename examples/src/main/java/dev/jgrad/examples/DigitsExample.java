package dev.jgrad.examples;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.examples.cli.ExampleCommand;
import dev.jgrad.examples.cli.Run;
import dev.jgrad.examples.data.ExampleData;
import dev.jgrad.examples.data.LabeledData;
import dev.jgrad.examples.plot.Charts;
import dev.jgrad.examples.plot.ConfusionMatrix;
import dev.jgrad.examples.plot.DigitImages;
import dev.jgrad.nn.Linear;
import dev.jgrad.nn.Losses;
import dev.jgrad.nn.Module;
import dev.jgrad.nn.Relu;
import dev.jgrad.nn.Sequential;
import dev.jgrad.nn.data.Dataset;
import dev.jgrad.nn.data.OneHot;
import dev.jgrad.nn.data.Scaler;
import dev.jgrad.nn.optim.Adam;
import dev.jgrad.nn.train.History;
import dev.jgrad.nn.train.Metrics;
import dev.jgrad.nn.train.Trainer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import picocli.CommandLine.Command;

/**
 * The main example: recognise handwritten digits (8x8 pixel images, UCI) with a two-layer
 * perceptron trained by Adam on shuffled mini-batches with the nn {@link Trainer}. Prints a
 * progress bar (one line per epoch when not on a terminal), the test accuracy and a confusion
 * matrix, and draws the training curves, the confusion matrix and the digits it got wrong.
 *
 * <p>The test accuracy depends on the seed, mostly through which 360 images land in the test set
 * (one image is 0.28 points): 0.967 to 0.994 over seeds 1 to 15 and 42, mean 0.98.
 */
@Command(
    name = "digits",
    mixinStandardHelpOptions = true,
    description = "Handwritten digits: an MLP with Adam reaches about 98 percent test accuracy.")
public final class DigitsExample extends ExampleCommand {
  private static final int BATCH_SIZE = 32;

  @Override
  protected void run(Run run) {
    // 1. Data: 1797 images of 64 pixels; 80 % to train on, 20 % held out to test.
    LabeledData digits = ExampleData.digits();
    Dataset all = new Dataset(Tensor.of(digits.features()), labelTensor(digits.labels()));
    Dataset.Split split = all.split(0.2, run.seed());
    // Standardise each pixel with the training set's mean and spread.
    Scaler scaler = Scaler.standardize(split.train().features());
    Dataset train = new Dataset(scaler.transform(split.train().features()), split.train().labels());
    Dataset test = new Dataset(scaler.transform(split.test().features()), split.test().labels());
    run.log("digits: %d training and %d test images of 8x8 pixels", train.size(), test.size());

    // 2. Model: 64 pixels -> 128 hidden ReLU units -> 10 class scores (logits).
    Random init = run.random(1);
    Sequential model = new Sequential(new Linear(64, 128, init), new Relu(), new Linear(128, 10, init));
    run.log("model: 64 -> 128 (ReLU) -> 10, %d parameters; Adam, learning rate 0.002, batches of %d",
        model.parameterCount(), BATCH_SIZE);

    // 3. Training: the nn Trainer runs zeroGrad, forward, loss, backward, step on shuffled
    // mini-batches, and measures accuracy on the training batches and on the test set.
    Trainer trainer =
        Trainer.builder(model, new Adam(model.parameters(), 0.002), Losses::crossEntropy)
            .epochs(run.epochs(15))
            .batchSize(BATCH_SIZE)
            .shuffleSeed(run.seed())
            .validation(test)
            .classes(Metrics.argmax())
            .progress(run.progressBar()) // a bar on a terminal, then one line per epoch
            .output(run.out())
            .build();
    History history = trainer.fit(train);
    double[] losses = toArray(history.get("loss"));
    double[] trainAccuracy = toArray(history.get("accuracy"));
    double[] testAccuracy = toArray(history.get("valAccuracy"));
    int epochs = losses.length;

    // 4. Results: confusion matrix, pictures, final figures.
    int[] truth = OneHot.classIndices(test.labels());
    int[] predicted = predict(model, test.features());
    ConfusionMatrix confusion = ConfusionMatrix.of(truth, predicted, digits.classNames());
    run.log("");
    run.log("confusion matrix on the test set (rows: true digit, columns: predicted):");
    run.log("%s", confusion.toString().stripTrailing());
    run.log("");

    run.wrote(
        Charts.trainingCurves(
            run.picture("digits-curve.png"),
            "Digits: training loss and accuracy per epoch (64-128-10 MLP, Adam)",
            losses,
            Charts.curves("train accuracy (during the epoch)", trainAccuracy, "test accuracy", testAccuracy)));
    run.wrote(
        Charts.confusionMatrix(
            run.picture("digits-confusion.png"),
            String.format("Digits: test-set confusion matrix (accuracy %.3f)", confusion.accuracy()),
            confusion));
    run.wrote(misclassified(run, split.test().features(), truth, predicted));

    run.result("initial_loss", losses[0]);
    run.result("final_loss", losses[epochs - 1]);
    run.result("train_accuracy", accuracy(model, train));
    run.result("test_accuracy", confusion.accuracy());
    run.result("misclassified", countWrong(truth, predicted));
  }

  /** Draws up to 24 test images the model got wrong, from their raw pixels. */
  private static java.nio.file.Path misclassified(
      Run run, Tensor rawPixels, int[] truth, int[] predicted) {
    List<double[]> images = new ArrayList<>();
    List<String> captions = new ArrayList<>();
    double[] pixels = rawPixels.toArray();
    for (int i = 0; i < truth.length && images.size() < 24; i++) {
      if (truth[i] != predicted[i]) {
        images.add(java.util.Arrays.copyOfRange(pixels, i * 64, (i + 1) * 64));
        captions.add("true " + truth[i] + ", said " + predicted[i]);
      }
    }
    return DigitImages.grid(
        run.picture("digits-misclassified.png"),
        String.format("Digits: %d of the %d test images the network got wrong%s",
            countWrong(truth, predicted), truth.length,
            images.size() < countWrong(truth, predicted) ? " (first " + images.size() + ")" : ""),
        images,
        captions,
        8,
        16);
  }

  private static int countWrong(int[] truth, int[] predicted) {
    int wrong = 0;
    for (int i = 0; i < truth.length; i++) {
      wrong += truth[i] != predicted[i] ? 1 : 0;
    }
    return wrong;
  }

  /** Returns the class with the highest score for each row of {@code x}. */
  static int[] predict(Module model, Tensor x) {
    try (var off = Autograd.noGrad()) {
      return OneHot.decode(model.forward(x));
    }
  }

  /** Returns the fraction of {@code data} that {@code model} classifies correctly. */
  static double accuracy(Module model, Dataset data) {
    int[] predicted = predict(model, data.features());
    int[] truth = OneHot.classIndices(data.labels());
    int right = 0;
    for (int i = 0; i < truth.length; i++) {
      right += predicted[i] == truth[i] ? 1 : 0;
    }
    return (double) right / truth.length;
  }

  private static double[] toArray(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).toArray();
  }

  static Tensor labelTensor(int[] labels) {
    double[] values = new double[labels.length];
    for (int i = 0; i < labels.length; i++) {
      values[i] = labels[i];
    }
    return Tensor.of(values);
  }
}
