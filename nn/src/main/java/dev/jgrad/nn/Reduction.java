package dev.jgrad.nn;

import dev.jgrad.autograd.Tensor;

/** How a loss turns per-element losses into its result. */
public enum Reduction {
  /** The mean over elements (or, for weighted class losses, the weighted mean). */
  MEAN,
  /** The sum over elements. */
  SUM,
  /** No reduction: one loss per element (per sample for class losses). */
  NONE;

  /**
   * {@return {@code losses} reduced by this rule}
   *
   * @param losses the per-element losses
   */
  public Tensor apply(Tensor losses) {
    Checks.notNull(losses, "Reduction.apply", "losses");
    switch (this) {
      case MEAN:
        return losses.mean();
      case SUM:
        return losses.sum();
      default:
        return losses;
    }
  }
}
