package dev.jgrad.autograd;

import java.util.Arrays;

/**
 * The settings of a convolution, as PyTorch's {@code F.conv2d} arguments: stride, padding (or
 * "same"), dilation, groups, and the output padding of a transposed convolution. Immutable; each
 * {@code with...} returns a copy. One value applies to every spatial axis; two values give (height,
 * width).
 *
 * <pre>{@code
 * x.conv2d(weight, bias, ConvOptions.defaults().withPadding(1).withStride(2));
 * }</pre>
 */
public final class ConvOptions {
  private static final ConvOptions DEFAULTS =
      new ConvOptions(new int[] {1}, new int[] {0}, false, new int[] {1}, 1, new int[] {0});

  private final int[] stride;
  private final int[] padding;
  private final boolean same;
  private final int[] dilation;
  private final int groups;
  private final int[] outputPadding;

  private ConvOptions(
      int[] stride, int[] padding, boolean same, int[] dilation, int groups, int[] outputPadding) {
    this.stride = stride;
    this.padding = padding;
    this.same = same;
    this.dilation = dilation;
    this.groups = groups;
    this.outputPadding = outputPadding;
  }

  /** {@return PyTorch's defaults: stride 1, padding 0, dilation 1, groups 1, output padding 0} */
  public static ConvOptions defaults() {
    return DEFAULTS;
  }

  /**
   * {@return these options with the step between windows (one value, or height and width)}
   *
   * @param stride the stride, one value or two
   */
  public ConvOptions withStride(int... stride) {
    return new ConvOptions(copy(stride), padding, same, dilation, groups, outputPadding);
  }

  /**
   * {@return these options with zero padding on both sides of each axis (one value, or two)}
   *
   * @param padding the padding, one value or two
   */
  public ConvOptions withPadding(int... padding) {
    return new ConvOptions(stride, copy(padding), false, dilation, groups, outputPadding);
  }

  /**
   * {@return these options with PyTorch's {@code padding="same"}: the output has the input's size
   * (stride 1 only); an odd total padding puts the extra row and column after the image}
   */
  public ConvOptions withPaddingSame() {
    return new ConvOptions(stride, new int[] {0}, true, dilation, groups, outputPadding);
  }

  /**
   * {@return these options with the spacing between kernel elements (one value, or two)}
   *
   * @param dilation the dilation, one value or two
   */
  public ConvOptions withDilation(int... dilation) {
    return new ConvOptions(stride, padding, same, copy(dilation), groups, outputPadding);
  }

  /**
   * {@return these options with {@code groups} channel groups, each convolved separately}
   *
   * @param groups the number of channel groups
   */
  public ConvOptions withGroups(int groups) {
    return new ConvOptions(stride, padding, same, dilation, groups, outputPadding);
  }

  /**
   * {@return these options with the extra output size of a transposed convolution (one or two)}
   *
   * @param outputPadding the extra output size, one value or two
   */
  public ConvOptions withOutputPadding(int... outputPadding) {
    return new ConvOptions(stride, padding, same, dilation, groups, copy(outputPadding));
  }

  private static int[] copy(int[] values) {
    if (values == null || values.length == 0 || values.length > 2) {
      throw new IllegalArgumentException(
          "ConvOptions: give one value for every axis or two (height, width), but got "
              + Arrays.toString(values));
    }
    return values.clone();
  }

  /** {@return the stride values as given (one or two)} */
  public int[] stride() {
    return stride.clone();
  }

  /** {@return the padding values as given (one or two); {@code [0]} with "same" padding} */
  public int[] padding() {
    return padding.clone();
  }

  /** {@return whether the padding is PyTorch's "same"} */
  public boolean paddingSame() {
    return same;
  }

  /** {@return the dilation values as given (one or two)} */
  public int[] dilation() {
    return dilation.clone();
  }

  /** {@return the number of channel groups} */
  public int groups() {
    return groups;
  }

  /** {@return the output padding values as given (one or two)} */
  public int[] outputPadding() {
    return outputPadding.clone();
  }

  /** Returns e.g. {@code stride [1], padding [1], dilation [1], groups 1}. */
  @Override
  public String toString() {
    return String.format(
        "stride %s, padding %s, dilation %s, groups %d, output padding %s",
        Arrays.toString(stride),
        same ? "same" : Arrays.toString(padding),
        Arrays.toString(dilation),
        groups,
        Arrays.toString(outputPadding));
  }
}
