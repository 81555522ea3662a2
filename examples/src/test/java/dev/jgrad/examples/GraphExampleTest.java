package dev.jgrad.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.Value;
import dev.jgrad.autograd.viz.Graphs;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/** {@code jgrad graph}: the neuron's numbers match the engine and its three files are valid. */
class GraphExampleTest {
  @TempDir Path out;

  @Test
  void printsTheNeuronsGradientsAndWritesItsGraph() throws Exception {
    RunResult result = RunResult.of("graph", "--out", out.toString());
    assertEquals(0, result.status(), result.err());

    // The same neuron, computed here with the engine directly.
    Value x1 = Value.of(2.0);
    Value x2 = Value.of(0.0);
    Value w1 = Value.of(-3.0);
    Value w2 = Value.of(1.0);
    Value b = Value.of(6.8813735870195432);
    Value o = x1.mul(w1).add(x2.mul(w2)).add(b).tanh();
    o.backward();
    assertEquals(o.data(), result.figure("o"), 5e-5);
    assertEquals(Math.sqrt(0.5), result.figure("o"), 5e-5); // the lecture's tanh(0.8814) = 0.7071
    assertEquals(x1.grad(), result.figure("grad_x1"), 5e-5);
    assertEquals(x2.grad(), result.figure("grad_x2"), 5e-5);
    assertEquals(w1.grad(), result.figure("grad_w1"), 5e-5);
    assertEquals(w2.grad(), result.figure("grad_w2"), 5e-5);
    assertEquals(b.grad(), result.figure("grad_b"), 5e-5);

    // The step-by-step backward pass: o first, then through tanh to n.
    assertTrue(result.out().contains("step 1  o = tanh(n)"), result.out());
    assertTrue(result.out().contains("(the seed: d out/d out)"), result.out());

    Path dot = out.resolve("neuron.dot");
    assertEquals(dot.toString(), result.figures().get("dot_file"));
    String dotText = Files.readString(dot);
    assertTrue(dotText.startsWith("digraph"), dotText);
    assertTrue(dotText.contains("x1*w1 + x2*w2"), "labelled as in the lecture:\n" + dotText);

    Path html = out.resolve("neuron.html");
    assertEquals(html.toString(), result.figures().get("html_file"));
    String page = Files.readString(html);
    assertTrue(page.startsWith("<!DOCTYPE html>"), page.substring(0, 80));
    assertFalse(page.contains("http://"), "the page must work offline");
    assertFalse(page.contains("https://"), "the page must work offline");

    Path svg = out.resolve("neuron.svg");
    if (Graphs.dotProgram() != null) {
      assertEquals(svg.toString(), result.figures().get("svg_file"));
      Document document = parseXml(svg);
      assertEquals("svg", document.getDocumentElement().getTagName());
    } else {
      assertFalse(Files.exists(svg), "no dot, no SVG");
      assertTrue(result.figures().get("svg_file").startsWith("none"), result.out());
      assertTrue(result.out().contains("Graphviz's dot is not on the PATH"), result.out());
    }
  }

  @Test
  void quietPrintsOnlyTheFigures() {
    RunResult result = RunResult.of("graph", "--quiet", "--seed", "7", "--out", out.toString());
    assertEquals(0, result.status(), result.err());
    assertTrue(result.out().lines().allMatch(line -> line.matches("[a-z0-9_]+: .+")),
        "--quiet prints only the figures:\n" + result.out());
    assertTrue(Files.isRegularFile(out.resolve("neuron.html")));
  }

  /** Parses {@code file} as XML without fetching its DTD (Graphviz names one on the web). */
  private static Document parseXml(Path file) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    DocumentBuilder builder = factory.newDocumentBuilder();
    Document document = builder.parse(file.toFile());
    assertNotNull(document.getDocumentElement());
    return document;
  }
}
