package dev.jgrad.examples;

import dev.jgrad.autograd.Tensor;
import dev.jgrad.examples.cli.ExampleCommand;
import dev.jgrad.examples.cli.Run;
import dev.jgrad.examples.data.ExampleData;
import dev.jgrad.examples.data.LabeledData;
import dev.jgrad.examples.plot.Charts;
import dev.jgrad.examples.plot.ConfusionMatrix;
import dev.jgrad.nn.Linear;
import dev.jgrad.nn.Losses;
import dev.jgrad.nn.Relu;
import dev.jgrad.nn.Sequential;
import dev.jgrad.nn.data.Dataset;
import dev.jgrad.nn.data.OneHot;
import dev.jgrad.nn.data.Scaler;
import dev.jgrad.nn.optim.Adam;
import dev.jgrad.nn.train.ProgressBar;
import java.util.Random;
import picocli.CommandLine.Command;

/**
 * A three-class softmax classifier on Fisher's irises: four measurements in, one score per
 * species out, trained with cross-entropy (softmax + negative log-likelihood) on 80 % of the
 * flowers and tested on the rest.
 */
@Command(
    name = "iris",
    mixinStandardHelpOptions = true,
    description = "Fisher's irises: a 3-class softmax classifier.")
public final class IrisExample extends ExampleCommand {

  @Override
  protected void run(Run run) {
    LabeledData iris = ExampleData.iris();
    Dataset all = new Dataset(Tensor.of(iris.features()), DigitsExample.labelTensor(iris.labels()));
    Dataset.Split split = all.split(0.2, run.seed());
    Scaler scaler = Scaler.standardize(split.train().features());
    Dataset train = new Dataset(scaler.transform(split.train().features()), split.train().labels());
    Dataset test = new Dataset(scaler.transform(split.test().features()), split.test().labels());
    run.log("iris: %d training and %d test flowers, classes %s",
        train.size(), test.size(), String.join(", ", iris.classNames()));

    // 4 measurements -> 16 ReLU units -> 3 scores; crossEntropy applies the softmax.
    Random init = run.random(1);
    Sequential model = new Sequential(new Linear(4, 16, init), new Relu(), new Linear(16, 3, init));
    Adam optimizer = new Adam(model.parameters(), 0.01);

    int epochs = run.epochs(100);
    double[] losses = new double[epochs];
    double[] trainAccuracy = new double[epochs];
    double[] testAccuracy = new double[epochs];
    ProgressBar bar = run.progressBar();
    for (int epoch = 0; epoch < epochs; epoch++) {
      Tensor loss = Losses.crossEntropy(model.forward(train.features()), train.labels());
      optimizer.zeroGrad();
      loss.backward();
      optimizer.step();
      losses[epoch] = loss.item();
      trainAccuracy[epoch] = DigitsExample.accuracy(model, train);
      testAccuracy[epoch] = DigitsExample.accuracy(model, test);
      bar.update("epoch", epoch + 1, epochs, String.format("loss %.4f test_acc %.3f", losses[epoch], testAccuracy[epoch]));
    }
    bar.finish(String.format("epoch %d/%d loss %.4f train_acc %.3f test_acc %.3f",
        epochs, epochs, losses[epochs - 1], trainAccuracy[epochs - 1], testAccuracy[epochs - 1]));

    ConfusionMatrix confusion =
        ConfusionMatrix.of(
            OneHot.classIndices(test.labels()),
            DigitsExample.predict(model, test.features()),
            iris.classNames());
    run.log("confusion matrix on the test set (rows: true species, columns: predicted):");
    run.log("%s", confusion.toString().stripTrailing());

    run.wrote(
        Charts.trainingCurves(
            run.picture("iris-curve.png"),
            "Iris: cross-entropy and accuracy per epoch (4-16-3 network, Adam)",
            losses,
            Charts.curves("train accuracy", trainAccuracy, "test accuracy", testAccuracy)));
    run.wrote(
        Charts.confusionMatrix(
            run.picture("iris-confusion.png"),
            String.format("Iris: test-set confusion matrix (accuracy %.3f)", confusion.accuracy()),
            confusion));
    run.result("initial_loss", losses[0]);
    run.result("final_loss", losses[epochs - 1]);
    run.result("train_accuracy", trainAccuracy[epochs - 1]);
    run.result("test_accuracy", testAccuracy[epochs - 1]);
  }
}
