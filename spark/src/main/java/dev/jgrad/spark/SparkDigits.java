package dev.jgrad.spark;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.nn.Linear;
import dev.jgrad.nn.Losses;
import dev.jgrad.nn.Module;
import dev.jgrad.nn.Relu;
import dev.jgrad.nn.Sequential;
import dev.jgrad.nn.data.Batch;
import dev.jgrad.nn.data.Dataset;
import dev.jgrad.nn.data.Scaler;
import dev.jgrad.nn.optim.Adam;
import dev.jgrad.nn.optim.Optimizer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The digits example on Spark: the 64-128-10 ReLU MLP of {@code ./jgrad digits}, trained with
 * Adam (learning rate 0.002, batches of 32, 15 epochs) by {@link SparkTrainer}; prints the test
 * accuracy and the throughput.
 *
 * <p>Usage: {@code ./jgrad-spark digits [--master local[*]] [--epochs 15] [--seed 42]
 * [--partitions N] [--batch-size 32]}, or {@code ./jgrad-spark digits --benchmark} to time plain jgrad against
 * {@code local[1]} and {@code local[2]}. Under {@code spark-submit} the master comes from
 * spark-submit; {@code local[*]} is only the default when none is set.
 */
public final class SparkDigits {
  private static final double LEARNING_RATE = 0.002;

  private SparkDigits() {}

  private static final String USAGE =
      "usage: ./jgrad-spark digits [--master M] [--epochs N] [--seed S] [--partitions P]"
          + " [--batch-size B] [--benchmark]";

  /**
   * Runs the example; see the class comment for the arguments. {@code --help} prints the usage;
   * a bad argument prints one line saying what is wrong and exits with status 2.
   *
   * @param args the command-line arguments
   */
  public static void main(String[] args) {
    String master = null;
    int epochs = 15;
    long seed = 42;
    int partitions = 0;
    boolean benchmark = false;
    int batchSize = 32;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("-h") || arg.equals("--help")) {
        System.out.println(USAGE);
        return;
      }
      boolean takesValue =
          arg.equals("--master") || arg.equals("--epochs") || arg.equals("--seed")
              || arg.equals("--partitions") || arg.equals("--batch-size");
      if (takesValue && i + 1 == args.length) {
        fail(arg + " needs a value");
      }
      try {
        switch (arg) {
          case "digits" -> { }
          case "--master" -> master = args[++i];
          case "--epochs" -> epochs = Integer.parseInt(args[++i]);
          case "--seed" -> seed = Long.parseLong(args[++i]);
          case "--partitions" -> partitions = Integer.parseInt(args[++i]);
          case "--batch-size" -> batchSize = Integer.parseInt(args[++i]);
          case "--benchmark" -> benchmark = true;
          default -> fail("unknown argument " + arg);
        }
      } catch (NumberFormatException e) {
        fail(arg + " needs a whole number, got '" + args[i] + "'");
      }
    }
    Dataset.Split split = standardizedSplit(seed);
    System.out.printf(
        "digits: %d training and %d test images; 64 -> 128 (ReLU) -> 10, Adam %s, batches of %d%n",
        split.train().size(), split.test().size(), LEARNING_RATE, batchSize);
    if (benchmark) {
      benchmark(split, epochs, seed, batchSize);
    } else {
      SparkConf conf = new SparkConf().setAppName("jgrad-spark-digits");
      conf.setIfMissing("spark.master", master != null ? master : "local[*]");
      if (master != null) {
        conf.setMaster(master);
      }
      conf.setIfMissing("spark.ui.enabled", "false");
      try (JavaSparkContext sc = new JavaSparkContext(conf)) {
        sc.setLogLevel("WARN");
        runOnSpark(
            sc, split, epochs, seed, batchSize, partitions > 0 ? partitions : sc.defaultParallelism());
      }
    }
  }

  /** Prints {@code problem} and the usage on one line to stderr and exits with status 2. */
  private static void fail(String problem) {
    System.err.println("jgrad-spark digits: " + problem + "; " + USAGE);
    System.exit(2);
  }

  private static SparkTrainer.Statistics runOnSpark(
      JavaSparkContext sc,
      Dataset.Split split,
      int epochs,
      long seed,
      int batchSize,
      int partitions) {
    System.out.printf("spark: master %s, %d partitions%n", sc.master(), partitions);
    SparkTrainer trainer =
        SparkTrainer.builder(model(seed), Losses::crossEntropy, ps -> new Adam(ps, LEARNING_RATE))
            .batchSize(batchSize)
            .epochs(epochs)
            .seed(seed)
            .partitions(partitions)
            .progress(System.out)
            .build();
    double[][] x = rows(split.train().features());
    SparkTrainer.Result result =
        trainer.fit(Samples.parallelize(sc, x, split.train().labels().toArray(), partitions));
    SparkTrainer.Statistics stats = result.statistics();
    System.out.printf("statistics: %s%n", stats);
    System.out.printf("test_accuracy: %.4f%n", accuracy(result.model(), split.test()));
    System.out.printf("samples_per_second: %.0f%n", stats.samplesPerSecond());
    System.out.printf("gradient_bytes_per_step: %d%n", stats.vectorBytes());
    System.out.printf("ms_per_step: %.3f%n", stats.meanExchangeMillis());
    System.out.printf("compute_ms_per_partition_step: %.3f%n", stats.meanComputeMillis());
    return stats;
  }

  /** Times the same training on one machine with plain jgrad, then on local[1] and local[2]. */
  private static void benchmark(Dataset.Split split, int epochs, long seed, int batchSize) {
    Module model = model(seed).create();
    Optimizer adam = new Adam(model.parameters(), LEARNING_RATE);
    Random shuffle = new Random(seed);
    long samples = 0;
    long start = System.nanoTime();
    for (int epoch = 0; epoch < epochs; epoch++) {
      for (Batch batch : split.train().batches(batchSize, shuffle, false)) {
        adam.zeroGrad();
        Losses.crossEntropy(model.forward(batch.x()), batch.y()).backward();
        adam.step();
        samples += batch.x().size(0);
      }
    }
    double plain = samples / ((System.nanoTime() - start) / 1e9);
    System.out.printf("plain jgrad: test_accuracy %.4f, %.0f samples/s%n",
        accuracy(model, split.test()), plain);
    List<String> lines = new ArrayList<>();
    lines.add(String.format("| plain jgrad (one thread) | %.0f | - | - |", plain));
    for (int threads = 1; threads <= 2; threads++) {
      SparkConf conf =
          new SparkConf()
              .setAppName("jgrad-spark-digits-benchmark")
              .setMaster("local[" + threads + "]")
              .set("spark.ui.enabled", "false");
      try (JavaSparkContext sc = new JavaSparkContext(conf)) {
        sc.setLogLevel("WARN");
        SparkTrainer.Statistics s = runOnSpark(sc, split, epochs, seed, batchSize, threads);
        lines.add(
            String.format(
                "| Spark local[%d], %d partition(s) | %.0f | %.2f | %.2f |",
                threads, threads, s.samplesPerSecond(), s.meanExchangeMillis(),
                s.meanComputeMillis()));
      }
    }
    System.out.println();
    System.out.println("| run | samples/s | ms per step | compute ms per partition-step |");
    System.out.println("|---|---|---|---|");
    lines.forEach(System.out::println);
  }

  /** Returns the model recipe: 64 -> 128 ReLU -> 10, initialised from {@code seed}. */
  static ModelFactory model(long seed) {
    return () -> {
      Random init = new Random(seed);
      return new Sequential(new Linear(64, 128, init), new Relu(), new Linear(128, 10, init));
    };
  }

  /** Returns the 1797 digits split 80/20 with {@code seed}, standardised on the training part. */
  static Dataset.Split standardizedSplit(long seed) {
    List<double[]> rows = new ArrayList<>();
    try (InputStream in = SparkDigits.class.getResourceAsStream("/data/digits.csv.gz")) {
      if (in == null) {
        throw new IllegalStateException("SparkDigits: data/digits.csv.gz is not on the classpath");
      }
      BufferedReader reader =
          new BufferedReader(
              new InputStreamReader(new GZIPInputStream(in), StandardCharsets.UTF_8));
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        String[] cells = line.split(",");
        double[] row = new double[cells.length];
        for (int c = 0; c < cells.length; c++) {
          row[c] = Double.parseDouble(cells[c]);
        }
        rows.add(row);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("SparkDigits: cannot read digits.csv.gz", e);
    }
    double[] x = new double[rows.size() * 64];
    double[] y = new double[rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      System.arraycopy(rows.get(i), 0, x, i * 64, 64);
      y[i] = rows.get(i)[64];
    }
    Dataset.Split split =
        new Dataset(Tensor.of(x, rows.size(), 64), Tensor.of(y)).split(0.2, seed);
    Scaler scaler = Scaler.standardize(split.train().features());
    return new Dataset.Split(
        new Dataset(scaler.transform(split.train().features()), split.train().labels()),
        new Dataset(scaler.transform(split.test().features()), split.test().labels()));
  }

  private static double[][] rows(Tensor x) {
    int n = x.size(0);
    int f = x.size(1);
    double[] flat = x.toArray();
    double[][] out = new double[n][f];
    for (int i = 0; i < n; i++) {
      System.arraycopy(flat, i * f, out[i], 0, f);
    }
    return out;
  }

  /** Returns the fraction of {@code data} that {@code model} classifies correctly. */
  static double accuracy(Module model, Dataset data) {
    try (Autograd.Scope off = Autograd.noGrad()) {
      double[] predicted = model.forward(data.features()).argmax(1).toArray();
      double[] truth = data.labels().toArray();
      int right = 0;
      for (int i = 0; i < truth.length; i++) {
        right += predicted[i] == truth[i] ? 1 : 0;
      }
      return (double) right / truth.length;
    }
  }
}
