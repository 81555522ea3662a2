package dev.jgrad.spark;

import dev.jgrad.autograd.Tensor;
import dev.jgrad.nn.Module;
import dev.jgrad.nn.data.Dataset;
import dev.jgrad.nn.optim.Optimizer;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;
import scala.reflect.ClassTag$;

/**
 * Trains a jgrad model data-parallel on Spark and returns the trained model with its loss curve
 * and timing.
 *
 * <p>All modes share the batch order: it is drawn from the seed exactly as {@code
 * Dataset.batches(batchSize, new Random(seed), false)} draws it on one machine (one {@code
 * Random} across epochs, the last batch may be short), and every partition trains on its rows of
 * each global batch. Gradients and parameters of the partitions are always added in partition
 * order, so two runs give the same bits for any partition count.
 *
 * <p><b>{@link Mode#BARRIER}</b> (the default): one Spark barrier stage per group of epochs, with
 * one long-lived task per partition. Each task holds a replica of the model and optimizer; at
 * every step it computes the summed gradient of its rows, exchanges it with the other tasks
 * through {@code BarrierTaskContext.allGather}, adds all of them in partition order and applies
 * the optimizer step itself. The replicas stay identical, and the result equals single-machine
 * training up to floating-point summation order. Needs a free task slot per partition. If a task
 * fails, Spark restarts the whole stage from the broadcast parameters and optimizer state of the
 * stage's start, so the result does not change.
 *
 * <p><b>{@link Mode#JOB_PER_STEP}</b>: one Spark job per optimizer step. The driver broadcasts the
 * parameters, each partition returns its summed gradient, the driver adds them and steps its
 * optimizer. Same result as the barrier mode, bit for bit, at the cost of a job per step; works
 * with more partitions than task slots.
 *
 * <p><b>Parameter averaging</b> ({@link Builder#averageEvery(int)}, one job per round): each
 * partition starts from the broadcast parameters and optimizer state, takes {@code k} local
 * optimizer steps on its rows of the next {@code k} global batches, and the driver averages the
 * partitions' parameters AND optimizer state (Adam's moments, say), weighted by the rows they
 * trained on. One exchange per {@code k} batches, at the price of results that depend on the
 * partitioning.
 *
 * <p>Checkpoints ({@link Builder#checkpoint(String, int)}) hold the parameters, the optimizer state
 * and the finished epochs, on any Hadoop file system the job's configuration reaches; with {@link
 * Builder#resume(boolean)} a restarted run continues from the file and ends with the same
 * parameters as an uninterrupted run.
 */
public final class SparkTrainer {
  /** How the partitions' gradients reach the optimizer. */
  public enum Mode {
    /** One barrier stage per group of epochs; gradients exchanged with {@code allGather}. */
    BARRIER,
    /** One Spark job per optimizer step; the driver adds the gradients and steps. */
    JOB_PER_STEP
  }

  /** Receives the driver's epoch results: the epoch (from 1) and the mean training loss. */
  @FunctionalInterface
  public interface EpochListener {
    /** Called after each epoch (in barrier mode, when the stage holding it has finished). */
    void epochEnded(int epoch, double meanLoss);
  }

  /**
   * Timing and traffic of a run.
   *
   * @param steps exchanges between the partitions (optimizer steps, or averaging rounds)
   * @param samples rows trained on (over all epochs run)
   * @param seconds wall time of the training loop on the driver
   * @param vectorBytes bytes of the vector each partition sends per exchange: 8 bytes per
   *     parameter value
   * @param meanExchangeMillis mean wall time of one exchange: in barrier mode measured in the
   *     task of partition 0 (its compute, the allGather, the optimizer step), otherwise on the
   *     driver (broadcast, job, sum, optimizer step)
   * @param meanComputeMillis mean time one partition spent in jgrad per exchange
   * @param meanWaitMillis in barrier mode, mean time partition 0 waited in the exchange per step
   *     (for the slowest partition, the coordinator and the messages); 0 in the other modes
   * @param meanSlowestComputeMillis in barrier mode, the mean over steps of the slowest
   *     partition's compute time (what every step waits for); else {@code meanComputeMillis}
   * @param meanLatencyMillis in barrier mode, the mean time per step the exchange itself took
   *     beyond waiting for the slowest partition: partition 0's wait minus the slowest partition's
   *     compute lead over its own (encoding the message, the coordinator's round trip); 0 in the
   *     other modes
   */
  public record Statistics(
      long steps,
      long samples,
      double seconds,
      long vectorBytes,
      double meanExchangeMillis,
      double meanComputeMillis,
      double meanWaitMillis,
      double meanSlowestComputeMillis,
      double meanLatencyMillis) {
    /**
     * Returns the wall time of the run spent outside the steps, in seconds: starting stages or
     * jobs, broadcasting the parameters, collecting results, checkpoints.
     */
    public double secondsOutsideSteps() {
      return seconds - steps * meanExchangeMillis / 1000;
    }

    /** Returns rows trained on per second of wall time. */
    public double samplesPerSecond() {
      return samples / seconds;
    }

    /** Returns the mean time per exchange not spent computing gradients, in milliseconds. */
    public double meanOverheadMillis() {
      return meanExchangeMillis - meanComputeMillis;
    }

    /** Returns e.g. {@code 675 steps, 21560 samples/s, 76880 bytes per vector, 1.21 ms ...}. */
    @Override
    public String toString() {
      return String.format(
          "%d steps, %.0f samples/s, %d bytes per vector, %.3f ms per exchange (%.3f ms compute"
              + " per partition, %.3f ms for the slowest, %.3f ms waiting in the exchange, %.3f"
              + " ms of it the exchange itself), %.3f s outside the steps",
          steps, samplesPerSecond(), vectorBytes, meanExchangeMillis, meanComputeMillis,
          meanSlowestComputeMillis, meanWaitMillis, meanLatencyMillis, secondsOutsideSteps());
    }
  }

  /** The outcome of {@link #fit}: the trained model, mean loss per epoch run, and timing. */
  public record Result(Module model, List<Double> epochLosses, Statistics statistics) {}

  private final ModelFactory modelFactory;
  private final LossFunction loss;
  private final OptimizerFactory optimizerFactory;
  private final Mode mode;
  private final int batchSize;
  private final int epochs;
  private final long seed;
  private final int partitions;
  private final int averageEvery;
  private final int epochsPerStage;
  private final String checkpointLocation;
  private final int checkpointEvery;
  private final boolean resume;
  private final EpochListener listener;
  private final PrintStream progress;

  private SparkTrainer(Builder b) {
    this.modelFactory = b.modelFactory;
    this.loss = b.loss;
    this.optimizerFactory = b.optimizerFactory;
    this.mode = b.mode;
    this.batchSize = b.batchSize;
    this.epochs = b.epochs;
    this.seed = b.seed;
    this.partitions = b.partitions;
    this.averageEvery = b.averageEvery;
    this.epochsPerStage = b.epochsPerStage;
    this.checkpointLocation = b.checkpointLocation;
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
   * Trains on the rows of {@code rows} with {@code labelColumn} as the target and every other
   * numeric column as a feature (see {@link Samples#fromRows}).
   */
  public Result fit(org.apache.spark.sql.Dataset<Row> rows, String labelColumn) {
    return fit(Samples.fromRows(rows, labelColumn));
  }

  /**
   * Trains on {@code samples} and returns the driver's trained model, the loss curve and timing.
   * The rows are numbered in input order and spread over the trainer's partition count (default:
   * the context's default parallelism, not the input's partitions); each partition holds its
   * rows in memory as flat arrays (8 bytes per feature and target value).
   *
   * @throws IllegalArgumentException if {@code samples} is empty or its samples differ in width
   * @throws IllegalStateException if a partition's model does not match the driver's
   */
  public Result fit(JavaRDD<Sample> samples) {
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(samples.context());
    int parts = partitions > 0 ? partitions : sc.defaultParallelism();
    int slots = localSlots(sc.master());
    if (mode == Mode.BARRIER && averageEvery == 0 && slots > 0 && parts > slots) {
      // Spark would retry its own slot check for minutes before failing.
      throw new IllegalArgumentException(
          String.format(
              "SparkTrainer.fit: barrier mode needs a task slot per partition, but %s has %d"
                  + " for %d partitions; use at most %d partitions or Mode.JOB_PER_STEP",
              sc.master(), slots, parts, slots));
    }
    JavaRDD<SampleBlock> blocks =
        samples
            .zipWithIndex()
            .mapToPair(t -> new Tuple2<>(t._2(), t._1()))
            .partitionBy(new HashPartitioner(parts))
            .mapPartitions(rows -> List.of(SampleBlock.of(rows)).iterator())
            // On a cluster each block is kept on two executors: after losing one, the retried
            // stage reads the copy instead of recomputing the shuffle that died with it.
            .persist(sc.isLocal() ? StorageLevel.MEMORY_ONLY() : StorageLevel.MEMORY_AND_DISK_2());
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

  /**
   * Returns the task slots of a {@code local}, {@code local[N]}, {@code local[*]} or {@code
   * local[N,F]} master, or -1 for any other master (a cluster's slots are Spark's to check).
   */
  static int localSlots(String master) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("local(?:\\[(\\*|\\d+)(?:,\\d+)?\\])?").matcher(master);
    if (!m.matches()) {
      return -1;
    }
    if (m.group(1) == null) {
      return 1;
    }
    return m.group(1).equals("*") ? Runtime.getRuntime().availableProcessors()
        : Integer.parseInt(m.group(1));
  }

  /** What the driver holds between steps and stages. */
  private static final class DriverState {
    final Module model;
    final List<Tensor> parameters;
    final Optimizer optimizer;
    final List<Double> epochLosses = new ArrayList<>();
    long steps;
    long samples;
    double exchangeMillisSum;
    double computeMillisSum;
    double waitMillisSum;
    double slowestMillisSum;
    double latencyMillisSum;
    long computeCount;

    DriverState(Module model, Optimizer optimizer) {
      this.model = model;
      this.parameters = model.parameters();
      this.optimizer = optimizer;
    }
  }

  private Result train(JavaSparkContext sc, JavaRDD<SampleBlock> blocks, int n) {
    Module model = modelFactory.create();
    DriverState driver = new DriverState(model, optimizerFactory.create(model.parameters()));
    Configuration hadoop = sc.hadoopConfiguration();
    int startEpoch = 0;
    if (resume && checkpointLocation != null && Checkpoint.exists(checkpointLocation, hadoop)) {
      startEpoch =
          Checkpoint.restore(checkpointLocation, hadoop, driver.model, driver.optimizer, seed);
      log("resumed from %s after epoch %d", checkpointLocation, startEpoch);
    }
    long start = System.nanoTime();
    if (averageEvery == 0 && mode == Mode.BARRIER) {
      trainWithBarrierStages(sc, blocks, n, startEpoch, driver, hadoop);
    } else {
      trainWithJobs(sc, blocks, n, startEpoch, driver, hadoop);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    Statistics statistics =
        new Statistics(
            driver.steps,
            driver.samples,
            seconds,
            8L * ParameterArrays.size(driver.parameters),
            driver.steps == 0 ? 0 : driver.exchangeMillisSum / driver.steps,
            driver.computeCount == 0 ? 0 : driver.computeMillisSum / driver.computeCount,
            driver.steps == 0 ? 0 : driver.waitMillisSum / driver.steps,
            driver.steps == 0
                ? 0
                : mode == Mode.BARRIER && averageEvery == 0
                    ? driver.slowestMillisSum / driver.steps
                    : driver.computeCount == 0 ? 0 : driver.computeMillisSum / driver.computeCount,
            driver.steps == 0 ? 0 : driver.latencyMillisSum / driver.steps);
    return new Result(driver.model, List.copyOf(driver.epochLosses), statistics);
  }

  /** Runs the epochs from {@code startEpoch} as barrier stages, up to each due checkpoint. */
  private void trainWithBarrierStages(
      JavaSparkContext sc,
      JavaRDD<SampleBlock> blocks,
      int n,
      int startEpoch,
      DriverState driver,
      Configuration hadoop) {
    int epoch = startEpoch;
    while (epoch < epochs) {
      int end = Math.min(epochs, epochsPerStage > 0 ? epoch + epochsPerStage : epochs);
      if (checkpointLocation != null) {
        end = Math.min(end, (epoch / checkpointEvery + 1) * checkpointEvery);
      }
      Broadcast<double[]> values = sc.broadcast(ParameterArrays.flatten(driver.parameters));
      Broadcast<LinkedHashMap<String, double[]>> state =
          sc.broadcast(new LinkedHashMap<>(driver.optimizer.state()));
      BarrierEpochs task =
          new BarrierEpochs(
              modelFactory, loss, optimizerFactory, batchSize, seed, n, epoch, end, values, state);
      JavaRDD<StageResult> stage =
          blocks
              .rdd()
              .barrier()
              .mapPartitions(task, false, ClassTag$.MODULE$.apply(StageResult.class))
              .toJavaRDD();
      // The shuffle makes the barrier stage a map stage: Spark retries a failed barrier map stage
      // as a whole, but aborts the job when a barrier result stage fails.
      List<StageResult> results = new ArrayList<>(stage.repartition(1).collect());
      results.sort(Comparator.comparingInt(r -> r.partition));
      values.destroy();
      state.destroy();
      StageResult first = results.get(0);
      ParameterArrays.assign(driver.parameters, first.parameters);
      driver.optimizer.loadState(first.optimizerState);
      StepTimes times = first.times;
      driver.steps += times.steps;
      driver.samples += (long) n * (end - epoch);
      driver.exchangeMillisSum += times.stepNanos / 1e6;
      driver.waitMillisSum += times.waitNanos / 1e6;
      driver.slowestMillisSum += times.slowestComputeNanos / 1e6;
      driver.latencyMillisSum +=
          (times.waitNanos - (times.slowestComputeNanos - times.computeNanos)) / 1e6;
      for (StageResult r : results) {
        driver.computeMillisSum += r.times.computeNanos / 1e6;
        driver.computeCount += r.times.computeSteps;
      }
      for (int e = epoch; e < end; e++) {
        epochEnded(driver, e, first.epochLossSums[e - epoch] / n, hadoop, e + 1 == end);
      }
      epoch = end;
    }
  }

  /** Runs the epochs from {@code startEpoch} with one Spark job per step or averaging round. */
  private void trainWithJobs(
      JavaSparkContext sc,
      JavaRDD<SampleBlock> blocks,
      int n,
      int startEpoch,
      DriverState driver,
      Configuration hadoop) {
    String runId = UUID.randomUUID().toString();
    Random shuffle = new Random(seed);
    int stride = averageEvery == 0 ? batchSize : batchSize * averageEvery;
    for (int epoch = 0; epoch < epochs; epoch++) {
      int[] order = Dataset.permutation(n, shuffle); // drawn for every epoch, so resumes agree
      if (epoch < startEpoch) {
        continue;
      }
      Broadcast<int[]> rank = sc.broadcast(SampleBlock.inverse(order));
      double lossSum = 0;
      for (int from = 0; from < n; from += stride) {
        long t0 = System.nanoTime();
        int rows = Math.min(from + stride, n) - from;
        Broadcast<double[]> values = sc.broadcast(ParameterArrays.flatten(driver.parameters));
        PartitionResult sum;
        if (averageEvery == 0) {
          sum = gradientSum(blocks, rank, values, runId, from, from + rows);
          checkRows(sum, rows, from, epoch);
          ParameterArrays.setGradients(driver.parameters, sum.vector, rows);
          driver.optimizer.step();
        } else {
          Broadcast<LinkedHashMap<String, double[]>> state =
              sc.broadcast(new LinkedHashMap<>(driver.optimizer.state()));
          List<PartitionResult> results = averagedParameters(blocks, rank, values, state, from, n);
          state.destroy();
          sum = PartitionResult.sumInOrder(results, values.value().length);
          checkRows(sum, rows, from, epoch);
          for (int k = 0; k < sum.vector.length; k++) {
            sum.vector[k] /= rows;
          }
          ParameterArrays.assign(driver.parameters, sum.vector);
          driver.optimizer.loadState(PartitionResult.averageStates(results));
        }
        values.destroy();
        driver.exchangeMillisSum += (System.nanoTime() - t0) / 1e6;
        driver.computeMillisSum += sum.computeNanos / 1e6;
        driver.computeCount += Math.min(blocks.getNumPartitions(), rows);
        lossSum += sum.lossSum;
        driver.samples += rows;
        driver.steps++;
      }
      rank.destroy();
      epochEnded(driver, epoch, lossSum / n, hadoop, true);
    }
  }

  private static void checkRows(PartitionResult sum, int rows, int from, int epoch) {
    if (sum.rows != rows) {
      throw new IllegalStateException(
          String.format(
              "SparkTrainer: step at row %d of epoch %d got %d rows back, expected %d",
              from, epoch + 1, sum.rows, rows));
    }
  }

  /** Records epoch {@code epoch} (from 0), writes a due checkpoint and tells the listener. */
  private void epochEnded(
      DriverState driver, int epoch, double meanLoss, Configuration hadoop, boolean mayCheckpoint) {
    driver.epochLosses.add(meanLoss);
    log("epoch %d/%d  loss %.5f", epoch + 1, epochs, meanLoss);
    if (mayCheckpoint && checkpointLocation != null && (epoch + 1) % checkpointEvery == 0) {
      Checkpoint.write(
          checkpointLocation, hadoop, driver.model, driver.optimizer, epoch + 1, seed);
    }
    if (listener != null) {
      listener.epochEnded(epoch + 1, meanLoss);
    }
  }

  /**
   * Runs one synchronous step on the executors and returns the summed gradient of the rows
   * ranked [from, to), added in partition order.
   */
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
    List<PartitionResult> results =
        blocks
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
                  out.lossSum =
                      GradientSums.addSummedGradient(
                          task.model, task.parameters, lossFunction, rows, out.vector);
                  out.rows = rows.count();
                  out.computeNanos = System.nanoTime() - t0;
                  return out;
                })
            .collect();
    return PartitionResult.sumInOrder(results, size);
  }

  /**
   * Runs one averaging round: each partition loads the broadcast parameters and optimizer state,
   * takes up to {@code averageEvery} local steps on its rows of the batches starting at {@code
   * from}, and returns its parameters and optimizer state times its row count (in partition
   * order).
   */
  private List<PartitionResult> averagedParameters(
      JavaRDD<SampleBlock> blocks,
      Broadcast<int[]> rank,
      Broadcast<double[]> values,
      Broadcast<LinkedHashMap<String, double[]>> state,
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
              Module model = factory.create();
              List<Tensor> params = model.parameters();
              ParameterArrays.assign(params, values.value());
              Optimizer local = optimizers.create(params);
              local.loadState(state.value());
              for (int s = 0; s < localSteps && from + s * batch < n; s++) {
                int start = from + s * batch;
                SampleBlock.Rows rows = block.rowsRanked(rank.value(), start, start + batch);
                if (rows == null) {
                  continue;
                }
                local.zeroGrad();
                Tensor batchLoss =
                    lossFunction.apply(model.forward(rows.features()), rows.targets());
                batchLoss.backward();
                local.step();
                out.lossSum += batchLoss.item() * rows.count();
                out.rows += rows.count();
              }
              if (out.rows > 0) {
                double[] trained = ParameterArrays.flatten(params);
                for (int k = 0; k < size; k++) {
                  out.vector[k] = trained[k] * out.rows;
                }
                out.state = new LinkedHashMap<>(local.state());
              }
              out.computeNanos = System.nanoTime() - t0;
              return out;
            })
        .collect();
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
    private Mode mode = Mode.BARRIER;
    private int batchSize = 32;
    private int epochs = 10;
    private long seed = 0;
    private int partitions = 0;
    private int averageEvery = 0;
    private int epochsPerStage = 0;
    private String checkpointLocation;
    private int checkpointEvery = 1;
    private boolean resume;
    private EpochListener listener;
    private PrintStream progress;

    private Builder(ModelFactory modelFactory, LossFunction loss, OptimizerFactory optimizer) {
      this.modelFactory = modelFactory;
      this.loss = loss;
      this.optimizerFactory = optimizer;
    }

    /**
     * Returns this builder with the synchronous mode (default {@link Mode#BARRIER}); parameter
     * averaging ignores it.
     *
     * @throws IllegalArgumentException if {@code mode} is null
     */
    public Builder mode(Mode mode) {
      if (mode == null) {
        throw new IllegalArgumentException("SparkTrainer.Builder.mode: mode is null");
      }
      this.mode = mode;
      return this;
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

    /**
     * Returns this builder with the number of partitions, i.e. of workers training together
     * (default: the Spark context's default parallelism, its task slots on a cluster). In barrier
     * mode every partition needs a free task slot.
     */
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

    /**
     * Returns this builder running at most {@code epochs} epochs per barrier stage (default: all
     * of them, or up to the next checkpoint). A failed task restarts its stage, so shorter stages
     * redo less work after a failure but pay a stage's start more often.
     */
    public Builder epochsPerStage(int epochs) {
      positive("epochsPerStage", epochs);
      this.epochsPerStage = epochs;
      return this;
    }

    /**
     * Returns this builder writing a checkpoint to {@code location} every {@code everyEpochs}:
     * any path the job's Hadoop configuration can write ({@code hdfs://}, {@code s3a://},
     * {@code file:}; without a scheme, the default file system).
     */
    public Builder checkpoint(String location, int everyEpochs) {
      if (location == null || location.isEmpty()) {
        throw new IllegalArgumentException(
            "SparkTrainer.Builder.checkpoint: location is null or empty");
      }
      positive("checkpoint every", everyEpochs);
      this.checkpointLocation = location;
      this.checkpointEvery = everyEpochs;
      return this;
    }

    /** Returns this builder writing a checkpoint to the local {@code file} (see above). */
    public Builder checkpoint(Path file, int everyEpochs) {
      if (file == null) {
        throw new IllegalArgumentException("SparkTrainer.Builder.checkpoint: file is null");
      }
      return checkpoint(file.toAbsolutePath().toUri().toString(), everyEpochs);
    }

    /** Returns this builder that, if on, resumes from the checkpoint when it exists. */
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
