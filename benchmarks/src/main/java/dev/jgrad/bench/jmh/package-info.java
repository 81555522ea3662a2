/** JMH micro-benchmarks of the kernels and of the engine's per-op overhead. */
package dev.jgrad.bench.jmh;
