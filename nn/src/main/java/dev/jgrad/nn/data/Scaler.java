package dev.jgrad.nn.data;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.autograd.Tensor;
import java.util.Arrays;

/**
 * A per-column affine rescaling {@code out = (x - shift) / scale} of features {@code [n, d]},
 * fitted on training data only and then applied unchanged to validation and test data (fitting on
 * all data would leak test statistics into training).
 *
 * <pre>{@code
 * Scaler s = Scaler.standardize(train.features());
 * Tensor xTrain = s.transform(train.features()), xTest = s.transform(test.features());
 * }</pre>
 */
public final class Scaler {
  private final double[] shift;
  private final double[] scale;

  private Scaler(double[] shift, double[] scale) {
    this.shift = shift;
    this.scale = scale;
  }

  /**
   * {@return standardization fitted on {@code train}: each column gets mean 0 and (population)
   * standard deviation 1; a constant column is only centered}
   *
   * @param train the training rows, {@code [n, columns]}, the statistics are fitted on
   * @throws IllegalArgumentException if {@code train} is not 2-d with at least one row
   */
  public static Scaler standardize(Tensor train) {
    int[] s = check("standardize", train);
    int n = s[0];
    int d = s[1];
    double[] v = train.toArray();
    double[] mean = new double[d];
    double[] std = new double[d];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        mean[j] += v[i * d + j];
      }
    }
    for (int j = 0; j < d; j++) {
      mean[j] /= n;
    }
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        double c = v[i * d + j] - mean[j];
        std[j] += c * c;
      }
    }
    for (int j = 0; j < d; j++) {
      std[j] = Math.sqrt(std[j] / n);
      if (std[j] == 0) {
        std[j] = 1;
      }
    }
    return new Scaler(mean, std);
  }

  /**
   * {@return min-max scaling fitted on {@code train}: each column's minimum maps to {@code low} and
   * its maximum to {@code high}; a constant column maps to {@code low}}
   *
   * @param train the training rows, {@code [n, columns]}, the statistics are fitted on
   * @param low the value each column's minimum maps to
   * @param high the value each column's maximum maps to, above {@code low}
   * @throws IllegalArgumentException if {@code train} is not 2-d with at least one row or {@code
   *     low >= high}
   */
  public static Scaler minMax(Tensor train, double low, double high) {
    int[] s = check("minMax", train);
    checkArgument(low < high, "minMax: need low < high, got %s and %s", low, high);
    int n = s[0];
    int d = s[1];
    double[] v = train.toArray();
    double[] min = new double[d];
    double[] max = new double[d];
    Arrays.fill(min, Double.POSITIVE_INFINITY);
    Arrays.fill(max, Double.NEGATIVE_INFINITY);
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        min[j] = Math.min(min[j], v[i * d + j]);
        max[j] = Math.max(max[j], v[i * d + j]);
      }
    }
    double[] shift = new double[d];
    double[] scale = new double[d];
    for (int j = 0; j < d; j++) {
      double range = max[j] - min[j];
      scale[j] = range == 0 ? 1 : range / (high - low);
      shift[j] = min[j] - low * scale[j];
    }
    return new Scaler(shift, scale);
  }

  private static int[] check(String op, Tensor t) {
    checkArgument(
        t != null && t.dim() == 2 && t.size(0) != 0,
        "%s: expects features of shape [n, d] with n > 0, got %s",
        op,
        (t == null ? "null" : Arrays.toString(t.shape())));
    return t.shape();
  }

  /** {@return the per-column shift (the mean, for standardization)} */
  public double[] shift() {
    return shift.clone();
  }

  /** {@return the per-column scale (the standard deviation, for standardization)} */
  public double[] scale() {
    return scale.clone();
  }

  /**
   * {@return {@code (x - shift) / scale} column by column}
   *
   * @param x the rows to scale, {@code [n, columns]} as the fitted data
   * @throws IllegalArgumentException if {@code x} is not {@code [m, d]} with the fitted d
   */
  public Tensor transform(Tensor x) {
    checkColumns("transform", x);
    return x.sub(Tensor.of(shift)).div(Tensor.of(scale));
  }

  /**
   * {@return {@code x * scale + shift}, undoing {@link #transform}}
   *
   * @param x the rows to scale, {@code [n, columns]} as the fitted data
   */
  public Tensor inverseTransform(Tensor x) {
    checkColumns("inverseTransform", x);
    return x.mul(Tensor.of(scale)).add(Tensor.of(shift));
  }

  private void checkColumns(String op, Tensor x) {
    checkArgument(x != null, "Scaler.%s: input is null", op);
    checkArgument(
        x.dim() == 2 && x.size(1) == shift.length,
        "%s: scaler was fitted on %s columns, got shape %s",
        op,
        shift.length,
        Arrays.toString(x.shape()));
  }
}
