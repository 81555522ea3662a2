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
   * and returns the number of epochs it had finished. Everything is checked before anything
   * changes: the seed, the epoch count, the parameters (by {@link Module#loadStateDict}) and the
   * optimizer state (by {@link Optimizer#loadState}); a rejected checkpoint leaves both as they
   * were.
   *
   * @throws IllegalArgumentException if it was written with another seed, its {@code
   *     epochs_done} is missing or not a whole number {@code >= 0}, or it holds parameters or
   *     optimizer state that do not fit
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
    int epochsDone = epochsDone(file, contents.metadata().get("epochs_done"));
    Map<String, Tensor> parameters = new LinkedHashMap<>();
    Map<String, double[]> state = new LinkedHashMap<>();
    for (Map.Entry<String, Tensor> e : contents.tensors().entrySet()) {
      if (e.getKey().startsWith(MODEL)) {
        parameters.put(e.getKey().substring(MODEL.length()), e.getValue());
      } else if (e.getKey().startsWith(OPTIMIZER)) {
        state.put(e.getKey().substring(OPTIMIZER.length()), e.getValue().toArray());
      }
    }
    Map<String, double[]> previous = optimizer == null ? null : optimizer.state();
    if (optimizer != null) {
      optimizer.loadState(state);
    }
    try (Autograd.Scope off = Autograd.noGrad()) {
      model.loadStateDict(parameters);
    } catch (IllegalArgumentException e) {
      if (optimizer != null) {
        optimizer.loadState(previous);
      }
      throw e;
    }
    return epochsDone;
  }

  /**
   * Returns the epoch count written as {@code text}.
   *
   * @throws IllegalArgumentException naming the file unless it is a whole number {@code >= 0}
   */
  private static int epochsDone(Path file, String text) {
    int epochs = -1;
    if (text != null && text.matches("[0-9]{1,9}")) {
      epochs = Integer.parseInt(text);
    }
    if (epochs < 0) {
      throw new IllegalArgumentException(
          String.format(
              "Checkpoint.restore: %s has epochs_done %s; expected a whole number >= 0",
              file, text == null ? "missing" : "'" + text + "'"));
    }
    return epochs;
  }
}
