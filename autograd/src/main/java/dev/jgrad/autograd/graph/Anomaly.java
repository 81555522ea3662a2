package dev.jgrad.autograd.graph;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.BinaryOps;
import dev.jgrad.autograd.Function;
import dev.jgrad.autograd.LinalgOps;
import dev.jgrad.autograd.ReduceOps;
import dev.jgrad.autograd.ShapeOps;
import dev.jgrad.autograd.UnaryOps;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.Value;
import dev.jgrad.autograd.Op;
import java.util.Arrays;
import java.util.Set;

/**
 * Anomaly mode's checks: the first op whose output (forward) or input gradient (backward) is NaN
 * or infinite is named, with the place in the caller's code where its node was created.
 */
final class Anomaly {
  private Anomaly() {}

  /** The engine's own packages: their frames are skipped when finding where a node was created. */
  private static final String[] ENGINE_PACKAGES = {
    packageOf(Node.class), "dev.jgrad.autograd.kernels."
  };

  /** The public face's classes, which call into the engine on the user's behalf. */
  private static final Set<String> FACE =
      Set.of(
          Tensor.class.getName(), Value.class.getName(), Autograd.class.getName(),
          Function.class.getName(), UnaryOps.class.getName(), BinaryOps.class.getName(),
          ReduceOps.class.getName(), LinalgOps.class.getName(), ShapeOps.class.getName());

  private static String packageOf(Class<?> c) {
    return c.getPackageName() + ".";
  }

  /** Remembers where {@code out} was created and fails on a non-finite output. */
  static void checkForward(Tensor out, Op op, Tensor[] inputs) {
    ((Node) out).createdAt(userFrames(new Throwable().getStackTrace()));
    if (out.storage().allFinite()) {
      return;
    }
    for (Tensor in : inputs) {
      if (!in.storage().allFinite()) {
        return; // not the first op to go wrong: its input already was non-finite
      }
    }
    throw new IllegalStateException(
        String.format(
            "anomaly: %s produced %s in its output (forward) from finite inputs of shapes %s, at %s",
            op.name(), firstBad(out), shapesOf(inputs), site(out)));
  }

  /** Fails if the gradient {@code g} that {@code node} sends to input {@code input} is not finite. */
  static void checkBackward(Tensor node, int input, Tensor g) {
    if (g.storage().allFinite()) {
      return;
    }
    throw new IllegalStateException(
        String.format(
            "anomaly: the backward of %s produced %s in the gradient of input %d (shape %s); the"
                + " %s was created at %s",
            node.op().name(),
            firstBad(g),
            input,
            Arrays.toString(((Node) node).inputArray()[input].shape()),
            node.op().name(),
            site(node)));
  }

  private static String site(Tensor node) {
    StackTraceElement[] frames = ((Node) node).createdAt();
    return frames == null || frames.length == 0
        ? "(unknown: created outside anomaly mode)"
        : frames[0].toString();
  }

  private static StackTraceElement[] userFrames(StackTraceElement[] trace) {
    int i = 0;
    while (i < trace.length && isEngineFrame(trace[i].getClassName())) {
      i++;
    }
    return Arrays.copyOfRange(trace, i, Math.min(trace.length, i + 8));
  }

  private static boolean isEngineFrame(String className) {
    for (String p : ENGINE_PACKAGES) {
      if (className.startsWith(p)) {
        return true;
      }
    }
    int dollar = className.indexOf('$');
    return FACE.contains(dollar < 0 ? className : className.substring(0, dollar));
  }

  private static String firstBad(Tensor t) {
    for (int i = 0; i < t.numel(); i++) {
      double v = t.storage().get(i);
      if (!Double.isFinite(v)) {
        return Double.isNaN(v) ? "NaN" : (v > 0 ? "+Inf" : "-Inf");
      }
    }
    return "finite values";
  }

  private static String shapesOf(Tensor[] inputs) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < inputs.length; i++) {
      sb.append(i == 0 ? "" : ", ").append(Arrays.toString(inputs[i].shape()));
    }
    return sb.toString();
  }
}
