/**
 * The benchmark program ({@link dev.jgrad.bench.Bench}): the workloads of the performance issue
 * side by side with the PyTorch reference scripts of {@code shared/bench}.
 */
package dev.jgrad.bench;
