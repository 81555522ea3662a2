package dev.jgrad.autograd;

import java.util.function.ToDoubleFunction;

/**
 * Central differences of a scalar function of one input's values, {@code (g(x + eps e) -
 * g(x - eps e)) / 2 eps}, along one element or one direction: the numerical side of {@link
 * GradCheck} and of its node-by-node check.
 */
final class CentralDifference {
  private CentralDifference() {}

  /** Returns {@code dg/dx_k} at {@code x} ({@code x} is restored before returning). */
  static double element(ToDoubleFunction<double[]> g, double[] x, int k, double eps) {
    double saved = x[k];
    x[k] = saved + eps;
    double plus = g.applyAsDouble(x);
    x[k] = saved - eps;
    double minus = g.applyAsDouble(x);
    x[k] = saved;
    return (plus - minus) / (2 * eps);
  }

  /** Returns the derivative of {@code g} at {@code x} along {@code d}. */
  static double directional(ToDoubleFunction<double[]> g, double[] x, double[] d, double eps) {
    double[] moved = new double[x.length];
    for (int k = 0; k < x.length; k++) {
      moved[k] = x[k] + eps * d[k];
    }
    double plus = g.applyAsDouble(moved);
    for (int k = 0; k < x.length; k++) {
      moved[k] = x[k] - eps * d[k];
    }
    double minus = g.applyAsDouble(moved);
    return (plus - minus) / (2 * eps);
  }
}
