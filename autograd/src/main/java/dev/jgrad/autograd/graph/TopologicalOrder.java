package dev.jgrad.autograd.graph;

import dev.jgrad.autograd.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The one topological order of a graph, for the engine and for the pictures: every node after
 * all of its inputs (the post-order of an iterative depth-first search, so a chain of millions of
 * nodes is fine), each node visited once however often it is used.
 */
public final class TopologicalOrder {
  private TopologicalOrder() {}

  /** Each walk gets a fresh epoch, so nodes are marked visited without a hash set. */
  private static final AtomicLong EPOCH = new AtomicLong();

  /**
   * {@return the nodes reachable from {@code roots}, each after its inputs, and numbers them
   * (a node's number is its position)} With {@code withConstants} false, the walk follows only
   * inputs that require grad (what backward needs); with it true, it includes constant inputs too
   * (what a picture shows).
   *
   * @param roots the nodes to start from
   * @param withConstants whether to include inputs that do not require grad
   * @param onFreed builds the exception to throw when a node's edges were freed by backward
   */
  public static List<Tensor> of(
      List<Tensor> roots, boolean withConstants, Function<Tensor, RuntimeException> onFreed) {
    return of(roots, withConstants, onFreed, null);
  }

  /**
   * {@return the order of {@link #of(List, boolean, Function)}} and, when {@code leaves} is not
   * null, adds to it the leaves among those nodes (in the same order): what the engine's {@link
   * GraphGrowthMonitor} counts, collected while each node is at hand instead of in one more pass
   * over the whole graph.
   *
   * @param roots the nodes to start from
   * @param withConstants whether to include inputs that do not require grad
   * @param onFreed builds the exception to throw when a node's edges were freed by backward
   * @param leaves receives the leaves of the order, or null
   */
  public static List<Tensor> of(
      List<Tensor> roots, boolean withConstants, Function<Tensor, RuntimeException> onFreed,
      List<Tensor> leaves) {
    long epoch = EPOCH.incrementAndGet();
    List<Tensor> order = new ArrayList<>();
    Tensor[] stack = new Tensor[64];
    int[] next = new int[64];
    for (Tensor root : roots) {
      if (((Node) root).visited(epoch)) {
        continue;
      }
      if (((Node) root).isFreed()) {
        throw onFreed.apply(root);
      }
      ((Node) root).visit(epoch);
      int sp = 0;
      stack[sp] = root;
      next[sp++] = 0;
      while (sp > 0) {
        Tensor top = stack[sp - 1];
        Tensor[] inputs = ((Node) top).inputArray();
        if (inputs != null && next[sp - 1] < inputs.length) {
          Tensor child = inputs[next[sp - 1]++];
          if ((withConstants || child.isGradRequired()) && !((Node) child).visited(epoch)) {
            if (((Node) child).isFreed()) {
              throw onFreed.apply(child);
            }
            ((Node) child).visit(epoch);
            if (sp == stack.length) {
              stack = Arrays.copyOf(stack, sp * 2);
              next = Arrays.copyOf(next, sp * 2);
            }
            stack[sp] = child;
            next[sp++] = 0;
          }
        } else {
          stack[--sp] = null;
          ((Node) top).position(order.size());
          order.add(top);
          if (leaves != null && top.op() == null) {
            leaves.add(top);
          }
        }
      }
    }
    return order;
  }
}
