package dev.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jgrad.autograd.Tensor;
import dev.jgrad.nn.data.Dataset;
import dev.jgrad.nn.data.OneHot;
import dev.jgrad.nn.data.Scaler;
import dev.jgrad.nn.data.Csv;
import dev.jgrad.nn.init.Init;
import dev.jgrad.nn.io.SafeTensors;
import dev.jgrad.nn.optim.Adam;
import dev.jgrad.nn.optim.AdamW;
import dev.jgrad.nn.optim.GradClip;
import dev.jgrad.nn.optim.RmsProp;
import dev.jgrad.nn.optim.Sgd;
import dev.jgrad.nn.train.History;
import dev.jgrad.nn.train.Metrics;
import dev.jgrad.nn.train.Trainer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Wrong shapes, out-of-range labels, NaN labels, null and nonsense arguments given to layers,
 * losses, optimizers and data helpers: each call throws {@link IllegalArgumentException} or
 * {@link IllegalStateException} whose message names the method (or class), never another
 * exception and never a silently wrong result.
 */
class MisuseNnTest {
  /** A misuse and a word its error message must contain. */
  record Misuse(String name, Runnable call) {}

  @Test
  void misusedNnCallsFailClearly() {
    Random random = new Random(0);
    Linear linear = new Linear(3, 2, random);
    Tensor logits = Tensor.randn(random, 4, 3);
    Tensor probabilities = logits.sigmoid();
    List<Misuse> calls =
        List.of(
            new Misuse("Linear", () -> linear.forward(Tensor.ones(4, 5))),
            new Misuse("Linear", () -> linear.forward(Tensor.scalar(1))),
            new Misuse("Linear", () -> new Linear(-1, 2, random)),
            new Misuse("Linear", () -> linear.forward(null)),
            new Misuse("Linear", () -> new Linear(3, 2, null)),
            new Misuse("Mlp", () -> new Mlp(0, 3)),
            new Misuse("LayerNorm", () -> new LayerNorm(3).forward(Tensor.ones(2, 4))),
            new Misuse("Embedding", () -> new Embedding(5, 2, random).forward(new int[] {5})),
            new Misuse("Embedding", () -> new Embedding(5, 2, random).forward(new int[] {-1})),
            new Misuse("Embedding", () -> new Embedding(5, 2, random).forward(Tensor.of(new double[] {1.5}))),
            new Misuse("Dropout", () -> new Dropout(1.5, 0)),
            new Misuse("Dropout", () -> new Dropout(Double.NaN, 0)),
            new Misuse("crossEntropy", () -> Losses.crossEntropy(logits, new int[] {0, 1, 2})),
            new Misuse("crossEntropy", () -> Losses.crossEntropy(logits, new int[] {0, 1, 2, 3})),
            new Misuse("crossEntropy", () -> Losses.crossEntropy(logits, new int[] {0, 1, 2, -1})),
            new Misuse("crossEntropy", () -> Losses.crossEntropy(logits, Tensor.of(new double[] {0, 1, 2, Double.NaN}))),
            new Misuse("crossEntropy", () -> Losses.crossEntropy(logits, Tensor.of(new double[] {0, 1, 2, 0.5}))),
            new Misuse("crossEntropy", () -> Losses.crossEntropy(logits, Tensor.of(new double[] {0, 1, 2, 1e10}))),
            new Misuse("crossEntropy", () -> Losses.crossEntropy(Tensor.ones(4), new int[] {0, 1, 2, 0})),
            new Misuse("crossEntropy", () -> Losses.crossEntropy(logits, (int[]) null)),
            new Misuse("mse", () -> Losses.mse(logits, Tensor.ones(3, 4))),
            new Misuse("mse", () -> Losses.mse(logits, null)),
            new Misuse("binaryCrossEntropy", () -> Losses.binaryCrossEntropy(probabilities, Tensor.ones(4))),
            new Misuse("binaryCrossEntropyWithLogits", () -> Losses.binaryCrossEntropyWithLogits(logits, Tensor.ones(3, 4))),
            new Misuse("nll", () -> Losses.nll(logits, new int[] {7, 0, 0, 0})),
            new Misuse("Sgd", () -> new Sgd(linear.parameters(), -0.1)),
            new Misuse("Sgd", () -> new Sgd(linear.parameters(), Double.NaN)),
            new Misuse("Adam", () -> new Adam(linear.parameters(), Double.POSITIVE_INFINITY)),
            new Misuse("Sgd", () -> new Sgd(null, 0.1)),
            new Misuse("Sgd", () -> new Sgd(List.of(Tensor.ones(2)), 0.1)),
            new Misuse("Dataset", () -> new Dataset(Tensor.ones(4, 2), Tensor.ones(3))),
            new Misuse("batches", () -> new Dataset(Tensor.ones(4, 2), Tensor.ones(4)).batches(0, null, false)),
            new Misuse("split", () -> new Dataset(Tensor.ones(4, 2), Tensor.ones(4)).split(1.5, 0)),
            new Misuse("split", () -> new Dataset(Tensor.ones(4, 2), Tensor.ones(4)).split(Double.NaN, 0)),
            new Misuse("OneHot", () -> OneHot.encode(new int[] {0, 3}, 3)),
            new Misuse("OneHot", () -> OneHot.encode(new int[] {0, 1}, -2)),
            new Misuse("Scaler", () -> Scaler.standardize(Tensor.ones(4, 2)).transform(Tensor.ones(4, 3))),
            new Misuse("minMax", () -> Scaler.minMax(Tensor.ones(4, 2), 1, 0)),
            new Misuse("loadStateDict", () -> linear.loadStateDict(Map.of("weight", Tensor.ones(3, 3)))),
            new Misuse("loadStateDict", () -> linear.loadStateDict(null)),
            new Misuse("Mlp", () -> new Mlp(2, 4, -1)));
    assertEquals(List.of(), problems(calls));
  }

  /** Every module of the package, built small. */
  private static List<Module> everyModule(Random random) {
    return List.of(
        new Linear(3, 2, random),
        new LayerNorm(3),
        new Dropout(0.5, 0),
        new Dropout(0.5, 0).eval(),
        new Dropout(0, 0),
        new Embedding(5, 2, random),
        new Relu(),
        new Tanh(),
        new Sigmoid(),
        new Gelu(),
        new LeakyRelu(),
        new Softmax(),
        new Identity(),
        new Sequential(new Linear(3, 2, random), new Relu()),
        new Sequential(),
        new Mlp(3, 4, 1),
        new Layer(3, 2, Activation.TANH, random),
        new Neuron(3, Activation.RELU, random));
  }

  @Test
  void forwardOfNullNamesTheModuleAndForward() {
    List<Misuse> calls = new ArrayList<>();
    for (Module m : everyModule(new Random(0))) {
      calls.add(
          new Misuse(m.getClass().getSimpleName() + ".forward: input is null", () -> m.forward(null)));
    }
    Embedding embedding = new Embedding(5, 2, new Random(0));
    calls.add(new Misuse("Embedding.forward: indices is null", () -> embedding.forward((int[]) null)));
    calls.add(new Misuse("Activation.apply", () -> Activation.TANH.apply(null)));
    calls.add(new Misuse("Reduction.apply", () -> Reduction.SUM.apply(null)));
    assertEquals(List.of(), problems(calls));
  }

  @Test
  void nullArgumentsAreRejectedNamingTheMethod(@TempDir Path dir) {
    Random random = new Random(0);
    Linear linear = new Linear(3, 2, random);
    Tensor x = Tensor.randn(random, 4, 3);
    Tensor y = Tensor.randn(random, 4, 3);
    int[] labels = {0, 1, 2, 0};
    List<Tensor> withNull = new ArrayList<>(linear.parameters());
    withNull.add(null);
    Dataset data = new Dataset(Tensor.ones(4, 2), Tensor.ones(4));
    Scaler scaler = Scaler.standardize(Tensor.randn(random, 4, 2));
    Path file = dir.resolve("w.safetensors");
    List<Misuse> calls =
        List.of(
            // modules: constructors
            new Misuse("Sequential", () -> new Sequential((Module[]) null)),
            new Misuse("Sequential", () -> new Sequential((List<Module>) null)),
            new Misuse("Sequential", () -> new Sequential(new Relu(), null)),
            new Misuse("Sequential.add", () -> new Sequential().add(null)),
            new Misuse("ModuleList", () -> new ModuleList<Module>(null)),
            new Misuse("ModuleList.add", () -> new ModuleList<Module>(List.of()).add(null)),
            new Misuse("ModuleList.forward", () -> new ModuleList<Module>(List.of()).forward(x)),
            new Misuse("Mlp", () -> new Mlp(2, List.of(3, 1), null, random)),
            new Misuse("Mlp", () -> new Mlp(2, List.of(3, 1), Activation.RELU, null)),
            new Misuse("Layer", () -> new Layer(2, 3, null, random)),
            new Misuse("Layer", () -> new Layer(2, 3, Activation.RELU, null)),
            new Misuse("Neuron", () -> new Neuron(2, Activation.RELU, null)),
            new Misuse("Embedding", () -> new Embedding(5, 2, null)),
            new Misuse("Dropout", () -> new Dropout(0.5, null)),
            // losses
            new Misuse("mse", () -> Losses.mse(null, y)),
            new Misuse("mse", () -> Losses.mse(x, y, null)),
            new Misuse("l1", () -> Losses.l1(x, null)),
            new Misuse("huber", () -> Losses.huber(null, y)),
            new Misuse("binaryCrossEntropy", () -> Losses.binaryCrossEntropy(null, y)),
            new Misuse("binaryCrossEntropyWithLogits", () -> Losses.binaryCrossEntropyWithLogits(x, null)),
            new Misuse("crossEntropy", () -> Losses.crossEntropy(null, labels)),
            new Misuse("crossEntropy", () -> Losses.crossEntropy(x, (Tensor) null)),
            new Misuse("crossEntropy", () -> Losses.crossEntropy(null, Tensor.ones(4))),
            new Misuse("crossEntropy", () -> Losses.crossEntropy(x, labels, 0, null, null)),
            new Misuse("nll", () -> Losses.nll(null, labels)),
            new Misuse("nll", () -> Losses.nll(x, null)),
            new Misuse("hinge", () -> Losses.hinge(null, y)),
            new Misuse("l2Penalty", () -> Losses.l2Penalty(null, 0.1)),
            new Misuse("l2Penalty", () -> Losses.l2Penalty(withNull, 0.1)),
            // optimizers
            new Misuse("Sgd", () -> new Sgd(null, 0.1, 0.9)),
            new Misuse("Sgd", () -> new Sgd(withNull, 0.1)),
            new Misuse("Adam", () -> new Adam(null, 0.1)),
            new Misuse("AdamW", () -> new AdamW(null, 0.1)),
            new Misuse("RmsProp", () -> new RmsProp(null, 0.1)),
            new Misuse("RmsProp", () -> new RmsProp(withNull, 0.1)),
            new Misuse("clipGradNorm", () -> GradClip.clipGradNorm(null, 1)),
            new Misuse("clipGradNorm", () -> GradClip.clipGradNorm(withNull, 1)),
            // init
            new Misuse("uniform", () -> Init.uniform(null, 0, 1, random)),
            new Misuse("uniform", () -> Init.uniform(Tensor.zeros(2), 0, 1, null)),
            new Misuse("normal", () -> Init.normal(Tensor.zeros(2), 0, 1, null)),
            new Misuse("constant", () -> Init.constant(null, 1)),
            new Misuse("zeros", () -> Init.zeros(null)),
            new Misuse("xavierUniform", () -> Init.xavierUniform(null, 1, random)),
            new Misuse("kaimingNormal", () -> Init.kaimingNormal(Tensor.zeros(2, 2), null)),
            // data
            new Misuse("Dataset", () -> new Dataset(null, Tensor.ones(4))),
            new Misuse("subset", () -> data.subset(null)),
            new Misuse("permutation", () -> Dataset.permutation(4, null)),
            new Misuse("standardize", () -> Scaler.standardize(null)),
            new Misuse("minMax", () -> Scaler.minMax(null, 0, 1)),
            new Misuse("transform", () -> scaler.transform(null)),
            new Misuse("inverseTransform", () -> scaler.inverseTransform(null)),
            new Misuse("OneHot.encode", () -> OneHot.encode((int[]) null, 3)),
            new Misuse("OneHot.encode", () -> OneHot.encode((Tensor) null, 3)),
            new Misuse("OneHot.decode", () -> OneHot.decode(null)),
            new Misuse("classIndices", () -> OneHot.classIndices(null)),
            new Misuse("Csv.read", () -> Csv.read(null, 0)),
            new Misuse("Csv.readDataset", () -> Csv.readDataset(null, 0, -1)),
            // io
            new Misuse("SafeTensors.save", () -> uncheck(() -> SafeTensors.save(null, file))),
            new Misuse("SafeTensors.save", () -> uncheck(() -> SafeTensors.save(linear, null))),
            new Misuse("SafeTensors.load", () -> uncheck(() -> SafeTensors.load(null, file))),
            new Misuse("SafeTensors.load", () -> uncheck(() -> SafeTensors.load(linear, null))),
            new Misuse("SafeTensors.read", () -> uncheck(() -> SafeTensors.read(null))),
            new Misuse("SafeTensors.write", () -> uncheck(() -> SafeTensors.write(null, Map.of(), Map.of(), SafeTensors.DType.F64))),
            new Misuse("SafeTensors.write", () -> uncheck(() -> SafeTensors.write(file, null, Map.of(), SafeTensors.DType.F64))),
            new Misuse("SafeTensors.write", () -> uncheck(() -> SafeTensors.write(file, Map.of(), null, SafeTensors.DType.F64))),
            new Misuse("SafeTensors.write", () -> uncheck(() -> SafeTensors.write(file, Map.of(), Map.of(), null))),
            new Misuse("SafeTensors.write", () -> uncheck(() -> SafeTensors.write(file, Collections.singletonMap("w", null), Map.of(), SafeTensors.DType.F64))),
            new Misuse("SafeTensors.write", () -> uncheck(() -> SafeTensors.write(file, Map.of(), Collections.singletonMap("k", null), SafeTensors.DType.F64))),
            new Misuse("History.add", () -> new History().add(null)),
            // metrics and training
            new Misuse("accuracy", () -> Metrics.accuracy(null, labels)),
            new Misuse("confusionMatrix", () -> Metrics.confusionMatrix(labels, null, 3)),
            new Misuse("format", () -> Metrics.format(null)),
            new Misuse("toInts", () -> Metrics.toInts(null)),
            new Misuse("Trainer", () -> Trainer.builder(linear, new Sgd(linear.parameters(), 0.1), null)),
            new Misuse("Trainer", () -> Trainer.builder(linear, new Sgd(linear.parameters(), 0.1), Losses::mse).onNonFiniteLoss(null)),
            new Misuse("Trainer.fit", () -> Trainer.builder(linear, new Sgd(linear.parameters(), 0.1), Losses::mse).build().fit(null)),
            new Misuse("Trainer.evaluate", () -> Trainer.builder(linear, new Sgd(linear.parameters(), 0.1), Losses::mse).build().evaluate(null)),
            new Misuse("loadStateDict", () -> linear.loadStateDict(Collections.singletonMap("weight", null))));
    assertEquals(List.of(), problems(calls));
  }

  /** A checked call, for the I/O methods. */
  interface IoCall {
    void run() throws IOException;
  }

  private static void uncheck(IoCall call) {
    try {
      call.run();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs each misuse and returns what went wrong: no error, another exception, a vague message. */
  private static List<String> problems(List<Misuse> calls) {
    List<String> problems = new ArrayList<>();
    for (Misuse m : calls) {
      try {
        m.call().run();
        problems.add(m.name() + ": no error");
      } catch (IllegalArgumentException | IllegalStateException e) {
        String message = String.valueOf(e.getMessage());
        if (!message.toLowerCase().contains(m.name().toLowerCase())) {
          problems.add(m.name() + ": message does not name it: " + message);
        }
      } catch (Throwable e) {
        problems.add(m.name() + ": threw " + e);
      }
    }
    return problems;
  }
}
