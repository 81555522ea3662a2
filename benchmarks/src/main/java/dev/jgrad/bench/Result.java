package dev.jgrad.bench;

/**
 * One workload's measurement, as printed on one line.
 *
 * @param stats the measured samples' statistics, in {@code unit}
 * @param unit the unit of the samples, e.g. {@code "us/op"} or {@code "GFLOP/s"}
 * @param higherIsBetter true for throughputs, false for times
 * @param note extra facts worth printing (accuracy, memory, a check), or empty
 */
public record Result(Stats stats, String unit, boolean higherIsBetter, String note) {}
