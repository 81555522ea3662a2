package dev.jgrad.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Smoke test of {@code ./jgrad makemore}: a few steps learn, 20 words come out, pictures exist. */
class MakemoreExampleTest {
  @TempDir Path out;

  @Test
  void fewStepsLearnAndSampleWords() throws Exception {
    RunResult result =
        RunResult.of("makemore", "--steps", "30", "--seed", "7", "--quiet", "--out", out.toString());
    assertEquals(0, result.status(), result.err() + result.out());
    // Uniform guessing over 27 tokens costs ln 27 = 3.30 nats; 30 steps get well below it.
    assertTrue(result.figure("initial_loss") > 3.0, result.out());
    assertTrue(result.figure("val_loss") < 2.8, result.out());
    List<String> samples =
        result.out().lines().filter(l -> l.startsWith("sample: ")).map(l -> l.substring(8)).toList();
    assertEquals(20, samples.size(), result.out());
    for (String s : samples) {
      assertTrue(s.matches("[a-z]{1,15}"), () -> "sample '" + s + "'");
    }
    Pictures.assertPicture(out.resolve("makemore-loss.png"));
    Pictures.assertPicture(out.resolve("makemore-attention.png"));
  }

  @Test
  void runsInF64Too() {
    RunResult result =
        RunResult.of("makemore", "--steps", "3", "--dtype", "F64", "--quiet", "--out", out.toString());
    assertEquals(0, result.status(), result.err() + result.out());
    assertTrue(result.figure("val_loss") < result.figure("initial_loss") + 0.1, result.out());
  }

  @Test
  void encodingMatchesMakemore() {
    double[][] xy = MakemoreExample.encode(List.of("ab"));
    double[] x = new double[16];
    x[1] = 1;
    x[2] = 2;
    double[] y = new double[16];
    java.util.Arrays.fill(y, -1);
    y[0] = 1;
    y[1] = 2;
    y[2] = 0;
    assertEquals(java.util.Arrays.toString(x), java.util.Arrays.toString(xy[0]));
    assertEquals(java.util.Arrays.toString(y), java.util.Arrays.toString(xy[1]));
  }
}
