package dev.jgrad.autograd.viz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.Value;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The code of {@code docs/tutorial.md}, run with assertions. Every {@code java} block of the
 * tutorial must appear verbatim (up to indentation) in this file: {@link
 * #everyTutorialCodeBlockIsHere} fails otherwise, so the tutorial cannot rot.
 */
class TutorialTest {
  static final Path TUTORIAL = Path.of("..", "docs", "tutorial.md");

  @Test
  void aNetworkIsAFunction() {
    // 1-function
    // f(x) = w2 * tanh(w1 * x + b1) + b2: a tiny network, a function with four parameters
    Value x = Value.of(0.5, "x");
    Value w1 = Value.of(2.0, "w1"), b1 = Value.of(-1.0, "b1");
    Value w2 = Value.of(1.5, "w2"), b2 = Value.of(0.25, "b2");
    Value y = x.mul(w1).add(b1).tanh().mul(w2).add(b2).label("y");
    System.out.println(y.data()); // 0.25: tanh(0) = 0, so y = b2
    // end
    assertEquals(0.25, y.data(), 1e-15);
  }

  @Test
  void aNeuron() {
    // 2-neuron
    Value x1 = Value.of(2.0, "x1"), x2 = Value.of(0.0, "x2");     // inputs
    Value w1 = Value.of(-3.0, "w1"), w2 = Value.of(1.0, "w2");    // weights
    Value b = Value.of(6.8813735870195432, "b");                  // bias
    Value n = x1.mul(w1).label("x1w1").add(x2.mul(w2).label("x2w2")).label("x1w1+x2w2")
        .add(b).label("n");                                       // weighted sum + bias
    Value o = n.tanh().label("o");                                // activation
    System.out.println(o.data()); // 0.7071067811865477
    // end
    assertEquals(Math.sqrt(0.5), o.data(), 1e-12);
  }

  @Test
  void activations() {
    // 2-activations
    Tensor z = Tensor.of(new double[] {-2, -0.5, 0, 0.5, 2});
    System.out.println(z.sigmoid()); // 0.1192 0.3775 0.5 0.6225 0.8808: squashes to (0, 1)
    System.out.println(z.relu());    // 0 0 0 0.5 2: keeps positives, zeroes the rest
    System.out.println(z.tanh());    // -0.964 -0.4621 0 0.4621 0.964: squashes to (-1, 1)
    // end
    assertEquals(0.5, z.sigmoid().get(2), 1e-15);
    assertArrayEquals(new double[] {0, 0, 0, 0.5, 2}, z.relu().toArray(), 0);
    assertEquals(Math.tanh(2), z.tanh().get(4), 1e-15);
  }

  @Test
  void aLayer() {
    // 3-layer
    Random random = new Random(42);
    Tensor x = Tensor.of(new double[][] {{2.0, 0.0}});           // one example, 2 features
    Tensor w = Tensor.randn(random, 2, 3).requiresGrad();         // 3 neurons, 2 weights each
    Tensor b = Tensor.zeros(3).requiresGrad();                    // one bias per neuron
    Tensor h = x.matmul(w).add(b).tanh();                         // shape [1, 3]: 3 outputs
    // end
    assertArrayEquals(new int[] {1, 3}, h.shape());
    for (int j = 0; j < 3; j++) {
      assertEquals(Math.tanh(2 * w.get(0, j)), h.get(0, j), 1e-12);
    }
  }

  @Test
  void aLayerIsManyNeurons() {
    // 3-bridge
    Tensor x = Tensor.of(new double[][] {{1, 2}, {3, 4}});
    Tensor w = Tensor.of(new double[][] {{0.5, -1}, {0.25, 2}}).requiresGrad().label("W");
    Tensor b = Tensor.of(new double[] {0.1, -0.2}).requiresGrad().label("b");
    Tensor y = x.matmul(w).add(b).tanh().sum();
    ScalarGraph scalars = ScalarGraph.expand(y);   // the same expression, one Value per number
    y.backward();
    scalars.output().backward();
    System.out.println(w.grad());                  // the tensor engine's dy/dW
    System.out.println(java.util.Arrays.toString(scalars.grads(w))); // the same four numbers
    // end
    assertArrayEquals(w.grad().toArray(), scalars.grads(w), 1e-15);
  }

  @Test
  void theCost() {
    // 4-cost
    Tensor prediction = Tensor.of(new double[] {0.9, 0.2, 0.4});
    Tensor target = Tensor.of(new double[] {1.0, 0.0, 1.0});
    Tensor error = prediction.sub(target);
    Tensor cost = error.mul(error).mean();          // mean squared error
    System.out.println(cost.item());                // (0.01 + 0.04 + 0.36) / 3 = 0.13667
    // end
    assertEquals(0.41 / 3, cost.item(), 1e-15);
  }

  @Test
  void backpropagation(@org.junit.jupiter.api.io.TempDir Path dir) {
    Value x1 = Value.of(2.0, "x1"), x2 = Value.of(0.0, "x2");
    Value w1 = Value.of(-3.0, "w1"), w2 = Value.of(1.0, "w2");
    Value b = Value.of(6.8813735870195432, "b");
    Value n = x1.mul(w1).label("x1w1").add(x2.mul(w2).label("x2w2")).label("x1w1+x2w2")
        .add(b).label("n");
    Value o = n.tanh().label("o");
    Path htmlFile = dir.resolve("neuron.html");
    // 5-backward
    o.backward();                        // the chain rule, from o back to every input
    System.out.println(w1.grad());       // 1.0  = do/dn * dn/dw1 = 0.5 * x1
    System.out.println(x1.grad());       // -1.5 = 0.5 * w1
    Graphs.writeHtml(o, htmlFile);       // open in a browser and press the right arrow
    System.out.print(BackwardSteps.of(o).render());
    // end
    assertEquals(1.0, w1.grad(), 1e-12);
    assertEquals(-1.5, x1.grad(), 1e-12);
    assertEquals(0.5, b.grad(), 1e-12);
    assertTrue(Files.exists(htmlFile));
  }

  @Test
  void chainRuleByPaths() {
    // 5-explain
    Value a = Value.of(3.0, "a");
    Value b = a.mul(a).label("b");                 // a is used twice
    Value c = b.add(a).label("c");                 // and once more
    c.backward();
    System.out.print(ChainRule.explain(c, a));
    // d c / d a: 3 paths ... sum over all paths = 7;  a.grad() = 7  (they agree)
    // end
    ChainRule.Explanation e = ChainRule.explain(c, a);
    assertEquals(3, e.paths().size());
    assertEquals(7.0, e.pathSum());
    assertEquals(7.0, a.grad());
  }

  @Test
  void gradientDescent() {
    // 6-descent
    // minimise cost(w) = (w - 3)^2: the gradient 2 (w - 3) points uphill, so step against it
    Tensor w = Tensor.scalar(0.0).requiresGrad();
    double learningRate = 0.1;
    for (int step = 0; step < 50; step++) {
      Tensor cost = w.sub(3).mul(w.sub(3));
      w.zeroGrad();
      cost.backward();
      try (Autograd.Scope off = Autograd.noGrad()) {     // the update is not part of the graph
        w.assign(w.sub(w.grad().mul(learningRate)));    // w <- w - lr * dcost/dw
      }
    }
    System.out.println(w.item());                       // 2.99996...: close to 3
    // end
    assertEquals(3.0, w.item(), 1e-4);
  }

  @Test
  void trainingOverEpochs() {
    // 7-training
    // XOR: no single neuron can fit it; a hidden layer of 4 tanh neurons can
    Tensor x = Tensor.of(new double[][] {{0, 0}, {0, 1}, {1, 0}, {1, 1}});
    Tensor y = Tensor.of(new double[][] {{0}, {1}, {1}, {0}});
    Random random = new Random(1);
    Tensor w1 = Tensor.randn(random, 2, 4).requiresGrad(), b1 = Tensor.zeros(4).requiresGrad();
    Tensor w2 = Tensor.randn(random, 4, 1).requiresGrad(), b2 = Tensor.zeros(1).requiresGrad();
    List<Tensor> parameters = List.of(w1, b1, w2, b2);
    List<Double> history = new ArrayList<>();
    for (int epoch = 1; epoch <= 500; epoch++) {
      Tensor hidden = x.matmul(w1).add(b1).tanh();         // forward pass
      Tensor out = hidden.matmul(w2).add(b2).sigmoid();
      Tensor error = out.sub(y);
      Tensor cost = error.mul(error).mean();
      parameters.forEach(Tensor::zeroGrad);                 // backward pass
      cost.backward();
      try (Autograd.Scope off = Autograd.noGrad()) {        // gradient descent step
        for (Tensor p : parameters) {
          p.assign(p.sub(p.grad().mul(2.0)));
        }
      }
      history.add(cost.item());
      if (epoch % 100 == 0) {
        System.out.printf("epoch %d  cost %.5f%n", epoch, cost.item());
      }
    }
    // end
    assertTrue(history.get(499) < 0.01, "final cost " + history.get(499));
    assertTrue(history.get(499) < history.get(0) / 10);
  }

  /** Returns the code blocks of the tutorial, each as its trimmed lines joined by newlines. */
  static List<String> tutorialBlocks() throws Exception {
    List<String> blocks = new ArrayList<>();
    StringBuilder current = null;
    for (String line : Files.readAllLines(TUTORIAL)) {
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
  void everyTutorialCodeBlockIsHere() throws Exception {
    StringBuilder source = new StringBuilder();
    for (String line : Files.readAllLines(Path.of("src/test/java/dev/jgrad/autograd/viz/TutorialTest.java"))) {
      source.append(line.trim()).append('\n');
    }
    List<String> blocks = tutorialBlocks();
    assertTrue(blocks.size() >= 9, "the tutorial has its code blocks: " + blocks.size());
    for (String block : blocks) {
      assertTrue(source.toString().contains(block), "tutorial block not mirrored in TutorialTest:\n" + block);
    }
  }
}
