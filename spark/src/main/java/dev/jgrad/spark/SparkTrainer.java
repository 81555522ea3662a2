package dev.jgrad.spark;

import dev.jgrad.autograd.Tensor;
import dev.jgrad.nn.Module;
import dev.jgrad.nn.data.Dataset;
import dev.jgrad.nn.optim.Optimizer;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import scala.Tuple2;

/**
 * Trains a jgrad model data-parallel on Spark and returns the trained model with its loss curve
 * and timing.
 *
 * <p><b>Synchronous mode</b> (the default): for every global mini-batch the driver broadcasts the
 * parameters as one flat {@code double[]}; each partition rebuilds the model from the {@link
 * ModelFactory} (once per task thread), takes ITS rows of the batch, and computes their summed
 * loss gradient with jgrad's autograd; {@code treeAggregate} sums the partitions' gradients; the
 * driver divides by the batch size and applies the optimizer step. The batch order is drawn on the
 * driver from the seed exactly as {@code Dataset.batches(batchSize, new Random(seed), false)}
 * would on one machine (one {@code Random} across epochs, the last batch may be short), so the
 * result equals single-machine training up to floating-point summation order.
 *
 * <p><b>Parameter averaging</b> ({@link Builder#averageEvery(int)}): each partition starts from
 * the broadcast parameters, takes {@code k} local optimizer steps on its rows of the next {@code
 * k} global batches (a fresh optimizer each round, so e.g. Adam's moments restart), and the driver
 * averages the partitions' parameters weighted by the rows they trained on. One exchange per
 * {@code k} batches instead of one per batch, at the price of results that depend on the
 * partitioning.
 *
 * <p>Checkpoints ({@link Builder#checkpoint(Path, int)}) hold the parameters, the optimizer state
 * and the finished epochs; with {@link Builder#resume(boolean)} a restarted run continues from
 * the file and ends with the same parameters as an uninterrupted run. Spark retries a failed task
 * from the same broadcast parameters and rows, so a retry cannot change a step's result.
 */
public final class SparkTrainer {
  /** Receives the driver's epoch results: the epoch (from 1) and the mean training loss. */
  @FunctionalInterface
  public interface EpochListener {
    /** Called after each epoch (and its checkpoint, if one is due). */
    void epochEnded(int epoch, double meanLoss);
  }

  /**
   * Timing and traffic of a run.
   *
   * @param steps exchanges with the executors (optimizer steps, or averaging rounds)
   * @param samples rows trained on (over all epochs run)
   * @param seconds wall time of the training loop
   * @param vectorBytes bytes of the vector each partition sends per exchange (and the driver
   *     broadcasts): 8 bytes per parameter value
   * @param meanExchangeMillis mean wall time of one exchange (broadcast, tasks, treeAggregate)
   * @param meanComputeMillis mean time one partition spent in jgrad per exchange
   */
  public record Statistics(
      long steps,
      long samples,
      double seconds,
      long vectorBytes,
      double meanExchangeMillis,
      double meanComputeMillis) {
    /** Returns rows trained on per second of wall time. */
    public double samplesPerSecond() {
      return samples / seconds;
    }

    /** Returns e.g. {@code 675 steps, 21560 samples/s, 77 kB per vector, 12.1 ms per step}. */
    @Override
    public String toString() {
      return String.format(
          "%d steps, %.0f samples/s, %d bytes per vector, %.2f ms per exchange (%.2f ms compute"
              + " per partition)",
          steps, samplesPerSecond(), vectorBytes, meanExchangeMillis, meanComputeMillis);
    }
  }

  /** The outcome of {@link #fit}: the trained model, mean loss per epoch run, and timing. */
  public record Result(Module model, List<Double> epochLosses, Statistics statistics) {}

  private final ModelFactory modelFactory;
  private final LossFunction loss;
  private final OptimizerFactory optimizerFactory;
  private final int batchSize;
  private final int epochs;
  private final long seed;
  private final int partitions;
  private final int averageEvery;
  private final Path checkpointFile;
  private final int checkpointEvery;
  private final boolean resume;
  private final EpochListener listener;
  private final PrintStream progress;

  private SparkTrainer(Builder b) {
    this.modelFactory = b.modelFactory;
    this.loss = b.loss;
    this.optimizerFactory = b.optimizerFactory;
    this.batchSize = b.batchSize;
    this.epochs = b.epochs;
    this.seed = b.seed;
    this.partitions = b.partitions;
    this.averageEvery = b.averageEvery;
    this.checkpointFile = b.checkpointFile;
    this.checkpointEvery = b.checkpointEvery;
    this.resume = b.resume;
    this.listener = b.listener;
    this.progress = b.progress;
  }

  /**
   * Returns a builder for a trainer of the models {@code model} builds, with {@code loss} (a mean
   * over rows) and the optimizers {@code optimizer} builds.
   *
   * @throws IllegalArgumentException if an argument is null
   */
  public static Builder builder(ModelFactory model, LossFunction loss, OptimizerFactory optimizer) {
    if (model == null || loss == null || optimizer == null) {
      throw new IllegalArgumentException(
          "SparkTrainer.builder: model factory, loss and optimizer factory must not be null");
    }
    return new Builder(model, loss, optimizer);
  }

  /**
   * Trains on the numeric columns of {@code rows}, {@code labelColumn} as the target (see {@link
   * Samples#fromRows}).
   */
  public Result fit(org.apache.spark.sql.Dataset<Row> rows, String labelColumn) {
    return fit(Samples.fromRows(rows, labelColumn));
  }

  /**
   * Trains on {@code samples} and returns the driver's trained model, the loss curve and timing.
   *
   * @throws IllegalArgumentException if {@code samples} is empty or its samples differ in width
   * @throws IllegalStateException if a partition's model does not match the driver's
   */
  public Result fit(JavaRDD<Sample> samples) {
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(samples.context());
    int parts = partitions > 0 ? partitions : samples.getNumPartitions();
    JavaRDD<SampleBlock> blocks =
        samples
            .zipWithIndex()
            .mapToPair(t -> new Tuple2<>(t._2(), t._1()))
            .partitionBy(new HashPartitioner(parts))
            .mapPartitions(rows -> List.of(SampleBlock.of(rows)).iterator())
            .cache();
    long n = blocks.map(SampleBlock::size).reduce(Integer::sum);
    if (n == 0) {
      blocks.unpersist();
      throw new IllegalArgumentException("SparkTrainer.fit: no samples to train on");
    }
    try {
      return train(sc, blocks, Math.toIntExact(n));
    } finally {
      blocks.unpersist();
    }
  }

  private Result train(JavaSparkContext sc, JavaRDD<SampleBlock> blocks, int n) {
    Module model = modelFactory.create();
    List<Tensor> parameters = model.parameters();
    Optimizer optimizer = averageEvery == 0 ? optimizerFactory.create(parameters) : null;
    int startEpoch = 0;
    if (resume && checkpointFile != null && Files.exists(checkpointFile)) {
      startEpoch = Checkpoint.restore(checkpointFile, model, optimizer, seed);
      log("resumed from %s after epoch %d", checkpointFile, startEpoch);
    }
    String runId = UUID.randomUUID().toString();
    Random shuffle = new Random(seed);
    List<Double> epochLosses = new ArrayList<>();
    long steps = 0;
    long samplesSeen = 0;
    long exchangeNanos = 0;
    long computeNanos = 0;
    long computeCount = 0;
    long start = System.nanoTime();
    for (int epoch = 0; epoch < epochs; epoch++) {
      int[] order = Dataset.permutation(n, shuffle); // drawn for every epoch, so resumes agree
      if (epoch < startEpoch) {
        continue;
      }
      Broadcast<int[]> rank = sc.broadcast(inverse(order));
      double lossSum = 0;
      int stride = averageEvery == 0 ? batchSize : batchSize * averageEvery;
      for (int from = 0; from < n; from += stride) {
        long t0 = System.nanoTime();
        Broadcast<double[]> values = sc.broadcast(ParameterArrays.flatten(parameters));
        PartitionResult sum =
            averageEvery == 0
                ? gradientSum(blocks, rank, values, runId, from, Math.min(from + batchSize, n))
                : averagedParameters(blocks, rank, values, runId, from, n);
        values.destroy();
        int rows = Math.min(from + stride, n) - from;
        if (sum.rows != rows) {
          throw new IllegalStateException(
              String.format(
                  "SparkTrainer: step at row %d of epoch %d got %d rows back, expected %d",
                  from, epoch + 1, sum.rows, rows));
        }
        if (averageEvery == 0) {
          ParameterArrays.setGradients(parameters, sum.vector, rows);
          optimizer.step();
        } else {
          for (int k = 0; k < sum.vector.length; k++) {
            sum.vector[k] /= rows;
          }
          ParameterArrays.assign(parameters, sum.vector);
        }
        exchangeNanos += System.nanoTime() - t0;
        computeNanos += sum.computeNanos;
        computeCount += Math.min(blocks.getNumPartitions(), rows);
        lossSum += sum.lossSum;
        samplesSeen += rows;
        steps++;
      }
      rank.destroy();
      double meanLoss = lossSum / n;
      epochLosses.add(meanLoss);
      log("epoch %d/%d  loss %.5f", epoch + 1, epochs, meanLoss);
      if (checkpointFile != null && (epoch + 1) % checkpointEvery == 0) {
        Checkpoint.write(checkpointFile, model, optimizer, epoch + 1, seed);
      }
      if (listener != null) {
        listener.epochEnded(epoch + 1, meanLoss);
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    Statistics statistics =
        new Statistics(
            steps,
            samplesSeen,
            seconds,
            8L * ParameterArrays.size(parameters),
            steps == 0 ? 0 : exchangeNanos / 1e6 / steps,
            computeCount == 0 ? 0 : computeNanos / 1e6 / computeCount);
    return new Result(model, List.copyOf(epochLosses), statistics);
  }

  /** Runs one synchronous step on the executors: the summed gradient of rows ranked [from, to). */
  private PartitionResult gradientSum(
      JavaRDD<SampleBlock> blocks,
      Broadcast<int[]> rank,
      Broadcast<double[]> values,
      String runId,
      int from,
      int to) {
    ModelFactory factory = modelFactory;
    LossFunction lossFunction = loss;
    int size = values.value().length;
    return blocks
        .map(
            block -> {
              long t0 = System.nanoTime();
              PartitionResult out = new PartitionResult(size);
              SampleBlock.Rows rows = block.rowsRanked(rank.value(), from, to);
              if (rows == null) {
                return out;
              }
              TaskModel task = TaskModel.forRun(runId, factory);
              ParameterArrays.assign(task.parameters, values.value());
              task.model.zeroGrad();
              Tensor batchLoss = lossFunction.apply(task.model.forward(rows.features()), rows.targets());
              Tensor summed = batchLoss.mul(rows.count());
              summed.backward();
              ParameterArrays.addGradients(task.parameters, out.vector);
              out.lossSum = summed.item();
              out.rows = rows.count();
              out.computeNanos = System.nanoTime() - t0;
              return out;
            })
        .treeAggregate(new PartitionResult(size), PartitionResult::add, PartitionResult::add);
  }

  /**
   * Runs one averaging round: each partition takes up to {@code averageEvery} local steps on its
   * rows of the batches starting at {@code from} and returns its parameters times its row count.
   */
  private PartitionResult averagedParameters(
      JavaRDD<SampleBlock> blocks,
      Broadcast<int[]> rank,
      Broadcast<double[]> values,
      String runId,
      int from,
      int n) {
    ModelFactory factory = modelFactory;
    LossFunction lossFunction = loss;
    OptimizerFactory optimizers = optimizerFactory;
    int size = values.value().length;
    int batch = batchSize;
    int localSteps = averageEvery;
    return blocks
        .map(
            block -> {
              long t0 = System.nanoTime();
              PartitionResult out = new PartitionResult(size);
              TaskModel task = TaskModel.forRun(runId, factory);
              ParameterArrays.assign(task.parameters, values.value());
              Optimizer local = optimizers.create(task.parameters);
              for (int s = 0; s < localSteps && from + s * batch < n; s++) {
                int start = from + s * batch;
                SampleBlock.Rows rows = block.rowsRanked(rank.value(), start, start + batch);
                if (rows == null) {
                  continue;
                }
                local.zeroGrad();
                Tensor batchLoss =
                    lossFunction.apply(task.model.forward(rows.features()), rows.targets());
                batchLoss.backward();
                local.step();
                out.lossSum += batchLoss.item() * rows.count();
                out.rows += rows.count();
              }
              if (out.rows > 0) {
                double[] trained = ParameterArrays.flatten(task.parameters);
                for (int k = 0; k < size; k++) {
                  out.vector[k] = trained[k] * out.rows;
                }
              }
              out.computeNanos = System.nanoTime() - t0;
              return out;
            })
        .treeAggregate(new PartitionResult(size), PartitionResult::add, PartitionResult::add);
  }

  private static int[] inverse(int[] order) {
    int[] rank = new int[order.length];
    for (int position = 0; position < order.length; position++) {
      rank[order[position]] = position;
    }
    return rank;
  }

  private void log(String format, Object... args) {
    if (progress != null) {
      progress.println("spark-trainer: " + String.format(format, args));
    }
  }

  /** Collects the settings of a {@link SparkTrainer}; every setting has a default but the three. */
  public static final class Builder {
    private final ModelFactory modelFactory;
    private final LossFunction loss;
    private final OptimizerFactory optimizerFactory;
    private int batchSize = 32;
    private int epochs = 10;
    private long seed = 0;
    private int partitions = 0;
    private int averageEvery = 0;
    private Path checkpointFile;
    private int checkpointEvery = 1;
    private boolean resume;
    private EpochListener listener;
    private PrintStream progress;

    private Builder(ModelFactory modelFactory, LossFunction loss, OptimizerFactory optimizer) {
      this.modelFactory = modelFactory;
      this.loss = loss;
      this.optimizerFactory = optimizer;
    }

    /** Returns this builder with the global mini-batch size (default 32). */
    public Builder batchSize(int batchSize) {
      positive("batchSize", batchSize);
      this.batchSize = batchSize;
      return this;
    }

    /** Returns this builder with the number of epochs (default 10). */
    public Builder epochs(int epochs) {
      positive("epochs", epochs);
      this.epochs = epochs;
      return this;
    }

    /** Returns this builder with the seed of the batch order (default 0). */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Returns this builder with the number of partitions (default: the input's). */
    public Builder partitions(int partitions) {
      positive("partitions", partitions);
      this.partitions = partitions;
      return this;
    }

    /**
     * Returns this builder in parameter-averaging mode: partitions take {@code localSteps} local
     * steps between exchanges.
     */
    public Builder averageEvery(int localSteps) {
      positive("averageEvery", localSteps);
      this.averageEvery = localSteps;
      return this;
    }

    /** Returns this builder writing a checkpoint to {@code file} every {@code everyEpochs}. */
    public Builder checkpoint(Path file, int everyEpochs) {
      if (file == null) {
        throw new IllegalArgumentException("SparkTrainer.Builder.checkpoint: file is null");
      }
      positive("checkpoint every", everyEpochs);
      this.checkpointFile = file;
      this.checkpointEvery = everyEpochs;
      return this;
    }

    /** Returns this builder that, if on, resumes from the checkpoint file when it exists. */
    public Builder resume(boolean on) {
      this.resume = on;
      return this;
    }

    /** Returns this builder calling {@code listener} after every epoch on the driver. */
    public Builder onEpoch(EpochListener listener) {
      this.listener = listener;
      return this;
    }

    /** Returns this builder printing one line per epoch to {@code out} (default: silent). */
    public Builder progress(PrintStream out) {
      this.progress = out;
      return this;
    }

    /** Returns the trainer. */
    public SparkTrainer build() {
      return new SparkTrainer(this);
    }

    private static void positive(String what, int value) {
      if (value <= 0) {
        throw new IllegalArgumentException(
            "SparkTrainer.Builder: " + what + " must be positive, got " + value);
      }
    }
  }
}
