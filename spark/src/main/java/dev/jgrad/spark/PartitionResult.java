package dev.jgrad.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a partition sends back for one step of a Spark job: a flat vector (the summed gradient, or
 * in parameter averaging the parameters times the rows trained on), in parameter averaging its
 * optimizer state, the summed loss, the number of rows, and the time spent computing.
 */
final class PartitionResult implements Serializable {
  private static final long serialVersionUID = 1L;
  final double[] vector;
  LinkedHashMap<String, double[]> state;
  double lossSum;
  long rows;
  long computeNanos;

  PartitionResult(int size) {
    this.vector = new double[size];
  }

  /**
   * Returns the sum of {@code results} (vectors, losses, rows, times), added in list order, which
   * is partition order for the list {@code collect()} returns; the same bits in every run.
   *
   * @throws IllegalStateException if a vector's length is not {@code size}
   */
  static PartitionResult sumInOrder(List<PartitionResult> results, int size) {
    PartitionResult sum = new PartitionResult(size);
    for (PartitionResult r : results) {
      if (r.vector.length != size) {
        throw new IllegalStateException(
            String.format(
                "SparkTrainer: partitions sent vectors of %d and %d values",
                size, r.vector.length));
      }
      for (int k = 0; k < size; k++) {
        sum.vector[k] += r.vector[k];
      }
      sum.lossSum += r.lossSum;
      sum.rows += r.rows;
      sum.computeNanos += r.computeNanos;
    }
    return sum;
  }

  /**
   * Returns the optimizer state averaged over the partitions that trained, weighted by their rows
   * and added in partition order; step counts are rounded to whole steps.
   *
   * @throws IllegalStateException if no partition trained or two hold different state entries
   */
  static Map<String, double[]> averageStates(List<PartitionResult> results) {
    List<PartitionResult> trained = new ArrayList<>();
    long rows = 0;
    for (PartitionResult r : results) {
      if (r.rows > 0) {
        trained.add(r);
        rows += r.rows;
      }
    }
    if (trained.isEmpty()) {
      throw new IllegalStateException("SparkTrainer: no partition trained in an averaging round");
    }
    Map<String, double[]> average = new LinkedHashMap<>();
    for (Map.Entry<String, double[]> e : trained.get(0).state.entrySet()) {
      average.put(e.getKey(), new double[e.getValue().length]);
    }
    for (PartitionResult r : trained) {
      if (!r.state.keySet().equals(average.keySet())) {
        throw new IllegalStateException(
            String.format(
                "SparkTrainer: partitions hold different optimizer states %s and %s",
                average.keySet(), r.state.keySet()));
      }
      double weight = (double) r.rows / rows;
      for (Map.Entry<String, double[]> e : r.state.entrySet()) {
        double[] sum = average.get(e.getKey());
        double[] values = e.getValue();
        for (int k = 0; k < sum.length; k++) {
          sum[k] += weight * values[k];
        }
      }
    }
    double[] steps = average.get("step");
    if (steps != null) {
      for (int k = 0; k < steps.length; k++) {
        steps[k] = Math.rint(steps[k]);
      }
    }
    return average;
  }
}
