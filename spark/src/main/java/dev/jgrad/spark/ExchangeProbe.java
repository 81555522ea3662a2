package dev.jgrad.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.BarrierTaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import scala.collection.Iterator;
import scala.jdk.javaapi.CollectionConverters;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction1;

/**
 * Measures the barrier exchange alone: one barrier stage whose tasks do nothing but exchange
 * messages of a given size, as the barrier mode does at every step (encode, exchange, add in
 * partition order). Gives the floor of the cost model's exchange term on this cluster (plus the
 * adding, which a training step counts in its rest).
 */
final class ExchangeProbe {
  private ExchangeProbe() {}

  /**
   * Returns {median, mean} milliseconds per exchange seen by partition 0 over {@code exchanges}
   * exchanges of {@code values} doubles between {@code partitions} barrier tasks (after 100
   * unmeasured ones).
   */
  static double[] measure(JavaSparkContext sc, int partitions, int values, int exchanges) {
    List<Integer> slots = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      slots.add(p);
    }
    List<double[]> results =
        sc.parallelize(slots, partitions)
            .rdd()
            .barrier()
            .mapPartitions(
                new Exchanges(values, exchanges), false, ClassTag$.MODULE$.apply(double[].class))
            .toJavaRDD()
            .collect();
    return results.get(0);
  }

  /** The body of one probe task: the exchanges, timed; partition 0's result is kept. */
  private static final class Exchanges
      extends AbstractFunction1<Iterator<Integer>, Iterator<double[]>> implements Serializable {
    private static final long serialVersionUID = 1L;
    private final int values;
    private final int exchanges;

    Exchanges(int values, int exchanges) {
      this.values = values;
      this.exchanges = exchanges;
    }

    @Override
    public Iterator<double[]> apply(Iterator<Integer> partition) {
      BarrierExchange exchange = BarrierExchange.forCurrentTask();
      int own = BarrierTaskContext.get().partitionId();
      VectorMessages codec = new VectorMessages(values);
      double[] message = new double[values];
      double[] sum = new double[values];
      Arrays.fill(message, own + 0.5);
      long[] nanos = new long[exchanges];
      for (int i = -100; i < exchanges; i++) {
        long t0 = System.nanoTime();
        codec.sumInOrder(exchange.allGather(codec.encode(message)), own, message, sum);
        if (i >= 0) {
          nanos[i] = System.nanoTime() - t0;
        }
      }
      double mean = Arrays.stream(nanos).average().orElse(0) / 1e6;
      Arrays.sort(nanos);
      double median = exchanges == 0 ? 0 : nanos[exchanges / 2] / 1e6;
      return CollectionConverters.asScala(List.of(new double[] {median, mean}).iterator());
    }
  }
}
