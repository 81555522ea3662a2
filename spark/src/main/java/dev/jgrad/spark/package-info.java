/**
 * Data-parallel training of jgrad models on Apache Spark. {@link dev.jgrad.spark.SparkTrainer}
 * keeps the model and optimizer on the driver, ships the parameters as plain arrays to the
 * partitions, lets each partition compute the summed gradient of its rows of the global
 * mini-batch with jgrad's autograd, and sums the partitions' gradients with {@code
 * treeAggregate}. The batch order is decided on the driver from a seed, so a run on {@code
 * local[2]} or a cluster takes the same steps as the same training on one machine. Models are
 * rebuilt from a serializable factory in each task thread; jgrad tensors never cross the wire.
 */
package dev.jgrad.spark;
