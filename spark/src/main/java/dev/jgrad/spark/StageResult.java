package dev.jgrad.spark;

import java.io.Serializable;
import java.util.Map;

/**
 * What one barrier task sends back after its epochs: partition 0 the trained parameters and the
 * optimizer state (every partition holds the same ones), every partition the summed loss per
 * epoch and its timing.
 */
final class StageResult implements Serializable {
  private static final long serialVersionUID = 1L;
  final int partition;
  final double[] parameters;
  final Map<String, double[]> optimizerState;
  final double[] epochLossSums;
  final long steps;
  final long stepNanos;
  final long exchangeNanos;
  final long computeNanos;
  final long computeCount;

  StageResult(
      int partition,
      double[] parameters,
      Map<String, double[]> optimizerState,
      double[] epochLossSums,
      long steps,
      long stepNanos,
      long exchangeNanos,
      long computeNanos,
      long computeCount) {
    this.partition = partition;
    this.parameters = parameters;
    this.optimizerState = optimizerState;
    this.epochLossSums = epochLossSums;
    this.steps = steps;
    this.stepNanos = stepNanos;
    this.exchangeNanos = exchangeNanos;
    this.computeNanos = computeNanos;
    this.computeCount = computeCount;
  }
}
