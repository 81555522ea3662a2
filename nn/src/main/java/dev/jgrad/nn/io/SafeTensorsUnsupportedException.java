package dev.jgrad.nn.io;

/**
 * Thrown when a safetensors file is valid but holds an entry jgrad cannot load: a dtype it does
 * not read (such as {@code F8_E4M3} or {@code U32}), or an {@code I64} value that a double
 * cannot hold exactly. The message names the file, the entry and its dtype.
 */
public final class SafeTensorsUnsupportedException extends SafeTensorsFormatException {
  private static final long serialVersionUID = 1L;

  /** The name of the entry jgrad cannot load. */
  private final String tensorName;
  /** The entry's dtype as the file names it. */
  private final String dtype;

  /**
   * Returns an exception for entry {@code tensorName} of dtype {@code dtype}, with {@code message}
   * saying what jgrad cannot do with it.
   *
   * @param message the message, naming the file, the entry and its dtype
   * @param tensorName the name of the entry
   * @param dtype the entry's dtype as the file names it
   */
  public SafeTensorsUnsupportedException(String message, String tensorName, String dtype) {
    super(message);
    this.tensorName = tensorName;
    this.dtype = dtype;
  }

  /** {@return the name of the entry jgrad cannot load} */
  public String tensorName() {
    return tensorName;
  }

  /** {@return the entry's dtype as the file names it (for example {@code F8_E4M3})} */
  public String dtype() {
    return dtype;
  }
}
