package dev.jgrad.autograd.viz;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.Value;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Explains one gradient of a {@link Value} graph by the chain rule: {@code d output / d input}
 * is the sum, over every path from the output down to the input, of the product of the local
 * derivatives along the path.
 *
 * <pre>{@code
 * Value a = Value.of(3, "a");
 * Value b = a.mul(a).label("b");         // a used twice: two paths
 * b.backward();
 * System.out.print(ChainRule.explain(b, a));
 * // d b / d a: 2 paths
 * //   path 1: b -[mul, input 1: 3]-> a
 * //       product 3 = 3
 * //   path 2: b -[mul, input 2: 3]-> a
 * //       product 3 = 3
 * //   sum over all paths = 6;  a.grad() = 6  (they agree)
 * }</pre>
 *
 * <p>Where a path's product is 0 or not finite, the explanation names the edge that killed it:
 * a ReLU below zero, a saturated tanh or sigmoid, a factor 0, a value that overflowed. When no
 * path exists it says why (a detached copy, an input that needs no grad).
 */
public final class ChainRule {
  /** The default cap on the number of paths listed; their number can grow exponentially. */
  public static final int DEFAULT_MAX_PATHS = 1000;

  private ChainRule() {}

  /**
   * One edge of a path, from an op's output down to one of its inputs.
   *
   * @param from the output's name
   * @param op the op's name
   * @param to the input's name
   * @param fromId the output's node id (topological position, as in {@link Graphs#toJson})
   * @param toId the input's node id
   * @param inputIndex the input's position among the op's inputs
   * @param local the local derivative {@code d from / d to}
   */
  public record Edge(String from, String op, String to, int fromId, int toId, int inputIndex, double local) {}

  /**
   * One path from the output down to the input.
   *
   * @param edges the edges, output first
   * @param product the product of the edges' local derivatives
   */
  public record Path(List<Edge> edges, double product) {}

  /** The paths, their sum, the engine's gradient, and notes on dead edges. */
  public static final class Explanation {
    private final String outputName;
    private final String inputName;
    private final List<Path> paths;
    private final double pathCount;
    private final double pathSum;
    private final double allPathsSum;
    private final double engineGrad;
    private final List<String> notes;

    Explanation(
        String outputName,
        String inputName,
        List<Path> paths,
        double pathCount,
        double pathSum,
        double allPathsSum,
        double engineGrad,
        List<String> notes) {
      this.outputName = outputName;
      this.inputName = inputName;
      this.paths = Collections.unmodifiableList(paths);
      this.pathCount = pathCount;
      this.pathSum = pathSum;
      this.allPathsSum = allPathsSum;
      this.engineGrad = engineGrad;
      this.notes = Collections.unmodifiableList(notes);
    }

    /** {@return the listed paths (at most the cap), in depth-first order from the output} */
    public List<Path> paths() {
      return paths;
    }

    /** {@return the number of paths from output to input (a double: it can exceed any long)} */
    public double pathCount() {
      return pathCount;
    }

    /** {@return whether every path is listed (the count did not exceed the cap)} */
    public boolean isComplete() {
      return paths.size() == pathCount;
    }

    /** {@return the sum of the listed paths' products} */
    public double pathSum() {
      return pathSum;
    }

    /**
     * {@return the sum over all paths, listed or not, computed node by node (each node's
     * gradient is the sum over its consumers of their gradient times the local derivative)}
     */
    public double allPathsSum() {
      return allPathsSum;
    }

    /** {@return the engine's {@code input.grad()} when the explanation was made} */
    public double engineGrad() {
      return engineGrad;
    }

    /** {@return the notes on edges that made a product 0 or not finite, or on a missing path} */
    public List<String> notes() {
      return notes;
    }

    /** {@return the explanation as text: paths, products, the sum and the engine's gradient} */
    public String render() {
      StringBuilder sb = new StringBuilder();
      sb.append(String.format("d %s / d %s: %s path%s%n", outputName, inputName, count(), pathCount == 1 ? "" : "s"));
      Set<String> reusedOperands = reusedOperands();
      for (int p = 0; p < paths.size(); p++) {
        Path path = paths.get(p);
        sb.append(String.format("  path %d: %s", p + 1, outputName));
        StringBuilder factors = new StringBuilder();
        for (Edge e : path.edges()) {
          // an op reading one node twice (a * a) has two edges to it: say which operand this is
          String operand = reusedOperands.contains(e.fromId() + ">" + e.toId())
              ? ", input " + (e.inputIndex() + 1) : "";
          sb.append(" -[").append(e.op()).append(operand).append(": ")
              .append(Numbers.format(e.local())).append("]-> ").append(e.to());
          factors.append(factors.length() == 0 ? "" : " * ").append(Numbers.format(e.local()));
        }
        sb.append(String.format("%n      product %s = %s%n", factors, Numbers.format(path.product())));
      }
      if (!isComplete()) {
        sb.append(String.format(
            "  ... listed %d of %s paths (the cap; raise it with explain(output, input, maxPaths))%n",
            paths.size(), count()));
        sb.append(String.format("  sum over the listed paths = %s%n", Numbers.format(pathSum)));
      }
      sb.append(String.format("  sum over all paths = %s;  %s.grad() = %s  (%s)%n",
          Numbers.format(allPathsSum), inputName, Numbers.format(engineGrad), agreement()));
      for (String note : notes) {
        sb.append("  note: ").append(note).append('\n');
      }
      return sb.toString();
    }

    /** Returns the "from>to" node pairs that the listed paths reach through two operands. */
    private Set<String> reusedOperands() {
      Map<String, Integer> firstOperand = new HashMap<>();
      Set<String> reused = new HashSet<>();
      for (Path path : paths) {
        for (Edge e : path.edges()) {
          String pair = e.fromId() + ">" + e.toId();
          Integer seen = firstOperand.putIfAbsent(pair, e.inputIndex());
          if (seen != null && seen != e.inputIndex()) {
            reused.add(pair);
          }
        }
      }
      return reused;
    }

    private String count() {
      return pathCount < 1e15 ? Long.toString((long) pathCount) : String.format("%.3e", pathCount);
    }

    private String agreement() {
      if (Double.isNaN(allPathsSum) && Double.isNaN(engineGrad)) {
        return "both NaN";
      }
      double tol = 1e-9 * Math.max(1, Math.abs(engineGrad));
      if (Math.abs(allPathsSum - engineGrad) <= tol) {
        return "they agree";
      }
      return "they differ: was backward() run once, from this output, after zeroGrad()?";
    }

    @Override
    public String toString() {
      return render();
    }
  }

  /**
   * {@return the explanation of {@code d output / d input}, listing up to 1000 paths}
   *
   * @param output the value being differentiated
   * @param input the value to differentiate with respect to
   */
  public static Explanation explain(Value output, Value input) {
    return explain(output, input, DEFAULT_MAX_PATHS);
  }

  /**
   * {@return the explanation of {@code d output / d input}, listing up to {@code maxPaths} paths}
   * It reads the graph (which {@code Value.backward()} keeps) and {@code input.grad()}; run
   * {@code output.backward()} first to compare with the engine.
   *
   * @param output the value being differentiated
   * @param input the value to differentiate with respect to
   * @param maxPaths the most paths to list
   * @throws IllegalArgumentException if an argument is null, {@code maxPaths < 1}, or a node on
   *     a path holds more than one number
   * @throws IllegalStateException if backward() freed the graph's edges
   */
  public static Explanation explain(Value output, Value input, int maxPaths) {
    if (output == null || input == null) {
      throw new IllegalArgumentException("ChainRule.explain: output and input must not be null");
    }
    if (maxPaths < 1) {
      throw new IllegalArgumentException("ChainRule.explain: maxPaths must be at least 1, got " + maxPaths);
    }
    Tensor in = input.toTensor();
    GraphModel model = GraphModel.walk(output.toTensor(), "ChainRule.explain");
    String outName = model.root.name();
    GraphModel.Node target = model.node(in);
    String inName = target != null ? target.name() : (in.label() != null ? in.label() : "input");
    List<String> notes = new ArrayList<>();
    if (target == null || !in.isGradRequired() || !output.toTensor().isGradRequired()) {
      notes.add(whyNoPath(model, in, inName, outName));
      return new Explanation(outName, inName, List.of(), 0, 0, 0, input.grad(), notes);
    }
    int n = model.nodes.size();
    // paths[k] = number of paths from node k down to the input, in topological order
    double[] pathsBelow = new double[n];
    pathsBelow[target.id] = 1;
    double[][] local = new double[n][];
    for (GraphModel.Node node : model.nodes) {
      if (node.id == target.id || node.tensor.op() == null) {
        continue;
      }
      double count = 0;
      for (int j = 0; j < node.inputs.length; j++) {
        count += pathsBelow[node.inputs[j]];
      }
      pathsBelow[node.id] = count;
      if (count > 0) {
        local[node.id] = localDerivatives(model, node);
      }
    }
    double total = pathsBelow[model.root.id];
    if (total == 0) {
      notes.add(whyNoPath(model, in, inName, outName));
    }
    List<Path> paths = new ArrayList<>();
    double listedSum = enumerate(model, target.id, pathsBelow, local, maxPaths, paths);
    for (Path p : paths) {
      if (p.product() == 0 || !Double.isFinite(p.product())) {
        String note = killer(model, p);
        if (!notes.contains(note)) {
          notes.add(note);
        }
      }
    }
    double allSum = model.steps != null && model.steps.gradOf(in) != null ? model.steps.gradOf(in)[0] : 0;
    return new Explanation(outName, inName, paths, total, listedSum, allSum, input.grad(), notes);
  }

  /**
   * Returns d node / d input_j for each input (0 where the input needs no grad), as the engine's
   * observed backward pass reported it.
   */
  private static double[] localDerivatives(GraphModel model, GraphModel.Node node) {
    Tensor t = node.tensor;
    if (t.numel() != 1) {
      throw new IllegalArgumentException(
          String.format("ChainRule.explain: node %s (%s) has shape %s; explain works on scalar Value graphs",
              node.name(), node.op(), Arrays.toString(t.shape())));
    }
    double[] out = new double[node.inputs.length];
    BackwardSteps.Step step = model.steps == null ? null : model.steps.stepOf(node.id);
    if (step == null) {
      return out;
    }
    for (BackwardSteps.Contribution c : step.contributions()) {
      if (c.local() == null || c.local().length != 1) {
        throw new IllegalArgumentException(
            String.format("ChainRule.explain: input %d of %s has shape %s; explain works on scalar Value graphs",
                c.inputIndex(), node.name(), Arrays.toString(t.inputs().get(c.inputIndex()).shape())));
      }
      out[c.inputIndex()] = c.local()[0];
    }
    return out;
  }

  /** Lists paths depth first with an explicit stack; returns the sum of their products. */
  private static double enumerate(
      GraphModel model, int target, double[] pathsBelow, double[][] local, int maxPaths, List<Path> out) {
    List<Integer> stackNode = new ArrayList<>();
    List<Integer> stackNext = new ArrayList<>();
    List<Edge> edges = new ArrayList<>();
    double sum = 0;
    if (pathsBelow[model.root.id] == 0) {
      return 0;
    }
    stackNode.add(model.root.id);
    stackNext.add(0);
    while (!stackNode.isEmpty() && out.size() < maxPaths) {
      int top = stackNode.size() - 1;
      int id = stackNode.get(top);
      if (id == target) {
        double product = 1;
        for (Edge e : edges) {
          product *= e.local();
        }
        out.add(new Path(List.copyOf(edges), product));
        sum += product;
        pop(stackNode, stackNext, edges);
        continue;
      }
      GraphModel.Node node = model.nodes.get(id);
      int j = stackNext.get(top);
      while (j < node.inputs.length && pathsBelow[node.inputs[j]] == 0) {
        j++;
      }
      if (j == node.inputs.length) {
        pop(stackNode, stackNext, edges);
        continue;
      }
      stackNext.set(top, j + 1);
      GraphModel.Node child = model.nodes.get(node.inputs[j]);
      edges.add(new Edge(node.name(), node.op(), child.name(), id, child.id, j, local[id][j]));
      stackNode.add(child.id);
      stackNext.add(0);
    }
    return sum;
  }

  private static void pop(List<Integer> stackNode, List<Integer> stackNext, List<Edge> edges) {
    stackNode.remove(stackNode.size() - 1);
    stackNext.remove(stackNext.size() - 1);
    if (!edges.isEmpty() && edges.size() > stackNode.size() - 1) {
      edges.remove(edges.size() - 1);
    }
  }

  /** Names the edge that made a path's product 0 or not finite. */
  private static String killer(GraphModel model, Path path) {
    // an overflow first: the value nearest the input that is not finite while its inputs are
    List<Edge> edges = path.edges();
    for (int k = edges.size() - 1; k >= 0; k--) {
      GraphModel.Node node = model.nodes.get(edges.get(k).fromId());
      double v = node.tensor.toArray()[0];
      if (!Double.isFinite(v)) {
        return String.format(
            "an overflow: %s is %s, so the products through it are not finite (path %s)",
            BackwardSteps.describe(node), v, describePath(model, path));
      }
    }
    for (Edge e : edges) {
      if (!Double.isFinite(e.local())) {
        return String.format("edge %s -[%s]-> %s has local derivative %s", e.from(), e.op(), e.to(), e.local());
      }
    }
    for (Edge e : edges) {
      if (e.local() == 0) {
        GraphModel.Node node = model.nodes.get(e.fromId());
        Tensor x = node.tensor.inputs().get(e.inputIndex());
        double xv = x.toArray()[0];
        double out = node.tensor.toArray()[0];
        String why;
        switch (e.op()) {
          case "relu":
            why = String.format("a ReLU below zero: %s = relu(%s) with %s = %s <= 0 passes no gradient", e.from(), e.to(), e.to(), Numbers.format(xv));
            break;
          case "tanh":
            why = String.format("a saturated tanh: %s = tanh(%s) = %s, so 1 - out^2 = 0", e.from(), e.to(), out);
            break;
          case "sigmoid":
            why = String.format("a saturated sigmoid: %s = sigmoid(%s) = %s, so out (1 - out) = 0", e.from(), e.to(), out);
            break;
          case "mul":
            why = String.format("a factor 0: %s = mul(...) and the factor multiplying %s is 0", e.from(), e.to());
            break;
          default:
            why = String.format("the local derivative d%s/d%s of %s is 0", e.from(), e.to(), e.op());
        }
        return "zero gradient on path " + describePath(model, path) + ": " + why;
      }
    }
    return "the product of path " + describePath(model, path) + " underflowed to 0";
  }

  private static String describePath(GraphModel model, Path path) {
    StringBuilder sb = new StringBuilder(model.root.name());
    for (Edge e : path.edges()) {
      sb.append(" -> ").append(e.to());
    }
    return sb.toString();
  }

  /** Says why no path leads from the output to {@code in}. */
  private static String whyNoPath(GraphModel model, Tensor in, String inName, String outName) {
    if (!model.root.tensor.isGradRequired()) {
      return outName + " does not require grad: it was computed under Autograd.noGrad() or from constants only";
    }
    if (!in.isGradRequired()) {
      return inName + " does not require grad (a constant, or a detached value), so no gradient flows to it";
    }
    double[] v = in.toArray();
    for (GraphModel.Node node : model.nodes) {
      if (!node.tensor.isGradRequired() && node.tensor.op() == null && Arrays.equals(node.tensor.toArray(), v)) {
        return String.format(
            "no path from %s to %s: the graph uses %s, a leaf with %s's value %s that does not require"
                + " grad: a detached copy (detach() cuts the graph, so %s.grad() stays 0)",
            outName, inName, node.name(), inName, Numbers.format(v, 4), inName);
      }
    }
    return String.format(
        "no path from %s to %s: %s is not used in %s's graph (or only through a detached value)",
        outName, inName, inName, outName);
  }
}
