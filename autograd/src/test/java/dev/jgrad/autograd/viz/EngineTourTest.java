package dev.jgrad.autograd.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Function;
import dev.jgrad.autograd.GradCheck;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.Value;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The code of {@code docs/engine.md} and the engine half of the README's tour, run, with what it
 * prints compared against the page's comments. Every {@code java} block of {@code
 * docs/engine.md} must appear verbatim (up to indentation) in this file: {@link
 * #everyEngineDocsCodeBlockIsHere} fails otherwise. (The README's blocks are checked by nn's
 * {@code ReadmeExamplesTest}, which also reads this file.)
 */
class EngineTourTest {
  static final Path PAGE = Path.of("..", "docs", "engine.md");

  /** Runs {@code block} and returns what it printed to {@code System.out}. */
  private static String printed(Runnable block) {
    PrintStream saved = System.out;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    try {
      block.run();
    } finally {
      System.setOut(saved);
    }
    return bytes.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
  }

  @Test
  void readmeDtypes() {
    String text =
        printed(
            () -> {
              Tensor w = Tensor.randn(DType.F32, new Random(0), 3, 2).requiresGrad();
              Tensor x = Tensor.of(new float[] {1, 2, 3}, 1, 3);
              Tensor y = x.matmul(w).tanh().sum();
              y.backward();
              System.out.println(y.dtype() + " " + w.grad().dtype());  // F32 F32
              System.out.println(x.add(0.5).dtype());                  // F32: a Java constant does not promote
              System.out.println(x.add(Tensor.ones(3)).dtype());       // F64: F32 with F64 gives F64
            });
    assertEquals("F32 F32\nF32\nF64\n", text);
  }

  @Test
  void readmeTour() {
    String text =
        printed(
            () -> {
              Value a = Value.of(2.0, "a");
              Value b = Value.of(-3.0, "b");
              Value out = a.mul(b).add(a.pow(2)).tanh();   // tanh(ab + a^2) = tanh(-2)
              out.backward();
              System.out.println(a);    // Value(data=2.0, grad=0.07065082485316443, label=a)

              Tensor x = Tensor.of(new double[][] {{1, 2}, {3, 4}}).requiresGrad();
              Tensor w = Tensor.of(new double[] {0.5, -1}).requiresGrad();
              Tensor loss = x.matmul(w).pow(2).mean();     // mean of [-1.5, -2.5]^2
              loss.backward();
              System.out.println(w.grad());  // tensor([-9.0, -13.0], shape=[2])
            });
    assertEquals(
        "Value(data=2.0, grad=0.07065082485316443, label=a)\n"
            + "tensor([-9.0, -13.0], shape=[2])\n",
        text);
  }

  @Test
  void valueTour() {
    String text =
        printed(
            () -> {
              Value a = Value.of(2.0, "a");
              Value b = Value.of(-3.0, "b");
              Value out = a.mul(b).add(a.pow(2)).tanh();   // tanh(ab + a^2) = tanh(-2)
              out.backward();
              System.out.println(out);  // Value(data=-0.9640275800758169, grad=1.0)
              System.out.println(a);    // Value(data=2.0, grad=0.07065082485316443, label=a)
              System.out.println(b);    // Value(data=-3.0, grad=0.14130164970632886, label=b)
            });
    assertEquals(
        "Value(data=-0.9640275800758169, grad=1.0)\n"
            + "Value(data=2.0, grad=0.07065082485316443, label=a)\n"
            + "Value(data=-3.0, grad=0.14130164970632886, label=b)\n",
        text);
  }

  @Test
  void tensorTourAndBroadcasting() {
    String text =
        printed(
            () -> {
              Tensor x = Tensor.of(new double[][] {{1, 2}, {3, 4}}).requiresGrad();
              Tensor w = Tensor.of(new double[] {0.5, -1}).requiresGrad();
              Tensor loss = x.matmul(w).pow(2).mean();     // mean of [-1.5, -2.5]^2
              loss.backward();
              System.out.println(loss);      // tensor(4.25, shape=[], op=div)
              System.out.println(x.grad());  // tensor([[-0.75, 1.5], [-1.25, 2.5]], shape=[2, 2])
              System.out.println(w.grad());  // tensor([-9.0, -13.0], shape=[2])

              Tensor col = Tensor.of(new double[] {1, 2}, 2, 1).requiresGrad();
              Tensor row = Tensor.of(new double[] {10, 20, 30}).requiresGrad();
              Tensor prod = col.mul(row);    // [2, 1] * [3] -> [2, 3]
              System.out.println(prod);      // tensor([[10.0, 20.0, 30.0], [20.0, 40.0, 60.0]], shape=[2, 3], op=mul)
              prod.sum().backward();
              System.out.println(col.grad()); // tensor([[60.0], [60.0]], shape=[2, 1])
              System.out.println(row.grad()); // tensor([3.0, 3.0, 3.0], shape=[3])
            });
    assertEquals(
        "tensor(4.25, shape=[], op=div)\n"
            + "tensor([[-0.75, 1.5], [-1.25, 2.5]], shape=[2, 2])\n"
            + "tensor([-9.0, -13.0], shape=[2])\n"
            + "tensor([[10.0, 20.0, 30.0], [20.0, 40.0, 60.0]], shape=[2, 3], op=mul)\n"
            + "tensor([[60.0], [60.0]], shape=[2, 1])\n"
            + "tensor([3.0, 3.0, 3.0], shape=[3])\n",
        text);
  }

  @Test
  void gradientsAsValuesAndNoGrad() {
    String text =
        printed(
            () -> {
              Tensor v = Tensor.of(new double[] {1, 2, 3}).requiresGrad();
              Tensor dy = Autograd.grad(v.pow(3).sum(), v, true);   // 3 v^2
              Tensor d2y = Autograd.grad(dy.sum(), v, false);       // 6 v
              System.out.println(dy);        // tensor([3.0, 12.0, 27.0], shape=[3], op=mul)
              System.out.println(d2y);       // tensor([6.0, 12.0, 18.0], shape=[3])
              System.out.println(v.grad());  // null: Autograd.grad leaves grad() alone

              try (Autograd.Scope off = Autograd.noGrad()) {
                Tensor z = v.mul(2);
                System.out.println(z + " " + z.isGradRequired());  // tensor([2.0, 4.0, 6.0], shape=[3]) false
              }
              System.out.println(v.mul(2).isGradRequired());        // true
            });
    assertEquals(
        "tensor([3.0, 12.0, 27.0], shape=[3], op=mul)\n"
            + "tensor([6.0, 12.0, 18.0], shape=[3])\n"
            + "null\n"
            + "tensor([2.0, 4.0, 6.0], shape=[3]) false\n"
            + "true\n",
        text);
  }

  @Test
  void gradCheckReports() {
    String text =
        printed(
            () -> {
              Random random = new Random(0);
              Tensor p = Tensor.randn(random, 3, 4);
              Tensor q = Tensor.randn(random, 4, 2);
              System.out.print(GradCheck.check(in -> in.get(0).matmul(in.get(1)).tanh(), p, q));
              // gradcheck passed (eps=1.0E-6, atol=1.0E-5, rtol=0.001)
              //   input 0 [3, 4]: ok, worst element [0, 2] analytic=0.0964081778126 numeric=0.0964081777743 abs_err=3.83e-11 rel_err=3.97e-10
              //   input 1 [4, 2]: ok, worst element [0, 1] analytic=-0.0707379956196 numeric=-0.0707379955722 abs_err=4.73e-11 rel_err=6.69e-10
              System.out.print(GradCheck.gradGradCheck(in -> in.get(0).matmul(in.get(1)).softmax(-1), p, q));
              // gradGradCheck passed (eps=1.0E-6, atol=1.0E-5, rtol=0.001)
              //   input 0 [3, 4]: ok, worst element [1, 2] analytic=0.00862491031098 numeric=0.00862491034148 abs_err=3.05e-11 rel_err=3.54e-09
              //   input 1 [4, 2]: ok, worst element [3, 0] analytic=-1.27661581953 numeric=-1.27661581972 abs_err=1.89e-10 rel_err=1.48e-10
            });
    List<String> lines = text.lines().toList();
    assertEquals(6, lines.size(), text);
    assertEquals("gradcheck passed (eps=1.0E-6, atol=1.0E-5, rtol=0.001)", lines.get(0));
    // the worst elements and values are the page's; the tiny errors vary in the last digits
    // with the kernel (SIMD or scalar), so only their order of magnitude is compared
    assertTrue(lines.get(1).startsWith(
        "  input 0 [3, 4]: ok, worst element [0, 2] analytic=0.0964081778126 numeric=0.096408177"),
        lines.get(1));
    assertTrue(lines.get(2).startsWith(
        "  input 1 [4, 2]: ok, worst element [0, 1] analytic=-0.0707379956196 numeric=-0.070737995"),
        lines.get(2));
    assertEquals("gradGradCheck passed (eps=1.0E-6, atol=1.0E-5, rtol=0.001)", lines.get(3));
    assertTrue(lines.get(4).startsWith("  input 0 [3, 4]: ok, worst element [1, 2] analytic=0.00862491031"),
        lines.get(4));
    assertTrue(lines.get(5).startsWith("  input 1 [4, 2]: ok, worst element [3, 0] analytic=-1.2766158195"),
        lines.get(5));
  }

  /** The custom-op block up to the failing check, which {@link #customOp} expects to throw. */
  private static void cubeBlock() {
    Function cube = Function.of("cube",
        in -> in[0].pow(3),
        (upstream, output, in) -> new Tensor[] {upstream.mul(in[0].pow(2).mul(3))});
    Tensor c = Tensor.of(new double[] {1, 2}).requiresGrad();
    Tensor cubed = cube.apply(c);
    System.out.println(cubed);    // tensor([1.0, 8.0], shape=[2], op=cube)
    cubed.sum().backward();
    System.out.println(c.grad()); // tensor([3.0, 12.0], shape=[2])
    GradCheck.check(in -> cube.apply(in.get(0)), c).assertOk();   // passes

    Function wrong = Function.of("wrongCube",
        in -> in[0].pow(3),
        (upstream, output, in) -> new Tensor[] {upstream.mul(in[0].pow(2))});   // forgot the 3
    GradCheck.check(in -> wrong.apply(in.get(0)), c).assertOk();
    // GradCheckFailure: gradcheck FAILED (eps=1.0E-6, atol=1.0E-5, rtol=0.001)
    //   input 0 [2]: MISMATCH, worst element [1] analytic=-3.60618435367 numeric=-10.8185530618 abs_err=7.21 rel_err=0.667
  }

  @Test
  void customOp() {
    GradCheck.GradCheckFailure[] failure = {null};
    String text =
        printed(
            () -> failure[0] = assertThrows(GradCheck.GradCheckFailure.class, EngineTourTest::cubeBlock));
    assertEquals("tensor([1.0, 8.0], shape=[2], op=cube)\ntensor([3.0, 12.0], shape=[2])\n", text);
    String message = failure[0].getMessage();
    assertTrue(message.startsWith("gradcheck FAILED (eps=1.0E-6, atol=1.0E-5, rtol=0.001)"), message);
    assertTrue(message.contains("  input 0 [2]: MISMATCH, worst element [1] analytic=-3.60618435367"
        + " numeric=-10.8185530618 abs_err=7.21 rel_err=0.667"), message);
  }

  // swish: out = x * sigmoid(x),  dout/dx = s + x s (1 - s)  with s = sigmoid(x)
  static final Function SWISH = Function.of("swish",
      in -> in[0].mul(in[0].sigmoid()),
      (upstream, out, in) -> {
        Tensor s = in[0].sigmoid();
        return new Tensor[] {upstream.mul(s.add(in[0].mul(s).mul(s.neg().add(1))))};
      });

  @Test
  void swishPassesItsGradCheck() {
    GradCheck.check(in -> SWISH.apply(in.get(0)), Tensor.randn(new Random(0), 4, 5)).assertOk();
    Tensor x = Tensor.of(new double[] {0, 1});
    assertEquals(1 / (1 + Math.exp(-1)), SWISH.apply(x).toArray()[1], 1e-15);
  }

  @Test
  void graphsOfOneExpression() throws Exception {
    Path html = Path.of("graph.html");
    assertTrue(Files.notExists(html), "a graph.html left in the module directory");
    Value[] graph = new Value[2];
    try {
      String text =
          printed(
              () -> {
                Value a = Value.of(-4.0, "a"), b = Value.of(2.0, "b");
                Value g = a.mul(b).add(b.pow(3)).tanh().label("g");   // any expression
                g.backward();                                    // Value keeps the graph; for a Tensor use backward(true)
                Graphs.writeHtml(g, Path.of("graph.html"));      // one self-contained file: open it in any browser
                String dot = Graphs.toDot(g);                    // Graphviz text; Graphs.writeSvg(g, path) runs dot if installed
                String json = Graphs.toJson(g);                  // nodes, edges, values, grads, steps: docs/graph-json.md
                System.out.print(BackwardSteps.of(g).render());  // the backward pass, step by step, in the terminal
                System.out.print(ChainRule.explain(g, a));       // every path from g to a, its product, their sum = a.grad()
                assertTrue(dot.startsWith("digraph"), dot);
                assertEquals("jgrad-graph", ((Map<?, ?>) MiniJson.parse(json)).get("format"));
                graph[0] = g;
                graph[1] = a;
              });
      assertTrue(Files.size(html) > 1000);
      // g = tanh(ab + b^3) = tanh(0) at a = -4, b = 2, so dg/da = (1 - 0^2) * b = 2
      assertEquals(2.0, graph[1].grad(), 1e-15);
      assertEquals(
          BackwardSteps.of(graph[0]).render() + ChainRule.explain(graph[0], graph[1]), text);
    } finally {
      Files.deleteIfExists(html);
    }
  }

  /** Returns the java code blocks of the page, each as its trimmed lines joined by newlines. */
  static List<String> codeBlocks(Path page) throws Exception {
    List<String> blocks = new ArrayList<>();
    StringBuilder current = null;
    for (String line : Files.readAllLines(page)) {
      if (line.trim().equals("```java")) {
        current = new StringBuilder();
      } else if (line.trim().equals("```") && current != null) {
        blocks.add(current.toString());
        current = null;
      } else if (current != null) {
        current.append(line.trim()).append('\n');
      }
    }
    return blocks;
  }

  @Test
  void everyEngineDocsCodeBlockIsHere() throws Exception {
    StringBuilder source = new StringBuilder();
    for (String line :
        Files.readAllLines(Path.of("src/test/java/dev/jgrad/autograd/viz/EngineTourTest.java"))) {
      source.append(line.trim()).append('\n');
    }
    List<String> blocks = codeBlocks(PAGE);
    assertTrue(blocks.size() >= 9, "the page has its code blocks: " + blocks.size());
    for (String block : blocks) {
      assertTrue(source.toString().contains(block), "docs/engine.md block not mirrored:\n" + block);
    }
  }
}
