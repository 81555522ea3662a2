package dev.jgrad.spark;

import dev.jgrad.nn.Module;
import java.io.Serializable;

/**
 * A serializable recipe for a model, called once on the driver and once per task thread on the
 * executors. It must build the same architecture (same parameter names and shapes) every time;
 * the initial values only matter on the driver, since the trainer overwrites the executors' copy
 * with the driver's parameters before every step.
 */
@FunctionalInterface
public interface ModelFactory extends Serializable {
  /** Returns a new model. */
  Module create();
}
