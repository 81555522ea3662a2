package dev.jgrad.autograd.viz;

import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.Value;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Exports a {@link Value} or {@link Tensor} graph as Graphviz DOT, as JSON, or as one
 * self-contained interactive HTML page.
 *
 * <p>The graph is everything the root depends on, constants included. Each node shows its label,
 * op, values (a tensor: its shape and a few values) and gradient. For a one-element root the
 * gradient is {@code d root / d node} for every node, from a replay of the backward pass (see
 * {@link BackwardSteps}); for a larger root it is the engine's {@code grad()} where set. Export a
 * graph after {@code Value.backward()} or {@code backward(true)} (or before any backward):
 * {@code Tensor.backward()} frees the edges and the exporters then fail with a clear message.
 *
 * <pre>{@code
 * Value a = Value.of(2, "a"), b = Value.of(-3, "b");
 * Value L = a.mul(b).add(a.pow(2)).tanh().label("L");
 * L.backward();
 * String dot = Graphs.toDot(L);          // dot -Tsvg graph.dot > graph.svg
 * Graphs.writeHtml(L, Path.of("graph.html"));
 * }</pre>
 */
public final class Graphs {
  private static final String LEAF_FORMULA =
      "a leaf: an input of the graph (its gradient is where backward ends)";

  private Graphs() {}

  /**
   * {@return the DOT text of the graph under {@code root} with the default options}
   *
   * @param root the output whose graph is drawn
   */
  public static String toDot(Value root) {
    return toDot(root.toTensor(), GraphOptions.defaults());
  }

  /**
   * {@return the DOT text of the graph under {@code root} with the default options}
   *
   * @param root the output whose graph is drawn
   */
  public static String toDot(Tensor root) {
    return toDot(root, GraphOptions.defaults());
  }

  /**
   * {@return the DOT text (Graphviz, left to right) of the graph under {@code root}, like
   * micrograd's {@code draw_dot}: one record per node ({@code label | data | grad}), an ellipse
   * per op leading into the node it produced, one 3-d box per collapsed group}
   *
   * @param root the output whose graph is drawn
   * @param options what to show and how
   * @throws IllegalArgumentException if the picture would exceed {@link GraphOptions#maxNodes}
   * @throws IllegalStateException if backward() freed the graph's edges
   */
  public static String toDot(Tensor root, GraphOptions options) {
    GraphModel model = model(root, options, "Graphs.toDot");
    model.checkCap(options, "Graphs.toDot");
    int shown = options.shownValues();
    StringBuilder sb = new StringBuilder("digraph jgrad {\n  rankdir=LR;\n");
    sb.append("  node [fontname=\"Helvetica\", fontsize=10];\n");
    Map<String, List<GraphModel.Node>> groups = model.groups();
    List<String> groupNames = new ArrayList<>(groups.keySet());
    for (int g = 0; g < groupNames.size(); g++) {
      List<GraphModel.Node> members = groups.get(groupNames.get(g));
      StringBuilder label = new StringBuilder(groupNames.get(g)).append("\\n").append(members.size()).append(" nodes");
      for (GraphModel.Node m : members) {
        if (m.tensor.op() == null && m.tensor.label() != null) {
          label.append("\\n").append(m.tensor.label()).append(' ').append(Arrays.toString(m.tensor.shape()));
        }
      }
      sb.append(String.format("  g%d [shape=box3d, style=filled, fillcolor=\"#e8eefc\", label=\"%s\"];%n", g, quote(label.toString())));
    }
    for (GraphModel.Node n : model.nodes) {
      if (n.group != null) {
        continue;
      }
      List<String> fields = new ArrayList<>();
      fields.add(n.name());
      if (n.tensor.dim() > 0) {
        fields.add("shape " + Arrays.toString(n.tensor.shape()));
      }
      fields.add("data " + Numbers.format(n.tensor.toArray(), shown));
      fields.add("grad " + Numbers.format(n.grad, shown));
      StringBuilder label = new StringBuilder("{ ");
      for (int i = 0; i < fields.size(); i++) {
        label.append(i == 0 ? "" : " | ").append(escapeRecord(fields.get(i)));
      }
      label.append(" }");
      sb.append(String.format("  n%d [shape=record, label=\"%s\"];%n", n.id, quote(label.toString())));
      if (n.tensor.op() != null) {
        sb.append(String.format("  n%d_op [shape=ellipse, label=\"%s\"];%n", n.id, quote(n.op())));
        sb.append(String.format("  n%d_op -> n%d;%n", n.id, n.id));
      }
    }
    Set<String> edges = new LinkedHashSet<>();
    for (GraphModel.Node n : model.nodes) {
      for (int in : n.inputs) {
        GraphModel.Node input = model.nodes.get(in);
        String from = input.group == null ? "n" + input.id : "g" + groupNames.indexOf(input.group);
        String to = n.group == null ? "n" + n.id + "_op" : "g" + groupNames.indexOf(n.group);
        if (input.group == null || !input.group.equals(n.group)) {
          edges.add("  " + from + " -> " + to + ";\n");
        }
      }
    }
    edges.forEach(sb::append);
    return sb.append("}\n").toString();
  }

  /**
   * {@return Graphviz's {@code dot} program found on the {@code PATH}, or null when it is not
   * installed}
   */
  public static Path dotProgram() {
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path dot = Path.of(dir, "dot");
      if (Files.isRegularFile(dot) && Files.isExecutable(dot)) {
        return dot;
      }
    }
    return null;
  }

  /**
   * Writes the picture of {@link #toDot(Tensor, GraphOptions)} as SVG by running Graphviz
   * ({@code dot -Tsvg}); returns false, writing nothing, when {@code dot} is not installed (see
   * {@link #dotProgram()}); {@link #writeHtml} needs nothing installed.
   *
   * @param root the output whose graph is drawn
   * @param file the SVG file to write
   * @param options what to show and how
   * @return whether the file was written (false when {@code dot} is not installed)
   * @throws IllegalStateException if {@code dot} fails or takes more than a minute
   * @throws UncheckedIOException if a file cannot be written
   */
  public static boolean writeSvg(Tensor root, Path file, GraphOptions options) {
    String dotText = toDot(root, options);
    Path dot = dotProgram();
    if (dot == null) {
      return false;
    }
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Path source = Files.createTempFile("jgrad-graph", ".dot");
      try {
        Files.writeString(source, dotText, StandardCharsets.UTF_8);
        Process process =
            new ProcessBuilder(dot.toString(), "-Tsvg", "-o", file.toAbsolutePath().toString(), source.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
          process.destroyForcibly();
          throw new IllegalStateException("Graphs.writeSvg: dot took more than 60 s");
        }
        if (process.exitValue() != 0) {
          throw new IllegalStateException(
              "Graphs.writeSvg: dot exited with " + process.exitValue() + ": " + output.strip());
        }
      } finally {
        Files.deleteIfExists(source);
      }
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException("Graphs.writeSvg: cannot write " + file, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Graphs.writeSvg: interrupted while dot was running", e);
    }
  }

  /**
   * As {@link #writeSvg(Tensor, Path, GraphOptions)} for a value, with default options.
   *
   * @param root the output whose graph is drawn
   * @param file the SVG file to write
   * @return whether the file was written (false when {@code dot} is not installed)
   */
  public static boolean writeSvg(Value root, Path file) {
    return writeSvg(root.toTensor(), file, GraphOptions.defaults());
  }

  /**
   * {@return the JSON of the graph under {@code root} with the default options}
   *
   * @param root the output whose graph is drawn
   */
  public static String toJson(Value root) {
    return toJson(root.toTensor(), GraphOptions.defaults());
  }

  /**
   * {@return the JSON of the graph under {@code root} with the default options}
   *
   * @param root the output whose graph is drawn
   */
  public static String toJson(Tensor root) {
    return toJson(root, GraphOptions.defaults());
  }

  /**
   * Returns the graph under {@code root} as JSON (schema {@code "jgrad-graph"}, version 1; full
   * description in {@code docs/graph-json.md}):
   *
   * <pre>{@code
   * { "format": "jgrad-graph", "version": 1, "root": 12, "nodeCount": 13,
   *   "nodes": [ { "id": 0, "label": "a", "name": "a", "op": null, "kind": "leaf",
   *                "requiresGrad": true, "shape": [], "numel": 1, "values": [-4.0],
   *                "grads": [138.83], "truncated": false, "inputs": [], "group": null,
   *                "formula": "..." }, ... ],
   *   "edges": [ { "from": 0, "to": 3, "inputIndex": 0 }, ... ],
   *   "groups": [ { "name": "l1", "nodes": [4, 5, 6] } ],
   *   "steps": [ { "index": 0, "node": 12, "upstream": [1.0], "received": [],
   *                "contributions": [ { "inputIndex": 0, "to": 11, "local": [..], "sent": [..] } ] } ] }
   * }</pre>
   *
   * <p>{@code id} is the node's position in a topological order (inputs first, left to right:
   * an order in which the forward pass creates the nodes; the root is last). {@code grads} is
   * null where no gradient reaches the node; {@code steps} is empty for a non-scalar root.
   * Non-finite numbers are the strings {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"}.
   * JSON has no node cap.
   *
   * @param root the output whose graph is drawn
   * @param options what to show and how
   * @return the JSON text
   * @throws IllegalStateException if backward() freed the graph's edges
   */
  public static String toJson(Tensor root, GraphOptions options) {
    GraphModel model = model(root, options, "Graphs.toJson");
    return json(model, options);
  }

  /**
   * Writes the page of {@link #toHtml(Tensor, GraphOptions)} with default options to {@code file}.
   *
   * @param root the output whose graph is drawn
   * @param file the file to write
   */
  public static void writeHtml(Value root, Path file) {
    writeHtml(root.toTensor(), file, GraphOptions.defaults());
  }

  /**
   * Writes the page of {@link #toHtml(Tensor, GraphOptions)} for a value to {@code file}.
   *
   * @param root the output whose graph is drawn
   * @param file the file to write
   * @param options what to show and how
   */
  public static void writeHtml(Value root, Path file, GraphOptions options) {
    writeHtml(root.toTensor(), file, options);
  }

  /**
   * Writes the page of {@link #toHtml(Tensor, GraphOptions)} with default options to {@code file}.
   *
   * @param root the output whose graph is drawn
   * @param file the file to write
   */
  public static void writeHtml(Tensor root, Path file) {
    writeHtml(root, file, GraphOptions.defaults());
  }

  /**
   * Writes the page of {@link #toHtml(Tensor, GraphOptions)} to {@code file} (UTF-8), creating
   * its parent directories.
   *
   * @param root the output whose graph is drawn
   * @param file the file to write
   * @param options what to show and how
   * @throws UncheckedIOException if the file cannot be written
   */
  public static void writeHtml(Tensor root, Path file, GraphOptions options) {
    String html = toHtml(root, options);
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.writeString(file, html, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Graphs.writeHtml: cannot write " + file, e);
    }
  }

  /**
   * {@return one self-contained HTML page (inline CSS and JavaScript, nothing fetched, opens from
   * disk) that lays the graph out left to right (a node's column is its longest path from a
   * leaf) and steps through it: first the forward pass (values appear node by node), then the
   * backward pass (each step highlights one node and shows its upstream gradient, each input's
   * local derivative and the product sent, and the sum where a node was used more than once)}
   * Boxes are coloured by the sign of their gradient and edges drawn as wide as its magnitude;
   * clicking a node shows its formula and numbers. Keys: right/space next, left back, Home/End.
   *
   * @param root the output whose graph is drawn
   * @param options what to show and how
   * @throws IllegalArgumentException if the picture would exceed {@link GraphOptions#maxNodes}
   * @throws IllegalStateException if backward() freed the graph's edges
   */
  public static String toHtml(Tensor root, GraphOptions options) {
    GraphModel model = model(root, options, "Graphs.writeHtml");
    model.checkCap(options, "Graphs.writeHtml");
    String json = json(model, options).replace("</", "<\\/");
    String template = template();
    String title = "jgrad graph: " + model.root.name();
    return template
        .replace("__TITLE__", title.replace("&", "&amp;").replace("<", "&lt;"))
        .replace("__SHOWN__", Integer.toString(options.shownValues()))
        .replace("__GRAPH_JSON__", json);
  }

  /**
   * As {@link #toHtml(Tensor, GraphOptions)} for a value, with default options.
   *
   * @param root the output whose graph is drawn
   * @return the HTML page
   */
  public static String toHtml(Value root) {
    return toHtml(root.toTensor(), GraphOptions.defaults());
  }

  private static String template() {
    try (InputStream in = Graphs.class.getResourceAsStream("graph-page.html")) {
      if (in == null) {
        throw new IllegalStateException("Graphs: the page template graph-page.html is missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Graphs: cannot read the page template", e);
    }
  }

  private static GraphModel model(Tensor root, GraphOptions options, String caller) {
    if (options == null) {
      throw new IllegalArgumentException(caller + ": options must not be null (use GraphOptions.defaults())");
    }
    GraphModel model = GraphModel.walk(root, caller);
    model.assignGroups(options);
    return model;
  }

  private static String json(GraphModel model, GraphOptions options) {
    int max = options.maxJsonValues();
    StringBuilder sb = new StringBuilder(256 + 160 * model.nodes.size());
    sb.append("{\"format\":\"jgrad-graph\",\"version\":1,\"root\":").append(model.root.id);
    sb.append(",\"nodeCount\":").append(model.nodes.size()).append(",\"nodes\":[");
    for (GraphModel.Node n : model.nodes) {
      sb.append(n.id == 0 ? "" : ",").append("\n{\"id\":").append(n.id);
      sb.append(",\"label\":").append(string(n.tensor.label()));
      sb.append(",\"name\":").append(string(n.name()));
      sb.append(",\"op\":").append(string(n.op()));
      sb.append(",\"kind\":").append(string(n.kind()));
      sb.append(",\"requiresGrad\":").append(n.tensor.isGradRequired());
      sb.append(",\"shape\":").append(Arrays.toString(n.tensor.shape()).replace(" ", ""));
      sb.append(",\"numel\":").append(n.tensor.numel());
      sb.append(",\"values\":");
      numbers(sb, n.tensor.toArray(), max);
      sb.append(",\"grads\":");
      numbers(sb, n.grad, max);
      sb.append(",\"truncated\":").append(n.tensor.numel() > max);
      sb.append(",\"inputs\":").append(Arrays.toString(n.inputs).replace(" ", ""));
      sb.append(",\"group\":").append(string(n.group));
      sb.append(",\"formula\":").append(string(n.tensor.op() == null ? LEAF_FORMULA : n.tensor.op().formula()));
      sb.append('}');
    }
    sb.append("],\n\"edges\":[");
    boolean first = true;
    for (GraphModel.Node n : model.nodes) {
      for (int j = 0; j < n.inputs.length; j++) {
        sb.append(first ? "" : ",").append("{\"from\":").append(n.inputs[j]).append(",\"to\":").append(n.id);
        sb.append(",\"inputIndex\":").append(j).append('}');
        first = false;
      }
    }
    sb.append("],\n\"groups\":[");
    first = true;
    for (Map.Entry<String, List<GraphModel.Node>> g : model.groups().entrySet()) {
      sb.append(first ? "" : ",").append("{\"name\":").append(string(g.getKey())).append(",\"nodes\":[");
      for (int k = 0; k < g.getValue().size(); k++) {
        sb.append(k == 0 ? "" : ",").append(g.getValue().get(k).id);
      }
      sb.append("]}");
      first = false;
    }
    sb.append("],\n\"steps\":[");
    if (model.steps != null) {
      first = true;
      for (BackwardSteps.Step s : model.steps.steps()) {
        sb.append(first ? "" : ",").append("\n{\"index\":").append(s.index()).append(",\"node\":").append(s.nodeId());
        sb.append(",\"upstream\":");
        numbers(sb, s.upstream(), max);
        sb.append(",\"received\":[");
        for (int k = 0; k < s.received().size(); k++) {
          BackwardSteps.Received r = s.received().get(k);
          sb.append(k == 0 ? "" : ",").append("{\"from\":").append(r.fromId()).append(",\"amount\":");
          numbers(sb, r.amount(), max);
          sb.append('}');
        }
        sb.append("],\"contributions\":[");
        for (int k = 0; k < s.contributions().size(); k++) {
          BackwardSteps.Contribution c = s.contributions().get(k);
          sb.append(k == 0 ? "" : ",").append("{\"inputIndex\":").append(c.inputIndex()).append(",\"to\":").append(c.inputId());
          sb.append(",\"local\":");
          numbers(sb, c.local(), max);
          sb.append(",\"sent\":");
          numbers(sb, c.sent(), max);
          sb.append('}');
        }
        sb.append("]}");
        first = false;
      }
    }
    return sb.append("]}\n").toString();
  }

  private static void numbers(StringBuilder sb, double[] values, int max) {
    if (values == null) {
      sb.append("null");
      return;
    }
    sb.append('[');
    for (int i = 0; i < Math.min(max, values.length); i++) {
      sb.append(i == 0 ? "" : ",");
      double v = values[i];
      if (Double.isNaN(v)) {
        sb.append("\"NaN\"");
      } else if (Double.isInfinite(v)) {
        sb.append(v > 0 ? "\"Infinity\"" : "\"-Infinity\"");
      } else {
        sb.append(v);
      }
    }
    sb.append(']');
  }

  /** Returns a JSON string literal, or {@code null}. */
  static String string(String s) {
    if (s == null) {
      return "null";
    }
    StringBuilder sb = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"':
          sb.append("\\\"");
          break;
        case '\\':
          sb.append("\\\\");
          break;
        case '\n':
          sb.append("\\n");
          break;
        case '\r':
          sb.append("\\r");
          break;
        case '\t':
          sb.append("\\t");
          break;
        default:
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
      }
    }
    return sb.append('"').toString();
  }

  /** Escapes the characters that structure a DOT record label. */
  private static String escapeRecord(String s) {
    StringBuilder sb = new StringBuilder();
    for (char c : s.toCharArray()) {
      if ("{}|<>".indexOf(c) >= 0) {
        sb.append('\\');
      }
      sb.append(c);
    }
    return sb.toString();
  }

  /** Escapes a string for a double-quoted DOT attribute (keeps record escapes and \n). */
  private static String quote(String s) {
    return s.replace("\"", "\\\"");
  }
}
