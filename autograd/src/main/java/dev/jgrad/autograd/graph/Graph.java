package dev.jgrad.autograd.graph;

import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.Op;

/**
 * Records ops into the graph: the one place where a new node gets its op and inputs.
 *
 * <p>{@link #record} runs the op's forward pass and, when grad mode is on and some input
 * requires grad, makes the result a node that remembers the op and the inputs; otherwise the
 * result is a plain constant that keeps no reference to its inputs.
 */
public final class Graph {
  private Graph() {}

  /**
   * {@return {@code op}'s output on {@code inputs}, recorded as a graph node when it needs one}
   * In anomaly mode the node remembers where it was created, and a non-finite output from finite
   * inputs throws.
   *
   * @param op the op to record
   * @param inputs the op's inputs
   * @throws IllegalStateException in anomaly mode, if the op produced NaN or infinity from finite
   *     inputs
   */
  public static Tensor record(Op op, Tensor... inputs) {
    return recordComputed(op, op.forward(inputs), inputs);
  }

  /**
   * {@return where {@code node} was created in the caller's code ({@code Class.method(File:line)}),
   * or null when it was not created in anomaly mode ({@link
   * dev.jgrad.autograd.Autograd#detectAnomaly})}
   *
   * @param node the node to look up
   */
  public static String creationSite(Tensor node) {
    StackTraceElement[] frames = ((Node) node).createdAt();
    return frames == null || frames.length == 0 ? null : frames[0].toString();
  }

  /**
   * {@return {@code out}, the output of {@code op} computed elsewhere on {@code inputs}, recorded
   * as {@link #record} would: for ops whose forward ran outside {@link Op#forward} (a user's
   * {@link dev.jgrad.autograd.Function})}
   *
   * @param op the op to record
   * @param out the output, already computed
   * @param inputs the op's inputs
   */
  public static Tensor recordComputed(Op op, Tensor out, Tensor... inputs) {
    GradMode.State state = GradMode.current();
    if (state.gradEnabled()) {
      for (Tensor in : inputs) {
        if (in.isGradRequired()) {
          ((Node) out).attach(op, inputs);
          break;
        }
      }
    }
    if (state.anomaly()) {
      Anomaly.checkForward(out, op, inputs);
    }
    return out;
  }
}
