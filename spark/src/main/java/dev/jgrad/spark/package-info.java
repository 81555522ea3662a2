/**
 * Data-parallel training of jgrad models on Apache Spark. {@link dev.jgrad.spark.SparkTrainer}
 * spreads the rows over partitions and, by default, runs one barrier stage per group of epochs
 * in which every task holds a model replica and the tasks exchange their summed gradients each
 * step through Spark's barrier coordinator; a job-per-step mode and parameter averaging (with
 * the optimizer state averaged too) are the alternatives. The batch order is decided from a seed
 * and partition results are always added in partition order, so a run on {@code local[2]} or a
 * cluster takes the same steps as the same training on one machine and repeats bit for bit.
 * Models are rebuilt from a serializable factory in each task; jgrad tensors never cross the
 * wire.
 */
package dev.jgrad.spark;
