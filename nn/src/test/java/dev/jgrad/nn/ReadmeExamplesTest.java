package dev.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.nn.data.Csv;
import dev.jgrad.nn.data.Dataset;
import dev.jgrad.nn.data.Scaler;
import dev.jgrad.nn.io.SafeTensors;
import dev.jgrad.nn.optim.Adam;
import dev.jgrad.nn.optim.Optimizer;
import dev.jgrad.nn.train.History;
import dev.jgrad.nn.train.Metrics;
import dev.jgrad.nn.train.Trainer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The code of the README's "Train a network" section, kept compiling and checked here. */
class ReadmeExamplesTest {
  @TempDir Path dir;

  @Test
  void handWrittenLoop() {
    // --- README: hand-written loop
    Tensor x = Tensor.of(new double[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}});
    Tensor y = Tensor.of(new double[] {0, 1, 1, 0}, 4, 1);
    Mlp model = new Mlp(2, List.of(8, 1), Activation.TANH, new Random(1)); // neurons and layers
    Optimizer opt = new Adam(model.parameters(), 0.05);
    for (int step = 0; step < 300; step++) {
      opt.zeroGrad();
      Tensor loss = Losses.binaryCrossEntropyWithLogits(model.forward(x), y);
      loss.backward();
      opt.step();
    }
    System.out.println(model.forward(x).sigmoid()); // close to [0, 1, 1, 0]
    // --- end
    try (Autograd.Scope off = Autograd.noGrad()) {
      double[] p = model.forward(x).sigmoid().toArray();
      assertTrue(p[0] < 0.5 && p[1] > 0.5 && p[2] > 0.5 && p[3] < 0.5);
    }
  }

  @Test
  void trainerOnIris() throws IOException {
    Path iris = dir.resolve("iris.csv");
    try (InputStream in = getClass().getResourceAsStream("/dev/jgrad/nn/data/iris.csv")) {
      Files.write(iris, in.readAllBytes());
    }
    Path weights = dir.resolve("iris.safetensors");
    // --- README: trainer
    Dataset data = Csv.readDataset(iris, 1, -1); // skip 1 header line; label = last column
    Dataset.Split split = data.split(0.2, 42);
    Scaler scaler = Scaler.standardize(split.train().features()); // fitted on train only
    Dataset train = new Dataset(scaler.transform(split.train().features()), split.train().labels());
    Dataset test = new Dataset(scaler.transform(split.test().features()), split.test().labels());

    Random rng = new Random(0);
    Module model = new Sequential(new Linear(4, 16, rng), new Relu(), new Linear(16, 3, rng));
    Trainer trainer =
        Trainer.builder(model, new Adam(model.parameters(), 0.01), Losses::crossEntropy)
            .epochs(60)
            .batchSize(16)
            .validation(test)
            .classes(Metrics.argmax()) // adds accuracy and the confusion matrix
            .earlyStopping(10, 1e-4, true)
            .build();
    History history = trainer.fit(train); // progress bar when run in a terminal
    System.out.println(history.last("valAccuracy"));
    System.out.println(Metrics.format(trainer.evaluate(test).confusion()));
    SafeTensors.save(model, weights); // load with SafeTensors.load(model, path)
    // --- end
    assertEquals(30, test.size());
    assertTrue(trainer.evaluate(test).accuracy() >= 0.9, history.toCsv());
    Module copy = new Sequential(new Linear(4, 16, rng), new Relu(), new Linear(16, 3, rng));
    SafeTensors.load(copy, weights);
    assertEquals(
        trainer.evaluate(test).loss(),
        Trainer.builder(copy, new Adam(copy.parameters(), 0.01), Losses::crossEntropy)
            .build()
            .evaluate(test)
            .loss(),
        0);
  }
}
