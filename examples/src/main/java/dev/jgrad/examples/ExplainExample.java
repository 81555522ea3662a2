package dev.jgrad.examples;

import dev.jgrad.autograd.Value;
import dev.jgrad.autograd.viz.ChainRule;
import dev.jgrad.examples.cli.ExampleCommand;
import dev.jgrad.examples.cli.Run;
import picocli.CommandLine.Command;

/**
 * The chain rule, path by path: a gradient {@code d out / d in} is the sum, over every path from
 * {@code out} down to {@code in}, of the product of the local derivatives along the path. Shows
 * it on micrograd's README expression (where {@code a} and {@code b} are used many times), then on
 * two ReLU neurons where one is below zero and passes no gradient, and names that edge.
 */
@Command(
    name = "explain",
    mixinStandardHelpOptions = true,
    description = {
      "The chain rule path by path: products, their sum, and a dead ReLU edge named.",
      "Nothing here is random or trained: --seed and --epochs are accepted and ignored;"
          + " nothing is written to --out."
    })
public final class ExplainExample extends ExampleCommand {

  @Override
  protected void run(Run run) {
    // 1. micrograd's README expression, line for line (its Python in the comments). Every
    // intermediate value gets a label, so the paths below read as formulas.
    Value a = Value.of(-4.0, "a"); // a = Value(-4.0)
    Value b = Value.of(2.0, "b"); // b = Value(2.0)
    Value c = a.add(b).label("c"); // c = a + b
    Value d = a.mul(b).label("a*b").add(b.pow(3).label("b**3")).label("d"); // d = a * b + b**3
    c = c.add(c.add(1).label("c+1")).label("c2"); // c += c + 1
    // c += 1 + c + (-a)
    c = c.add(c.add(1).label("c2+1").add(a.neg().label("-a")).label("c2+1-a")).label("c3");
    Value r1 = b.add(a).label("b+a").relu().label("r1"); //   (b + a).relu()
    d = d.add(d.mul(2).label("d*2").add(r1).label("d*2+r1")).label("d2"); // d += d * 2 + r1
    Value r2 = b.sub(a).label("b-a").relu().label("r2"); //   (b - a).relu()
    d = d.add(d.mul(3).label("3*d2").add(r2).label("3*d2+r2")).label("d3"); // d += 3 * d + r2
    Value e = c.sub(d).label("e"); // e = c - d
    Value f = e.pow(2).label("f"); // f = e**2
    Value g = f.div(2.0).label("f/2"); // g = f / 2.0
    g = g.add(Value.of(10.0, "ten").div(f).label("10/f")).label("g"); // g += 10.0 / f
    g.backward();

    ChainRule.Explanation ga = ChainRule.explain(g, a);
    ChainRule.Explanation gb = ChainRule.explain(g, b);
    run.log("micrograd's README expression, a = -4, b = 2: g = %.4f", g.data());
    run.log("%s", ga.render().stripTrailing());
    run.log("");
    run.log("%s", gb.render().stripTrailing());
    run.log("");

    // 2. Two ReLU neurons on one input; the second is below zero, so it passes no gradient:
    // x still learns through the first, but w2 gets nothing (a "dead" neuron).
    Value x = Value.of(1.5, "x");
    Value w1 = Value.of(2.0, "w1");
    Value w2 = Value.of(-1.0, "w2");
    Value h1 = x.mul(w1).label("z1").relu().label("h1");
    Value h2 = x.mul(w2).label("z2").relu().label("h2");
    Value y = h1.add(h2).label("y");
    y.backward();

    ChainRule.Explanation yx = ChainRule.explain(y, x);
    ChainRule.Explanation yw2 = ChainRule.explain(y, w2);
    run.log("y = relu(x*w1) + relu(x*w2) with x = 1.5, w1 = 2, w2 = -1:");
    run.log("%s", yx.render().stripTrailing());
    run.log("");
    run.log("%s", yw2.render().stripTrailing());
    run.log("");

    run.result("g", g.data());
    run.result("dg_da", a.grad());
    run.result("dg_db", b.grad());
    run.result("paths_a", (long) ga.pathCount());
    run.result("paths_b", (long) gb.pathCount());
    run.result("paths_sum_a", ga.pathSum());
    run.result("paths_sum_b", gb.pathSum());
    run.result("dy_dx", x.grad());
    run.result("dy_dw2", w2.grad());
    run.result("dead_edge", deadEdge(yw2));
  }

  /** Returns the first edge whose local derivative is 0, as {@code from -[op]-> to}, or "none". */
  private static String deadEdge(ChainRule.Explanation explanation) {
    for (ChainRule.Path path : explanation.paths()) {
      for (ChainRule.Edge edge : path.edges()) {
        if (edge.local() == 0) {
          return edge.from() + " -[" + edge.op() + "]-> " + edge.to();
        }
      }
    }
    return "none";
  }
}
