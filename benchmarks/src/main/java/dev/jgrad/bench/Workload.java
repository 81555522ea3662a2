package dev.jgrad.bench;

/** A benchmark workload of the performance issue, measured by {@link #run}. */
public interface Workload {

  /** Returns a short name, unique among the workloads, e.g. {@code "matmul n=256"}. */
  String name();

  /** Returns the target of the issue in words, e.g. {@code "<= 0.15 us/op"}. */
  String target();

  /** Returns whether {@code r} meets the target. */
  boolean meetsTarget(Result r, Double reference);

  /** Returns the key of this workload's figure in {@link Reference}, or null if none. */
  String referenceKey();

  /** Runs the workload (warm-up included) and returns its measurement. */
  Result run(boolean quick);
}
