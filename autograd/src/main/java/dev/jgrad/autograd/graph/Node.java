package dev.jgrad.autograd.graph;

import dev.jgrad.autograd.HookHandle;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.Op;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The graph half of a {@link Tensor}: the op that produced it, its inputs, whether gradients
 * flow to it, its accumulated gradient and its hooks. {@code Tensor} extends this class and adds
 * the storage; the engine ({@link Engine}) reads and updates this state through package-private
 * methods, so no other class writes it.
 */
public abstract class Node {
  private Op op;
  private Tensor[] inputs;
  private boolean requiresGrad;
  private Tensor grad;
  private boolean retainsGrad;
  private List<UnaryOperator<Tensor>> hooks;
  private StackTraceElement[] createdAt;

  // Scratch state of the graph walk running over this node (see TopologicalOrder and Engine).
  private long visitEpoch;
  private int position;

  /** Creates a node with no op and no inputs: a leaf that does not require grad. */
  protected Node() {}

  private Tensor self() {
    return (Tensor) this;
  }

  /** {@return the op that produced this node, or null for a leaf (or after the graph was freed)} */
  public final Op op() {
    return op;
  }

  /** {@return the inputs of this node's op (empty for a leaf or once backward freed the graph)} */
  public final List<Tensor> inputs() {
    return inputs == null ? List.of() : Collections.unmodifiableList(Arrays.asList(inputs));
  }

  /** {@return whether this is a leaf: a tensor not produced by a recorded op} */
  public final boolean isLeaf() {
    return op == null;
  }

  /** {@return whether gradients flow to this tensor (a marked leaf or a node built from one)} */
  public final boolean isGradRequired() {
    return requiresGrad;
  }

  /** {@return the accumulated gradient, or null until a backward pass reaches this tensor} */
  public final Tensor grad() {
    return grad;
  }

  /** Clears the accumulated gradient (sets it to null). */
  public final void zeroGrad() {
    grad = null;
  }

  /**
   * Replaces the accumulated gradient with {@code grad} (null clears it), as assigning
   * {@code p.grad} in PyTorch; what gradient clipping and custom optimizers use.
   *
   * @param grad the new gradient, of this node's shape, or null to clear it
   * @throws IllegalArgumentException if {@code grad} is non-null and its shape differs from this
   *     tensor's
   */
  public final void setGrad(Tensor grad) {
    if (grad != null && !Arrays.equals(grad.shape(), self().shape())) {
      throw new IllegalArgumentException(
          String.format(
              "setGrad: gradient shape %s does not match tensor shape %s",
              Arrays.toString(grad.shape()), Arrays.toString(self().shape())));
    }
    this.grad = grad;
  }

  /**
   * Marks this leaf as a variable: backward passes accumulate its gradient into {@link #grad()}.
   * Returns {@code this}.
   *
   * @return this tensor
   * @throws IllegalStateException if this tensor is not a leaf
   */
  public final Tensor requiresGrad() {
    return requiresGrad(true);
  }

  /**
   * Sets whether this leaf collects gradients; returns {@code this}.
   *
   * @param required whether this leaf collects gradients
   * @return this tensor
   * @throws IllegalStateException if this tensor is not a leaf
   */
  public final Tensor requiresGrad(boolean required) {
    if (op != null) {
      throw new IllegalStateException(
          "requiresGrad: only leaves can be marked, but this tensor was produced by "
              + op.name()
              + "; use detach().requiresGrad() for a new leaf");
    }
    this.requiresGrad = required;
    return self();
  }

  /**
   * Asks this non-leaf node to keep its gradient in {@link #grad()} after backward (leaves
   * always do). Returns {@code this}.
   *
   * @return this tensor
   * @throws IllegalStateException if the tensor does not require grad
   */
  public final Tensor retainGrad() {
    if (!requiresGrad) {
      throw new IllegalStateException(
          "retainGrad: this tensor does not require grad, so no gradient will reach it");
    }
    retainsGrad = true;
    return self();
  }

  /**
   * Registers a hook called with this tensor's gradient during backward; a non-null result
   * replaces the gradient. Returns a handle that removes the hook.
   *
   * @param hook called with the gradient; a non-null result replaces it
   * @return a handle whose {@code remove()} removes the hook
   * @throws IllegalStateException if the tensor does not require grad
   * @throws IllegalArgumentException if {@code hook} is null
   */
  public final HookHandle registerHook(UnaryOperator<Tensor> hook) {
    if (!requiresGrad) {
      throw new IllegalStateException(
          "registerHook: this tensor does not require grad, so the hook would never run");
    }
    if (hook == null) {
      throw new IllegalArgumentException("registerHook: hook must not be null");
    }
    if (hooks == null) {
      hooks = new ArrayList<>(1);
    }
    hooks.add(hook);
    return () -> hooks.remove(hook);
  }

  // ---------------------------------------------------------------- for the engine

  /** {@return the shape array itself (not a copy), for the engine; never modify it} */
  protected abstract int[] nodeShape();

  /** Returns whether the walk {@code epoch} has already visited this node. */
  final boolean visited(long epoch) {
    return visitEpoch == epoch;
  }

  /** Marks this node as visited by the walk {@code epoch}. */
  final void visit(long epoch) {
    visitEpoch = epoch;
  }

  /** Returns this node's position in the topological order most recently computed over it. */
  final int position() {
    return position;
  }

  /** Sets this node's position in the topological order being computed. */
  final void position(int index) {
    position = index;
  }

  /** Makes this fresh node the output of {@code op} on {@code inputs}, requiring grad. */
  final void attach(Op op, Tensor[] inputs) {
    this.op = op;
    this.inputs = inputs;
    this.requiresGrad = true;
  }

  /** Returns the inputs array itself (null for a leaf or a freed node). */
  final Tensor[] inputArray() {
    return inputs;
  }

  /** Releases the edges to the inputs (after a backward pass without retainGraph). */
  final void freeInputs() {
    inputs = null;
  }

  /** Returns whether backward() freed this op node's edges. */
  final boolean isFreed() {
    return op != null && inputs == null;
  }

  /** Returns whether this node keeps its gradient after backward: a leaf, or asked to. */
  final boolean keepsGrad() {
    return op == null || retainsGrad;
  }

  /** Adds {@code g} to the accumulated gradient. */
  final void accumulateGrad(Tensor g) {
    grad = grad == null ? g : grad.add(g);
  }

  final List<UnaryOperator<Tensor>> hooks() {
    return hooks;
  }

  final StackTraceElement[] createdAt() {
    return createdAt;
  }

  final void createdAt(StackTraceElement[] frames) {
    createdAt = frames;
  }
}
