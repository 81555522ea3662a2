package dev.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.Function;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The code of {@code docs/nn.md} and of the README's tour, run with assertions. Every {@code java}
 * block of those pages must appear verbatim (up to indentation) in this file or in the engine's
 * {@code EngineTourTest}: {@link #everyDocsCodeBlockIsHere} fails otherwise.
 */
class ReadmeExamplesTest {
  static final List<Path> PAGES = List.of(Path.of("..", "README.md"), Path.of("..", "docs", "nn.md"));
  static final List<Path> MIRRORS =
      List.of(
          Path.of("src/test/java/dev/jgrad/nn/ReadmeExamplesTest.java"),
          Path.of("../autograd/src/test/java/dev/jgrad/autograd/viz/EngineTourTest.java"));

  @TempDir Path dir;

  /** swish, x * sigmoid(x), composed from engine ops (the custom module below uses it). */
  static final Function SWISH =
      Function.of("swish", in -> in[0].mul(in[0].sigmoid()), (upstream, out, in) -> {
        Tensor s = in[0].sigmoid();
        return new Tensor[] {upstream.mul(s.add(in[0].mul(s).mul(s.neg().add(1))))};
      });

  /** A residual block: out = x + outer(swish(inner(x))). */
  final class ResidualBlock extends Module {
    private final Linear inner;
    private final Linear outer;

    ResidualBlock(int width, Random random) {
      inner = registerModule("inner", new Linear(width, width, random));
      outer = registerModule("outer", new Linear(width, width, random));
    }

    @Override
    public Tensor forward(Tensor x) {
      return x.add(outer.forward(SWISH.apply(inner.forward(x))));
    }
  }
  // new Sequential(new Linear(2, 32, rng), new ResidualBlock(32, rng), new Linear(32, 3, rng))

  @Test
  void customModuleRegistersItsLayersAndTrains() {
    Random rng = new Random(0);
    Module model =
        new Sequential(new Linear(2, 32, rng), new ResidualBlock(32, rng), new Linear(32, 3, rng));
    // two layers of 32 x 32 + 32 inside the block, 2 x 32 + 32 before, 32 x 3 + 3 after
    assertEquals(96 + 2 * 1056 + 99, model.parameterCount());
    Tensor x = Tensor.randn(rng, 8, 2);
    Tensor y = Tensor.of(new double[] {0, 1, 2, 0, 1, 2, 0, 1});
    Optimizer opt = new Adam(model.parameters(), 0.01);
    double first = Double.NaN;
    double last = Double.NaN;
    for (int step = 0; step < 50; step++) {
      opt.zeroGrad();
      Tensor loss = Losses.crossEntropy(model.forward(x), y);
      loss.backward();
      opt.step();
      first = step == 0 ? loss.item() : first;
      last = loss.item();
    }
    assertTrue(last < first / 2, first + " -> " + last);
  }

  @Test
  void handWrittenLoop() {
    // --- README and docs/nn.md: hand-written loop
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
    // --- docs/nn.md: trainer
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
    SafeTensors.save(model, weights); // load with SafeTensors.load(model, weights)
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

  @Test
  void safetensorsReadWithoutAModule() throws IOException {
    Path torchFile = dir.resolve("torch_dtypes.safetensors");
    try (InputStream in = getClass().getResourceAsStream("/dev/jgrad/nn/io/torch_dtypes.safetensors")) {
      Files.write(torchFile, in.readAllBytes());
    }
    Path half = dir.resolve("half.safetensors");
    // --- docs/nn.md: safetensors
    SafeTensors.Contents contents = SafeTensors.read(torchFile);   // e.g. a BatchNorm1d state dict
    Tensor steps = contents.tensors().get("bn.num_batches_tracked");
    System.out.println(contents.dtypes().get("bn.num_batches_tracked") + " " + steps.item()); // I64 1.0
    SafeTensors.write(half, contents.tensors(), Map.of(), SafeTensors.DType.BF16);  // 2 bytes per value
    // --- end
    assertEquals("I64 1.0", contents.dtypes().get("bn.num_batches_tracked") + " " + steps.item());
    SafeTensors.Contents back = SafeTensors.read(half);
    assertEquals(contents.tensors().keySet(), back.tensors().keySet());
    assertTrue(back.dtypes().values().stream().allMatch(d -> d == SafeTensors.DType.BF16));
  }

  /** Returns the java code blocks of {@code page}, each as its trimmed lines joined by newlines. */
  static List<String> codeBlocks(Path page) throws IOException {
    List<String> blocks = new ArrayList<>();
    StringBuilder current = null;
    for (String line : Files.readAllLines(page)) {
      if (line.trim().equals("```java")) {
        current = new StringBuilder();
      } else if (line.trim().equals("```") && current != null) {
        blocks.add(current.toString());
        current = null;
      } else if (current != null) {
        current.append(line.trim()).append('\n');
      }
    }
    return blocks;
  }

  @Test
  void everyDocsCodeBlockIsHere() throws IOException {
    StringBuilder source = new StringBuilder();
    for (Path mirror : MIRRORS) {
      for (String line : Files.readAllLines(mirror)) {
        source.append(line.trim()).append('\n');
      }
    }
    for (Path page : PAGES) {
      List<String> blocks = codeBlocks(page);
      assertTrue(blocks.size() >= 2, page + " has its code blocks: " + blocks.size());
      for (String block : blocks) {
        assertTrue(
            source.toString().contains(block), page + " block not mirrored in a test:\n" + block);
      }
    }
  }
}
