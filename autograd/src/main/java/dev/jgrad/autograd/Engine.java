package dev.jgrad.autograd;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

/**
 * The backward engine: orders the graph topologically (iteratively, so a chain of millions of
 * nodes is fine), then visits nodes from the outputs back, asks each node's {@link Op} for its
 * vector-Jacobian product and adds the results into the gradients of its inputs. This is the
 * only place where the chain rule is applied.
 */
final class Engine {
  private Engine() {}

  /** Each backward pass gets a fresh epoch, so nodes are marked visited without a hash set. */
  private static final AtomicLong EPOCH = new AtomicLong();

  /**
   * Runs one backward pass.
   *
   * @param roots the outputs to differentiate
   * @param upstreams one gradient per root, or null entries for 1 on one-element roots
   * @param retainGraph keep the graph's edges for another pass
   * @param createGraph record the backward pass itself, for higher-order gradients
   * @param wanted if non-null, return the gradients of these tensors instead of accumulating
   *     into leaves' {@code grad()}
   * @return the gradients of {@code wanted} (zeros where unreached), or null
   */
  static Tensor[] backward(
      List<Tensor> roots,
      List<Tensor> upstreams,
      boolean retainGraph,
      boolean createGraph,
      List<Tensor> wanted) {
    List<Tensor> order = topologicalOrder(roots);
    GraphGrowthMonitor.observe(order);
    Tensor[] grads = new Tensor[order.size()];
    // Which pending gradients the engine made itself (a sum of two others): only those, and only
    // when no graph is recorded, take further contributions in place. Others may be a caller's
    // upstream, an upstream an op passed through, or a tensor some op still refers to.
    boolean[] owned = createGraph ? null : new boolean[order.size()];
    Autograd.State state = Autograd.state();
    boolean savedMode = state.gradEnabled;
    boolean anomaly = state.anomaly;
    state.gradEnabled = createGraph;
    // The ops inside backward rules are not checked as forward ops: checkBackward blames the
    // node whose rule produced the non-finite gradient instead of, say, the div inside it.
    state.anomaly = false;
    try {
      for (int r = 0; r < roots.size(); r++) {
        Tensor root = roots.get(r);
        Tensor g = seed(root, upstreams.get(r));
        int i = root.topoIndex;
        grads[i] = grads[i] == null ? g : grads[i].add(g);
      }
      Map<Tensor, Integer> wantedSlots = null;
      Tensor[] result = null;
      if (wanted != null) {
        wantedSlots = new IdentityHashMap<>();
        for (int k = 0; k < wanted.size(); k++) {
          wantedSlots.putIfAbsent(wanted.get(k), k);
        }
        result = new Tensor[wanted.size()];
      }
      for (int i = order.size() - 1; i >= 0; i--) {
        Tensor node = order.get(i);
        Tensor g = grads[i];
        grads[i] = null;
        if (g == null) {
          continue;
        }
        g = runHooks(node, g);
        if (wantedSlots != null) {
          Integer slot = wantedSlots.get(node);
          if (slot != null) {
            result[slot] = g;
          }
        } else if (node.op == null || node.retainsGrad()) {
          Tensor old = node.grad();
          node.setGrad(old == null ? g : old.add(g));
        }
        if (node.op != null) {
          propagate(node, g, grads, owned, anomaly);
          if (!retainGraph) {
            node.inputs = null;
          }
        }
      }
      if (wanted != null) {
        for (int k = 0; k < result.length; k++) {
          Tensor w = wanted.get(k);
          if (result[k] == null) {
            Integer first = wantedSlots.get(w);
            result[k] = first != k && result[first] != null ? result[first] : w.zerosLike();
          }
        }
      }
      return result;
    } finally {
      state.gradEnabled = savedMode;
      state.anomaly = anomaly;
    }
  }

  /** Applies the chain rule at one node: its op's local VJP, summed into each input's gradient. */
  private static void propagate(
      Tensor node, Tensor upstream, Tensor[] grads, boolean[] owned, boolean anomaly) {
    Tensor[] inputs = node.inputs;
    Tensor[] local = node.op.backward(upstream, node, inputs);
    if (local.length != inputs.length) {
      throw new IllegalStateException(
          String.format(
              "backward of %s returned %d gradients for %d inputs",
              node.op.name(), local.length, inputs.length));
    }
    for (int j = 0; j < inputs.length; j++) {
      Tensor in = inputs[j];
      Tensor g = local[j];
      if (!in.requiresGrad || g == null) {
        continue;
      }
      if (!Arrays.equals(g.shape, in.shape)) {
        if (!Shapes.broadcastsTo(in.shape, g.shape)) {
          throw new IllegalStateException(
              String.format(
                  "backward of %s returned a gradient of shape %s for input %d of shape %s",
                  node.op.name(), Shapes.format(g.shape), j, Shapes.format(in.shape)));
        }
        g = g.sumTo(in.shape);
      }
      if (anomaly || node.createdAt != null) {
        checkBackward(node, j, g);
      }
      accumulate(grads, owned, in.topoIndex, g);
    }
  }

  /**
   * Adds {@code g} to the pending gradient at {@code t}: in place when {@code owned} says the
   * engine made that tensor (no graph is recorded then), otherwise as a new, owned sum.
   */
  private static void accumulate(Tensor[] grads, boolean[] owned, int t, Tensor g) {
    Tensor old = grads[t];
    if (old == null) {
      grads[t] = g;
    } else if (owned != null && owned[t]) {
      double[] acc = old.data;
      double[] add = g.data;
      for (int e = 0; e < acc.length; e++) {
        acc[e] += add[e];
      }
    } else {
      grads[t] = old.add(g);
      if (owned != null) {
        owned[t] = true;
      }
    }
  }

  private static Tensor runHooks(Tensor node, Tensor g) {
    List<UnaryOperator<Tensor>> hooks = node.hooks();
    if (hooks == null) {
      return g;
    }
    for (UnaryOperator<Tensor> hook : List.copyOf(hooks)) {
      Tensor replaced = hook.apply(g);
      if (replaced != null) {
        if (!Arrays.equals(replaced.shape, g.shape)) {
          throw new IllegalStateException(
              String.format(
                  "a gradient hook returned shape %s for a gradient of shape %s",
                  Shapes.format(replaced.shape), Shapes.format(g.shape)));
        }
        g = replaced;
      }
    }
    return g;
  }

  private static Tensor seed(Tensor root, Tensor upstream) {
    if (upstream == null) {
      if (root.numel() != 1) {
        throw new IllegalArgumentException(
            String.format(
                "backward() needs a scalar output, but the output has shape %s; reduce it with"
                    + " sum() or pass an upstream gradient",
                Shapes.format(root.shape)));
      }
      return Tensor.wrap(new double[] {1}, root.shape);
    }
    if (!Arrays.equals(upstream.shape, root.shape)) {
      throw new IllegalArgumentException(
          String.format(
              "backward: upstream gradient has shape %s, but the output has shape %s",
              Shapes.format(upstream.shape), Shapes.format(root.shape)));
    }
    return upstream;
  }

  /**
   * Returns the nodes reachable from {@code roots} through inputs that require grad, each after
   * all of its inputs (post-order of an iterative depth-first search), and numbers them.
   */
  static List<Tensor> topologicalOrder(List<Tensor> roots) {
    long epoch = EPOCH.incrementAndGet();
    List<Tensor> order = new ArrayList<>();
    Tensor[] stack = new Tensor[64];
    int[] next = new int[64];
    for (Tensor root : roots) {
      if (root == null) {
        throw new IllegalArgumentException("backward: an output is null");
      }
      if (!root.requiresGrad) {
        throw new IllegalStateException(
            "backward: the output does not require grad; mark an input with requiresGrad()"
                + " before computing it (and not under noGrad())");
      }
      if (root.visitEpoch == epoch) {
        continue;
      }
      checkNotFreed(root);
      root.visitEpoch = epoch;
      int sp = 0;
      stack[sp] = root;
      next[sp++] = 0;
      while (sp > 0) {
        Tensor top = stack[sp - 1];
        Tensor[] inputs = top.inputs;
        if (inputs != null && next[sp - 1] < inputs.length) {
          Tensor child = inputs[next[sp - 1]++];
          if (child.requiresGrad && child.visitEpoch != epoch) {
            checkNotFreed(child);
            child.visitEpoch = epoch;
            if (sp == stack.length) {
              stack = Arrays.copyOf(stack, sp * 2);
              next = Arrays.copyOf(next, sp * 2);
            }
            stack[sp] = child;
            next[sp++] = 0;
          }
        } else {
          stack[--sp] = null;
          top.topoIndex = order.size();
          order.add(top);
        }
      }
    }
    return order;
  }

  private static void checkNotFreed(Tensor node) {
    if (node.op != null && node.inputs == null) {
      throw new IllegalStateException(
          "backward: the graph through "
              + node.op.name()
              + " was freed by an earlier backward(); pass retainGraph=true to the first"
              + " backward to run another (in a training loop, this usually means a tensor from"
              + " an earlier step was reused without detach())");
    }
  }

  // ---------------------------------------------------------------- anomaly mode

  /** In anomaly mode: remembers where a node was created and fails on a non-finite output. */
  static void checkForward(Tensor out, Op op, Tensor[] inputs) {
    out.createdAt = userFrames(new Throwable().getStackTrace());
    if (allFinite(out.data)) {
      return;
    }
    for (Tensor in : inputs) {
      if (!allFinite(in.data)) {
        return; // not the first op to go wrong: its input already was non-finite
      }
    }
    throw new IllegalStateException(
        String.format(
            "anomaly: %s produced %s in its output (forward) from finite inputs of shapes %s, at %s",
            op.name(), firstBad(out.data), shapesOf(inputs), site(out)));
  }

  private static void checkBackward(Tensor node, int input, Tensor g) {
    if (allFinite(g.data)) {
      return;
    }
    throw new IllegalStateException(
        String.format(
            "anomaly: the backward of %s produced %s in the gradient of input %d (shape %s); the"
                + " %s was created at %s",
            node.op.name(),
            firstBad(g.data),
            input,
            Shapes.format(node.inputs[input].shape),
            node.op.name(),
            site(node)));
  }

  private static String site(Tensor node) {
    StackTraceElement[] frames = node.createdAt;
    return frames == null || frames.length == 0 ? "(unknown: created outside anomaly mode)" : frames[0].toString();
  }

  private static StackTraceElement[] userFrames(StackTraceElement[] trace) {
    int i = 0;
    while (i < trace.length && isEngineFrame(trace[i].getClassName())) {
      i++;
    }
    return Arrays.copyOfRange(trace, i, Math.min(trace.length, i + 8));
  }

  private static boolean isEngineFrame(String className) {
    String prefix = "dev.jgrad.autograd.";
    if (!className.startsWith(prefix)) {
      return false;
    }
    String rest = className.substring(prefix.length());
    int dollar = rest.indexOf('$');
    String top = dollar < 0 ? rest : rest.substring(0, dollar);
    switch (top) {
      case "Tensor":
      case "Value":
      case "Engine":
      case "Autograd":
      case "UnaryOps":
      case "BinaryOps":
      case "ReduceOps":
      case "LinalgOps":
      case "ShapeOps":
      case "Function":
        return true;
      default:
        return false;
    }
  }

  private static boolean allFinite(double[] values) {
    for (double v : values) {
      if (!Double.isFinite(v)) {
        return false;
      }
    }
    return true;
  }

  private static String firstBad(double[] values) {
    for (double v : values) {
      if (!Double.isFinite(v)) {
        return Double.isNaN(v) ? "NaN" : (v > 0 ? "+Inf" : "-Inf");
      }
    }
    return "finite values";
  }

  private static String shapesOf(Tensor[] inputs) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < inputs.length; i++) {
      sb.append(i == 0 ? "" : ", ").append(Shapes.format(inputs[i].shape));
    }
    return sb.toString();
  }
}
