package dev.jgrad.autograd.graph;

import dev.jgrad.autograd.Op;
import dev.jgrad.autograd.ShapeOps;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.kernels.InPlace;
import dev.jgrad.autograd.kernels.Movement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The backward engine: takes the graph's {@link TopologicalOrder}, then visits nodes from the
 * outputs back, asks each node's {@link Op} for its vector-Jacobian product and adds the results
 * into the gradients of its inputs. This is the only place where the chain rule is applied, where
 * broadcast gradients are summed back to their input's shape and where a gradient is brought to
 * its input's dtype. A {@link BackwardObserver} may watch each step.
 */
public final class Engine {
  private Engine() {}

  /**
   * Runs one backward pass.
   *
   * @param roots the outputs to differentiate
   * @param upstreams one gradient per root, or null entries for 1 on one-element roots
   * @param retainGraph keep the graph's edges for another pass
   * @param createGraph record the backward pass itself, for higher-order gradients
   * @param wanted if non-null, return the gradients of these tensors instead of accumulating
   *     into leaves' {@code grad()}
   * @param observer sees each step, or null
   * @return the gradients of {@code wanted} (zeros where unreached), or null
   */
  public static Tensor[] backward(
      List<Tensor> roots,
      List<Tensor> upstreams,
      boolean retainGraph,
      boolean createGraph,
      List<Tensor> wanted,
      BackwardObserver observer) {
    for (Tensor root : roots) {
      if (root == null) {
        throw new IllegalArgumentException("backward: an output is null");
      }
      if (!root.isGradRequired()) {
        throw new IllegalStateException(
            "backward: the output does not require grad; mark an input with requiresGrad()"
                + " before computing it (and not under noGrad())");
      }
    }
    List<Tensor> leaves = new ArrayList<>();
    List<Tensor> order = TopologicalOrder.of(roots, false, Engine::freedError, leaves);
    GraphGrowthMonitor.observe(order.size(), leaves);
    if (observer != null) {
      observer.order(order);
    }
    Tensor[] grads = new Tensor[order.size()];
    // Which pending gradients the engine made itself (a sum of two others): only those, and only
    // when no graph is recorded, take further contributions in place. Others may be a caller's
    // upstream, an upstream an op passed through, or a tensor some op still refers to.
    boolean[] owned = createGraph ? null : new boolean[order.size()];
    // The arrays that hand pending gradients to ops, one per input count, reused from node to
    // node (ops only read them): a graph of scalars would otherwise allocate one per node.
    Tensor[][] pendingArrays = new Tensor[4][];
    GradMode.State state = GradMode.current();
    boolean savedMode = state.gradEnabled();
    boolean anomaly = state.anomaly();
    state.gradEnabled(createGraph);
    // The ops inside backward rules are not checked as forward ops: checkBackward blames the
    // node whose rule produced the non-finite gradient instead of, say, the div inside it.
    state.anomaly(false);
    try {
      for (int r = 0; r < roots.size(); r++) {
        Tensor root = roots.get(r);
        Tensor g = seed(root, upstreams.get(r));
        int i = ((Node) root).position();
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
        } else if (((Node) node).keepsGrad()) {
          ((Node) node).accumulateGrad(g);
        }
        Tensor[] sent =
            node.op() == null
                ? NONE
                : propagate(
                    node, g, grads, owned, pendingArrays, anomaly, createGraph, observer != null);
        if (observer != null) {
          observer.step(new BackwardObserver.Step(node, g, sent, localDerivatives(node, sent)));
        }
        if (node.op() != null && !retainGraph) {
          ((Node) node).freeInputs();
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
      state.gradEnabled(savedMode);
      state.anomaly(anomaly);
    }
  }

  private static final Tensor[] NONE = {};

  /**
   * Applies the chain rule at one node: its op's local VJP (the op's first-order fast path when
   * no graph is recorded and it has one), brought to each input's shape and dtype and summed into
   * that input's gradient. Returns what was sent to each input (null where nothing was) when
   * {@code observed}, else null.
   */
  private static Tensor[] propagate(
      Tensor node, Tensor upstream, Tensor[] grads, boolean[] owned, Tensor[][] pendingArrays,
      boolean anomaly, boolean createGraph, boolean observed) {
    Tensor[] inputs = ((Node) node).inputArray();
    Op op = node.op();
    if (op instanceof ShapeOps.Narrow narrow && owned != null && !observed) {
      accumulateSlice(node, narrow, upstream, inputs[0], grads, owned, anomaly);
      return null;
    }
    Tensor[] pending = null;
    if (owned != null && !observed && !anomaly && ((Node) node).createdAt() == null) {
      pending = ownedPending(inputs, grads, owned, pendingArrays);
    }
    Tensor[] local =
        createGraph
            ? null
            : pending != null
                ? op.fastBackwardInto(upstream, node, inputs, pending)
                : op.fastBackward(upstream, node, inputs);
    if (local == null) {
      local = op.backward(upstream, node, inputs);
    }
    if (local == null || local.length != inputs.length) {
      throw new IllegalStateException(
          String.format(
              "backward of %s returned %s gradients for %d inputs",
              op.name(), local == null ? "null instead of" : String.valueOf(local.length),
              inputs.length));
    }
    Tensor[] sent = observed ? new Tensor[inputs.length] : null;
    for (int j = 0; j < inputs.length; j++) {
      Tensor in = inputs[j];
      Tensor g = local[j];
      if (!in.isGradRequired() || g == null || (pending != null && g == pending[j])) {
        continue; // nothing sent, or already added in place
      }
      g = fit(op, j, g, in);
      if (anomaly || ((Node) node).createdAt() != null) {
        Anomaly.checkBackward(node, j, g);
      }
      if (sent != null) {
        sent[j] = g;
      }
      accumulate(grads, owned, ((Node) in).position(), g);
    }
    return sent;
  }

  /**
   * Returns each input's pending gradient where the engine owns it (so an op may add into it in
   * place), or null when no input has one. The array is {@code pendingArrays}' one for this
   * input count, overwritten at the next node.
   */
  private static Tensor[] ownedPending(
      Tensor[] inputs, Tensor[] grads, boolean[] owned, Tensor[][] pendingArrays) {
    Tensor[] pending = null;
    for (int j = 0; j < inputs.length; j++) {
      int t = ((Node) inputs[j]).position();
      if (inputs[j].isGradRequired() && t >= 0 && owned[t] && grads[t] != null) {
        if (pending == null) {
          pending = pendingArray(pendingArrays, inputs.length);
        }
        pending[j] = grads[t];
      }
    }
    return pending;
  }

  /** Returns a cleared array of {@code n} entries, reused for small {@code n}. */
  private static Tensor[] pendingArray(Tensor[][] pendingArrays, int n) {
    if (n >= pendingArrays.length) {
      return new Tensor[n];
    }
    if (pendingArrays[n] == null) {
      pendingArrays[n] = new Tensor[n];
    } else {
      Arrays.fill(pendingArrays[n], null);
    }
    return pendingArrays[n];
  }

  /** Returns {@code g} summed down to {@code in}'s shape (undoing broadcasting) in its dtype. */
  private static Tensor fit(Op op, int j, Tensor g, Tensor in) {
    if (!Arrays.equals(((Node) g).nodeShape(), ((Node) in).nodeShape())) {
      if (!dev.jgrad.autograd.Shapes.broadcastsTo(in.shape(), g.shape())) {
        throw new IllegalStateException(
            String.format(
                "backward of %s returned a gradient of shape %s for input %d of shape %s",
                op.name(), Arrays.toString(g.shape()), j, Arrays.toString(in.shape())));
      }
      g = g.sumTo(in.shape());
    }
    return g.dtype() == in.dtype() ? g : g.to(in.dtype());
  }

  /**
   * Returns, for a one-element op node, the local derivative with respect to each input (the
   * op's rule applied to an upstream of 1); null for other nodes. Only observed passes ask.
   */
  private static Tensor[] localDerivatives(Tensor node, Tensor[] sent) {
    if (node.op() == null || node.numel() != 1) {
      return null;
    }
    Tensor[] inputs = ((Node) node).inputArray();
    Tensor[] rule = node.op().backward(node.onesLike(), node, inputs);
    Tensor[] local = new Tensor[inputs.length];
    for (int j = 0; j < inputs.length; j++) {
      if (sent[j] != null && rule[j] != null) {
        local[j] = fit(node.op(), j, rule[j], inputs[j]);
      }
    }
    return local;
  }

  /**
   * Adds a narrow's upstream into its slice of the input's pending gradient, in place (a pending
   * gradient the engine does not own is copied first; none yet becomes owned zeros). The result
   * is the narrow's rule (the upstream zero-padded to the input's shape) added to the pending
   * gradient, without the padded tensor: n narrows of one tensor (a sequence sliced per time step)
   * cost n slices instead of n full-size gradients. Only when no graph is recorded.
   */
  private static void accumulateSlice(
      Tensor node, ShapeOps.Narrow narrow, Tensor upstream, Tensor in, Tensor[] grads,
      boolean[] owned, boolean anomaly) {
    if (!in.isGradRequired()) {
      return;
    }
    Tensor g = upstream.dtype() == in.dtype() ? upstream : upstream.to(in.dtype());
    if (anomaly || ((Node) node).createdAt() != null) {
      Anomaly.checkBackward(node, 0, g);
    }
    int t = ((Node) in).position();
    int[] shape = ((Node) in).nodeShape();
    Tensor pending = grads[t];
    if (pending == null || !owned[t]) {
      Tensor fresh = Tensor.zeros(in.dtype(), shape);
      if (pending != null) {
        InPlace.axpy(fresh.storage(), shape, pending.storage(), ((Node) pending).nodeShape(), 1);
      }
      grads[t] = fresh;
      owned[t] = true;
      pending = fresh;
    }
    int dim = narrow.dim();
    int outer = 1;
    for (int d = 0; d < dim; d++) {
      outer *= shape[d];
    }
    int inner = 1;
    for (int d = dim + 1; d < shape.length; d++) {
      inner *= shape[d];
    }
    Movement.addPlaced(
        g.storage(), pending.storage(), outer, shape[dim], inner, narrow.start(), narrow.length());
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
      int[] shape = ((Node) old).nodeShape();
      InPlace.axpy(old.storage(), shape, g.storage(), shape, 1);
    } else {
      grads[t] = old.add(g);
      if (owned != null) {
        owned[t] = true;
      }
    }
  }

  private static Tensor runHooks(Tensor node, Tensor g) {
    List<UnaryOperator<Tensor>> hooks = ((Node) node).hooks();
    if (hooks == null) {
      return g;
    }
    for (UnaryOperator<Tensor> hook : List.copyOf(hooks)) {
      Tensor replaced = hook.apply(g);
      if (replaced != null) {
        if (!Arrays.equals(replaced.shape(), g.shape())) {
          throw new IllegalStateException(
              String.format(
                  "a gradient hook returned shape %s for a gradient of shape %s",
                  Arrays.toString(replaced.shape()), Arrays.toString(g.shape())));
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
                Arrays.toString(root.shape())));
      }
      return root.onesLike();
    }
    if (!Arrays.equals(upstream.shape(), root.shape())) {
      throw new IllegalArgumentException(
          String.format(
              "backward: upstream gradient has shape %s, but the output has shape %s",
              Arrays.toString(upstream.shape()), Arrays.toString(root.shape())));
    }
    return upstream;
  }

  private static RuntimeException freedError(Tensor node) {
    return new IllegalStateException(
        "backward: the graph through "
            + node.op().name()
            + " was freed by an earlier backward(); pass retainGraph=true to the first"
            + " backward to run another (in a training loop, this usually means a tensor from"
            + " an earlier step was reused without detach())");
  }
}
