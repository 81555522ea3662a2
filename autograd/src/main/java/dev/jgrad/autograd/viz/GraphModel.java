package dev.jgrad.autograd.viz;

import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.graph.TopologicalOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The nodes of one graph in topological order (every node after its inputs, the root last), with
 * their input ids, the gradient of the root with respect to each node and each node's group. All
 * walks are iterative.
 */
final class GraphModel {
  /** One node: its id is its position in the topological order. */
  static final class Node {
    final int id;
    final Tensor tensor;
    final int[] inputs;
    double[] grad;
    String group;

    Node(int id, Tensor tensor, int[] inputs) {
      this.id = id;
      this.tensor = tensor;
      this.inputs = inputs;
    }

    String op() {
      return tensor.op() == null ? null : tensor.op().name();
    }

    /** Returns "leaf" (requires grad), "constant" (no grad) or "op". */
    String kind() {
      if (tensor.op() != null) {
        return "op";
      }
      return tensor.isGradRequired() ? "leaf" : "constant";
    }

    /** Returns whether this is an unlabelled one-number constant, drawn inside its op's formula. */
    boolean isInlineConstant() {
      return kind().equals("constant") && tensor.label() == null && tensor.numel() == 1;
    }

    /** Returns the label, or {@code #id} when the node has none. */
    String name() {
      return tensor.label() != null ? tensor.label() : "#" + id;
    }
  }

  final List<Node> nodes;
  final Node root;
  private final Map<Tensor, Node> byTensor;
  /** Set when the gradients came from an observed backward pass (one-element root). */
  BackwardSteps steps;

  private GraphModel(List<Node> nodes, Map<Tensor, Node> byTensor) {
    this.nodes = nodes;
    this.byTensor = byTensor;
    this.root = nodes.get(nodes.size() - 1);
  }

  /** Returns the node of {@code t}, or null if {@code t} is not in this graph. */
  Node node(Tensor t) {
    return byTensor.get(t);
  }

  /**
   * Returns the graph under {@code root} (constants included) in the engine's topological order.
   *
   * @throws IllegalStateException if a node's edges were freed by {@code backward()}
   */
  static GraphModel walk(Tensor root, String caller) {
    if (root == null) {
      throw new IllegalArgumentException(caller + ": the root is null");
    }
    List<Tensor> order = TopologicalOrder.of(List.of(root), true, t -> freedError(t, caller));
    Map<Tensor, Node> byTensor = new IdentityHashMap<>();
    List<Node> nodes = new ArrayList<>(order.size());
    for (Tensor t : order) {
      List<Tensor> inputs = t.inputs();
      int[] ids = new int[inputs.size()];
      for (int i = 0; i < ids.length; i++) {
        ids[i] = byTensor.get(inputs.get(i)).id;
      }
      Node node = new Node(nodes.size(), t, ids);
      byTensor.put(t, node);
      nodes.add(node);
    }
    GraphModel model = new GraphModel(nodes, byTensor);
    model.fillGradients();
    return model;
  }

  private static RuntimeException freedError(Tensor t, String caller) {
    return new IllegalStateException(
        String.format(
            "%s: node '%s' (op %s, shape %s) has no inputs any more: backward() freed the"
                + " graph's edges. Call backward(true) (Value.backward() keeps them) before"
                + " drawing or explaining the graph",
            caller,
            t.label() == null ? "unlabelled" : t.label(),
            t.op().name(),
            Arrays.toString(t.shape())));
  }

  /**
   * Sets each node's gradient: for a one-element root, {@code d root / d node} from an observed
   * backward pass (so every node has one); otherwise the engine's {@code grad()} where it exists.
   */
  private void fillGradients() {
    if (root.tensor.numel() == 1 && root.tensor.isGradRequired()) {
      steps = BackwardSteps.observe(this, null);
      return;
    }
    for (Node n : nodes) {
      Tensor g = n.tensor.grad();
      n.grad = g == null ? null : g.toArray();
    }
  }

  /** Assigns groups from the options: explicit groups first, then label prefixes. */
  void assignGroups(GraphOptions options) {
    for (GraphOptions.Collapse c : options.collapses()) {
      Node out = node(c.output());
      if (out == null) {
        throw new IllegalArgumentException(
            "GraphOptions.collapse: the output of group '" + c.name() + "' is not in this graph");
      }
      Set<Tensor> stop = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
      stop.addAll(c.inputs());
      List<Node> todo = new ArrayList<>();
      todo.add(out);
      while (!todo.isEmpty()) {
        Node n = todo.remove(todo.size() - 1);
        if (n.group != null || stop.contains(n.tensor)) {
          continue;
        }
        n.group = c.name();
        for (int in : n.inputs) {
          todo.add(nodes.get(in));
        }
      }
    }
    String sep = options.labelSeparator();
    if (sep == null) {
      return;
    }
    for (Node n : nodes) { // topological order: inputs already have their group
      if (n.group != null) {
        continue;
      }
      String label = n.tensor.label();
      if (label != null) {
        n.group = prefix(label, sep, options.labelDepth());
        continue;
      }
      if (n.tensor.op() == null) {
        continue;
      }
      String fromLeaf = null;
      Set<String> shared = new LinkedHashSet<>();
      boolean ungroupedInput = false;
      for (int in : n.inputs) {
        Node input = nodes.get(in);
        if (input.kind().equals("constant") && input.tensor.label() == null) {
          continue;
        }
        if (input.group == null) {
          ungroupedInput = true;
        } else {
          shared.add(input.group);
          if (fromLeaf == null && input.tensor.op() == null) {
            fromLeaf = input.group;
          }
        }
      }
      if (fromLeaf != null) {
        n.group = fromLeaf;
      } else if (!ungroupedInput && shared.size() == 1) {
        n.group = shared.iterator().next();
      }
    }
  }

  /** Returns the first {@code depth} segments of {@code label}, or null if it has no more. */
  static String prefix(String label, String sep, int depth) {
    int cut = -sep.length();
    for (int k = 0; k < depth; k++) {
      cut = label.indexOf(sep, cut + sep.length());
      if (cut < 0) {
        return null;
      }
    }
    return cut > 0 ? label.substring(0, cut) : null;
  }

  /** Returns the members of each group, by group name in order of first appearance. */
  Map<String, List<Node>> groups() {
    Map<String, List<Node>> groups = new LinkedHashMap<>();
    for (Node n : nodes) {
      if (n.group != null) {
        groups.computeIfAbsent(n.group, g -> new ArrayList<>()).add(n);
      }
    }
    return groups;
  }

  /**
   * Fails when the picture would have more boxes than the cap (groups count one each;
   * unlabelled one-number constants none, as the page draws them inside their op's formula).
   *
   * @throws IllegalArgumentException naming the count, the cap and the ways out
   */
  void checkCap(GraphOptions options, String caller) {
    int boxes = groups().size();
    for (Node n : nodes) {
      if (n.group == null && !n.isInlineConstant()) {
        boxes++;
      }
    }
    if (boxes > options.maxNodes()) {
      throw new IllegalArgumentException(
          String.format(
              "%s: the graph has %d boxes (%d nodes), more than the cap of %d. Collapse modules"
                  + " into one box each with GraphOptions.collapse(name, output, inputs...) or"
                  + " collapseByLabelPrefix(\".\"), or raise the cap with"
                  + " GraphOptions.maxNodes(n)",
              caller, boxes, nodes.size(), options.maxNodes()));
    }
  }
}
