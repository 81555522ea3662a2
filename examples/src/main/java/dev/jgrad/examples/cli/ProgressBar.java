package dev.jgrad.examples.cli;

import java.io.PrintStream;

/**
 * A text progress bar such as {@code epoch  3/20 [##########----------] loss 0.1234}. On a
 * terminal it is redrawn in place after each step; elsewhere (a file, a test) only the line
 * printed by {@link #done} appears.
 */
public final class ProgressBar {
  private static final int WIDTH = 24;

  private final PrintStream writer;
  private final boolean redraw;
  private final boolean silent;
  private final String label;
  private final int total;
  private int done;
  private int shownLength;
  private long lastDrawNanos;

  ProgressBar(PrintStream writer, boolean redraw, boolean silent, String label, int total) {
    if (total < 1) {
      throw new IllegalArgumentException("ProgressBar: total must be at least 1, got " + total);
    }
    this.writer = writer;
    this.redraw = redraw;
    this.silent = silent;
    this.label = label;
    this.total = total;
  }

  /** Advances the bar by one step and shows {@code status} next to it. */
  public void step(String status) {
    done = Math.min(total, done + 1);
    long now = System.nanoTime();
    if (redraw && (now - lastDrawNanos > 100_000_000L || done == total)) {
      lastDrawNanos = now;
      writer.print("\r" + padded(line(status)));
      writer.flush();
    }
  }

  /** Fills the bar and ends its line with {@code status}. */
  public void done(String status) {
    done = total;
    if (!silent) {
      writer.println(redraw ? "\r" + padded(line(status)) : line(status));
      writer.flush();
    }
  }

  private String padded(String line) {
    String text = line.length() < shownLength ? line + " ".repeat(shownLength - line.length()) : line;
    shownLength = line.length();
    return text;
  }

  private String line(String status) {
    int filled = (int) Math.round((double) WIDTH * done / total);
    return label + " [" + "#".repeat(filled) + "-".repeat(WIDTH - filled) + "] " + status;
  }
}
