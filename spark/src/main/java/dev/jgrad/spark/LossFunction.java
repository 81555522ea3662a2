package dev.jgrad.spark;

import dev.jgrad.autograd.Tensor;
import java.io.Serializable;

/**
 * A serializable loss that returns the MEAN over the rows of a batch, as {@code
 * Losses::crossEntropy} and {@code Losses::mse} do by default. The trainer multiplies it by the
 * row count to get each partition's summed loss and gradient.
 */
@FunctionalInterface
public interface LossFunction extends Serializable {
  /** Returns the mean loss of {@code prediction} against {@code target} (a 0-d tensor). */
  Tensor apply(Tensor prediction, Tensor target);
}
