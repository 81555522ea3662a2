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
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;

/**
 * Reads and writes training checkpoints as one safetensors file (F64) on any Hadoop file system
 * ({@code hdfs://}, {@code s3a://}, {@code file:}): the model's parameters under {@code
 * model.<name>}, the optimizer's state under {@code optimizer.<key>} (see {@link
 * Optimizer#state()}), and in the metadata the finished epochs, the seed, the optimizer's class
 * and the parameters' names and shapes, which {@link #restore} checks.
 */
public final class Checkpoint {
  private static final String MODEL = "model.";
  private static final String OPTIMIZER = "optimizer.";

  private Checkpoint() {}

  /**
   * Returns whether a checkpoint exists at {@code location}.
   *
   * @throws UncheckedIOException if the file system cannot be asked
   */
  public static boolean exists(String location, Configuration hadoop) {
    org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(location);
    try {
      return path.getFileSystem(hadoop).exists(path);
    } catch (IOException e) {
      throw new UncheckedIOException("Checkpoint.exists: cannot reach " + location, e);
    }
  }

  /**
   * Writes {@code model}, {@code optimizer} (may be null) and {@code epochsDone} to the local
   * {@code file}.
   *
   * @throws UncheckedIOException if the file cannot be written
   */
  public static void write(
      Path file, Module model, Optimizer optimizer, int epochsDone, long seed) {
    write(file.toAbsolutePath().toUri().toString(), new Configuration(), model, optimizer,
        epochsDone, seed);
  }

  /**
   * Writes {@code model}, {@code optimizer} (may be null) and {@code epochsDone} to {@code
   * location} on the file system {@code hadoop} names for it: first to a hidden file beside it,
   * then renamed over it, so a reader never sees half a checkpoint.
   *
   * @throws UncheckedIOException if the file cannot be written
   */
  public static void write(
      String location,
      Configuration hadoop,
      Module model,
      Optimizer optimizer,
      int epochsDone,
      long seed) {
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
    metadata.put("optimizer", optimizer == null ? "none" : optimizer.getClass().getName());
    metadata.put("parameters", describe(model));
    org.apache.hadoop.fs.Path target = new org.apache.hadoop.fs.Path(location);
    Path local = null;
    try {
      local = Files.createTempFile("jgrad-checkpoint", ".safetensors");
      SafeTensors.write(local, tensors, metadata, SafeTensors.DType.F64);
      FileSystem fs = target.getFileSystem(hadoop);
      fs.setWriteChecksum(false);
      org.apache.hadoop.fs.Path parent = target.getParent();
      if (parent != null) {
        fs.mkdirs(parent);
      }
      org.apache.hadoop.fs.Path temporary =
          new org.apache.hadoop.fs.Path(parent, "." + target.getName() + "." + UUID.randomUUID());
      fs.copyFromLocalFile(false, true, new org.apache.hadoop.fs.Path(local.toUri()), temporary);
      if (fs.exists(target)) {
        fs.delete(target, false);
      }
      if (!fs.rename(temporary, target)) {
        throw new IOException("rename of " + temporary + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Checkpoint.write: cannot write " + location, e);
    } finally {
      deleteQuietly(local);
    }
  }

  /**
   * Loads the checkpoint in the local {@code file} into {@code model} and {@code optimizer} (may
   * be null) and returns the number of epochs it had finished; see {@link #restore(String,
   * Configuration, Module, Optimizer, long)}.
   */
  public static int restore(Path file, Module model, Optimizer optimizer, long seed) {
    return restore(file.toAbsolutePath().toUri().toString(), new Configuration(), model,
        optimizer, seed);
  }

  /**
   * Loads the checkpoint at {@code location} into {@code model} and {@code optimizer} (may be
   * null) and returns the number of epochs it had finished.
   *
   * <p>Everything is checked before anything changes: the seed, the optimizer's kind, the
   * parameters' names and shapes, the epoch count, the parameters' values (by {@link
   * Module#loadStateDict}) and the optimizer state (by {@link Optimizer#loadState}); a rejected
   * checkpoint leaves both as they were.
   *
   * @throws IllegalArgumentException if it was written with another seed, by another kind of
   *     optimizer, or for parameters whose names or shapes differ from the model's, or its
   *     {@code epochs_done} is missing or not a whole number {@code >= 0}
   * @throws UncheckedIOException if the file cannot be read
   */
  public static int restore(
      String location, Configuration hadoop, Module model, Optimizer optimizer, long seed) {
    SafeTensors.Contents contents;
    Path local = null;
    try {
      local = Files.createTempFile("jgrad-checkpoint", ".safetensors");
      Files.delete(local); // the copy below creates it
      org.apache.hadoop.fs.Path source = new org.apache.hadoop.fs.Path(location);
      source
          .getFileSystem(hadoop)
          .copyToLocalFile(false, source, new org.apache.hadoop.fs.Path(local.toUri()), true);
      contents = SafeTensors.read(local);
    } catch (IOException e) {
      throw new UncheckedIOException("Checkpoint.restore: cannot read " + location, e);
    } finally {
      deleteQuietly(local);
    }
    Map<String, String> metadata = contents.metadata();
    String savedSeed = metadata.get("seed");
    if (!Long.toString(seed).equals(savedSeed)) {
      throw new IllegalArgumentException(
          String.format(
              "Checkpoint.restore: %s was written with seed %s, this run uses %d; the batch"
                  + " order would differ",
              location, savedSeed, seed));
    }
    String expectedShapes = describe(model);
    if (!expectedShapes.equals(metadata.get("parameters"))) {
      throw new IllegalArgumentException(
          String.format(
              "Checkpoint.restore: %s holds parameters %s, but the model has %s; build the model"
                  + " the checkpoint was written for",
              location, metadata.get("parameters"), expectedShapes));
    }
    String optimizerName = optimizer == null ? "none" : optimizer.getClass().getName();
    if (!optimizerName.equals(metadata.get("optimizer"))) {
      throw new IllegalArgumentException(
          String.format(
              "Checkpoint.restore: %s was written by optimizer %s, this run uses %s",
              location, metadata.get("optimizer"), optimizerName));
    }
    int epochsDone = epochsDone(location, metadata.get("epochs_done"));
    Map<String, Tensor> parameters = new LinkedHashMap<>();
    Map<String, double[]> state = new LinkedHashMap<>();
    for (Map.Entry<String, Tensor> e : contents.tensors().entrySet()) {
      if (e.getKey().startsWith(MODEL)) {
        parameters.put(e.getKey().substring(MODEL.length()), e.getValue());
      } else if (e.getKey().startsWith(OPTIMIZER)) {
        state.put(e.getKey().substring(OPTIMIZER.length()), e.getValue().toArray());
      }
    }
    // The optimizer's state is checked (and loaded) first; if the parameters then do not fit,
    // the optimizer gets its previous state back, so a rejected checkpoint changes nothing.
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
   * @throws IllegalArgumentException naming the checkpoint unless it is a whole number {@code >= 0}
   */
  private static int epochsDone(String location, String text) {
    int epochs = -1;
    if (text != null && text.matches("[0-9]{1,9}")) {
      epochs = Integer.parseInt(text);
    }
    if (epochs < 0) {
      throw new IllegalArgumentException(
          String.format(
              "Checkpoint.restore: %s has epochs_done %s; expected a whole number >= 0",
              location, text == null ? "missing" : "'" + text + "'"));
    }
    return epochs;
  }

  /** Returns e.g. {@code 0.weight [8, 4], 0.bias [8]}: the parameters' names and shapes. */
  private static String describe(Module model) {
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, Tensor> e : model.namedParameters().entrySet()) {
      if (out.length() > 0) {
        out.append(", ");
      }
      out.append(e.getKey()).append(' ').append(Arrays.toString(e.getValue().shape()));
    }
    return out.toString();
  }

  private static void deleteQuietly(Path local) {
    if (local != null) {
      try {
        Files.deleteIfExists(local);
      } catch (IOException ignored) {
        // a leftover temporary file does no harm
      }
    }
  }
}
