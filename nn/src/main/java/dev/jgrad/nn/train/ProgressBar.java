package dev.jgrad.nn.train;

import static com.google.common.base.Preconditions.checkArgument;

import java.io.PrintStream;

/**
 * The progress display of training loops (the {@link Trainer}'s and hand-written ones): on a
 * terminal one line such as {@code epoch 3/20 [############............] 20/40 loss 0.2346 ETA
 * 1m05s}, redrawn in place at most ten times a second, cut to the terminal's width so it never
 * wraps and cleared before each redraw; then one summary line per finished epoch, which is all
 * that appears when the output is not a terminal.
 *
 * <pre>{@code
 * ProgressBar bar = ProgressBar.forOutput(System.out);
 * for (int step = 1; step <= 100; step++) {
 *   bar.update("training", step, 100, "loss 0.1234");
 * }
 * bar.finish("trained 100 steps, loss 0.1234");
 * }</pre>
 */
public final class ProgressBar {
  /** How a bar shows itself. */
  public enum Mode {
    /** A terminal: the bar is redrawn in place, then each {@link #finish} line is printed. */
    REDRAW,
    /** A log or a pipe: only the {@link #finish} lines are printed, one per epoch. */
    LINES,
    /** Nothing is printed. */
    OFF
  }

  /** The width used when the {@code COLUMNS} environment variable is unset or not a number. */
  public static final int DEFAULT_WIDTH = 80;

  private static final int BAR_WIDTH = 24;
  private static final long MIN_REDRAW_NANOS = 100_000_000L; // at most 10 redraws a second

  private final PrintStream out;
  private final Mode mode;
  private final int width;
  private long lastDrawNanos;
  private boolean lineOpen;

  /**
   * Returns a bar that prints to {@code out} in {@code mode}, its redrawn line cut to {@code
   * width - 1} characters.
   *
   * @param out the stream to print to
   * @param mode how the bar shows itself
   * @param width the terminal width in characters, at least 20
   * @throws IllegalArgumentException if {@code out} or {@code mode} is null or {@code width < 20}
   */
  public ProgressBar(PrintStream out, Mode mode, int width) {
    checkArgument(
        out != null && mode != null && width >= 20,
        "ProgressBar: needs an output, a mode and a width of at least 20, got %s, %s, %s",
        out,
        mode,
        width);
    this.out = out;
    this.mode = mode;
    this.width = width;
  }

  /**
   * {@return a bar on {@code out} that redraws when the JVM has a terminal ({@code
   * System.console() != null}) and prints one line per epoch otherwise, as wide as {@link
   * #terminalWidth()}}
   *
   * @param out the stream to print to
   */
  public static ProgressBar forOutput(PrintStream out) {
    return new ProgressBar(out, System.console() != null ? Mode.REDRAW : Mode.LINES, terminalWidth());
  }

  /** {@return the terminal width from the {@code COLUMNS} environment variable, else 80} */
  public static int terminalWidth() {
    String columns = System.getenv("COLUMNS");
    try {
      int n = columns == null ? DEFAULT_WIDTH : Integer.parseInt(columns.trim());
      return n >= 20 ? n : DEFAULT_WIDTH;
    } catch (NumberFormatException e) {
      return DEFAULT_WIDTH;
    }
  }

  /** {@return how this bar shows itself} */
  public Mode mode() {
    return mode;
  }

  /**
   * Redraws the bar at step {@code done} of {@code total} with {@code status} beside it, if the
   * mode is {@link Mode#REDRAW} and the last redraw is at least 0.1 s old (the last step is
   * always drawn).
   *
   * @param label the text before the bar, such as {@code "epoch 3/20"}
   * @param done the steps done
   * @param total the number of steps
   * @param status the text after the bar, such as the loss and the time left
   */
  public void update(String label, int done, int total, String status) {
    if (mode != Mode.REDRAW) {
      return;
    }
    long now = System.nanoTime();
    if (lineOpen && now - lastDrawNanos < MIN_REDRAW_NANOS && done < total) {
      return;
    }
    lastDrawNanos = now;
    out.print("\r" + render(label, done, total, status, width) + "\033[K");
    out.flush();
    lineOpen = true;
  }

  /**
   * Clears the bar's line and prints {@code line} on a line of its own; on a terminal ({@link
   * Mode#REDRAW}) a line wider than the terminal is folded at spaces, so that it does not wrap.
   *
   * @param line the line to print
   */
  public void finish(String line) {
    if (mode == Mode.OFF) {
      return;
    }
    String text = mode == Mode.REDRAW ? fold(line, width) : line;
    out.print((lineOpen ? "\r\033[K" : "") + text + System.lineSeparator());
    out.flush();
    lineOpen = false;
  }

  /**
   * {@return {@code line} folded at spaces into lines of at most {@code width - 1} characters,
   * the continuation lines indented by two spaces} A word longer than a line is cut.
   *
   * @param line the text to fold
   * @param width the terminal width in characters
   */
  static String fold(String line, int width) {
    StringBuilder out = new StringBuilder();
    String rest = line;
    while (rest.length() >= width) {
      int cut = rest.lastIndexOf(' ', width - 1);
      if (cut <= 2) {
        cut = width - 1;
      }
      out.append(rest, 0, cut).append(System.lineSeparator());
      rest = "  " + rest.substring(cut).stripLeading();
    }
    return out.append(rest).toString();
  }

  /**
   * Ends a partly drawn bar's line, so that a message printed next starts on a line of its own;
   * does nothing when no bar is showing.
   */
  public void endLine() {
    if (lineOpen) {
      out.println();
      out.flush();
      lineOpen = false;
    }
  }

  /**
   * {@return the bar's text for step {@code done} of {@code total}, at most {@code width - 1}
   * characters} For example {@code epoch 3/20 [############............] 20/40 loss 0.2346 ETA
   * 1m05s}; on a narrow terminal the bar narrows first, then the text is cut.
   *
   * @param label the text before the bar, such as {@code "epoch 3/20"}
   * @param done the steps done
   * @param total the number of steps
   * @param status the text after the bar, such as the loss and the time left
   * @param width the terminal width in characters, at least 20
   */
  public static String render(String label, int done, int total, String status, int width) {
    String count = done + "/" + total;
    // room measured with the widest count, so the bar keeps its width as the count grows
    int widest = 2 * String.valueOf(total).length() + 1;
    int room = width - 1 - (label.length() + Math.max(widest, count.length()) + status.length() + 5);
    int barWidth = Math.min(BAR_WIDTH, room);
    String line;
    if (barWidth >= 5) {
      int filled = total <= 0 ? barWidth : (int) ((long) barWidth * Math.min(done, total) / total);
      String bar = "#".repeat(filled) + ".".repeat(barWidth - filled);
      line = label + " [" + bar + "] " + count + " " + status;
    } else {
      line = label + " " + count + " " + status;
    }
    return line.length() < width ? line : line.substring(0, width - 1);
  }

  /**
   * {@return a duration as {@code 42s}, {@code 3m05s} or {@code 1h02m}}
   *
   * @param seconds the duration in seconds
   */
  public static String formatSeconds(double seconds) {
    long s = Math.round(Math.max(0, seconds));
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return String.format("%dm%02ds", s / 60, s % 60);
    }
    return String.format("%dh%02dm", s / 3600, (s % 3600) / 60);
  }
}
