package dev.jgrad.examples.cli;

import dev.jgrad.nn.train.ProgressBar;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;

/**
 * What an example sees of the command line: the options, a place for pictures, and a way to
 * print progress and results. Results are printed as {@code name: value} lines, also in quiet
 * mode; everything else is suppressed by {@code --quiet}.
 */
public final class Run {
  private final String name;
  private final CommonOptions options;
  private final Path out;
  private final PrintStream writer;
  private final boolean interactive;

  Run(String name, CommonOptions options, Path out, PrintStream writer, boolean interactive) {
    this.name = name;
    this.options = options;
    this.out = out;
    this.writer = writer;
    this.interactive = interactive;
  }

  /** Returns the example's name, as typed on the command line. */
  public String name() {
    return name;
  }

  /** Returns {@code --epochs} if given, else {@code defaultEpochs}. */
  public int epochs(int defaultEpochs) {
    return options.epochs != null ? options.epochs : defaultEpochs;
  }

  /** Returns {@code --seed}. */
  public long seed() {
    return options.seed;
  }

  /** Returns a new random generator seeded with {@code --seed} plus {@code offset}. */
  public Random random(long offset) {
    return new Random(options.seed + offset);
  }

  /** Returns whether {@code --quiet} was given. */
  public boolean quiet() {
    return options.quiet;
  }

  /** Returns the path of a picture file {@code fileName} in the {@code --out} directory. */
  public Path picture(String fileName) {
    return out.resolve(fileName);
  }

  /** Prints a formatted line of progress (unless quiet). */
  public void log(String format, Object... args) {
    if (!options.quiet) {
      writer.println(String.format(Locale.ROOT, format, args));
      writer.flush();
    }
  }

  /**
   * Prints a final figure as {@code name: value}: four decimals, or three significant digits in
   * scientific notation for small values such as {@code 2.05e-10}.
   */
  public void result(String key, double value) {
    boolean small = value != 0 && Math.abs(value) < 1e-3;
    result(key, String.format(Locale.ROOT, small ? "%.3e" : "%.4f", value));
  }

  /** Prints a final figure as {@code name: value}. */
  public void result(String key, long value) {
    result(key, Long.toString(value));
  }

  /** Prints a final result as {@code name: value}. */
  public void result(String key, String value) {
    writer.println(key + ": " + value);
    writer.flush();
  }

  /** Prints that a picture was written (unless quiet), and returns its path. */
  public Path wrote(Path picture) {
    log("wrote %s", picture);
    return picture;
  }

  /** Returns the stream the example prints to (for the nn {@code Trainer}'s output). */
  public PrintStream out() {
    return writer;
  }

  /**
   * Returns the progress display for this run: redrawn in place on a terminal (at most ten times
   * a second, as wide as the terminal), one line per {@link ProgressBar#finish} elsewhere, and
   * nothing in quiet mode. Give it to the nn {@code Trainer} with {@code .progress(bar)}.
   */
  public ProgressBar progressBar() {
    ProgressBar.Mode mode =
        options.quiet
            ? ProgressBar.Mode.OFF
            : interactive ? ProgressBar.Mode.REDRAW : ProgressBar.Mode.LINES;
    return new ProgressBar(writer, mode, ProgressBar.terminalWidth());
  }
}
