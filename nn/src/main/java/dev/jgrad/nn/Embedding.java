package dev.jgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.autograd.Tensor;
import dev.jgrad.nn.data.Indices;
import dev.jgrad.nn.init.Init;
import java.util.Arrays;
import java.util.Random;

/**
 * A lookup table of learned vectors: index {@code i} maps to row {@code i} of {@code weight}
 * ({@code [count, dim]}, initialised standard normal as PyTorch). Indices of shape {@code s} give
 * vectors of shape {@code s + [dim]}; the gradient of a row is the sum over its lookups.
 */
public final class Embedding extends Module {
  private final int count;
  private final int dim;
  private final Tensor weight;

  /**
   * Returns a table of {@code count} vectors of size {@code dim} drawn from {@code random}.
   *
   * @param count the number of vectors (the vocabulary size), at least 1
   * @param dim the length of each vector
   * @param random the source of the initial vectors
   * @throws IllegalArgumentException if a size is not positive or {@code random} is null
   */
  public Embedding(int count, int dim, Random random) {
    checkArgument(
        count > 0 && dim > 0, "Embedding: sizes must be positive, got count=%s dim=%s", count, dim);
    Checks.notNull(random, "Embedding", "random");
    this.count = count;
    this.dim = dim;
    this.weight = registerParameter("weight", Init.normal(Tensor.zeros(count, dim), 0, 1, random));
  }

  /** {@return the table, shape {@code [count, dim]}} */
  public Tensor weight() {
    return weight;
  }

  /**
   * {@return the vectors of {@code indices}, shape {@code [indices.length, dim]}}
   *
   * @param indices the row indices, each in {@code [0, count)}
   * @throws IllegalArgumentException if an index is outside {@code [0, count)}
   */
  public Tensor forward(int[] indices) {
    Checks.notNull(indices, "Embedding.forward", "indices");
    for (int i = 0; i < indices.length; i++) {
      if (indices[i] < 0 || indices[i] >= count) {
        throw new IllegalArgumentException(
            String.format("Embedding: index %d is %d, outside [0, %d)", i, indices[i], count));
      }
    }
    return weight.indexSelect(0, indices);
  }

  /**
   * Returns the vectors of the whole-number indices held in {@code indices}, shape {@code
   * indices.shape + [dim]}.
   *
   * @throws IllegalArgumentException if an entry is not a whole number in {@code [0, count)}
   */
  @Override
  public Tensor forward(Tensor indices) {
    checkInput(indices);
    int[] index = Indices.of(indices, "Embedding", "index");
    int[] shape = Arrays.copyOf(indices.shape(), indices.dim() + 1);
    shape[indices.dim()] = dim;
    return forward(index).reshape(shape);
  }

  @Override
  protected String extraRepr() {
    return "count=" + count + ", dim=" + dim;
  }
}
