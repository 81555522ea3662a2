package dev.jgrad.spark;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.Tensor;
import java.util.List;

/** Copies parameters and gradients between tensors and the flat arrays Spark ships. */
final class ParameterArrays {
  private ParameterArrays() {}

  /** Returns the total number of values in {@code parameters}. */
  static int size(List<Tensor> parameters) {
    int n = 0;
    for (Tensor p : parameters) {
      n += p.numel();
    }
    return n;
  }

  /** Returns all parameter values, concatenated in list order. */
  static double[] flatten(List<Tensor> parameters) {
    double[] out = new double[size(parameters)];
    int offset = 0;
    for (Tensor p : parameters) {
      double[] values = p.toArray();
      System.arraycopy(values, 0, out, offset, values.length);
      offset += values.length;
    }
    return out;
  }

  /**
   * Overwrites the parameters in place with the values of {@code flat}.
   *
   * @throws IllegalStateException if the sizes differ (the factory built another architecture)
   */
  static void assign(List<Tensor> parameters, double[] flat) {
    if (flat.length != size(parameters)) {
      throw new IllegalStateException(
          String.format(
              "SparkTrainer: the model has %d parameter values but %d were sent; the model"
                  + " factory must build the same architecture every time",
              size(parameters), flat.length));
    }
    int offset = 0;
    try (Autograd.Scope off = Autograd.noGrad()) {
      for (Tensor p : parameters) {
        int n = p.numel();
        double[] values = new double[n];
        System.arraycopy(flat, offset, values, 0, n);
        p.assign(Tensor.of(values, p.shape()));
        offset += n;
      }
    }
  }

  /** Adds every parameter's gradient (zero where it has none) into {@code sum}. */
  static void addGradients(List<Tensor> parameters, double[] sum) {
    int offset = 0;
    for (Tensor p : parameters) {
      int n = p.numel();
      if (p.grad() != null) {
        double[] g = p.grad().toArray();
        for (int k = 0; k < n; k++) {
          sum[offset + k] += g[k];
        }
      }
      offset += n;
    }
  }

  /** Sets each parameter's gradient to its slice of {@code flat} divided by {@code divisor}. */
  static void setGradients(List<Tensor> parameters, double[] flat, double divisor) {
    int offset = 0;
    for (Tensor p : parameters) {
      int n = p.numel();
      double[] g = new double[n];
      for (int k = 0; k < n; k++) {
        g[k] = flat[offset + k] / divisor;
      }
      p.setGrad(Tensor.of(g, p.shape()));
      offset += n;
    }
  }
}
