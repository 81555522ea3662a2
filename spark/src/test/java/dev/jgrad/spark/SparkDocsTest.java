package dev.jgrad.spark;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.nn.Linear;
import dev.jgrad.nn.Losses;
import dev.jgrad.nn.Relu;
import dev.jgrad.nn.Sequential;
import dev.jgrad.nn.optim.Adam;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;

/**
 * The code of {@code docs/spark.md}: every {@code java} block of the page must appear verbatim
 * (up to indentation) in this file, where it compiles against the API ({@link #pageExample}
 * builds and fits the page's trainer; {@code SparkTrainerTest} runs the same calls on small
 * data). {@link #everySparkDocsCodeBlockIsHere} fails when a block is missing.
 */
class SparkDocsTest {
  static final Path PAGE = Path.of("..", "docs", "spark.md");

  /** The page's example: 15 epochs of the digits MLP on Spark (not run here: about a minute). */
  static SparkTrainer.Result pageExample(JavaSparkContext sc, double[][] x, double[] y) {
    SparkTrainer trainer =
        SparkTrainer.builder(
                () -> new Sequential(new Linear(64, 128, new Random(42)), new Relu(),
                    new Linear(128, 10, new Random(43))),   // ModelFactory (serializable lambda)
                Losses::crossEntropy,                       // LossFunction: a mean over rows
                ps -> new Adam(ps, 0.002))                  // OptimizerFactory
            .batchSize(32).epochs(15).seed(42).partitions(4)
            .checkpoint(Path.of("digits.ckpt.safetensors"), 5).resume(true)
            .build();
    SparkTrainer.Result result = trainer.fit(Samples.parallelize(sc, x, y, 4));
    // or trainer.fit(dataFrame, "label"), or trainer.fit(Samples.readCsv(spark, "hdfs://...", true, 64))
    return result;
  }

  @Test
  void everySparkDocsCodeBlockIsHere() throws Exception {
    StringBuilder source = new StringBuilder();
    for (String line : Files.readAllLines(Path.of("src/test/java/dev/jgrad/spark/SparkDocsTest.java"))) {
      source.append(line.trim()).append('\n');
    }
    List<String> blocks = new ArrayList<>();
    StringBuilder current = null;
    for (String line : Files.readAllLines(PAGE)) {
      if (line.trim().equals("```java")) {
        current = new StringBuilder();
      } else if (line.trim().equals("```") && current != null) {
        blocks.add(current.toString());
        current = null;
      } else if (current != null) {
        current.append(line.trim()).append('\n');
      }
    }
    assertTrue(!blocks.isEmpty(), "docs/spark.md has a code block");
    for (String block : blocks) {
      assertTrue(source.toString().contains(block), "docs/spark.md block not mirrored:\n" + block);
    }
  }
}
