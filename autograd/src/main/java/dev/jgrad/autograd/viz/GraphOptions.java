package dev.jgrad.autograd.viz;

import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.Value;
import java.util.ArrayList;
import java.util.List;

/**
 * Settings for the graph exporters of {@link Graphs}: the node cap, how many numbers a tensor
 * shows, and which nodes collapse into one box.
 *
 * <pre>{@code
 * GraphOptions options = GraphOptions.defaults()
 *     .collapse("layer1", hidden, x)       // every node between x and hidden becomes one box
 *     .collapseByLabelPrefix(".")          // or: labels "l2.w", "l2.b" make a box "l2"
 *     .maxNodes(300);
 * Graphs.writeHtml(loss, Path.of("graph.html"), options);
 * }</pre>
 */
public final class GraphOptions {
  /** The default cap on the number of boxes a picture may have (after collapsing). */
  public static final int DEFAULT_MAX_NODES = 500;

  private int maxNodes = DEFAULT_MAX_NODES;
  private int shownValues = 4;
  private int maxJsonValues = 256;
  private String labelSeparator;
  private int labelDepth = 1;
  private final List<Collapse> collapses = new ArrayList<>();

  /** An explicit group: {@code output} and everything it depends on, up to {@code inputs}. */
  record Collapse(String name, Tensor output, List<Tensor> inputs) {}

  private GraphOptions() {}

  /** {@return new options with the defaults: cap 500 boxes, 4 numbers per tensor, no collapsing} */
  public static GraphOptions defaults() {
    return new GraphOptions();
  }

  /**
   * Sets the largest number of boxes (nodes, after collapsing) a picture may have; returns this.
   *
   * @param maxNodes the largest number of boxes, at least 1
   * @return these options
   * @throws IllegalArgumentException if {@code maxNodes < 1}
   */
  public GraphOptions maxNodes(int maxNodes) {
    if (maxNodes < 1) {
      throw new IllegalArgumentException("GraphOptions.maxNodes: must be at least 1, got " + maxNodes);
    }
    this.maxNodes = maxNodes;
    return this;
  }

  /**
   * Sets how many numbers of a tensor a DOT record or a page box shows before "..."; returns this.
   *
   * @param count the number of values shown, at least 1
   * @return these options
   * @throws IllegalArgumentException if {@code count < 1}
   */
  public GraphOptions shownValues(int count) {
    if (count < 1) {
      throw new IllegalArgumentException("GraphOptions.shownValues: must be at least 1, got " + count);
    }
    this.shownValues = count;
    return this;
  }

  /**
   * Sets how many numbers per tensor the JSON (and the page) carries; larger tensors are cut and
   * marked {@code "truncated": true}. Returns this.
   *
   * @param count the number of values carried, at least 1
   * @return these options
   * @throws IllegalArgumentException if {@code count < 1}
   */
  public GraphOptions maxJsonValues(int count) {
    if (count < 1) {
      throw new IllegalArgumentException("GraphOptions.maxJsonValues: must be at least 1, got " + count);
    }
    this.maxJsonValues = count;
    return this;
  }

  /**
   * Collapses {@code output} and every node it depends on, stopping at {@code inputs} (which stay
   * outside), into one box called {@code name}; returns this. Use it for a module: its output and
   * its input. A node already in an earlier group stays there.
   *
   * @param name the label of the box
   * @param output the module's output
   * @param inputs the nodes that stay outside the box
   * @return these options
   * @throws IllegalArgumentException if {@code name} is empty or {@code output} is null
   */
  public GraphOptions collapse(String name, Tensor output, Tensor... inputs) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("GraphOptions.collapse: the group needs a non-empty name");
    }
    if (output == null) {
      throw new IllegalArgumentException("GraphOptions.collapse: output of group '" + name + "' is null");
    }
    collapses.add(new Collapse(name, output, List.of(inputs)));
    return this;
  }

  /**
   * As {@link #collapse(String, Tensor, Tensor...)} for scalar values.
   *
   * @param name the label of the box
   * @param output the module's output
   * @param inputs the values that stay outside the box
   * @return these options
   */
  public GraphOptions collapse(String name, Value output, Value... inputs) {
    Tensor[] tensors = new Tensor[inputs.length];
    for (int i = 0; i < inputs.length; i++) {
      tensors[i] = inputs[i].toTensor();
    }
    return collapse(name, output == null ? null : output.toTensor(), tensors);
  }

  /**
   * Collapses nodes by the first segment of their label; returns this. Same as {@code
   * collapseByLabelPrefix(separator, 1)}: labels {@code "l1.w"}, {@code "l1.b"} make a box
   * {@code "l1"}.
   *
   * @param separator the separator of label segments, such as {@code "."}
   * @return these options
   * @throws IllegalArgumentException if {@code separator} is empty
   */
  public GraphOptions collapseByLabelPrefix(String separator) {
    return collapseByLabelPrefix(separator, 1);
  }

  /**
   * Collapses nodes by the first {@code depth} segments of their label; returns this. With
   * separator {@code "."} and depth 2, {@code "layers.0.neurons.3.weight"} joins the group
   * {@code "layers.0"} (name an nn model's parameters with {@code
   * model.namedParameters().forEach((name, p) -> p.label(name))}). A label with fewer segments
   * joins no group. An unlabelled op node joins the group of its first input that is a labelled
   * leaf of a group (a layer's weight), or else the group all its grouped inputs share when they
   * share one (unlabelled constants are ignored). Explicit {@link #collapse} groups win.
   *
   * @param separator the separator of label segments, such as {@code "."}
   * @param depth the number of leading segments that name a group
   * @return these options
   * @throws IllegalArgumentException if {@code separator} is empty or {@code depth < 1}
   */
  public GraphOptions collapseByLabelPrefix(String separator, int depth) {
    if (separator == null || separator.isEmpty()) {
      throw new IllegalArgumentException("GraphOptions.collapseByLabelPrefix: separator must not be empty");
    }
    if (depth < 1) {
      throw new IllegalArgumentException("GraphOptions.collapseByLabelPrefix: depth must be at least 1, got " + depth);
    }
    this.labelSeparator = separator;
    this.labelDepth = depth;
    return this;
  }

  int maxNodes() {
    return maxNodes;
  }

  int shownValues() {
    return shownValues;
  }

  int maxJsonValues() {
    return maxJsonValues;
  }

  int labelDepth() {
    return labelDepth;
  }

  String labelSeparator() {
    return labelSeparator;
  }

  List<Collapse> collapses() {
    return collapses;
  }
}
