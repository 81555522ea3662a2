package dev.jgrad.autograd.viz;

import dev.jgrad.autograd.graph.BackwardObserver;
import dev.jgrad.autograd.graph.Engine;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.Value;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The backward pass of a graph as a list of steps, one per node that receives a gradient, in the
 * order the engine visits them (outputs first): what the node received from each consumer (their
 * sum is its gradient, the upstream it passes on), and for each input the local derivative and
 * the product sent to that input. It is the data the HTML page of {@link Graphs} plays.
 *
 * <p>The steps are the engine's own backward pass, watched through a {@link BackwardObserver}
 * (hooks run as in any pass); no {@code grad()} is touched and the graph is kept. The graph must
 * still have its edges (after {@code Value.backward()} or {@code backward(true)}, or before any
 * backward).
 *
 * <pre>{@code
 * Value a = Value.of(2, "a"), b = Value.of(-3, "b");
 * Value c = a.mul(b).label("c");
 * System.out.print(BackwardSteps.of(c).render());
 * // step 1  c = mul(a, b)  data -6
 * //     upstream 1  (the seed: d out/d out)
 * //     -> a: local dc/da = -3, sent 1 * -3 = -3
 * //     -> b: local dc/db = 2, sent 1 * 2 = 2
 * // step 2  b (leaf)  data -3
 * //     upstream 2  (from c)
 * // step 3  a (leaf)  data 2
 * //     upstream -3  (from c)
 * }</pre>
 */
public final class BackwardSteps {
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z_0-9]*");

  /** The gradient a node received from one consumer (the node it is an input of). */
  public record Received(int fromId, double[] amount) {}

  /**
   * What a step sends to one input.
   *
   * @param inputIndex the position among the op's inputs
   * @param inputId the id of the input node
   * @param local the local derivative {@code d node / d input} (same shape as the input), or
   *     null when the node has more than one element (then only the product is defined)
   * @param sent the product sent to the input: the vector-Jacobian product of the upstream,
   *     summed to the input's shape
   */
  public record Contribution(int inputIndex, int inputId, double[] local, double[] sent) {}

  /**
   * One step of the backward pass.
   *
   * @param index the position of this step (0 for the output)
   * @param nodeId the node's id (its position in the topological order, see {@link Graphs#toJson})
   * @param name the node's label, or {@code #id}
   * @param op the op's name, or null for a leaf
   * @param data the node's values
   * @param upstream the node's gradient {@code d output / d node}: the sum of {@code received}
   * @param received what each consumer sent, in the order they sent it (empty for the output)
   * @param contributions what this node sends to each input that requires grad (empty for leaves)
   */
  public record Step(
      int index,
      int nodeId,
      String name,
      String op,
      double[] data,
      double[] upstream,
      List<Received> received,
      List<Contribution> contributions) {}

  private final List<Step> steps;
  private final GraphModel model;

  private BackwardSteps(List<Step> steps, GraphModel model) {
    this.steps = Collections.unmodifiableList(steps);
    this.model = model;
  }

  /**
   * {@return the backward pass from a one-element output, seeded with 1}
   *
   * @param output the output the backward pass starts from
   * @throws IllegalArgumentException if the output has more than one element or needs no grad
   * @throws IllegalStateException if backward() freed the graph's edges
   */
  public static BackwardSteps of(Tensor output) {
    return of(output, null);
  }

  /**
   * As {@link #of(Tensor)} for a scalar value.
   *
   * @param output the output the backward pass starts from
   * @return the backward pass, seeded with 1
   */
  public static BackwardSteps of(Value output) {
    return of(output.toTensor(), null);
  }

  /**
   * {@return the backward pass from {@code output} seeded with {@code upstream} (1 when null)}
   *
   * @param output the output the backward pass starts from
   * @param upstream the gradient seeding the pass, of the output's shape; null for 1
   * @throws IllegalArgumentException if {@code upstream} is null for a non-scalar output, has
   *     another shape than the output, or the output needs no grad
   * @throws IllegalStateException if backward() freed the graph's edges
   */
  public static BackwardSteps of(Tensor output, Tensor upstream) {
    if (output != null && !output.isGradRequired()) {
      throw new IllegalArgumentException(
          "BackwardSteps.of: the output does not require grad; mark an input with requiresGrad()");
    }
    GraphModel model = GraphModel.walk(output, "BackwardSteps.of");
    if (upstream == null && model.steps != null) {
      return model.steps;
    }
    return observe(model, upstream);
  }

  /**
   * Runs the engine's backward pass over {@code model} with an observer (graph kept, no
   * {@code grad()} touched), records each step and sets each node's gradient.
   */
  static BackwardSteps observe(GraphModel model, Tensor upstream) {
    Tensor root = model.root.tensor;
    if (upstream == null && root.numel() != 1) {
      throw new IllegalArgumentException(
          "BackwardSteps.of: needs a one-element output or an upstream gradient, but the output"
              + " has shape "
              + Arrays.toString(root.shape())
              + "; reduce it with sum()");
    }
    if (upstream != null && !Arrays.equals(upstream.shape(), root.shape())) {
      throw new IllegalArgumentException(
          String.format(
              "BackwardSteps.of: upstream has shape %s, but the output has shape %s",
              Arrays.toString(upstream.shape()), Arrays.toString(root.shape())));
    }
    int n = model.nodes.size();
    List<List<Received>> received = new ArrayList<>(Collections.nCopies(n, null));
    received.set(n - 1, new ArrayList<>());
    List<Step> steps = new ArrayList<>();
    BackwardObserver observer =
        step -> {
          GraphModel.Node node = model.node(step.node());
          node.grad = step.upstream().toArray();
          List<Contribution> contributions = new ArrayList<>();
          for (int j = 0; j < step.sent().length; j++) {
            Tensor s = step.sent()[j];
            if (s == null) {
              continue;
            }
            Tensor l = step.local() == null ? null : step.local()[j];
            int in = node.inputs[j];
            contributions.add(new Contribution(j, in, l == null ? null : l.toArray(), s.toArray()));
            if (received.get(in) == null) {
              received.set(in, new ArrayList<>());
            }
            received.get(in).add(new Received(node.id, s.toArray()));
          }
          List<Received> got = received.get(node.id);
          steps.add(
              new Step(
                  steps.size(),
                  node.id,
                  node.name(),
                  node.op(),
                  node.tensor.toArray(),
                  node.grad,
                  Collections.unmodifiableList(got == null ? new ArrayList<>() : got),
                  Collections.unmodifiableList(contributions)));
        };
    Engine.backward(
        List.of(root), Collections.singletonList(upstream), true, false, List.of(), observer);
    BackwardSteps result = new BackwardSteps(steps, model);
    model.steps = result;
    return result;
  }

  /** Returns the step of the node with id {@code id}, or null if no gradient reached it. */
  Step stepOf(int id) {
    for (Step s : steps) {
      if (s.nodeId() == id) {
        return s;
      }
    }
    return null;
  }

  /** {@return the steps, output first} */
  public List<Step> steps() {
    return steps;
  }

  /** {@return the number of nodes in the graph (all ids are below it)} */
  public int nodeCount() {
    return model.nodes.size();
  }

  /**
   * {@return the node with id {@code id} (ids are positions in topological order)}
   *
   * @param id the node's position in topological order
   */
  public Tensor node(int id) {
    if (id < 0 || id >= model.nodes.size()) {
      throw new IllegalArgumentException(
          "BackwardSteps.node: id " + id + " is not in [0, " + model.nodes.size() + ")");
    }
    return model.nodes.get(id).tensor;
  }

  /**
   * {@return the id of {@code t} in this graph, or -1 if it is not in it}
   *
   * @param t the node to look up
   */
  public int idOf(Tensor t) {
    GraphModel.Node node = model.node(t);
    return node == null ? -1 : node.id;
  }

  /**
   * {@return the gradient of the output with respect to {@code t}, or null if none reached it}
   *
   * @param t the node to look up
   */
  public double[] gradOf(Tensor t) {
    GraphModel.Node node = model.node(t);
    return node == null || node.grad == null ? null : node.grad.clone();
  }

  GraphModel model() {
    return model;
  }

  /**
   * {@return the steps as text for a terminal: per step the node and its op, what it received
   * (and their sum where it received more than once), then per input the local derivative and
   * the product sent}
   */
  public String render() {
    StringBuilder sb = new StringBuilder();
    for (Step s : steps) {
      GraphModel.Node node = model.nodes.get(s.nodeId());
      sb.append(String.format("step %d  %s", s.index() + 1, describe(node)));
      sb.append("  data ").append(Numbers.format(s.data(), 4));
      sb.append('\n');
      if (s.received().isEmpty()) {
        sb.append("    upstream ").append(Numbers.format(s.upstream(), 4)).append("  (the seed: d out/d out)\n");
      } else if (s.received().size() == 1) {
        Received r = s.received().get(0);
        sb.append("    upstream ").append(Numbers.format(s.upstream(), 4));
        sb.append("  (from ").append(model.nodes.get(r.fromId()).name()).append(")\n");
      } else {
        sb.append("    upstream = ");
        for (int k = 0; k < s.received().size(); k++) {
          Received r = s.received().get(k);
          sb.append(k == 0 ? "" : " + ");
          sb.append(Numbers.format(r.amount(), 4)).append(" (from ").append(model.nodes.get(r.fromId()).name()).append(')');
        }
        sb.append(" = ").append(Numbers.format(s.upstream(), 4)).append("  (used ").append(s.received().size()).append(" times: contributions add up)\n");
      }
      for (Contribution c : s.contributions()) {
        String to = model.nodes.get(c.inputId()).name();
        sb.append("    -> ").append(to).append(": ");
        if (c.local() != null) {
          sb.append("local d").append(parenthesizeUnlessIdentifier(node.name()));
          sb.append("/d").append(parenthesizeUnlessIdentifier(to));
          sb.append(" = ").append(Numbers.format(c.local(), 4));
          sb.append(", sent ").append(Numbers.format(s.upstream(), 4)).append(" * ").append(Numbers.format(c.local(), 4));
          sb.append(" = ").append(Numbers.format(c.sent(), 4));
        } else {
          sb.append("sent (vector-Jacobian product) ").append(Numbers.format(c.sent(), 4));
        }
        sb.append('\n');
      }
    }
    return sb.toString();
  }

  /**
   * Returns {@code name} fit to follow the {@code d} of {@code dname/dother}: unchanged if it is a
   * plain identifier, else parenthesized ({@code d(a*b)}).
   */
  static String parenthesizeUnlessIdentifier(String name) {
    return IDENTIFIER.matcher(name).matches() ? name : "(" + name + ")";
  }

  static String describe(GraphModel.Node node) {
    if (node.tensor.op() == null) {
      return node.name() + " (" + node.kind() + ")";
    }
    StringBuilder sb = new StringBuilder(node.name()).append(" = ").append(node.op()).append('(');
    for (int k = 0; k < node.inputs.length; k++) {
      sb.append(k == 0 ? "" : ", ").append(nameOrValue(node, k));
    }
    return sb.append(')').toString();
  }

  private static String nameOrValue(GraphModel.Node node, int k) {
    Tensor in = node.tensor.inputs().get(k);
    if (in.label() == null && in.op() == null && !in.isGradRequired() && in.numel() == 1) {
      return Numbers.format(in.toArray()[0]);
    }
    return in.label() != null ? in.label() : "#" + idOfInput(node, k);
  }

  private static int idOfInput(GraphModel.Node node, int k) {
    return node.inputs[k];
  }

  @Override
  public String toString() {
    return render();
  }
}
