package dev.jgrad.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.Tensor;
import dev.jgrad.nn.Linear;
import dev.jgrad.nn.Losses;
import dev.jgrad.nn.Module;
import dev.jgrad.nn.Sequential;
import dev.jgrad.nn.Tanh;
import dev.jgrad.nn.data.Batch;
import dev.jgrad.nn.data.Dataset;
import dev.jgrad.nn.optim.Adam;
import dev.jgrad.nn.optim.Optimizer;
import dev.jgrad.nn.optim.Sgd;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.TaskContext;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Data-parallel training on an in-process Spark ({@code local[2,3]}: two worker threads, a task
 * may fail up to 3 times) against the same training done with plain jgrad on one machine.
 */
class SparkTrainerTest {
  private static final int ROWS = 90;
  private static final int BATCH = 16;
  private static final long SEED = 5;
  private static final AtomicInteger INJECTED_FAILURES = new AtomicInteger();
  private static final AtomicInteger LOSS_CALLS_IN_PARTITION_1 = new AtomicInteger();

  private static SparkSession spark;
  private static JavaSparkContext sc;
  private static double[][] features;
  private static double[] labels;

  @BeforeAll
  static void startSpark() {
    spark =
        SparkSession.builder()
            .appName("jgrad-spark-test")
            .master("local[2,3]")
            .config("spark.ui.enabled", false)
            .config("spark.sql.shuffle.partitions", 2)
            .getOrCreate();
    sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    // Three classes of 4-d points around different centres.
    Random random = new Random(11);
    features = new double[ROWS][4];
    labels = new double[ROWS];
    for (int i = 0; i < ROWS; i++) {
      int c = i % 3;
      for (int k = 0; k < 4; k++) {
        features[i][k] = (k == c ? 1.5 : 0) + random.nextGaussian();
      }
      labels[i] = c;
    }
  }

  @AfterAll
  static void stopSpark() {
    spark.stop();
  }

  private static ModelFactory mlp() {
    return () ->
        new Sequential(
            new Linear(4, 8, new Random(7)), new Tanh(), new Linear(8, 3, new Random(8)));
  }

  private static JavaRDD<Sample> samples() {
    return Samples.parallelize(sc, features, labels, 3);
  }

  private static SparkTrainer.Builder adamTrainer(int epochs) {
    return SparkTrainer.builder(mlp(), Losses::crossEntropy, ps -> new Adam(ps, 0.05))
        .batchSize(BATCH)
        .epochs(epochs)
        .seed(SEED)
        .partitions(2);
  }

  /** The same training with plain jgrad: one Random across epochs, mean loss per batch. */
  private static Module trainOnOneMachine(
      int epochs, java.util.function.Function<List<Tensor>, Optimizer> optimizer) {
    return trainOnOneMachine(epochs, features, labels, optimizer);
  }

  private static Module trainOnOneMachine(
      int epochs,
      double[][] x,
      double[] y,
      java.util.function.Function<List<Tensor>, Optimizer> optimizer) {
    Module model = mlp().create();
    Optimizer opt = optimizer.apply(model.parameters());
    Dataset data = new Dataset(Tensor.of(x), Tensor.of(y));
    Random shuffle = new Random(SEED);
    for (int epoch = 0; epoch < epochs; epoch++) {
      for (Batch batch : data.batches(BATCH, shuffle, false)) {
        opt.zeroGrad();
        Losses.crossEntropy(model.forward(batch.x()), batch.y()).backward();
        opt.step();
      }
    }
    return model;
  }

  private static void assertSameParameters(Module expected, Module actual, double tolerance) {
    Map<String, Tensor> want = expected.namedParameters();
    Map<String, Tensor> got = actual.namedParameters();
    assertEquals(want.keySet(), got.keySet());
    for (String name : want.keySet()) {
      assertArrayEquals(want.get(name).toArray(), got.get(name).toArray(), tolerance, name);
    }
  }

  @Test
  void synchronousTrainingEqualsSingleMachineTraining() {
    SparkTrainer.Result result = adamTrainer(3).build().fit(samples());
    Module reference = trainOnOneMachine(3, ps -> new Adam(ps, 0.05));
    assertSameParameters(reference, result.model(), 1e-9);
    // training moved the parameters: they no longer equal the factory's
    double[] initial = mlp().create().parameters().get(0).toArray();
    assertFalse(
        java.util.Arrays.equals(initial, result.model().parameters().get(0).toArray()),
        "parameters did not change");
    assertEquals(3, result.epochLosses().size());
    assertEquals(3 * ((ROWS + BATCH - 1) / BATCH), result.statistics().steps());
    assertEquals(8L * (4 * 8 + 8 + 8 * 3 + 3), result.statistics().vectorBytes());
  }

  @Test
  void barrierAndJobPerStepModesGiveTheSameBits() {
    SparkTrainer.Result barrier =
        adamTrainer(2).mode(SparkTrainer.Mode.BARRIER).build().fit(samples());
    SparkTrainer.Result jobs =
        adamTrainer(2).mode(SparkTrainer.Mode.JOB_PER_STEP).build().fit(samples());
    assertSameParameters(trainOnOneMachine(2, ps -> new Adam(ps, 0.05)), jobs.model(), 1e-9);
    assertSameParameters(barrier.model(), jobs.model(), 0.0);
    assertEquals(barrier.epochLosses(), jobs.epochLosses());
    assertEquals(jobs.statistics().steps(), barrier.statistics().steps());
  }

  @Test
  void moreJobPartitionsThanThreadsGiveTheSameBitsInEveryRun() {
    for (int parts : new int[] {3, 5}) {
      SparkTrainer.Builder trainer =
          adamTrainer(2).mode(SparkTrainer.Mode.JOB_PER_STEP).partitions(parts);
      SparkTrainer.Result first = trainer.build().fit(samples());
      SparkTrainer.Result second = trainer.build().fit(samples());
      assertSameParameters(first.model(), second.model(), 0.0);
      assertEquals(first.epochLosses(), second.epochLosses());
      assertSameParameters(trainOnOneMachine(2, ps -> new Adam(ps, 0.05)), first.model(), 1e-9);
    }
  }

  @Test
  void aBarrierTaskThatFailsMidStageRestartsTheStageWithTheSameResult() {
    INJECTED_FAILURES.set(0);
    AtomicInteger calls = LOSS_CALLS_IN_PARTITION_1;
    calls.set(0);
    LossFunction failingMidStage =
        (prediction, target) -> {
          TaskContext task = TaskContext.get();
          if (task != null
              && task.partitionId() == 1
              && task.stageAttemptNumber() == 0
              && calls.incrementAndGet() == 8) {
            INJECTED_FAILURES.incrementAndGet();
            throw new IllegalStateException("injected failure in partition 1, step 8");
          }
          return Losses.crossEntropy(prediction, target);
        };
    SparkTrainer.Result faulty =
        SparkTrainer.builder(mlp(), failingMidStage, ps -> new Adam(ps, 0.05))
            .batchSize(BATCH)
            .epochs(2)
            .seed(SEED)
            .partitions(2)
            .build()
            .fit(samples());
    assertEquals(1, INJECTED_FAILURES.get());
    SparkTrainer.Result clean = adamTrainer(2).build().fit(samples());
    assertSameParameters(clean.model(), faulty.model(), 0.0);
    assertEquals(clean.epochLosses(), faulty.epochLosses());
  }

  @Test
  void aTaskThatFailsOnItsFirstAttemptIsRetriedWithoutChangingTheResult() {
    INJECTED_FAILURES.set(0);
    LossFunction failingOnce =
        (prediction, target) -> {
          TaskContext task = TaskContext.get();
          if (task != null && task.partitionId() == 1 && task.attemptNumber() == 0) {
            INJECTED_FAILURES.incrementAndGet();
            throw new IllegalStateException("injected failure in partition 1");
          }
          return Losses.crossEntropy(prediction, target);
        };
    SparkTrainer.Result faulty =
        SparkTrainer.builder(mlp(), failingOnce, ps -> new Adam(ps, 0.05))
            .batchSize(BATCH)
            .epochs(2)
            .seed(SEED)
            .partitions(2)
            .mode(SparkTrainer.Mode.JOB_PER_STEP)
            .build()
            .fit(samples());
    assertTrue(INJECTED_FAILURES.get() >= 12, "failures injected: " + INJECTED_FAILURES.get());
    SparkTrainer.Result clean = adamTrainer(2).build().fit(samples());
    assertSameParameters(clean.model(), faulty.model(), 1e-12);
    assertEquals(clean.epochLosses().get(1), faulty.epochLosses().get(1), 1e-12);
  }

  @Test
  void resumingFromACheckpointAfterAKillEndsLikeAnUninterruptedRun(@TempDir Path dir) {
    SparkTrainer.Result straight =
        adamTrainer(4).checkpoint(dir.resolve("straight.safetensors"), 2).build().fit(samples());

    Path file = dir.resolve("killed.safetensors");
    RuntimeException kill =
        assertThrows(
            RuntimeException.class,
            () ->
                adamTrainer(4)
                    .checkpoint(file, 2)
                    .onEpoch(
                        (epoch, loss) -> {
                          if (epoch == 3) {
                            throw new RuntimeException("simulated kill after epoch 3");
                          }
                        })
                    .build()
                    .fit(samples()));
    assertEquals("simulated kill after epoch 3", kill.getMessage());
    assertTrue(Files.exists(file));

    SparkTrainer.Result resumed =
        adamTrainer(4).checkpoint(file, 2).resume(true).build().fit(samples());
    assertEquals(2, resumed.epochLosses().size(), "only epochs 3 and 4 are run again");
    assertEquals(straight.epochLosses().get(3), resumed.epochLosses().get(1), 1e-12);
    assertSameParameters(straight.model(), resumed.model(), 1e-12);
  }

  @Test
  void checkpointFromAnotherSeedIsRefused(@TempDir Path dir) {
    Path file = dir.resolve("c.safetensors");
    adamTrainer(1).checkpoint(file, 1).build().fit(samples());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> adamTrainer(2).seed(6).checkpoint(file, 1).resume(true).build().fit(samples()));
    assertTrue(e.getMessage().contains("written with seed 5, this run uses 6"), e.getMessage());
  }

  @Test
  void checkpointsOfAnotherModelOrOptimizerAreRefused(@TempDir Path dir) {
    String location = dir.resolve("sub/c.safetensors").toUri().toString();
    adamTrainer(1).checkpoint(location, 1).build().fit(samples());
    IllegalArgumentException optimizer =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                SparkTrainer.builder(mlp(), Losses::crossEntropy, ps -> new Sgd(ps, 0.1))
                    .batchSize(BATCH).epochs(2).seed(SEED).partitions(2)
                    .checkpoint(location, 1).resume(true).build().fit(samples()));
    assertTrue(
        optimizer.getMessage().contains("written by optimizer dev.jgrad.nn.optim.Adam, this run"
            + " uses dev.jgrad.nn.optim.Sgd"),
        optimizer.getMessage());
    ModelFactory wider =
        () -> new Sequential(
            new Linear(4, 9, new Random(7)), new Tanh(), new Linear(9, 3, new Random(8)));
    IllegalArgumentException shapes =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                SparkTrainer.builder(wider, Losses::crossEntropy, ps -> new Adam(ps, 0.05))
                    .batchSize(BATCH).epochs(2).seed(SEED).partitions(2)
                    .checkpoint(location, 1).resume(true).build().fit(samples()));
    assertTrue(shapes.getMessage().contains("[8, 4]"), shapes.getMessage());
    assertTrue(shapes.getMessage().contains("[9, 4]"), shapes.getMessage());
  }

  @Test
  void aNewDriverResumesFromAHadoopFileSystemUri(@TempDir Path dir) {
    String location = "file://" + dir.toAbsolutePath() + "/ckpt/run.safetensors";
    adamTrainer(2).checkpoint(location, 2).build().fit(samples());
    assertTrue(Checkpoint.exists(location, sc.hadoopConfiguration()));
    SparkTrainer.Result resumed =
        adamTrainer(3).checkpoint(location, 2).resume(true).build().fit(samples());
    assertEquals(1, resumed.epochLosses().size(), "only epoch 3 is run again");
    assertSameParameters(trainOnOneMachine(3, ps -> new Adam(ps, 0.05)), resumed.model(), 1e-9);
  }

  @Test
  void parameterAveragingTrains() {
    SparkTrainer.Result result =
        SparkTrainer.builder(mlp(), Losses::crossEntropy, ps -> new Adam(ps, 0.02))
            .batchSize(BATCH)
            .epochs(8)
            .seed(SEED)
            .partitions(2)
            .averageEvery(3)
            .build()
            .fit(samples());
    List<Double> losses = result.epochLosses();
    assertTrue(
        losses.get(7) < 0.6 * losses.get(0), "loss did not fall enough: " + losses);
    assertEquals(8 * 2, result.statistics().steps(), "two rounds of 3 batches per epoch");
  }

  @Test
  void averagingKeepsAdamsStateAcrossRounds() {
    // With one partition, averaging is local training; it equals plain Adam only if the moments
    // and step counts carry over from round to round instead of restarting.
    SparkTrainer.Result averaged =
        SparkTrainer.builder(mlp(), Losses::crossEntropy, ps -> new Adam(ps, 0.05))
            .batchSize(BATCH)
            .epochs(2)
            .seed(SEED)
            .partitions(1)
            .averageEvery(2)
            .build()
            .fit(samples());
    assertSameParameters(trainOnOneMachine(2, ps -> new Adam(ps, 0.05)), averaged.model(), 1e-9);
  }

  @Test
  void averagedAdamStateIsTheRowWeightedMeanOfThePartitions(@TempDir Path dir) {
    Path file = dir.resolve("averaged.safetensors");
    SparkTrainer.builder(mlp(), Losses::crossEntropy, ps -> new Adam(ps, 0.05))
        .batchSize(BATCH)
        .epochs(1)
        .seed(SEED)
        .partitions(2)
        .averageEvery(3)
        .checkpoint(file, 1)
        .build()
        .fit(samples());
    Module model = mlp().create();
    Adam restored = new Adam(model.parameters(), 0.05);
    Checkpoint.restore(file, model, restored, SEED);
    Map<String, double[]> state = restored.state();
    // 90 rows in batches of 16: 6 batches, two rounds of 3 local steps, steps never restart.
    assertArrayEquals(new double[] {6, 6, 6, 6}, state.get("step"), 0.0);
    assertTrue(state.containsKey("firstMoment.0"), state.keySet().toString());
  }

  @Test
  void averagingAfterEveryStepOfPlainSgdIsSynchronousSgd() {
    // p - lr * g_p averaged with weights rows_p / B is p - lr * (sum of row gradients) / B.
    SparkTrainer.Result averaged =
        SparkTrainer.builder(mlp(), Losses::crossEntropy, ps -> new Sgd(ps, 0.3))
            .batchSize(BATCH)
            .epochs(2)
            .seed(SEED)
            .partitions(2)
            .averageEvery(1)
            .build()
            .fit(samples());
    assertSameParameters(trainOnOneMachine(2, ps -> new Sgd(ps, 0.3)), averaged.model(), 1e-9);
  }

  @Test
  void trainsFromACsvFileReadBySpark(@TempDir Path dir) throws Exception {
    List<String> lines = new ArrayList<>();
    lines.add("a,b,c,d,label");
    for (int i = 0; i < ROWS; i++) {
      double[] x = features[i];
      lines.add(x[0] + "," + x[1] + "," + x[2] + "," + x[3] + "," + (int) labels[i]);
    }
    Path csv = Files.write(dir.resolve("points.csv"), lines);
    JavaRDD<Sample> fromCsv = Samples.readCsv(spark, csv.toString(), true, 4);
    List<Sample> read = fromCsv.collect();
    assertEquals(ROWS, read.size());
    assertArrayEquals(features[5], read.get(5).features(), 0.0);
    assertArrayEquals(new double[] {labels[5]}, read.get(5).target(), 0.0);
    // Same rows in the same order: the same training as from the arrays.
    SparkTrainer.Result result = adamTrainer(1).build().fit(fromCsv);
    assertSameParameters(trainOnOneMachine(1, ps -> new Adam(ps, 0.05)), result.model(), 1e-9);
  }

  @Test
  void trainsFromASparkMlFeaturesVectorColumnInParquet(@TempDir Path dir) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < ROWS; i++) {
      // Sparse and dense vectors mixed, as ML pipelines produce them.
      org.apache.spark.ml.linalg.Vector v =
          i % 2 == 0 ? Vectors.dense(features[i]) : Vectors.dense(features[i]).toSparse();
      rows.add(RowFactory.create(labels[i], "row " + i, v));
    }
    StructType schema =
        new StructType(
            new StructField[] {
              new StructField("label", DataTypes.DoubleType, false, Metadata.empty()),
              new StructField("note", DataTypes.StringType, false, Metadata.empty()),
              new StructField("features", new VectorUDT(), false, Metadata.empty())
            });
    String path = dir.resolve("points.parquet").toString();
    // Written as 6 files: the trainer still uses its own 2 partitions.
    spark.createDataFrame(rows, schema).repartition(6).write().parquet(path);
    JavaRDD<Sample> read = Samples.readParquet(spark, path, "features", "label");
    assertEquals(ROWS, read.count());
    // Parquet files come back in any order; train on the rows sorted by their first feature
    // and compare with the same order in plain jgrad.
    List<Sample> sorted = new ArrayList<>(read.collect());
    sorted.sort(java.util.Comparator.comparingDouble(sample -> sample.features()[0]));
    double[][] x = new double[ROWS][];
    double[] y = new double[ROWS];
    for (int i = 0; i < ROWS; i++) {
      x[i] = sorted.get(i).features();
      y[i] = sorted.get(i).target()[0];
    }
    // No partitions(..): the trainer takes the context's default parallelism (2 slots), not the
    // input's 6 partitions, which barrier mode could not run on local[2,3].
    JavaRDD<Sample> sixPartitions = read.sortBy(sample -> sample.features()[0], true, 6);
    assertEquals(6, sixPartitions.getNumPartitions());
    SparkTrainer.Result result =
        SparkTrainer.builder(mlp(), Losses::crossEntropy, ps -> new Adam(ps, 0.05))
            .batchSize(BATCH)
            .epochs(1)
            .seed(SEED)
            .build()
            .fit(sixPartitions);
    assertSameParameters(
        trainOnOneMachine(1, x, y, ps -> new Adam(ps, 0.05)), result.model(), 1e-9);
    IllegalArgumentException missing =
        assertThrows(
            IllegalArgumentException.class,
            () -> Samples.readParquet(spark, path, "vec", "label"));
    assertTrue(missing.getMessage().contains("no column vec"), missing.getMessage());
    IllegalArgumentException text =
        assertThrows(
            org.apache.spark.SparkException.class,
            () -> Samples.fromRows(spark.read().parquet(path), "label").count())
            .getCause() instanceof IllegalArgumentException e ? e : null;
    assertTrue(text != null && text.getMessage().contains("column note holds row"), "" + text);
  }

  @Test
  void badInputGetsClearErrors() {
    IllegalArgumentException empty =
        assertThrows(
            IllegalArgumentException.class,
            () -> adamTrainer(1).build().fit(sc.parallelize(new ArrayList<Sample>(), 2)));
    assertEquals("SparkTrainer.fit: no samples to train on", empty.getMessage());
    assertEquals(
        "SparkTrainer.Builder: batchSize must be positive, got 0",
        assertThrows(IllegalArgumentException.class, () -> adamTrainer(1).batchSize(0))
            .getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> Samples.parallelize(sc, features, new double[3], 2));
    assertEquals(
        "SparkTrainer.fit: barrier mode needs a task slot per partition, but local[2,3] has 2"
            + " for 3 partitions; use at most 2 partitions or Mode.JOB_PER_STEP",
        assertThrows(
                IllegalArgumentException.class,
                () -> adamTrainer(1).partitions(3).build().fit(samples()))
            .getMessage());
    assertEquals(4, SparkTrainer.localSlots("local[4]"));
    assertEquals(1, SparkTrainer.localSlots("local"));
    assertEquals(-1, SparkTrainer.localSlots("spark://127.0.0.1:7077"));
  }
}
