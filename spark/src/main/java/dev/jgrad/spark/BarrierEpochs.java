package dev.jgrad.spark;

import dev.jgrad.autograd.Tensor;
import dev.jgrad.nn.Module;
import dev.jgrad.nn.data.Dataset;
import dev.jgrad.nn.optim.Optimizer;
import java.io.Serializable;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.broadcast.Broadcast;
import scala.collection.Iterator;
import scala.jdk.javaapi.CollectionConverters;
import scala.runtime.AbstractFunction1;

/**
 * The body of one barrier task: trains a replica of the model on this partition's rows for the
 * epochs {@code [startEpoch, endEpoch)}, and at every step sends its summed gradient to the other
 * partitions with {@code BarrierTaskContext.allGather}, adds all partitions' gradients in
 * partition order and applies the optimizer step itself. Every replica starts from the same
 * broadcast parameters and optimizer state and applies the same sums, so all stay bit-identical
 * without a Spark job per step; a retried stage starts again from the broadcast values.
 */
final class BarrierEpochs extends AbstractFunction1<Iterator<SampleBlock>, Iterator<StageResult>>
    implements Serializable {
  private static final long serialVersionUID = 1L;
  private final ModelFactory modelFactory;
  private final LossFunction loss;
  private final OptimizerFactory optimizerFactory;
  private final int batchSize;
  private final long seed;
  private final int rowCount;
  private final int startEpoch;
  private final int endEpoch;
  private final Broadcast<double[]> parameters;
  private final Broadcast<LinkedHashMap<String, double[]>> optimizerState;

  BarrierEpochs(
      ModelFactory modelFactory,
      LossFunction loss,
      OptimizerFactory optimizerFactory,
      int batchSize,
      long seed,
      int rowCount,
      int startEpoch,
      int endEpoch,
      Broadcast<double[]> parameters,
      Broadcast<LinkedHashMap<String, double[]>> optimizerState) {
    this.modelFactory = modelFactory;
    this.loss = loss;
    this.optimizerFactory = optimizerFactory;
    this.batchSize = batchSize;
    this.seed = seed;
    this.rowCount = rowCount;
    this.startEpoch = startEpoch;
    this.endEpoch = endEpoch;
    this.parameters = parameters;
    this.optimizerState = optimizerState;
  }

  /** Returns a one-element iterator with this partition's {@link StageResult}. */
  @Override
  public Iterator<StageResult> apply(Iterator<SampleBlock> partition) {
    BarrierTaskContext context = BarrierTaskContext.get();
    BarrierExchange exchange = BarrierExchange.forCurrentTask();
    SampleBlock block = partition.hasNext() ? partition.next() : SampleBlock.empty();
    Module model = modelFactory.create();
    List<Tensor> params = model.parameters();
    ParameterArrays.assign(params, parameters.value());
    Optimizer optimizer = optimizerFactory.create(params);
    Map<String, double[]> state = optimizerState.value();
    if (state != null) {
      optimizer.loadState(state);
    }
    int size = ParameterArrays.size(params);
    // A message: the summed gradient, then the summed loss, the row count and this step's
    // compute time in nanoseconds (so every partition learns the slowest partition's).
    VectorMessages codec = new VectorMessages(size + 3);
    double[] message = new double[size + 3];
    double[] total = new double[size + 3];
    int own = context.partitionId();
    double[] epochLossSums = new double[endEpoch - startEpoch];
    StepTimes times = new StepTimes();
    Random shuffle = new Random(seed);
    for (int epoch = 0; epoch < endEpoch; epoch++) {
      int[] order = Dataset.permutation(rowCount, shuffle); // replayed, as the driver draws it
      if (epoch < startEpoch) {
        continue;
      }
      SampleBlock.Ordered ordered = block.orderedBy(SampleBlock.inverse(order));
      for (int from = 0; from < rowCount; from += batchSize) {
        int to = Math.min(from + batchSize, rowCount);
        long t0 = System.nanoTime();
        Arrays.fill(message, 0.0);
        SampleBlock.Rows rows = ordered.nextBelow(to);
        if (rows != null) {
          optimizer.zeroGrad();
          message[size] = GradientSums.addSummedGradient(model, params, loss, rows, message);
          message[size + 1] = rows.count();
        }
        long computed = System.nanoTime();
        message[size + 2] = computed - t0;
        String[] gathered = exchange.allGather(codec.encode(message));
        long received = System.nanoTime();
        codec.sumInOrder(gathered, own, message, total);
        if (total[size + 1] != to - from) {
          throw new IllegalStateException(
              String.format(
                  "SparkTrainer: step at row %d of epoch %d got %.0f rows from the partitions,"
                      + " expected %d",
                  from, epoch + 1, total[size + 1], to - from));
        }
        double slowest = 0;
        for (String m : gathered) {
          slowest = Math.max(slowest, VectorMessages.valueAt(m, size + 2));
        }
        ParameterArrays.setGradients(params, total, to - from);
        optimizer.step();
        epochLossSums[epoch - startEpoch] += total[size];
        times.add(
            rows != null ? computed - t0 : 0, (long) slowest, received - computed,
            System.nanoTime() - t0);
      }
    }
    boolean first = context.partitionId() == 0;
    StageResult result =
        new StageResult(
            context.partitionId(),
            first ? ParameterArrays.flatten(params) : null,
            first ? optimizer.state() : null,
            epochLossSums,
            times);
    return CollectionConverters.asScala(List.of(result).iterator());
  }
}
