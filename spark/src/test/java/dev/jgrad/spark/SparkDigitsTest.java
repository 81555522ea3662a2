package dev.jgrad.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line of {@code ./jgrad-spark}: the options every example takes. */
class SparkDigitsTest {
  @Test
  void helpListsTheCommonOptions() {
    StringWriter text = new StringWriter();
    int status =
        new CommandLine(new SparkDigits()).setOut(new PrintWriter(text)).execute("--help");
    assertEquals(0, status);
    for (String option :
        List.of("--out", "--quiet", "--help", "--epochs", "--seed", "--mode", "--checkpoint")) {
      assertTrue(text.toString().contains(option), option + " missing from\n" + text);
    }
  }

  @Test
  void unknownOptionsAndExamplesAreRefused() {
    StringWriter errors = new StringWriter();
    CommandLine line = new CommandLine(new SparkDigits()).setErr(new PrintWriter(errors));
    assertEquals(2, line.execute("--no-such-option"));
    assertTrue(errors.toString().contains("--no-such-option"), errors.toString());
    StringWriter more = new StringWriter();
    assertEquals(
        2, new CommandLine(new SparkDigits()).setErr(new PrintWriter(more)).execute("iris"));
    assertTrue(more.toString().contains("unknown example iris"), more.toString());
  }

  @Test
  void quietRunPrintsOnlyResultLinesAndWritesTheModelToOut(@TempDir Path out) throws Exception {
    PrintStream console = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    int status;
    try {
      System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
      status =
          new CommandLine(new SparkDigits())
              .setCaseInsensitiveEnumValuesAllowed(true)
              .execute("digits", "--master", "local[2]", "--epochs", "1", "--partitions", "2",
                  "--quiet", "--out", out.toString());
    } finally {
      System.setOut(console);
    }
    assertEquals(0, status);
    String printed = captured.toString(StandardCharsets.UTF_8);
    for (String line : printed.split("\n")) {
      assertTrue(line.matches("[a-z_]+: [0-9.]+"), "not a result line: " + line);
    }
    double accuracy =
        Double.parseDouble(printed.replaceAll("(?s).*test_accuracy: ([0-9.]+).*", "$1"));
    assertTrue(accuracy > 0.8, "one epoch should reach 80 %, got " + accuracy);
    assertTrue(Files.size(out.resolve("spark-digits.safetensors")) > 8 * 9610);
    assertEquals(
        List.of("epoch,loss", "1"),
        List.of(
            Files.readAllLines(out.resolve("spark-digits-losses.csv")).get(0),
            Files.readAllLines(out.resolve("spark-digits-losses.csv")).get(1).split(",")[0]));
  }
}
