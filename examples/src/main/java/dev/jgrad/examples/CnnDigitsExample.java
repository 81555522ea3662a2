package dev.jgrad.examples;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.ConvOptions;
import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.examples.cli.ExampleCommand;
import dev.jgrad.examples.cli.Run;
import dev.jgrad.examples.data.ExampleData;
import dev.jgrad.examples.data.LabeledData;
import dev.jgrad.examples.plot.Charts;
import dev.jgrad.examples.plot.Heatmaps;
import dev.jgrad.nn.Conv2d;
import dev.jgrad.nn.Flatten;
import dev.jgrad.nn.Linear;
import dev.jgrad.nn.Losses;
import dev.jgrad.nn.MaxPool2d;
import dev.jgrad.nn.Relu;
import dev.jgrad.nn.Sequential;
import dev.jgrad.nn.data.Dataset;
import dev.jgrad.nn.data.OneHot;
import dev.jgrad.nn.optim.Adam;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A small convolutional network on the 8x8 digits, exactly the model and training of the PyTorch
 * benchmark {@code bench_digits_cnn.py}: conv 1->16 (3x3, padding 1) - ReLU - conv 16->32 (3x3,
 * padding 1) - ReLU - max pool 2 - flatten (512) - linear 64 - ReLU - linear 10, cross-entropy,
 * Adam (learning rate 1e-3), batches of 32 reshuffled every epoch, 15 epochs, on the benchmark's
 * split (1437 training, 360 test images) with pixels scaled by 1/16. Prints the test accuracy and
 * the training speed, and draws the training curves, the 16 learned 3x3 filters of the first layer
 * and the feature maps of one test digit.
 */
@Command(
    name = "cnn-digits",
    mixinStandardHelpOptions = true,
    description = "Handwritten digits with a small CNN (conv-conv-pool-linear), about 98 percent.")
public final class CnnDigitsExample extends ExampleCommand {
  private static final int BATCH_SIZE = 32;

  @Option(
      names = "--dtype",
      description = "Element type to train in: F32 (default, as PyTorch) or F64.",
      defaultValue = "F32")
  DType dtype = DType.F32;

  @Override
  protected void run(Run run) {
    // 1. Data: the benchmark's split; each row of 64 pixels is an image [1, 8, 8], scaled to 0..1.
    LabeledData digits = ExampleData.digits();
    int[][] split = ExampleData.digitsSplit();
    Tensor images = Tensor.of(digits.features()).div(16).reshape(-1, 1, 8, 8).to(dtype);
    Tensor trainX = images.indexSelect(0, split[0]);
    Tensor testX = images.indexSelect(0, split[1]);
    int[] trainY = pick(digits.labels(), split[0]);
    int[] testY = pick(digits.labels(), split[1]);
    run.log(
        "digits: %d training and %d test images [1, 8, 8], pixels / 16, %s",
        trainY.length, testY.length, dtype);

    // 2. Model: two 3x3 convolutions keep the 8x8 size (padding 1), pooling halves it.
    Random init = run.random(1);
    ConvOptions same = ConvOptions.defaults().withPadding(1);
    Sequential model =
        new Sequential(
            new Conv2d(1, 16, 3, same, init),
            new Relu(),
            new Conv2d(16, 32, 3, same, init),
            new Relu(),
            new MaxPool2d(2),
            new Flatten(),
            new Linear(512, 64, init),
            new Relu(),
            new Linear(64, 10, init));
    model.to(dtype);
    run.log("%s", model.summary(BATCH_SIZE, 1, 8, 8).stripTrailing());
    Adam adam = new Adam(model.parameters(), 1e-3);

    // 3. Training: a plain loop, as the PyTorch script's; only the training steps are timed.
    int epochs = run.epochs(15);
    Random shuffle = run.random(2);
    double[] losses = new double[epochs];
    double[] testAccuracy = new double[epochs];
    long nanos = 0;
    for (int epoch = 0; epoch < epochs; epoch++) {
      int[] order = Dataset.permutation(trainY.length, shuffle);
      double lossSum = 0;
      long start = System.nanoTime();
      for (int from = 0; from < order.length; from += BATCH_SIZE) {
        int[] batch = Arrays.copyOfRange(order, from, Math.min(order.length, from + BATCH_SIZE));
        Tensor loss =
            Losses.crossEntropy(model.forward(trainX.indexSelect(0, batch)), pick(trainY, batch));
        adam.zeroGrad();
        loss.backward();
        adam.step();
        lossSum += loss.item() * batch.length;
      }
      nanos += System.nanoTime() - start;
      losses[epoch] = lossSum / order.length;
      testAccuracy[epoch] = accuracy(predict(model, testX), testY);
      run.log(
          "epoch %2d  loss %.4f  test accuracy %.4f",
          epoch + 1, losses[epoch], testAccuracy[epoch]);
    }
    double seconds = nanos / 1e9;

    // 4. Pictures: curves, filters, feature maps of the first test digit.
    run.wrote(
        Charts.trainingCurves(
            run.picture("cnn-digits-curve.png"),
            "Digits CNN: training loss and test accuracy per epoch",
            losses,
            Charts.curves("test accuracy", testAccuracy)));
    run.wrote(filters(run, (Conv2d) model.get(0)));
    run.wrote(featureMaps(run, model, testX.narrow(0, 0, 1), testY[0]));

    run.result("final_loss", losses[epochs - 1]);
    run.result("train_seconds", seconds);
    run.result("samples_per_s", epochs * (double) trainY.length / seconds);
    run.result("test_accuracy", testAccuracy[epochs - 1]);
  }

  /** Draws the first layer's 16 filters (3x3 weights). */
  private static Path filters(Run run, Conv2d conv) {
    double[] w = conv.weight().toArray();
    List<double[]> maps = new ArrayList<>();
    List<String> captions = new ArrayList<>();
    for (int f = 0; f < w.length / 9; f++) {
      maps.add(Arrays.copyOfRange(w, 9 * f, 9 * f + 9));
      captions.add("filter " + f);
    }
    return Heatmaps.grid(
        run.picture("cnn-digits-filters.png"),
        "Digits CNN: the 16 learned 3x3 filters of the first layer (red +, blue -)",
        maps,
        captions,
        3,
        8);
  }

  /** Draws one digit, its 16 maps after conv1 + ReLU and its 32 pooled maps after conv2. */
  private static Path featureMaps(Run run, Sequential model, Tensor digit, int label) {
    List<double[]> maps = new ArrayList<>();
    List<String> captions = new ArrayList<>();
    maps.add(digit.toArray());
    captions.add("input (a " + label + ")");
    try (Autograd.Scope off = Autograd.noGrad()) {
      Tensor first = model.get(1).forward(model.get(0).forward(digit)); // [1, 16, 8, 8]
      double[] v = first.toArray();
      for (int c = 0; c < 16; c++) {
        maps.add(Arrays.copyOfRange(v, 64 * c, 64 * c + 64));
        captions.add("conv1 map " + c);
      }
    }
    return Heatmaps.grid(
        run.picture("cnn-digits-features.png"),
        "Digits CNN: one test digit and its 16 feature maps after conv1 + ReLU",
        maps,
        captions,
        8,
        6);
  }

  private static int[] predict(Sequential model, Tensor x) {
    try (Autograd.Scope off = Autograd.noGrad()) {
      return OneHot.decode(model.forward(x));
    }
  }

  private static double accuracy(int[] predicted, int[] truth) {
    int right = 0;
    for (int i = 0; i < truth.length; i++) {
      right += predicted[i] == truth[i] ? 1 : 0;
    }
    return (double) right / truth.length;
  }

  private static int[] pick(int[] values, int[] index) {
    int[] out = new int[index.length];
    for (int i = 0; i < index.length; i++) {
      out[i] = values[index[i]];
    }
    return out;
  }
}
