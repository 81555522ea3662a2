package dev.jgrad.spark;

import java.io.Serializable;

/**
 * What a partition sends back for one step and what {@code treeAggregate} sums: a flat vector
 * (the summed gradient, or in parameter averaging the parameters times the rows trained on), the
 * summed loss, the number of rows, and the time spent computing.
 */
final class PartitionResult implements Serializable {
  private static final long serialVersionUID = 1L;
  final double[] vector;
  double lossSum;
  long rows;
  long computeNanos;

  PartitionResult(int size) {
    this.vector = new double[size];
  }

  /** Adds {@code other} into this one and returns this (Spark allows reusing the first argument). */
  PartitionResult add(PartitionResult other) {
    if (other.vector.length != vector.length) {
      throw new IllegalStateException(
          String.format(
              "SparkTrainer: partitions sent vectors of %d and %d values",
              vector.length, other.vector.length));
    }
    for (int k = 0; k < vector.length; k++) {
      vector[k] += other.vector[k];
    }
    lossSum += other.lossSum;
    rows += other.rows;
    computeNanos += other.computeNanos;
    return this;
  }
}
