package dev.jgrad.examples;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** What one run of the command line printed, and its exit status; tests use it. */
record RunResult(int status, String out, String err) {

  /** Runs {@code jgrad args...} in this JVM and captures its output. */
  static RunResult of(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status =
        Main.run(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            args);
    return new RunResult(
        status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** Returns the {@code name: value} lines of the output, in order. */
  Map<String, String> figures() {
    Map<String, String> figures = new LinkedHashMap<>();
    for (String line : out.split("\\R")) {
      int colon = line.indexOf(": ");
      if (colon > 0 && line.substring(0, colon).matches("[a-z0-9_]+")) {
        figures.put(line.substring(0, colon), line.substring(colon + 2).trim());
      }
    }
    return figures;
  }

  /** Returns the figure {@code name} as a number. */
  double figure(String name) {
    String value = figures().get(name);
    if (value == null) {
      throw new AssertionError("no '" + name + ": ...' line in the output:\n" + out + err);
    }
    return Double.parseDouble(value);
  }
}
