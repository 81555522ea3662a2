package dev.jgrad.nn.data;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.autograd.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * A data set of examples: a features tensor {@code [n, ...]} and a labels tensor {@code [n, ...]}
 * (for example {@code [n]} class indices or {@code [n, 1]} targets), row i of each describing
 * example i. Immutable; cut into mini-batches with {@link #batches}, split with {@link #split}.
 *
 * <pre>{@code
 * Dataset.Split s = data.split(0.2, 42);
 * Random shuffle = new Random(0);
 * for (int epoch = 0; epoch < 10; epoch++) {
 *   for (Batch b : s.train().batches(32, shuffle, false)) { ... }
 * }
 * }</pre>
 */
public final class Dataset {
  private final Tensor features;
  private final Tensor labels;

  /**
   * Returns the data set of {@code features} and {@code labels} (detached: no gradient flows into
   * data).
   *
   * @param features the inputs, {@code [n, ...]}
   * @param labels the labels, one row per example
   * @throws IllegalArgumentException if either is 0-d or their first dims differ
   */
  public Dataset(Tensor features, Tensor labels) {
    checkArgument(
        features != null && labels != null && features.dim() != 0 && labels.dim() != 0,
        "Dataset: features and labels must be tensors of at least 1 dim, got %s and %s",
        describe(features),
        describe(labels));
    checkArgument(
        features.size(0) == labels.size(0),
        "Dataset: features %s and labels %s have different numbers of rows",
        Arrays.toString(features.shape()),
        Arrays.toString(labels.shape()));
    this.features = features.detach();
    this.labels = labels.detach();
  }

  private static String describe(Tensor t) {
    return t == null ? "null" : Arrays.toString(t.shape());
  }

  /** {@return the features, {@code [n, ...]}} */
  public Tensor features() {
    return features;
  }

  /** {@return the labels, {@code [n, ...]}} */
  public Tensor labels() {
    return labels;
  }

  /** {@return the number of examples} */
  public int size() {
    return features.size(0);
  }

  /**
   * {@return the examples at {@code indices}, in that order}
   *
   * @param indices the positions, each in {@code [0, size)}
   * @throws IllegalArgumentException if an index is out of range
   */
  public Dataset subset(int[] indices) {
    checkArgument(indices != null, "Dataset.subset: indices is null");
    return new Dataset(features.indexSelect(0, indices), labels.indexSelect(0, indices));
  }

  /**
   * {@return the data cut into mini-batches of {@code batchSize} examples, in a fresh random order
   * drawn from {@code shuffle} (pass the same {@link Random} every epoch for a new, reproducible
   * order each time), or in order when {@code shuffle} is null} The last, smaller batch is dropped
   * when {@code dropLast}.
   *
   * @param batchSize the number of examples per batch, at least 1
   * @param shuffle the generator that orders the examples, or null to keep their order
   * @param dropLast whether to leave out a last batch smaller than {@code batchSize}
   * @throws IllegalArgumentException if {@code batchSize} is not positive
   */
  public List<Batch> batches(int batchSize, Random shuffle, boolean dropLast) {
    checkArgument(batchSize > 0, "batches: batch size must be positive, got %s", batchSize);
    int[] order = shuffle == null ? identity(size()) : permutation(size(), shuffle);
    List<Batch> out = new ArrayList<>();
    for (int start = 0; start < order.length; start += batchSize) {
      int end = Math.min(start + batchSize, order.length);
      if (end - start < batchSize && dropLast) {
        break;
      }
      int[] idx = Arrays.copyOfRange(order, start, end);
      out.add(new Batch(features.indexSelect(0, idx), labels.indexSelect(0, idx)));
    }
    return out;
  }

  /** A train/test pair. */
  public record Split(Dataset train, Dataset test) {}

  /**
   * {@return a random split: {@code round(testFraction * n)} examples for testing, the rest for
   * training, drawn with {@code new Random(seed)}}
   *
   * @param testFraction the fraction of examples held out for testing, in [0, 1]
   * @param seed the seed of the random generator
   * @throws IllegalArgumentException if {@code testFraction} is not strictly between 0 and 1 or a
   *     part would be empty
   */
  public Split split(double testFraction, long seed) {
    checkArgument(
        testFraction > 0 && testFraction < 1,
        "split: test fraction must be in (0, 1), got %s",
        testFraction);
    int n = size();
    int test = (int) Math.round(testFraction * n);
    checkArgument(
        test != 0 && test != n,
        "split: test fraction %s of %s examples leaves an empty part",
        Double.valueOf(testFraction), // boxed: checkArgument has no (double, int) overload
        n);
    int[] order = permutation(n, new Random(seed));
    return new Split(
        subset(Arrays.copyOfRange(order, test, n)), subset(Arrays.copyOfRange(order, 0, test)));
  }

  /**
   * {@return a uniformly random permutation of {@code 0..n-1} (Fisher-Yates) drawn from random}
   *
   * @param n the number of elements
   * @param random the generator that draws the order
   */
  public static int[] permutation(int n, Random random) {
    checkArgument(random != null, "Dataset.permutation: random is null");
    int[] p = identity(n);
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  private static int[] identity(int n) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    return p;
  }

  /** Returns e.g. {@code Dataset(150 examples, features [150, 4], labels [150])}. */
  @Override
  public String toString() {
    return String.format(
        "Dataset(%d examples, features %s, labels %s)",
        size(), Arrays.toString(features.shape()), Arrays.toString(labels.shape()));
  }
}
