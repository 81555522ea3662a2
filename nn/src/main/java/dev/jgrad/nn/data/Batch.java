package dev.jgrad.nn.data;

import dev.jgrad.autograd.Tensor;

/**
 * One mini-batch: features {@code x} ({@code [b, ...]}) and labels {@code y} ({@code [b, ...]}),
 * row i of each belonging to the same example.
 *
 * @param x the features of the batch
 * @param y the labels of the batch
 */
public record Batch(Tensor x, Tensor y) {
  /** {@return the number of examples in the batch} */
  public int size() {
    return x.size(0);
  }
}
