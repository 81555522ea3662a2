package dev.jgrad.spark;

import java.io.Serializable;
import java.util.Map;

/**
 * What one barrier task sends back after its epochs: partition 0 the trained parameters and the
 * optimizer state (every partition holds the same ones), every partition the summed loss per
 * epoch and its step times.
 */
final class StageResult implements Serializable {
  private static final long serialVersionUID = 1L;
  final int partition;
  final double[] parameters;
  final Map<String, double[]> optimizerState;
  final double[] epochLossSums;
  final StepTimes times;

  StageResult(
      int partition,
      double[] parameters,
      Map<String, double[]> optimizerState,
      double[] epochLossSums,
      StepTimes times) {
    this.partition = partition;
    this.parameters = parameters;
    this.optimizerState = optimizerState;
    this.epochLossSums = epochLossSums;
    this.times = times;
  }
}
