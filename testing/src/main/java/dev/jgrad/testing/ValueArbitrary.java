package dev.jgrad.testing;

import net.jqwik.api.arbitraries.ArbitraryDecorator;

/**
 * The value settings shared by {@link TensorArbitrary} and {@link TensorListArbitrary}: where
 * elements are drawn and which points they keep clear of. Each setting returns a configured copy,
 * as jqwik's own arbitraries do.
 *
 * @param <S> the concrete arbitrary, returned by the settings
 * @param <T> what it generates
 */
public abstract class ValueArbitrary<S extends ValueArbitrary<S, T>, T>
    extends ArbitraryDecorator<T> {
  private ValueDomain values = ValueDomain.DEFAULT;

  ValueArbitrary() {}

  /** Returns this arbitrary drawing elements from {@code [min, max]} (default {@code [-2, 2]}). */
  public S between(double min, double max) {
    S copy = typedClone();
    copy.setValues(values.between(min, max));
    return copy;
  }

  /**
   * Returns this arbitrary keeping elements at least the margin (default 0.1) away from each of
   * {@code points}: the kinks and poles of the op under test, e.g. {@code awayFrom(0)} for relu or
   * abs.
   */
  public S awayFrom(double... points) {
    S copy = typedClone();
    copy.setValues(values.awayFrom(points));
    return copy;
  }

  /** Returns this arbitrary with another distance to keep from the {@link #awayFrom} points. */
  public S margin(double margin) {
    S copy = typedClone();
    copy.setValues(values.margin(margin));
    return copy;
  }

  /** Returns the element domain. */
  final ValueDomain values() {
    return values;
  }

  final void setValues(ValueDomain values) {
    this.values = values;
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "(" + values + ")";
  }
}
