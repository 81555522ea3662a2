package dev.jgrad.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.Tensor;
import dev.jgrad.examples.playground.DataSet;
import dev.jgrad.examples.playground.Playground;
import dev.jgrad.nn.Activation;
import dev.jgrad.nn.Neuron;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The playground's recording: frames, the hooks' activation maps, data sets, bad settings. */
class PlaygroundTest {
  @TempDir Path out;

  private static Playground.Settings settings(DataSet data, List<Integer> hidden, int steps) {
    return new Playground.Settings(data, hidden, Activation.TANH, 0.03, steps, 10, 60, 3, 5);
  }

  @Test
  void framesAreRecordedEveryNStepsAndTheLossFalls() {
    Playground p = Playground.train(settings(DataSet.MOONS, List.of(6, 4), 95));
    List<Playground.Frame> frames = p.frames();
    assertEquals(11, frames.size()); // steps 0, 10, ..., 90 and the last, 95
    assertEquals(0, frames.get(0).step());
    assertEquals(95, frames.get(10).step());
    double[] losses = p.losses();
    assertEquals(96, losses.length);
    assertEquals(losses[0], frames.get(0).loss(), 0);
    assertEquals(losses[95], frames.get(10).loss(), 0);
    assertTrue(losses[95] < 0.6 * losses[0], losses[0] + " -> " + losses[95]);
    for (Playground.Frame f : frames) {
      assertEquals(Playground.GRID * Playground.GRID, f.probabilities().length);
      assertEquals(2, f.neurons().size());
      assertEquals(6, f.neurons().get(0).size());
      assertEquals(4, f.neurons().get(1).size());
      assertTrue(f.sampleGraph().startsWith("{\"format\":\"jgrad-graph\""), f.sampleGraph());
    }
  }

  @Test
  void theHooksRecordEachHiddenNeuronsActivationOnTheGrid() {
    Playground p = Playground.train(settings(DataSet.CIRCLES, List.of(5), 20));
    Playground.Frame last = p.frames().get(p.frames().size() - 1);
    double[][] grid = p.gridPoints();
    List<Neuron> neurons = p.model().layers().get(0).neurons();
    for (int j = 0; j < neurons.size(); j++) {
      double[] w = neurons.get(j).weight().toArray();
      double b = neurons.get(j).bias().item();
      double[] map = last.neurons().get(0).get(j);
      for (int k = 0; k < grid.length; k += 37) {
        double expected = Math.tanh(w[0] * grid[k][0] + w[1] * grid[k][1] + b);
        assertEquals(expected, map[k], 1e-12, "neuron " + j + " at grid point " + k);
      }
    }
    // and the output map is the model's probability there
    double[] probabilities =
        p.model().call(Tensor.of(new double[][] {grid[100]})).sigmoid().toArray();
    assertEquals(probabilities[0], last.probabilities()[100], 1e-12);
  }

  @Test
  void dataSetsAreBalancedAndXorIsLabelledBySign() {
    for (DataSet set : DataSet.values()) {
      DataSet.Points points = set.generate(101, new Random(1));
      int ones = 0;
      for (int label : points.labels()) {
        ones += label;
      }
      assertEquals(50, ones, set + ": class 1 count");
    }
    DataSet.Points xor = DataSet.XOR.generate(40, new Random(2));
    for (int i = 0; i < 40; i++) {
      double[] q = xor.points()[i];
      assertEquals(q[0] * q[1] > 0 ? 1 : 0, xor.labels()[i], "point " + i);
      assertTrue(Math.abs(q[0]) >= 0.1 && Math.abs(q[1]) >= 0.1);
    }
  }

  @Test
  void badSettingsNameTheProblem() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> settings(DataSet.MOONS, List.of(8, 40), 10));
    assertEquals(
        "playground: hidden layer sizes must be 1..16 (the page draws every neuron), got"
            + " [8, 40]",
        e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new Playground.Settings(
                    DataSet.XOR, List.of(4), Activation.TANH, 0.1, 10, 1, 20, 20, 0));
    assertEquals("playground: sample must be in 0..19, got 20", e.getMessage());
  }

  @Test
  void commandWritesThePageAndReportsFigures() throws Exception {
    RunResult result =
        RunResult.of(
            "playground",
            "--data",
            "xor",
            "--hidden",
            "4,4",
            "--steps",
            "60",
            "--out",
            out.toString(),
            "--quiet");
    assertEquals(0, result.status(), result.err());
    assertTrue(result.figure("final_loss") < result.figure("initial_loss"), result.out());
    assertEquals(31, (int) result.figure("frames"), result.out());
    String html = Files.readString(out.resolve("playground.html"));
    assertTrue(html.contains("<script id=\"playground-data\" type=\"application/json\">"));
    for (String fetch : List.of("<script src", "<link", "fetch(", "XMLHttpRequest", "import(")) {
      assertTrue(!html.contains(fetch), "the page fetches something: " + fetch);
    }
    RunResult bad = RunResult.of("playground", "--data", "swirl", "--out", out.toString());
    assertTrue(bad.status() != 0);
    assertTrue(
        bad.err()
            .contains(
                "--data: unknown value 'swirl'; expected one of [moons, circles,"
                    + " spirals, xor]"),
        bad.err());
  }
}
