package dev.jgrad.spark;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.nn.Module;
import dev.jgrad.nn.io.SafeTensors;
import dev.jgrad.nn.optim.Optimizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads and writes training checkpoints as one safetensors file (F64): the model's parameters
 * under {@code model.<name>}, the optimizer's state under {@code optimizer.<key>} (see {@link
 * Optimizer#state()}), and in the metadata the number of finished epochs and the seed.
 */
public final class Checkpoint {
  private static final String MODEL = "model.";
  private static final String OPTIMIZER = "optimizer.";

  private Checkpoint() {}

  /**
   * Writes {@code model}, {@code optimizer} (may be null) and {@code epochsDone} to {@code file},
   * atomically.
   *
   * @throws UncheckedIOException if the file cannot be written
   */
  public static void write(
      Path file, Module model, Optimizer optimizer, int epochsDone, long seed) {
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    for (Map.Entry<String, Tensor> e : model.namedParameters().entrySet()) {
      tensors.put(MODEL + e.getKey(), e.getValue().detach());
    }
    if (optimizer != null) {
      for (Map.Entry<String, double[]> e : optimizer.state().entrySet()) {
        tensors.put(OPTIMIZER + e.getKey(), Tensor.of(e.getValue()));
      }
    }
    Map<String, String> metadata = new LinkedHashMap<>();
    metadata.put("epochs_done", Integer.toString(epochsDone));
    metadata.put("seed", Long.toString(seed));
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      SafeTensors.write(file, tensors, metadata, SafeTensors.DType.F64);
    } catch (IOException e) {
      throw new UncheckedIOException("Checkpoint.write: cannot write " + file, e);
    }
  }

  /**
   * Loads the checkpoint in {@code file} into {@code model} and {@code optimizer} (may be null)
   * and returns the number of epochs it had finished.
   *
   * @throws IllegalArgumentException if it was written with another seed or holds parameters
   *     that do not match the model
   * @throws UncheckedIOException if the file cannot be read
   */
  public static int restore(Path file, Module model, Optimizer optimizer, long seed) {
    SafeTensors.Contents contents;
    try {
      contents = SafeTensors.read(file);
    } catch (IOException e) {
      throw new UncheckedIOException("Checkpoint.restore: cannot read " + file, e);
    }
    String savedSeed = contents.metadata().get("seed");
    if (!Long.toString(seed).equals(savedSeed)) {
      throw new IllegalArgumentException(
          String.format(
              "Checkpoint.restore: %s was written with seed %s, this run uses %d; the batch"
                  + " order would differ",
              file, savedSeed, seed));
    }
    Map<String, Tensor> parameters = new LinkedHashMap<>();
    Map<String, double[]> state = new LinkedHashMap<>();
    for (Map.Entry<String, Tensor> e : contents.tensors().entrySet()) {
      if (e.getKey().startsWith(MODEL)) {
        parameters.put(e.getKey().substring(MODEL.length()), e.getValue());
      } else if (e.getKey().startsWith(OPTIMIZER)) {
        state.put(e.getKey().substring(OPTIMIZER.length()), e.getValue().toArray());
      }
    }
    try (Autograd.Scope off = Autograd.noGrad()) {
      model.loadStateDict(parameters);
    }
    if (optimizer != null) {
      optimizer.loadState(state);
    }
    return Integer.parseInt(contents.metadata().get("epochs_done"));
  }
}
