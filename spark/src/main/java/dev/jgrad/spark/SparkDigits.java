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
import dev.jgrad.nn.io.SafeTensors;
import dev.jgrad.nn.optim.Adam;
import dev.jgrad.nn.optim.Optimizer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.GZIPInputStream;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The digits example on Spark: the 64-128-10 ReLU MLP of {@code ./jgrad digits}, trained with
 * Adam (learning rate 0.002, batches of 32, 15 epochs) by {@link SparkTrainer}; prints the test
 * accuracy and the throughput, and writes the model and the loss curve to {@code --out}.
 *
 * <p>Usage: {@code ./jgrad-spark digits --help}. Under {@code spark-submit} the master comes from
 * spark-submit; {@code local[*]} is only the default when none is set. {@code --benchmark} times
 * plain jgrad on one thread against every mode on {@code local[2]} and prints a Markdown table.
 */
@Command(
    name = "jgrad-spark",
    mixinStandardHelpOptions = true,
    version = "jgrad-spark 0.1.0",
    description = "Trains the digits MLP data-parallel on Spark (local[*] or a cluster).")
public final class SparkDigits implements Callable<Integer> {
  private static final double LEARNING_RATE = 0.002;

  @Spec CommandSpec spec;

  @Parameters(
      arity = "0..1",
      paramLabel = "EXAMPLE",
      description = "The example to run; only 'digits' (the default) exists.")
  String example = "digits";

  @Option(names = "--master", paramLabel = "URL",
      description = "Spark master, e.g. local[2] or spark://host:7077. Default: what spark-submit"
          + " set, else local[*].")
  String master;

  @Option(names = "--epochs", paramLabel = "N", defaultValue = "15",
      description = "Training epochs. Default: ${DEFAULT-VALUE}.")
  int epochs;

  @Option(names = "--seed", paramLabel = "SEED", defaultValue = "42",
      description =
          "Seed of the split, the weights and the batch order. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(names = "--partitions", paramLabel = "P", defaultValue = "0",
      description = "Partitions (workers training together). Default: the default parallelism.")
  int partitions;

  @Option(names = "--batch-size", paramLabel = "B", defaultValue = "32",
      description = "Global mini-batch size. Default: ${DEFAULT-VALUE}.")
  int batchSize;

  @Option(names = "--hidden", paramLabel = "H", defaultValue = "128",
      description = "Width of the hidden layer. Default: ${DEFAULT-VALUE}.")
  int hidden;

  @Option(names = "--mode", paramLabel = "MODE", defaultValue = "BARRIER",
      description = "BARRIER or JOB_PER_STEP (synchronous modes). Default: ${DEFAULT-VALUE}.")
  SparkTrainer.Mode mode;

  @Option(names = "--average-every", paramLabel = "K", defaultValue = "0",
      description = "Parameter averaging every K local steps instead of synchronous training.")
  int averageEvery;

  @Option(names = "--epochs-per-stage", paramLabel = "E", defaultValue = "0",
      description = "Barrier mode: at most E epochs per Spark stage (0: all, or up to the next"
          + " checkpoint).")
  int epochsPerStage;

  @Option(names = "--checkpoint", paramLabel = "URI",
      description = "Checkpoint file on any Hadoop file system (hdfs://, s3a://, file:).")
  String checkpoint;

  @Option(names = "--checkpoint-every", paramLabel = "E", defaultValue = "5",
      description = "Epochs between checkpoints. Default: ${DEFAULT-VALUE}.")
  int checkpointEvery;

  @Option(names = "--resume", description = "Continue from the checkpoint when it exists.")
  boolean resume;

  @Option(names = "--parquet", paramLabel = "DIR",
      description = "Go through Parquet: write the training images to DIR as a Spark ML 'features'"
          + " vector column and a 'label' column, then train from the file.")
  String parquet;

  @Option(names = "--benchmark",
      description = "Time plain jgrad (one thread) against each mode on local[2].")
  boolean benchmark;

  @Option(names = "--out", paramLabel = "DIR", defaultValue = "out",
      description = "Directory for the model, the loss curve and the benchmark table."
          + " Default: ${DEFAULT-VALUE}/.")
  Path out;

  @Option(names = {"-q", "--quiet"}, description = "Print only the final 'name: value' lines.")
  boolean quiet;

  /**
   * Runs the example with {@code args}; see {@code --help}. Exits the JVM only on failure, so a
   * YARN application master sees a normal return.
   */
  public static void main(String[] args) {
    int status =
        new CommandLine(new SparkDigits()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
    if (status != 0) {
      System.exit(status);
    }
  }

  /** Returns 0 after training (or benchmarking) as the options say. */
  @Override
  public Integer call() throws IOException {
    if (benchmark && checkpoint != null) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--benchmark runs several trainings and does not take --checkpoint (each would resume"
              + " from the one before)");
    }
    if (benchmark && System.getProperty("jgrad.threads") == null) {
      // One thread per matmul, for plain jgrad and for each Spark task alike (read once, when
      // jgrad's kernels load, which has not happened yet in this JVM).
      System.setProperty("jgrad.threads", "1");
    }
    if (!example.equals("digits")) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "unknown example " + example + "; only 'digits' exists");
    }
    Dataset.Split split = standardizedSplit(seed);
    say(String.format(
        "digits: %d training and %d test images; 64 -> %d (ReLU) -> 10, Adam %s, batches of %d",
        split.train().size(), split.test().size(), hidden, LEARNING_RATE, batchSize));
    Files.createDirectories(out);
    if (benchmark) {
      benchmark(split);
      return 0;
    }
    SparkConf conf = new SparkConf().setAppName("jgrad-spark-digits");
    conf.setIfMissing("spark.master", "local[*]");
    if (master != null) {
      conf.setMaster(master);
    }
    conf.setIfMissing("spark.ui.enabled", "false");
    try (SparkSession spark = SparkSession.builder().config(conf).getOrCreate()) {
      JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
      sc.setLogLevel("WARN");
      int parts = partitions > 0 ? partitions : sc.defaultParallelism();
      JavaRDD<Sample> samples;
      if (parquet != null) {
        writeParquet(spark, split.train(), parquet);
        samples = Samples.readParquet(spark, parquet, "features", "label");
        say("parquet: wrote and read " + parquet);
      } else {
        samples =
            Samples.parallelize(
                sc, rows(split.train().features()), split.train().labels().toArray(), parts);
      }
      SparkTrainer.Result result = train(sc, samples, split, parts, mode, averageEvery, epochs);
      SparkTrainer.Statistics stats = result.statistics();
      SafeTensors.save(result.model(), out.resolve("spark-digits.safetensors"));
      List<String> curve = new ArrayList<>(List.of("epoch,loss"));
      for (int e = 0; e < result.epochLosses().size(); e++) {
        curve.add((e + 1) + "," + result.epochLosses().get(e));
      }
      Files.write(out.resolve("spark-digits-losses.csv"), curve);
      say("statistics: " + stats);
      say("wrote " + out.resolve("spark-digits.safetensors") + " and spark-digits-losses.csv");
      System.out.printf("test_accuracy: %.4f%n", accuracy(result.model(), split.test()));
      List<Double> losses = result.epochLosses();
      System.out.printf("final_loss: %.6f%n", losses.get(losses.size() - 1));
      System.out.printf("samples_per_second: %.0f%n", stats.samplesPerSecond());
      System.out.printf("gradient_bytes_per_step: %d%n", stats.vectorBytes());
      System.out.printf("ms_per_step: %.3f%n", stats.meanExchangeMillis());
      System.out.printf("compute_ms_per_partition_step: %.3f%n", stats.meanComputeMillis());
    }
    return 0;
  }

  private SparkTrainer.Result train(
      JavaSparkContext sc,
      JavaRDD<Sample> samples,
      Dataset.Split split,
      int parts,
      SparkTrainer.Mode trainMode,
      int averaging,
      int epochCount) {
    say(String.format("spark: master %s, %d partitions, %s", sc.master(), parts,
        averaging > 0 ? "averaging every " + averaging : trainMode));
    SparkTrainer.Builder trainer =
        SparkTrainer.builder(model(seed, hidden), Losses::crossEntropy, ps -> new Adam(ps, LEARNING_RATE))
            .batchSize(batchSize)
            .epochs(epochCount)
            .seed(seed)
            .partitions(parts)
            .mode(trainMode)
            .progress(quiet ? null : System.out);
    if (averaging > 0) {
      trainer.averageEvery(averaging);
    }
    if (epochsPerStage > 0) {
      trainer.epochsPerStage(epochsPerStage);
    }
    if (checkpoint != null) {
      trainer.checkpoint(checkpoint, checkpointEvery).resume(resume);
    }
    return trainer.build().fit(samples);
  }

  /** Writes {@code data} to {@code path} as Parquet: a Spark ML vector column and a label. */
  static void writeParquet(SparkSession spark, Dataset data, String path) {
    double[][] x = rows(data.features());
    double[] y = data.labels().toArray();
    List<Row> rows = new ArrayList<>(x.length);
    for (int i = 0; i < x.length; i++) {
      rows.add(RowFactory.create(Vectors.dense(x[i]), y[i]));
    }
    StructType schema =
        new StructType(
            new StructField[] {
              new StructField("features", new VectorUDT(), false, Metadata.empty()),
              new StructField("label", DataTypes.DoubleType, false, Metadata.empty())
            });
    spark.createDataFrame(rows, schema).write().mode("overwrite").parquet(path);
  }

  /**
   * Times the same training with plain jgrad on one thread (warmed up, run before and after the
   * Spark runs, the faster run kept), with two plain threads at once on half batches (the ceiling
   * of {@code local[2]}'s split compute) and with each mode on {@code local[2]} (each warmed up by
   * a run as long as the timed one first), and prints and writes the table.
   */
  private void benchmark(Dataset.Split split) throws IOException {
    plainJgrad(split, 3); // warm-up: the same jgrad code Spark's tasks run
    double[] plainBefore = plainJgrad(split, epochs);
    // Warmed up as long as it is timed: short runs of fresh threads were measured 2x slow.
    twoThreadsAtOnce(split, TWO_THREAD_STEPS);
    double[] twoAtOnce = twoThreadsAtOnce(split, TWO_THREAD_STEPS);
    List<String[]> spark = new ArrayList<>();
    double[] probe;
    long probeBytes;
    SparkConf conf =
        new SparkConf()
            .setAppName("jgrad-spark-digits-benchmark")
            .setMaster("local[2]")
            .set("spark.ui.enabled", "false");
    try (JavaSparkContext sc = new JavaSparkContext(conf)) {
      sc.setLogLevel("WARN");
      JavaRDD<Sample> samples =
          Samples.parallelize(
              sc, rows(split.train().features()), split.train().labels().toArray(), 2);
      Object[][] runs = {
        {SparkTrainer.Mode.BARRIER, 0, "barrier (one exchange per step)"},
        {SparkTrainer.Mode.JOB_PER_STEP, 0, "one job per step"},
        {SparkTrainer.Mode.BARRIER, 4, "averaging every 4 steps"}
      };
      for (Object[] run : runs) {
        // Warm-up as long as the timed run (as JMH's): the tasks' code paths (half batches, the
        // exchange) are compiled before it. After a 3-epoch warm-up (9 steps at batch 512) the
        // exchange took 1.35 ms per step; after one of 15 epochs 1.09 (2026-12-02, AMD EPYC).
        train(sc, samples, split, 2, (SparkTrainer.Mode) run[0], (Integer) run[1], epochs);
        SparkTrainer.Result r =
            train(sc, samples, split, 2, (SparkTrainer.Mode) run[0], (Integer) run[1], epochs);
        SparkTrainer.Statistics s = r.statistics();
        spark.add(new String[] {
          (String) run[2],
          String.format("%.0f", s.samplesPerSecond()),
          Double.toString(s.samplesPerSecond()),
          Double.toString(s.samples() / (s.steps() * s.meanExchangeMillis() / 1000)),
          String.format("%.2f", s.meanExchangeMillis()),
          String.format("%.2f", s.meanComputeMillis()),
          String.format("%.2f", s.meanSlowestComputeMillis()),
          run[0] == SparkTrainer.Mode.BARRIER && (Integer) run[1] == 0
              ? String.format("%.2f", s.meanLatencyMillis()) : "-",
          String.format("%.2f", s.meanExchangeMillis() - s.meanSlowestComputeMillis()
              - s.meanLatencyMillis()),
          String.format("%.3f", s.secondsOutsideSteps()),
          String.format("%.4f", accuracy(r.model(), split.test()))
        });
      }
      int values = 3 + ParameterArrays.size(model(seed, hidden).create().parameters());
      probe = ExchangeProbe.measure(sc, 2, values, 1000);
      probeBytes = 8L * values;
    }
    double[] plainAfter = plainJgrad(split, epochs);
    double[] plain = plainAfter[0] > plainBefore[0] ? plainAfter : plainBefore;
    List<String> table = new ArrayList<>();
    table.add(String.format(
        "digits MLP 64-%d-10, batch %d, %d epochs, jgrad.threads=%s, load average %s",
        hidden, batchSize, epochs, System.getProperty("jgrad.threads"), loadAverage()));
    table.add("");
    table.add("| run | samples/s | vs plain | samples/s within the steps | vs plain | ms per step"
        + " | compute ms per partition-step | slowest partition's compute ms | exchange ms"
        + " | rest of the step ms | s outside the steps | test accuracy |");
    table.add("|---|---|---|---|---|---|---|---|---|---|---|---|");
    table.add(String.format(
        "| plain jgrad (one thread) | %.0f | 1.00x | %.0f | 1.00x | %.2f | %.2f | %.2f | - | - | -"
            + " | %.4f |",
        plain[0], plain[0], plain[1], plain[1], plain[1], plain[2]));
    // The ceiling of local[2] on this machine: its split compute with a free exchange.
    double ceiling = batchSize / twoAtOnce[0] * 1000;
    table.add(String.format(
        "| two plain jgrad threads at once, half a batch each (no Spark) | %.0f | %.2fx | %.0f"
            + " | %.2fx | %.2f | %.2f | %.2f | - | - | - | - |",
        ceiling, ceiling / plain[0], ceiling, ceiling / plain[0], twoAtOnce[0],
        (twoAtOnce[0] + twoAtOnce[1]) / 2, twoAtOnce[0]));
    for (String[] row : spark) {
      table.add(String.format(
          "| Spark local[2], %s | %s | %.2fx | %.0f | %.2fx | %s | %s | %s | %s | %s | %s | %s |",
          row[0], row[1], Double.parseDouble(row[2]) / plain[0], Double.parseDouble(row[3]),
          Double.parseDouble(row[3]) / plain[0], row[4], row[5], row[6], row[7], row[8], row[9],
          row[10]));
    }
    table.add("");
    table.add(String.format(
        "The barrier exchange alone (2 tasks, messages of %d bytes, nothing computed between"
            + " exchanges): median %.3f ms, mean %.3f ms over 1000 exchanges.",
        probeBytes, probe[0], probe[1]));
    table.add(String.format(
        "Two plain jgrad threads at once (no Spark), each on batches of %d: %.2f ms per step for the"
            + " slower, %.2f for the faster; so with an exchange that cost nothing local[2] would"
            + " reach at most %.0f samples/s here, %.2fx plain jgrad on one thread.",
        halfBatch(), twoAtOnce[0], twoAtOnce[1], ceiling, ceiling / plain[0]));
    System.out.println();
    table.forEach(System.out::println);
    Files.write(out.resolve("spark-digits-benchmark-b" + batchSize + ".md"), table);
  }

  /** How many steps each of the benchmark's two plain threads at once takes, and its warm-up. */
  private static final int TWO_THREAD_STEPS = 300;

  /** Returns {samples/s, ms per step, test accuracy} of plain jgrad training, {@code n} epochs. */
  private double[] plainJgrad(Dataset.Split split, int n) {
    double[] r = train(split, batchSize, n);
    say(String.format("plain jgrad: test_accuracy %.4f, %.0f samples/s", r[2], r[0]));
    return r;
  }

  /**
   * Returns {ms per step of the slower thread, ms per step of the faster} of two plain jgrad
   * trainings at once, each on its own thread with batches of half the size for at least
   * {@code steps} steps: what two cores give the split compute of a {@code local[2]} step when
   * nothing else (no Spark, no exchange) takes a share.
   */
  private double[] twoThreadsAtOnce(Dataset.Split split, int steps) throws IOException {
    int half = halfBatch();
    int stepsPerEpoch = (split.train().size() + half - 1) / half;
    int halfEpochs = (steps + stepsPerEpoch - 1) / stepsPerEpoch;
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<double[]>> runs =
          pool.invokeAll(
              List.of(() -> train(split, half, halfEpochs), () -> train(split, half, halfEpochs)));
      double a = runs.get(0).get()[1];
      double b = runs.get(1).get()[1];
      return new double[] {Math.max(a, b), Math.min(a, b)};
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while timing two threads at once", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("two threads at once: a training failed", e.getCause());
    } finally {
      pool.shutdown();
    }
  }

  /** Returns the rows per batch of each of the two threads at once: half the batch, at least 1. */
  private int halfBatch() {
    return Math.max(1, batchSize / 2);
  }

  /** Returns {samples/s, ms per step, test accuracy} of plain jgrad training, {@code n} epochs. */
  private double[] train(Dataset.Split split, int rowsPerBatch, int n) {
    Module model = model(seed, hidden).create();
    Optimizer adam = new Adam(model.parameters(), LEARNING_RATE);
    Random shuffle = new Random(seed);
    long samples = 0;
    long steps = 0;
    long start = System.nanoTime();
    for (int epoch = 0; epoch < n; epoch++) {
      for (Batch batch : split.train().batches(rowsPerBatch, shuffle, false)) {
        adam.zeroGrad();
        Losses.crossEntropy(model.forward(batch.x()), batch.y()).backward();
        adam.step();
        samples += batch.x().size(0);
        steps++;
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return new double[] {samples / seconds, 1000 * seconds / steps, accuracy(model, split.test())};
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return "unknown";
    }
  }

  private void say(String line) {
    if (!quiet) {
      System.out.println(line);
    }
  }

  /** Returns the model recipe: 64 -> {@code hidden} ReLU -> 10, initialised from {@code seed}. */
  static ModelFactory model(long seed, int hidden) {
    return () -> {
      Random init = new Random(seed);
      return new Sequential(
          new Linear(64, hidden, init), new Relu(), new Linear(hidden, 10, init));
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

  static double[][] rows(Tensor x) {
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
