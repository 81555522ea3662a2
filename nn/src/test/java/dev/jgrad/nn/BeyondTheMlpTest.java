package dev.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.ConvOptions;
import dev.jgrad.autograd.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The code of {@code docs/beyond-the-mlp.md}, run with assertions. Every {@code java} block of
 * the chapter must appear verbatim (up to indentation) between a {@code // N-name} line and
 * {@code // end} here: {@link #everyChapterCodeBlockIsHere} fails otherwise.
 */
class BeyondTheMlpTest {
  static final Path CHAPTER = Path.of("..", "docs", "beyond-the-mlp.md");

  @Test
  void aConvolutionIsANeuronThatSlides() {
    // 1-slide
    Random random = new Random(0);
    Tensor image = Tensor.randn(random, 1, 1, 8, 8);        // [batch, channels, height, width]
    Tensor weight = Tensor.randn(random, 1, 1, 3, 3);       // one neuron with 9 weights
    Tensor bias = Tensor.of(new double[] {0.5});
    Tensor map = image.conv2d(weight, bias);                // [1, 1, 6, 6]: 36 places
    Tensor patch = image.narrow(2, 2, 3).narrow(3, 4, 3);   // the pixels it sees at (2, 4)
    Tensor neuron = patch.mul(weight).sum().add(0.5);       // weighted sum + bias, by hand
    System.out.println(map.get(0, 0, 2, 4) + " " + neuron.item()); // the same number
    // end
    assertArrayEquals(new int[] {1, 1, 6, 6}, map.shape());
    assertEquals(neuron.item(), map.get(0, 0, 2, 4), 1e-12);
  }

  @Test
  void sharedWeights() {
    // 2-shared
    Random random = new Random(0);
    Conv2d conv = new Conv2d(1, 16, 3, random);             // 16 filters of 3x3, one bias each
    Linear dense = new Linear(64, 16 * 6 * 6, random);      // the same outputs, unshared
    System.out.println(conv.parameterCount() + " vs " + dense.parameterCount()); // 160 vs 37440
    // end
    assertEquals(160, conv.parameterCount());
    assertEquals(64 * 576 + 576, dense.parameterCount());
  }

  @Test
  void shiftedInputShiftedOutput() {
    // 2-shift
    Random random = new Random(1);
    Tensor image = Tensor.randn(random, 1, 1, 8, 8);
    Tensor weight = Tensor.randn(random, 1, 1, 3, 3);
    Tensor moved = image.narrow(3, 0, 7).pad(new int[] {1, 0}, 0); // one pixel to the right
    Tensor before = image.conv2d(weight, null);
    Tensor after = moved.conv2d(weight, null);
    System.out.println(before.get(0, 0, 3, 2) + " " + after.get(0, 0, 3, 3)); // equal
    // end
    for (int y = 0; y < 6; y++) {
      for (int x = 1; x < 6; x++) {
        assertEquals(before.get(0, 0, y, x - 1), after.get(0, 0, y, x), 1e-12);
      }
    }
  }

  @Test
  void paddingStrideChannels() {
    // 3-shapes
    Tensor x = Tensor.zeros(32, 1, 8, 8);                   // 32 digits
    Tensor w = Tensor.zeros(16, 1, 3, 3);                   // 16 filters over 1 channel
    ConvOptions options = ConvOptions.defaults();
    int[] valid = x.conv2d(w, null).shape();                                  // [32, 16, 6, 6]
    int[] same = x.conv2d(w, null, options.withPadding(1)).shape();           // [32, 16, 8, 8]
    int[] strided = x.conv2d(w, null, options.withPadding(1).withStride(2)).shape(); // [32, 16, 4, 4]
    // end
    assertArrayEquals(new int[] {32, 16, 6, 6}, valid);
    assertArrayEquals(new int[] {32, 16, 8, 8}, same);
    assertArrayEquals(new int[] {32, 16, 4, 4}, strided);
  }

  @Test
  void maxPoolSendsTheGradientToTheWinner() {
    // 4-pool
    Tensor x = Tensor.of(new double[] {1, 5, 2, 0, 3, 4, 7, 6, 0, 0, 1, 1, 2, 9, 1, 3}, 1, 1, 4, 4)
        .requiresGrad();
    Tensor pooled = x.maxPool2d(2);                         // [[5, 7], [9, 3]]
    pooled.sum().backward();
    System.out.println(x.grad());                           // 1 at 5, 7, 9 and 3; 0 elsewhere
    // end
    assertArrayEquals(new double[] {5, 7, 9, 3}, pooled.toArray());
    assertArrayEquals(new double[] {0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0, 1}, x.grad().toArray());
  }

  @Test
  void batchNormTrainsAndEvaluatesDifferently() {
    // 5-batchnorm
    BatchNorm2d norm = new BatchNorm2d(1);
    Tensor batch = Tensor.of(new double[] {1, 3, 5, 7}, 4, 1, 1, 1);
    Tensor trained = norm.forward(batch);                   // batch mean 4, variance 5
    System.out.println(norm.runningMean());                 // 0.4: 10 % of the way from 0 to 4
    norm.eval();
    Tensor evaluated = norm.forward(batch);                 // now with the running statistics
    // end
    assertEquals(0, trained.mean().item(), 1e-12);
    assertEquals(0.4, norm.runningMean().item(), 1e-12);
    assertEquals(0.9 + 0.1 * 20.0 / 3, norm.runningVar().item(), 1e-12);
    assertEquals((1 - 0.4) / Math.sqrt(norm.runningVar().item() + 1e-5), evaluated.get(0, 0, 0, 0), 1e-12);
  }

  @Test
  void theWholeNetwork() {
    // 6-cnn
    Random random = new Random(42);
    ConvOptions keepSize = ConvOptions.defaults().withPadding(1);
    Sequential cnn = new Sequential(
        new Conv2d(1, 16, 3, keepSize, random), new Relu(),   // 16 maps of 8x8
        new Conv2d(16, 32, 3, keepSize, random), new Relu(),  // 32 maps of 8x8
        new MaxPool2d(2), new Flatten(),                      // 32 x 4 x 4 = 512 numbers
        new Linear(512, 64, random), new Relu(),
        new Linear(64, 10, random));                          // 10 class scores
    System.out.println(cnn.summary(32, 1, 8, 8));
    // end
    String summary = cnn.summary(32, 1, 8, 8);
    assertTrue(summary.contains("4: MaxPool2d  [32, 32, 4, 4]  0"), summary);
    assertEquals(38282, cnn.parameterCount());
  }

  /** Every java block of the chapter is one of the marked blocks above. */
  @Test
  void everyChapterCodeBlockIsHere() throws Exception {
    String source = Files.readString(Path.of("src", "test", "java", "dev", "jgrad", "nn", "BeyondTheMlpTest.java"));
    List<String> here = new ArrayList<>();
    StringBuilder block = null;
    for (String line : source.split("\n")) {
      String t = line.strip();
      if (t.matches("// \\d-[a-z]+")) {
        block = new StringBuilder();
      } else if (t.equals("// end") && block != null) {
        here.add(block.toString());
        block = null;
      } else if (block != null) {
        block.append(t).append('\n');
      }
    }
    List<String> chapter = new ArrayList<>();
    block = null;
    for (String line : Files.readString(CHAPTER).split("\n")) {
      if (line.equals("```java")) {
        block = new StringBuilder();
      } else if (line.equals("```") && block != null) {
        chapter.add(block.toString());
        block = null;
      } else if (block != null) {
        block.append(line.strip()).append('\n');
      }
    }
    assertEquals(here.size(), chapter.size(), "java blocks in the chapter vs marked blocks here");
    for (String b : chapter) {
      assertTrue(here.contains(b), () -> "a block of the chapter is not run by this test:\n" + b);
    }
  }
}
