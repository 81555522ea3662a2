package dev.jgrad.examples;

import dev.jgrad.autograd.Value;
import dev.jgrad.autograd.viz.BackwardSteps;
import dev.jgrad.autograd.viz.Graphs;
import dev.jgrad.examples.cli.ExampleCommand;
import dev.jgrad.examples.cli.Run;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;

/**
 * One neuron as a graph, the picture of micrograd's lecture: {@code n = x1*w1 + x2*w2 + b},
 * {@code o = tanh(n)}, with {@code x1 = 2, x2 = 0, w1 = -3, w2 = 1, b = 6.8813735870195432} (so
 * that {@code o = 0.7071}). Runs the backward pass, prints it step by step, and writes the graph
 * as Graphviz text ({@code neuron.dot}), as a picture ({@code neuron.svg}, when Graphviz's
 * {@code dot} is installed) and as an interactive page ({@code neuron.html}) that plays the
 * forward and backward passes in a browser.
 */
@Command(
    name = "graph",
    mixinStandardHelpOptions = true,
    description = {
      "One neuron's graph and its backward pass, drawn as DOT, SVG and an HTML page.",
      "Nothing here is random or trained: --seed and --epochs are accepted and ignored."
    })
public final class GraphExample extends ExampleCommand {

  @Override
  protected void run(Run run) throws IOException {
    // 1. The neuron, labelled as in micrograd's lecture.
    Value x1 = Value.of(2.0, "x1");
    Value x2 = Value.of(0.0, "x2");
    Value w1 = Value.of(-3.0, "w1");
    Value w2 = Value.of(1.0, "w2");
    Value b = Value.of(6.8813735870195432, "b");
    Value x1w1 = x1.mul(w1).label("x1*w1");
    Value x2w2 = x2.mul(w2).label("x2*w2");
    Value sum = x1w1.add(x2w2).label("x1*w1 + x2*w2");
    Value n = sum.add(b).label("n");
    Value o = n.tanh().label("o");

    // 2. Backward: every value gets d o / d value. Value.backward() keeps the graph to draw it.
    o.backward();
    run.log("The backward pass, from o down to the inputs:");
    run.log("%s", BackwardSteps.of(o).render().stripTrailing());
    run.log("");

    // 3. The pictures: DOT text, SVG if Graphviz is installed, and the self-contained page.
    Path dot = run.picture("neuron.dot");
    Files.writeString(dot, Graphs.toDot(o), StandardCharsets.UTF_8);
    run.wrote(dot);
    Path svg = run.picture("neuron.svg");
    boolean svgWritten = Graphs.writeSvg(o, svg);
    if (svgWritten) {
      run.wrote(svg);
    } else {
      run.log("no neuron.svg: Graphviz's dot is not on the PATH (later: dot -Tsvg %s)", dot);
    }
    Path html = run.picture("neuron.html");
    Graphs.writeHtml(o, html);
    run.wrote(html);
    run.log("open %s in a browser; the right arrow steps forward, then backward", html);

    run.result("o", o.data());
    run.result("grad_x1", x1.grad());
    run.result("grad_x2", x2.grad());
    run.result("grad_w1", w1.grad());
    run.result("grad_w2", w2.grad());
    run.result("grad_b", b.grad());
    run.result("dot_file", dot.toString());
    run.result("svg_file", svgWritten ? svg.toString() : "none (Graphviz's dot is not installed)");
    run.result("html_file", html.toString());
  }
}
