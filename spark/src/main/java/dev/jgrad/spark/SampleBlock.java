package dev.jgrad.spark;

import dev.jgrad.autograd.Tensor;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import scala.Tuple2;

/**
 * The rows of one partition as flat arrays, each with its global index (its position in the
 * input), so a partition can pick its share of a global mini-batch without asking the driver.
 */
final class SampleBlock implements Serializable {
  private static final long serialVersionUID = 1L;
  private final int[] indices;
  private final double[] features;
  private final double[] targets;
  private final int featureCount;
  private final int targetWidth;

  private SampleBlock(
      int[] indices, double[] features, double[] targets, int featureCount, int targetWidth) {
    this.indices = indices;
    this.features = features;
    this.targets = targets;
    this.featureCount = featureCount;
    this.targetWidth = targetWidth;
  }

  /** Returns a block without rows. */
  static SampleBlock empty() {
    return new SampleBlock(new int[0], new double[0], new double[0], 0, 0);
  }

  /** Returns the inverse of the permutation {@code order}: {@code rank[order[p]] = p}. */
  static int[] inverse(int[] order) {
    int[] rank = new int[order.length];
    for (int position = 0; position < order.length; position++) {
      rank[order[position]] = position;
    }
    return rank;
  }

  /**
   * Returns the block holding {@code rows} (global index, sample).
   *
   * @throws IllegalArgumentException if the samples' feature counts or target widths differ
   */
  static SampleBlock of(Iterator<Tuple2<Long, Sample>> rows) {
    List<Tuple2<Long, Sample>> list = new ArrayList<>();
    rows.forEachRemaining(list::add);
    if (list.isEmpty()) {
      return empty();
    }
    Sample first = list.get(0)._2();
    int featureCount = first.featureCount();
    int targetWidth = first.targetWidth();
    int[] indices = new int[list.size()];
    double[] features = new double[list.size() * featureCount];
    double[] targets = new double[list.size() * targetWidth];
    for (int r = 0; r < list.size(); r++) {
      Sample s = list.get(r)._2();
      if (s.featureCount() != featureCount || s.targetWidth() != targetWidth) {
        throw new IllegalArgumentException(
            String.format(
                "SparkTrainer: sample %d has %d features and a target of %d, but sample %d has"
                    + " %d and %d",
                list.get(r)._1(), s.featureCount(), s.targetWidth(), list.get(0)._1(),
                featureCount, targetWidth));
      }
      indices[r] = Math.toIntExact(list.get(r)._1());
      s.copyInto(features, targets, r);
    }
    return new SampleBlock(indices, features, targets, featureCount, targetWidth);
  }

  /** The rows of one batch in this block: features [rows, f] and targets [rows] or [rows, w]. */
  record Rows(Tensor features, Tensor targets, int count) {}

  /**
   * Returns this block's rows whose rank (position in the epoch's order) lies in {@code [from,
   * to)}, in rank order, or null if there are none.
   */
  Rows rowsRanked(int[] rank, int from, int to) {
    int[] picked = new int[indices.length];
    int count = 0;
    for (int r = 0; r < indices.length; r++) {
      int position = rank[indices[r]];
      if (position >= from && position < to) {
        picked[count++] = r;
      }
    }
    if (count == 0) {
      return null;
    }
    Integer[] order = new Integer[count];
    for (int k = 0; k < count; k++) {
      order[k] = picked[k];
    }
    Arrays.sort(order, (a, b) -> Integer.compare(rank[indices[a]], rank[indices[b]]));
    double[] x = new double[count * featureCount];
    double[] y = new double[count * targetWidth];
    for (int k = 0; k < count; k++) {
      int r = order[k];
      System.arraycopy(features, r * featureCount, x, k * featureCount, featureCount);
      System.arraycopy(targets, r * targetWidth, y, k * targetWidth, targetWidth);
    }
    Tensor targetTensor =
        targetWidth == 1 ? Tensor.of(y, count) : Tensor.of(y, count, targetWidth);
    return new Rows(Tensor.of(x, count, featureCount), targetTensor, count);
  }

  /**
   * Returns this block's rows sorted by {@code rank} (their positions in one epoch's order), so
   * that the rows of any batch {@code [from, to)} of that epoch are one contiguous range.
   */
  Ordered orderedBy(int[] rank) {
    int count = indices.length;
    long[] keyed = new long[count];
    for (int r = 0; r < count; r++) {
      keyed[r] = ((long) rank[indices[r]] << 32) | r;
    }
    Arrays.sort(keyed);
    int[] ranks = new int[count];
    double[] x = new double[count * featureCount];
    double[] y = new double[count * targetWidth];
    for (int k = 0; k < count; k++) {
      int r = (int) keyed[k];
      ranks[k] = (int) (keyed[k] >>> 32);
      System.arraycopy(features, r * featureCount, x, k * featureCount, featureCount);
      System.arraycopy(targets, r * targetWidth, y, k * targetWidth, targetWidth);
    }
    return new Ordered(ranks, x, y, featureCount, targetWidth);
  }

  /** A block's rows in one epoch's order: their ranks ascending, with features and targets. */
  static final class Ordered {
    private final int[] ranks;
    private final double[] features;
    private final double[] targets;
    private final int featureCount;
    private final int targetWidth;
    private int next;

    private Ordered(
        int[] ranks, double[] features, double[] targets, int featureCount, int targetWidth) {
      this.ranks = ranks;
      this.features = features;
      this.targets = targets;
      this.featureCount = featureCount;
      this.targetWidth = targetWidth;
    }

    /**
     * Returns the rows ranked below {@code to} that earlier calls have not returned, or null if
     * there are none; calls must come with increasing {@code to}, batch after batch.
     */
    Rows nextBelow(int to) {
      int from = next;
      while (next < ranks.length && ranks[next] < to) {
        next++;
      }
      int count = next - from;
      if (count == 0) {
        return null;
      }
      double[] x = Arrays.copyOfRange(features, from * featureCount, next * featureCount);
      double[] y = Arrays.copyOfRange(targets, from * targetWidth, next * targetWidth);
      Tensor targetTensor =
          targetWidth == 1 ? Tensor.of(y, count) : Tensor.of(y, count, targetWidth);
      return new Rows(Tensor.of(x, count, featureCount), targetTensor, count);
    }
  }

  /** Returns how many rows this block holds. */
  int size() {
    return indices.length;
  }
}
