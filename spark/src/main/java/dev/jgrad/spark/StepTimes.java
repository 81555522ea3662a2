package dev.jgrad.spark;

import java.io.Serializable;

/**
 * Sums of one barrier task's per-step times, the terms of the cost model per step: its own
 * gradient computation, the slowest partition's, its wait in the exchange and the whole step.
 */
final class StepTimes implements Serializable {
  private static final long serialVersionUID = 1L;
  long steps;
  long computeSteps;
  long computeNanos;
  long slowestComputeNanos;
  long waitNanos;
  long stepNanos;

  /** Adds one step's times, in nanoseconds; a step without rows here adds no compute. */
  void add(long compute, long slowestCompute, long wait, long step) {
    steps++;
    if (compute > 0) {
      computeSteps++;
      computeNanos += compute;
    }
    slowestComputeNanos += slowestCompute;
    waitNanos += wait;
    stepNanos += step;
  }
}
