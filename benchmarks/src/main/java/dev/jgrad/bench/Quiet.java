package dev.jgrad.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Measures how many cores other processes use (from {@code /proc/stat} minus this process's
 * {@code /proc/self/stat}), and waits for a quiet machine before a measurement, as the reference
 * scripts do. Reads nothing and waits for nothing where {@code /proc} is missing.
 */
final class Quiet {
  private static final double TICKS_PER_SECOND = 100; // USER_HZ on Linux

  private long startBusy;
  private long startSelf;
  private long startNanos;

  /** Starts a window over which {@link #otherCores()} averages. */
  Quiet start() {
    startBusy = totalBusyTicks();
    startSelf = selfTicks();
    startNanos = System.nanoTime();
    return this;
  }

  /** Returns the cores other processes used on average since {@link #start()}. */
  double otherCores() {
    double seconds = (System.nanoTime() - startNanos) * 1e-9;
    long others = (totalBusyTicks() - startBusy) - (selfTicks() - startSelf);
    return seconds <= 0 ? 0 : Math.max(0, others / TICKS_PER_SECOND / seconds);
  }

  /**
   * Waits until other processes use less than {@code threshold} cores over one second, for at
   * most {@code maxSeconds}; returns the last measured load of the others.
   */
  static double await(double threshold, double maxSeconds) {
    long deadline = System.nanoTime() + (long) (maxSeconds * 1e9);
    double load;
    do {
      Quiet q = new Quiet().start();
      try {
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return -1;
      }
      load = q.otherCores();
    } while (load >= threshold && System.nanoTime() < deadline);
    return load;
  }

  private static long totalBusyTicks() {
    try {
      String first = Files.readAllLines(Path.of("/proc/stat")).get(0);
      String[] f = first.trim().split("\\s+");
      // cpu user nice system idle iowait irq softirq steal ...
      long busy = 0;
      for (int i = 1; i < f.length && i <= 8; i++) {
        if (i != 4 && i != 5) {
          busy += Long.parseLong(f[i]);
        }
      }
      return busy;
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  private static long selfTicks() {
    try {
      String s = Files.readString(Path.of("/proc/self/stat"));
      String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
      // After "pid (comm) ", field 3 (state) is f[0]; utime and stime are fields 14 and 15.
      return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }
}
