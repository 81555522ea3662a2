package dev.jgrad.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Smoke tests: every example runs through the command line with few epochs, once with
 * {@code --seed 7} and once with the default seed, learns (its loss falls and its accuracy is
 * well above chance) and writes its pictures. What the pictures show is checked by eye.
 */
class ExamplesTest {
  @TempDir Path out;

  private RunResult run(String... args) {
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--out";
    all[args.length + 1] = out.toString();
    RunResult result = RunResult.of(all);
    assertEquals(0, result.status(), "exit status; stderr: " + result.err() + "\nstdout: " + result.out());
    return result;
  }

  private static void assertLossFalls(RunResult result, double factor) {
    double first = result.figure("initial_loss");
    double last = result.figure("final_loss");
    assertTrue(last < factor * first,
        "loss should fall below " + factor + " x " + first + ", got " + last);
  }

  @Test
  void digitsLearnsWithSeed7() throws Exception {
    RunResult result = run("digits", "--epochs", "2", "--seed", "7");
    assertLossFalls(result, 0.5);
    assertTrue(result.figure("test_accuracy") > 0.85, result.out()); // chance: 0.1
    assertTrue(result.out().contains("epoch 2/2 loss "), "one progress line per epoch:\n" + result.out());
    assertTrue(result.out().contains("true\\pred"), "confusion matrix:\n" + result.out());
    Pictures.assertPicture(out.resolve("digits-curve.png"));
    Pictures.assertSvg(out.resolve("digits-curve.svg"));
    Pictures.assertPicture(out.resolve("digits-confusion.png"));
    Pictures.assertPicture(out.resolve("digits-misclassified.png"));
  }

  @Test
  void cnnDigitsLearnsInTwoEpochsAndDrawsFiltersAndFeatureMaps() throws Exception {
    RunResult result = run("cnn-digits", "--epochs", "2");
    assertTrue(result.out().contains("2: Conv2d     [32, 32, 8, 8]  4640"), "summary:\n" + result.out());
    assertTrue(result.out().contains("Total parameters: 38282"), result.out());
    assertTrue(result.out().contains("epoch  2  loss"), "one line per epoch:\n" + result.out());
    assertTrue(result.figure("test_accuracy") > 0.6, result.out()); // chance: 0.1; 15 epochs: 0.98
    assertTrue(result.figure("samples_per_s") > 0, result.out());
    Pictures.assertPicture(out.resolve("cnn-digits-curve.png"));
    Pictures.assertPicture(out.resolve("cnn-digits-filters.png"));
    Pictures.assertPicture(out.resolve("cnn-digits-features.png"));
  }

  /** The acceptance figure: the full default run (15 epochs, seed 42, F32) reaches 0.975. */
  @Test
  void cnnDigitsReachesTheAcceptanceAccuracyWithTheDefaultSeed() {
    RunResult result = run("cnn-digits", "--quiet");
    assertTrue(result.figure("test_accuracy") >= 0.975, result.out());
  }

  @Test
  void cnnDigitsTrainsInF64Quietly() {
    RunResult result = run("cnn-digits", "--epochs", "1", "--dtype", "F64", "--quiet");
    assertTrue(result.figure("test_accuracy") > 0.3, result.out());
    assertTrue(result.out().lines().allMatch(line -> line.matches("[a-z_]+: .+")),
        "--quiet prints only the figures:\n" + result.out());
  }

  @Test
  void digitsLearnsWithDefaultSeedQuietly() {
    RunResult result = run("digits", "--epochs", "2", "--quiet");
    assertTrue(result.figure("test_accuracy") > 0.85, result.out());
    assertTrue(result.out().lines().allMatch(line -> line.matches("[a-z_]+: .+")),
        "--quiet prints only the figures:\n" + result.out());
  }

  @Test
  void moonsLearns() throws Exception {
    for (String seed : new String[] {"7", "42"}) {
      RunResult result = run("moons", "--epochs", "25", "--seed", seed, "--quiet");
      assertLossFalls(result, 0.5);
      assertTrue(result.figure("train_accuracy") > 0.8, result.out()); // chance: 0.5
    }
    Pictures.assertPicture(out.resolve("moons-boundary.png"));
  }

  @Test
  void curveLearns() throws Exception {
    for (String seed : new String[] {"7", "42"}) {
      RunResult result = run("curve", "--epochs", "100", "--seed", seed, "--quiet");
      assertLossFalls(result, 0.5);
      // predicting the mean of the data would leave an error near the function's spread (~0.9)
      assertTrue(result.figure("rmse_to_truth") < 0.5, result.out());
    }
    Pictures.assertPicture(out.resolve("curve-fit.png"));
    Pictures.assertSvg(out.resolve("curve-fit.svg"));
  }

  @Test
  void xorLearnsItsTruthTable() throws Exception {
    for (String seed : new String[] {"7", "42"}) {
      RunResult result = run("xor", "--seed", seed);
      assertLossFalls(result, 0.1);
      assertEquals(1.0, result.figure("accuracy"), result.out());
      assertTrue(result.out().contains("x0  x1 | x0 xor x1 | network"), result.out());
    }
    Pictures.assertPicture(out.resolve("xor-loss.png"));
  }

  @Test
  void customLearns() throws Exception {
    for (String seed : new String[] {"7", "42"}) {
      RunResult result = run("custom", "--epochs", "60", "--seed", seed, "--quiet");
      assertEquals("true", result.figures().get("gradcheck_ok"));
      assertLossFalls(result, 0.7);
      assertTrue(result.figure("train_accuracy") > 0.6, result.out()); // chance: 1/3
    }
    Pictures.assertPicture(out.resolve("custom-spirals.png"));
  }

  @Test
  void irisLearns() throws Exception {
    for (String seed : new String[] {"7", "42"}) {
      RunResult result = run("iris", "--epochs", "40", "--seed", seed, "--quiet");
      assertLossFalls(result, 0.6);
      assertTrue(result.figure("test_accuracy") > 0.7, result.out()); // chance: 1/3
    }
    Pictures.assertPicture(out.resolve("iris-curve.png"));
    Pictures.assertPicture(out.resolve("iris-confusion.png"));
  }
}
