package dev.jgrad.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.Tensor;
import dev.jgrad.nn.Linear;
import dev.jgrad.nn.Sequential;
import dev.jgrad.nn.io.SafeTensors;
import dev.jgrad.nn.optim.Adam;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A checkpoint loader validates everything it reads before it changes anything. */
class CheckpointTest {
  @TempDir Path dir;

  /** Writes a valid checkpoint of a stepped model, then rewrites it with {@code epochsDone}. */
  private Path checkpointWithEpochs(String epochsDone, double step) throws IOException {
    Linear model = new Linear(2, 1, new Random(1));
    Adam adam = new Adam(model.parameters(), 0.1);
    model.forward(Tensor.ones(1, 2)).sum().backward();
    adam.step();
    Path file = dir.resolve("c.safetensors");
    Checkpoint.write(file, model, adam, 3, 7);
    SafeTensors.Contents c = SafeTensors.read(file);
    Map<String, Tensor> tensors = new LinkedHashMap<>(c.tensors());
    tensors.put("optimizer.step", Tensor.of(new double[] {step, step}));
    Map<String, String> metadata = new LinkedHashMap<>(c.metadata());
    if (epochsDone == null) {
      metadata.remove("epochs_done");
    } else {
      metadata.put("epochs_done", epochsDone);
    }
    SafeTensors.write(file, tensors, metadata, SafeTensors.DType.F64);
    return file;
  }

  @Test
  void validCheckpointRestores() throws IOException {
    Path file = checkpointWithEpochs("3", 1);
    Linear model = new Linear(2, 1, new Random(2));
    Adam adam = new Adam(model.parameters(), 0.1);
    assertEquals(3, Checkpoint.restore(file, model, adam, 7));
    assertEquals(1, adam.stepCount(0));
  }

  @Test
  void badEpochCountIsRejectedBeforeAnythingIsLoaded() throws IOException {
    for (String bad : new String[] {"-1", "2.5", "", "1e3", "99999999999", null}) {
      Path file = checkpointWithEpochs(bad, 1);
      Linear model = new Linear(2, 1, new Random(2));
      double[] before = model.weight().toArray();
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> Checkpoint.restore(file, model, new Adam(model.parameters(), 0.1), 7));
      assertEquals(
          "Checkpoint.restore: "
              + file.toAbsolutePath().toUri()
              + " has epochs_done "
              + (bad == null ? "missing" : "'" + bad + "'")
              + "; expected a whole number >= 0",
          e.getMessage());
      assertArrayEquals(before, model.weight().toArray(), 0);
    }
  }

  @Test
  void badOptimizerStepCountIsRejectedAndTheModelKeepsItsWeights() throws IOException {
    Path file = checkpointWithEpochs("3", -1);
    Linear model = new Linear(2, 1, new Random(2));
    double[] before = model.weight().toArray();
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Checkpoint.restore(file, model, new Adam(model.parameters(), 0.1), 7));
    assertEquals(
        "Adam.loadState: step count 0 is -1.0; counts are whole numbers in [0, 2147483647]",
        e.getMessage());
    assertArrayEquals(before, model.weight().toArray(), 0);
  }

  @Test
  void modelThatDoesNotFitLeavesTheOptimizerAsItWas() throws IOException {
    Path file = checkpointWithEpochs("3", 1);
    // Same shapes, other names: the optimizer state fits, the parameters do not.
    Sequential model = new Sequential(new Linear(2, 1, new Random(2)));
    Adam adam = new Adam(model.parameters(), 0.1);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Checkpoint.restore(file, model, adam, 7));
    assertTrue(
        e.getMessage().startsWith("Checkpoint.restore: ")
            && e.getMessage().contains("holds parameters weight [1, 2], bias [1], but the model has"),
        e.getMessage());
    assertEquals(0, adam.stepCount(0));
    assertEquals(java.util.List.of("step"), java.util.List.copyOf(adam.state().keySet()));
  }
}
