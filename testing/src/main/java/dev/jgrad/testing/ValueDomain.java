package dev.jgrad.testing;

import dev.jgrad.autograd.Tensor;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/**
 * Where element values come from: uniform-ish in {@code [min, max]}, at least {@code margin} away
 * from each kink (a value drawn closer is moved to the nearer edge of the kink's margin that lies
 * inside the interval). Immutable.
 */
final class ValueDomain {
  static final ValueDomain DEFAULT = new ValueDomain(-2, 2, 0.1, new double[0]);

  private final double min;
  private final double max;
  private final double margin;
  private final double[] kinks;

  private ValueDomain(double min, double max, double margin, double[] kinks) {
    this.min = min;
    this.max = max;
    this.margin = margin;
    this.kinks = kinks;
  }

  ValueDomain between(double newMin, double newMax) {
    if (!(Double.isFinite(newMin) && Double.isFinite(newMax) && newMin < newMax)) {
      throw new IllegalArgumentException(
          String.format("between: need finite min < max, got min=%s max=%s", newMin, newMax));
    }
    return new ValueDomain(newMin, newMax, margin, kinks).checkRoom("between");
  }

  ValueDomain awayFrom(double... points) {
    if (points == null) {
      throw new IllegalArgumentException("awayFrom: points must not be null");
    }
    for (double p : points) {
      if (!Double.isFinite(p)) {
        throw new IllegalArgumentException(
            "awayFrom: points must be finite, got " + Arrays.toString(points));
      }
    }
    double[] all = Arrays.copyOf(kinks, kinks.length + points.length);
    System.arraycopy(points, 0, all, kinks.length, points.length);
    return new ValueDomain(min, max, margin, all).checkRoom("awayFrom");
  }

  ValueDomain margin(double newMargin) {
    if (!(newMargin > 0 && Double.isFinite(newMargin))) {
      throw new IllegalArgumentException("margin: must be positive and finite, got " + newMargin);
    }
    return new ValueDomain(min, max, newMargin, kinks).checkRoom("margin");
  }

  /** Returns this domain if some value of {@code [min, max]} is at least margin from every kink. */
  private ValueDomain checkRoom(String method) {
    for (int step = 0; step <= 64; step++) {
      if (clearOfKinks(min + (max - min) * step / 64)) {
        return this;
      }
    }
    throw new IllegalArgumentException(
        String.format(
            "%s: no room left: [%s, %s] lies within %s of the points %s; widen the interval or"
                + " lower the margin",
            method, min, max, margin, Arrays.toString(kinks)));
  }

  private boolean clearOfKinks(double v) {
    for (double k : kinks) {
      if (Math.abs(v - k) < margin) {
        return false;
      }
    }
    return true;
  }

  /** Returns {@code v} moved out of any kink's margin, staying inside {@code [min, max]}. */
  double push(double v) {
    for (int round = 0; round <= kinks.length && !clearOfKinks(v); round++) {
      for (double k : kinks) {
        if (Math.abs(v - k) < margin) {
          double up = k + margin;
          double down = k - margin;
          boolean preferUp = v >= k;
          double first = preferUp ? up : down;
          double second = preferUp ? down : up;
          v = first <= max && first >= min ? first : second;
        }
      }
    }
    if (!clearOfKinks(v) || v < min || v > max) {
      // Kinks packed closer than two margins: fall back to a value the room check found.
      for (int step = 0; step <= 64; step++) {
        double candidate = min + (max - min) * step / 64;
        if (clearOfKinks(candidate)) {
          return candidate;
        }
      }
    }
    return v;
  }

  /** Returns tensors of {@code shape} whose elements come from this domain. */
  Arbitrary<Tensor> tensorOf(int[] shape) {
    int n = 1;
    for (int size : shape) {
      n *= size;
    }
    int[] fixed = shape.clone();
    return Arbitraries.doubles()
        .between(min, max)
        .ofScale(6)
        .withoutEdgeCases()
        .map(this::push)
        .list()
        .ofSize(n)
        .map(values -> build(values, fixed));
  }

  private static Tensor build(List<Double> values, int[] shape) {
    double[] data = new double[values.size()];
    for (int i = 0; i < data.length; i++) {
      data[i] = values.get(i);
    }
    return shape.length == 0 ? Tensor.scalar(data[0]) : Tensor.of(data, shape.clone());
  }

  @Override
  public String toString() {
    return String.format(
        "values in [%s, %s] at least %s from %s", min, max, margin, Arrays.toString(kinks));
  }
}
