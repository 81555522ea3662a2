package dev.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The code of {@code docs/beyond-the-mlp-attention.md}, run with assertions. Every {@code java}
 * block of the chapter must appear verbatim (up to indentation) in this file: {@link
 * #everyChapterCodeBlockIsHere} fails otherwise.
 */
class AttentionChapterTest {
  static final Path CHAPTER = Path.of("..", "docs", "beyond-the-mlp-attention.md");

  @Test
  void aWeightedSum() {
    // Three tokens, each with a key (what it can be found by) and a value (what it hands over).
    Tensor keys = Tensor.of(new double[][] {{1, 0}, {0, 1}, {1, 1}});
    Tensor values = Tensor.of(new double[][] {{1, 0}, {0, 1}, {0.5, 0.5}});
    Tensor query = Tensor.of(new double[] {2, 0});
    Tensor scores = keys.matmul(query).div(Math.sqrt(2)); // how well each key fits: 1.41 0 1.41
    Tensor weights = scores.softmax(0);                    // positive, summing to 1
    Tensor out = weights.matmul(values);                   // the weighted sum of the values
    System.out.println(weights); // 0.4458 0.1084 0.4458: keys 0 and 2 fit the query equally well
    System.out.println(out);     // 0.6687 0.3313
    assertArrayEquals(new double[] {0.4458082741076032, 0.10838345178479357, 0.4458082741076032},
        weights.toArray(), 1e-15);
    assertArrayEquals(new double[] {0.6687124111614048, 0.33128758883859516}, out.toArray(), 1e-15);
  }

  @Test
  void theWeightsLearn() {
    Tensor keys = Tensor.of(new double[][] {{1, 0}, {0, 1}, {1, 1}});
    Tensor values = Tensor.of(new double[][] {{1, 0}, {0, 1}, {0.5, 0.5}});
    Tensor q = Tensor.of(new double[] {2, 0}).requiresGrad();
    Tensor mixed = keys.matmul(q).div(Math.sqrt(2)).softmax(0).matmul(values);
    mixed.narrow(0, 1, 1).sum().backward(); // we want more of feature 1, which value 1 holds
    System.out.println(q.grad()); // -0.0513 0.1044: turn the query towards key 1 = [0, 1]
    assertEquals(-0.0513, q.grad().get(0), 1e-4);
    assertEquals(0.1044, q.grad().get(1), 1e-4);
  }

  @Test
  void causalMask() {
    Tensor blocked = Tensor.ones(3, 3).triu(1);            // 1 where key j comes after query i
    Tensor equalScores = Tensor.zeros(3, 3).maskedFill(blocked, Double.NEGATIVE_INFINITY);
    System.out.println(equalScores.softmax(-1)); // rows 1 0 0 | 0.5 0.5 0 | 0.333 0.333 0.333
    double third = 1.0 / 3;
    assertArrayEquals(new double[] {1, 0, 0, 0.5, 0.5, 0, third, third, third},
        equalScores.softmax(-1).toArray(), 1e-15);
  }

  @Test
  void noPeeking() {
    Tensor x = Tensor.randn(new Random(0), 1, 4, 8).requiresGrad(); // 4 tokens of 8 features
    MultiHeadAttention attention = new MultiHeadAttention(8, 2, new Random(1));
    MultiHeadAttention.Output causal = attention.selfAttend(x, null, true);
    causal.output().narrow(1, 1, 1).sum().backward();      // token 1's output ...
    System.out.println(x.grad().narrow(1, 2, 2).abs().sum()); // 0.0: ... ignores tokens 2 and 3
    System.out.println(causal.weights().narrow(1, 0, 1).reshape(4, 4)); // zero above the diagonal
    assertEquals(0, x.grad().narrow(1, 2, 2).abs().sum().item());
    assertTrue(x.grad().narrow(1, 0, 2).abs().sum().item() > 0);
    double[] w = causal.weights().toArray();
    for (int h = 0; h < 2; h++) {
      for (int i = 0; i < 4; i++) {
        double row = 0;
        for (int j = 0; j < 4; j++) {
          row += w[(h * 4 + i) * 4 + j];
          if (j > i) {
            assertEquals(0, w[(h * 4 + i) * 4 + j]);
          }
        }
        assertEquals(1, row, 1e-12);
      }
    }
  }

  private static List<String> chapterBlocks() throws Exception {
    List<String> blocks = new ArrayList<>();
    StringBuilder block = null;
    for (String line : Files.readAllLines(CHAPTER)) {
      if (block == null && line.trim().equals("```java")) {
        block = new StringBuilder();
      } else if (block != null && line.trim().equals("```")) {
        blocks.add(block.toString());
        block = null;
      } else if (block != null) {
        block.append(line.trim()).append('\n');
      }
    }
    return blocks;
  }

  @Test
  void everyChapterCodeBlockIsHere() throws Exception {
    StringBuilder source = new StringBuilder();
    for (String line : Files.readAllLines(Path.of("src/test/java/dev/jgrad/nn/AttentionChapterTest.java"))) {
      source.append(line.trim()).append('\n');
    }
    List<String> blocks = chapterBlocks();
    assertEquals(4, blocks.size(), "the chapter's code blocks");
    for (String block : blocks) {
      assertTrue(source.toString().contains(block), "chapter block not mirrored here:\n" + block);
    }
  }
}
