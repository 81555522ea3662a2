package dev.jgrad.autograd;

/**
 * The element type of a tensor's storage: 64-bit or 32-bit IEEE floating point.
 *
 * <p>{@link #F64} is the default, because numerical gradient checks need its precision;
 * {@link #F32} moves twice the numbers per cycle and is what PyTorch users train in. Binary ops
 * promote as PyTorch does: {@code F32} with {@code F64} gives {@code F64}, except that a 0-d
 * tensor (a Java {@code double} constant becomes one) takes the dtype of a tensor with dims.
 */
public enum DType {
  /** 64-bit IEEE 754 {@code double}. */
  F64(8),
  /** 32-bit IEEE 754 {@code float}. */
  F32(4);

  private final int bytes;

  DType(int bytes) {
    this.bytes = bytes;
  }

  /** {@return the size of one element in bytes (8 or 4)} */
  public int bytes() {
    return bytes;
  }

  /**
   * {@return the wider of two dtypes: {@code F64} if either is {@code F64}}
   *
   * @param a the first dtype
   * @param b the second dtype
   */
  public static DType wider(DType a, DType b) {
    return a == F64 || b == F64 ? F64 : F32;
  }
}
