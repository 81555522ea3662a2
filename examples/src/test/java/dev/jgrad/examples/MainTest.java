package dev.jgrad.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line itself: listing, help, and one-line errors for bad options. */
class MainTest {
  @TempDir Path out;

  @Test
  void listNamesEveryExample() {
    RunResult result = RunResult.of("list");
    assertEquals(0, result.status(), result.err());
    for (String name : Examples.NAMES) {
      assertTrue(result.out().contains("  " + name + " "), "list lacks " + name + ":\n" + result.out());
    }
  }

  @Test
  void helpWorksEverywhere() {
    RunResult top = RunResult.of("--help");
    assertEquals(0, top.status());
    assertTrue(top.out().contains("Usage: jgrad"), top.out());
    for (String name : Examples.NAMES) {
      RunResult help = RunResult.of(name, "--help");
      assertEquals(0, help.status(), name + ": " + help.err());
      assertTrue(help.out().contains("--epochs=N"), help.out());
      assertTrue(help.out().contains("--seed=SEED"), help.out());
      assertTrue(help.out().contains("--out=DIR"), help.out());
      assertTrue(help.out().contains("--quiet"), help.out());
    }
  }

  @Test
  void negativeEpochsGiveOneLineError() {
    RunResult result = RunResult.of("gradcheck", "--epochs", "-1", "--out", out.toString());
    assertOneLineError(result, "--epochs must be at least 1, got -1");
  }

  @Test
  void unknownExampleGivesOneLineError() {
    RunResult result = RunResult.of("mnist");
    assertOneLineError(result, "unknown example 'mnist'");
  }

  @Test
  void unknownOptionGivesOneLineError() {
    RunResult result = RunResult.of("gradcheck", "--epoch", "3");
    assertOneLineError(result, "--epoch");
  }

  @Test
  void malformedNumberGivesOneLineError() {
    RunResult result = RunResult.of("gradcheck", "--seed", "abc");
    assertOneLineError(result, "abc");
  }

  @Test
  void unwritableOutGivesOneLineError() throws IOException {
    Path file = Files.writeString(out.resolve("a-file"), "not a directory");
    RunResult result = RunResult.of("gradcheck", "--out", file.resolve("pictures").toString());
    assertOneLineError(result, "cannot create the --out directory '" + file.resolve("pictures") + "': ");
    assertEquals(1, result.status());
    assertFalse(result.err().contains("Exception"), result.err());
  }

  @Test
  void helpListsSparkDigits() {
    RunResult top = RunResult.of("--help");
    assertTrue(top.out().contains("spark-digits"), top.out());
    RunResult direct = RunResult.of("spark-digits");
    assertEquals(1, direct.status());
    assertTrue(direct.err().contains("./jgrad spark-digits"), direct.err());
  }

  private static void assertOneLineError(RunResult result, String expected) {
    assertNotEquals(0, result.status(), "exit status");
    String err = result.err().strip();
    assertFalse(err.isEmpty(), "no error message");
    assertEquals(1, err.lines().count(), "error is not one line:\n" + err);
    assertTrue(err.contains(expected), "error lacks '" + expected + "': " + err);
    assertFalse(err.contains("\tat "), "stack trace printed: " + err);
  }
}
