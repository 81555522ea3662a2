package dev.jgrad.nn.train;

import java.io.PrintStream;

/**
 * A one-line console progress bar for an epoch: {@code epoch 3/20 [#######.......] 12/40 loss
 * 0.2345 ETA 3s}, redrawn in place with a carriage return.
 */
public final class ProgressBar {
  private static final int WIDTH = 24;
  private final PrintStream out;

  /** Returns a bar that draws on {@code out}. */
  public ProgressBar(PrintStream out) {
    this.out = out;
  }

  /** Redraws the bar for batch {@code done} of {@code total}. */
  public void update(int epoch, int epochs, int done, int total, double loss, double etaSeconds) {
    out.print('\r' + render(epoch, epochs, done, total, loss, etaSeconds));
    out.flush();
  }

  /** Ends the bar's line with {@code summary}. */
  public void finish(String summary) {
    out.print("\r\033[K" + summary + System.lineSeparator());
    out.flush();
  }

  /**
   * Returns the bar's text, e.g. {@code epoch 3/20 [############............] 20/40 loss 0.2345 ETA
   * 3s} (epochs counted from 1).
   */
  public static String render(
      int epoch, int epochs, int done, int total, double loss, double etaSeconds) {
    int filled = total == 0 ? WIDTH : (int) ((long) WIDTH * done / total);
    return String.format(
        "epoch %d/%d [%s%s] %d/%d loss %.4f ETA %s",
        epoch,
        epochs,
        "#".repeat(filled),
        ".".repeat(WIDTH - filled),
        done,
        total,
        loss,
        formatSeconds(etaSeconds));
  }

  /** Returns a duration as {@code 42s}, {@code 3m05s} or {@code 1h02m}. */
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
