package dev.jgrad.autograd.graph;

import dev.jgrad.autograd.Tensor;
import java.util.List;

/**
 * Watches a backward pass of the {@link Engine}: the order it walks, then each node it visits,
 * outputs first, with the gradient the node received and what it sent to each input. The pictures
 * and explanations of {@code dev.jgrad.autograd.viz} are built this way, so they show the
 * engine's own pass rather than a replay of it.
 */
public interface BackwardObserver {

  /**
   * One visited node.
   *
   * @param node the node
   * @param upstream its gradient (the sum of what its consumers sent), after hooks
   * @param sent per input, the gradient sent to it (summed to the input's shape), or null where
   *     none flows; empty for a leaf
   * @param local per input, the local derivative {@code d node / d input} (the op's rule applied
   *     to an upstream of 1) when the node has one element, else null; null entries where no
   *     gradient flows
   */
  record Step(Tensor node, Tensor upstream, Tensor[] sent, Tensor[] local) {}

  /**
   * Called once, before the first step, with the nodes the pass will walk (inputs first).
   *
   * @param nodes the nodes the pass walks, inputs first
   */
  default void order(List<Tensor> nodes) {}

  /**
   * Called for each node that receives a gradient, in the order the engine visits them.
   *
   * @param step what the engine did at one node
   */
  void step(Step step);
}
