package dev.jgrad.autograd.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.Value;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GraphsTest {
  private static void assertRel(double expected, double actual) {
    assertEquals(expected, actual, Math.abs(expected) * 1e-12 + 1e-15, () -> "expected " + expected + " got " + actual);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> nodeLabelled(Map<String, Object> json, String label) {
    for (Object o : (List<Object>) json.get("nodes")) {
      Map<String, Object> n = (Map<String, Object>) o;
      if (label.equals(n.get("label"))) {
        return n;
      }
    }
    throw new AssertionError("no node labelled " + label);
  }

  @SuppressWarnings("unchecked")
  private static double first(Map<String, Object> node, String key) {
    return (Double) ((List<Object>) node.get(key)).get(0);
  }

  @Test
  void dotOfMicrogradExampleShowsValuesAndGrads() {
    Micrograd m = new Micrograd();
    m.g.backward();
    String dot = Graphs.toDot(m.g);
    assertTrue(dot.startsWith("digraph jgrad {\n  rankdir=LR;"), dot);
    assertTrue(dot.contains("label=\"{ a | data -4 | grad 138.8338 }\""), dot);
    assertTrue(dot.contains("label=\"{ b | data 2 | grad 645.5773 }\""), dot);
    assertTrue(dot.contains("label=\"{ g | data 24.7041 | grad 1 }\""), dot);
    assertTrue(dot.contains("[shape=ellipse, label=\"relu\"]"), dot);
    // every op node's ellipse feeds its record, and braces are balanced
    assertEquals(dot.chars().filter(c -> c == '{').count(), dot.chars().filter(c -> c == '}').count());
  }

  @Test
  @SuppressWarnings("unchecked")
  void jsonOfMicrogradExampleParsesAndMatchesTheEngine() {
    Micrograd m = new Micrograd();
    m.g.backward();
    Map<String, Object> json = (Map<String, Object>) MiniJson.parse(Graphs.toJson(m.g));
    assertEquals("jgrad-graph", json.get("format"));
    assertEquals(1.0, json.get("version"));
    List<Object> nodes = (List<Object>) json.get("nodes");
    assertEquals(((Double) json.get("root")).intValue(), nodes.size() - 1);
    assertRel(Micrograd.DG_DA, first(nodeLabelled(json, "a"), "grads"));
    assertRel(Micrograd.DG_DB, first(nodeLabelled(json, "b"), "grads"));
    assertRel(Micrograd.G, first(nodeLabelled(json, "g"), "values"));
    assertEquals("leaf", nodeLabelled(json, "a").get("kind"));
    assertEquals("pow", nodeLabelled(json, "f").get("op"));
    // ids are topological positions: every input id is smaller than its node's id
    for (Object o : nodes) {
      Map<String, Object> n = (Map<String, Object>) o;
      for (Object in : (List<Object>) n.get("inputs")) {
        assertTrue((Double) in < (Double) n.get("id"));
      }
    }
    // every intermediate value's grad matches the engine (Value keeps all grads)
    Map<String, Object> e = nodeLabelled(json, "e");
    Map<String, Object> f = nodeLabelled(json, "f");
    assertTrue(first(e, "grads") != 0);
    assertEquals(nodes.size(), ((Double) json.get("nodeCount")).intValue());
    List<Object> edges = (List<Object>) json.get("edges");
    long inputs = nodes.stream().mapToLong(o -> ((List<Object>) ((Map<String, Object>) o).get("inputs")).size()).sum();
    assertEquals(inputs, edges.size());
    assertFalse(((List<Object>) json.get("steps")).isEmpty());
    assertTrue(f.get("formula").toString().startsWith("out = x^p"));
  }

  @Test
  @SuppressWarnings("unchecked")
  void jsonGradsEqualEngineGradsForEveryValue() {
    Value x = Value.of(0.5, "x");
    Value w = Value.of(-1.5, "w");
    Value y = x.mul(w).label("xw").add(x).label("s").tanh().label("y");
    y.backward();
    Map<String, Object> json = (Map<String, Object>) MiniJson.parse(Graphs.toJson(y));
    assertRel(x.grad(), first(nodeLabelled(json, "x"), "grads"));
    assertRel(w.grad(), first(nodeLabelled(json, "w"), "grads"));
    assertRel(1 - y.data() * y.data(), first(nodeLabelled(json, "s"), "grads"));
  }

  @Test
  @SuppressWarnings("unchecked")
  void jsonEncodesNonFiniteNumbersAsStringsAndEscapesLabels() {
    Value x = Value.of(1000, "x \"big\"\n");
    Value y = x.exp().label("e^x");
    y.backward();
    String text = Graphs.toJson(y);
    Map<String, Object> json = (Map<String, Object>) MiniJson.parse(text);
    assertEquals("Infinity", ((List<Object>) nodeLabelled(json, "e^x").get("values")).get(0));
    assertEquals("x \"big\"\n", nodeLabelled(json, "x \"big\"\n").get("label"));
  }

  @Test
  @SuppressWarnings("unchecked")
  void tensorJsonTruncatesLongTensorsAndCarriesShapes() {
    Tensor x = Tensor.randn(new Random(1), 20, 30).requiresGrad().label("x");
    Tensor loss = x.mul(x).sum().label("loss");
    loss.backward(true);
    Map<String, Object> json = (Map<String, Object>) MiniJson.parse(Graphs.toJson(loss, GraphOptions.defaults().maxJsonValues(10)));
    Map<String, Object> n = nodeLabelled(json, "x");
    assertEquals(List.of(20.0, 30.0), n.get("shape"));
    assertEquals(600.0, n.get("numel"));
    assertEquals(10, ((List<Object>) n.get("values")).size());
    assertEquals(true, n.get("truncated"));
    assertRel(2 * x.get(0, 0), (Double) ((List<Object>) n.get("grads")).get(0));
  }

  @Test
  void freedGraphIsAClearError() {
    Tensor x = Tensor.of(new double[] {1, 2}).requiresGrad();
    Tensor y = x.tanh().sum();
    y.backward();
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> Graphs.toDot(y));
    assertTrue(e.getMessage().contains("Graphs.toDot") && e.getMessage().contains("backward(true)"), e.getMessage());
    assertThrows(IllegalStateException.class, () -> BackwardSteps.of(y));
  }

  @Test
  void nodeCapMessageNamesCountCapAndWayOut() {
    Value v = Value.of(1, "x");
    for (int i = 0; i < 30; i++) {
      v = v.mul(1.01);
    }
    Value root = v;
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Graphs.toHtml(root.toTensor(), GraphOptions.defaults().maxNodes(20)));
    assertTrue(e.getMessage().contains("31 boxes (61 nodes)") && e.getMessage().contains("cap of 20") && e.getMessage().contains("collapse"), e.getMessage());
    // collapsing the chain into one box fits under the cap
    String dot = Graphs.toDot(root.toTensor(), GraphOptions.defaults().maxNodes(20).collapse("chain", root, Value.of(0)));
    assertTrue(dot.contains("chain\\n61 nodes"), dot);
  }

  @Test
  void collapseByLabelPrefixGroupsAModulesNodes() {
    Random r = new Random(3);
    Tensor x = Tensor.randn(r, 4, 2).label("x");
    Tensor w1 = Tensor.randn(r, 2, 3).requiresGrad().label("l1.w");
    Tensor b1 = Tensor.randn(r, 3).requiresGrad().label("l1.b");
    Tensor w2 = Tensor.randn(r, 3, 1).requiresGrad().label("l2.w");
    Tensor b2 = Tensor.randn(r, 1).requiresGrad().label("l2.b");
    Tensor h = x.matmul(w1).add(b1).tanh();
    Tensor out = h.matmul(w2).add(b2);
    Tensor loss = out.mul(out).mean().label("loss");
    GraphModel model = GraphModel.walk(loss, "test");
    model.assignGroups(GraphOptions.defaults().collapseByLabelPrefix("."));
    Map<String, List<GraphModel.Node>> groups = model.groups();
    assertEquals(List.of("l1", "l2"), List.copyOf(groups.keySet()));
    assertEquals(5, groups.get("l1").size()); // w, b, matmul, add, tanh
    // w, b, matmul, add, and the unlabelled mul and sum that read only l2's nodes; the labelled
    // loss (no separator in its label) stays outside
    assertEquals(6, groups.get("l2").size());
    assertNull(model.node(x).group);
    assertNull(model.node(loss).group);
    String dot = Graphs.toDot(loss, GraphOptions.defaults().collapseByLabelPrefix("."));
    assertTrue(dot.contains("g0 -> g1;"), dot);
  }

  @Test
  void svgThroughGraphvizWhereInstalled(@TempDir Path dir) throws Exception {
    Micrograd m = new Micrograd();
    m.g.backward();
    Path svg = dir.resolve("g.svg");
    boolean written = Graphs.writeSvg(m.g, svg);
    assertEquals(Graphs.dotProgram() != null, written);
    org.junit.jupiter.api.Assumptions.assumeTrue(written, "Graphviz dot is not installed");
    String text = Files.readString(svg);
    assertTrue(text.contains("<svg") && text.contains("138.8338") && text.contains("645.5773"));
  }

  @Test
  void labelPrefixDepthTakesModulePaths() {
    assertEquals("layers.0", GraphModel.prefix("layers.0.neurons.3.weight", ".", 2));
    assertEquals("layers", GraphModel.prefix("layers.0.weight", ".", 1));
    assertNull(GraphModel.prefix("loss", ".", 1));
    assertNull(GraphModel.prefix("layers.bias", ".", 2));
    assertEquals("a::b", GraphModel.prefix("a::b::c", "::", 2));
    assertThrows(IllegalArgumentException.class, () -> GraphOptions.defaults().collapseByLabelPrefix(".", 0));
  }

  @Test
  void explicitCollapseStopsAtTheGivenInputs() {
    Value x = Value.of(1, "x");
    Value h = x.mul(2).tanh().label("h");
    Value y = h.mul(3).add(1).label("y");
    GraphModel model = GraphModel.walk(y.toTensor(), "test");
    model.assignGroups(GraphOptions.defaults().collapse("second", y, h).collapse("first", h, x));
    assertEquals("second", model.node(y.toTensor()).group);
    assertEquals("first", model.node(h.toTensor()).group);
    assertNull(model.node(x.toTensor()).group);
    assertEquals(List.of("first", "second"), List.copyOf(model.groups().keySet()));
    String dot = Graphs.toDot(y.toTensor(), GraphOptions.defaults().collapse("second", y, h).collapse("first", h, x));
    assertTrue(dot.contains("n0 -> g0;") && dot.contains("g0 -> g1;"), dot);
  }

  @Test
  void htmlIsSelfContainedAndCarriesTheNodeData(@TempDir Path dir) throws Exception {
    Micrograd m = new Micrograd();
    m.g.backward();
    Path file = dir.resolve("sub/graph.html");
    Graphs.writeHtml(m.g, file);
    String html = Files.readString(file);
    assertFalse(html.contains("http://"), "the page must not reference the network");
    assertFalse(html.contains("https://"), "the page must not reference the network");
    assertFalse(html.contains("<script src"), "no external scripts");
    assertFalse(html.contains("<link"), "no external stylesheets");
    assertFalse(html.contains("__GRAPH_JSON__") || html.contains("__SHOWN__"), "all placeholders filled");
    String marker = "<script id=\"graph-data\" type=\"application/json\">";
    int start = html.indexOf(marker) + marker.length();
    String json = html.substring(start, html.indexOf("</script>", start));
    @SuppressWarnings("unchecked")
    Map<String, Object> data = (Map<String, Object>) MiniJson.parse(json);
    assertRel(Micrograd.DG_DA, first(nodeLabelled(data, "a"), "grads"));
    assertRel(Micrograd.DG_DB, first(nodeLabelled(data, "b"), "grads"));
  }

  @Test
  void walksA100kNodeChainWithoutRecursion() {
    Tensor x = Tensor.scalar(1).requiresGrad().label("x");
    Tensor y = x;
    for (int i = 0; i < 100_000; i++) {
      y = y.mul(1.0);
    }
    String json = Graphs.toJson(y);
    assertTrue(json.contains("\"nodeCount\":200001"), json.substring(0, 120)); // 100k muls, 100k constants, x
    BackwardSteps steps = BackwardSteps.of(y);
    assertEquals(100_001, steps.steps().size());
    assertEquals(1.0, steps.gradOf(x)[0]);
  }
}
