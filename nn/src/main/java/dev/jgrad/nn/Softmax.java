package dev.jgrad.nn;

import dev.jgrad.autograd.Tensor;

/**
 * Softmax as a module: {@code out_i = e^(x_i) / sum_j e^(x_j)} along one dim (stable for large
 * inputs). For training a classifier, feed logits to {@link Losses#crossEntropy} instead, which is
 * more accurate than {@code log(softmax(x))}.
 */
public final class Softmax extends Module {
  private final int dim;

  /** Returns softmax over the last dim. */
  public Softmax() {
    this(-1);
  }

  /**
   * Returns softmax over {@code dim} (negative counts from the end).
   *
   * @param dim the dimension the probabilities sum to 1 over (negative counts from the end)
   */
  public Softmax(int dim) {
    this.dim = dim;
  }

  /** Returns the softmax of {@code x} along the module's dim. */
  @Override
  public Tensor forward(Tensor x) {
    return checkInput(x).softmax(dim);
  }

  @Override
  protected String extraRepr() {
    return "dim=" + dim;
  }
}
