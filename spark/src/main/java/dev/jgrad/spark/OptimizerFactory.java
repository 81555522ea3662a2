package dev.jgrad.spark;

import dev.jgrad.autograd.Tensor;
import dev.jgrad.nn.optim.Optimizer;
import java.io.Serializable;
import java.util.List;

/**
 * A serializable recipe for an optimizer over given parameters, e.g. {@code ps -> new Adam(ps,
 * 0.002)}. Synchronous training calls it once on the driver; parameter averaging calls it in every
 * task for each round of local steps.
 */
@FunctionalInterface
public interface OptimizerFactory extends Serializable {
  /** Returns a new optimizer over {@code parameters}. */
  Optimizer create(List<Tensor> parameters);
}
