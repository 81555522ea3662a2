package dev.jgrad.examples.playground;

import java.util.Random;

/** The playground's 2-d binary data sets; each draws {@code n} labelled points with noise. */
public enum DataSet {
  /** Two interleaving half circles (scikit-learn's {@code make_moons}), noise 0.1. */
  MOONS,
  /** A disc of class 1 inside a ring of class 0, noise 0.1. */
  CIRCLES,
  /** Two interleaved spirals, one per class, noise 0.05. */
  SPIRALS,
  /**
   * Points in the four quadrants, class 1 where {@code x * y > 0}; a margin of 0.1 around the axes.
   */
  XOR;

  /** Labelled points: {@code points[i] = {x, y}}, {@code labels[i]} 0 or 1. */
  public record Points(double[][] points, int[] labels) {}

  /**
   * Returns {@code n} points drawn with {@code random}, half of each class (the first class gets
   * the odd one).
   *
   * @throws IllegalArgumentException if {@code n < 4}
   */
  public Points generate(int n, Random random) {
    if (n < 4) {
      throw new IllegalArgumentException("DataSet.generate: need at least 4 points, got " + n);
    }
    double[][] points = new double[n][];
    int[] labels = new int[n];
    int firstClass = (n + 1) / 2;
    for (int i = 0; i < n; i++) {
      int label = i < firstClass ? 0 : 1;
      int k = label == 0 ? i : i - firstClass;
      int count = label == 0 ? firstClass : n - firstClass;
      double t = count == 1 ? 0 : (double) k / (count - 1);
      points[i] = point(label, t, random);
      labels[i] = label;
    }
    return new Points(points, labels);
  }

  private double[] point(int label, double t, Random random) {
    switch (this) {
      case MOONS:
        double angle = Math.PI * t;
        return label == 0
            ? noisy(Math.cos(angle), Math.sin(angle), 0.1, random)
            : noisy(1 - Math.cos(angle), 0.5 - Math.sin(angle), 0.1, random);
      case CIRCLES:
        double a = 2 * Math.PI * random.nextDouble();
        double r = label == 1 ? 0.5 * random.nextDouble() : 0.8 + 0.4 * random.nextDouble();
        return noisy(r * Math.cos(a), r * Math.sin(a), 0.1, random);
      case SPIRALS:
        double radius = 0.1 + 0.9 * t;
        double turn = 3 * Math.PI * t + label * Math.PI;
        return noisy(radius * Math.cos(turn), radius * Math.sin(turn), 0.05, random);
      default:
        double x = (0.1 + 0.9 * random.nextDouble()) * (random.nextBoolean() ? 1 : -1);
        double y = (0.1 + 0.9 * random.nextDouble()) * (random.nextBoolean() ? 1 : -1);
        // class 1 where x and y have the same sign
        if ((x * y > 0) != (label == 1)) {
          y = -y;
        }
        return new double[] {x, y};
    }
  }

  private static double[] noisy(double x, double y, double noise, Random random) {
    return new double[] {x + noise * random.nextGaussian(), y + noise * random.nextGaussian()};
  }
}
