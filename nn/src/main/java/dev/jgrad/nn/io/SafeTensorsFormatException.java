package dev.jgrad.nn.io;

import java.io.IOException;

/**
 * Thrown when a file is not a valid safetensors file: truncated, oversized or corrupt. Its
 * subclass {@link SafeTensorsUnsupportedException} is thrown for a valid file holding an entry
 * jgrad cannot represent.
 */
public class SafeTensorsFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  /**
   * Returns an exception with {@code message}, which names the file and what is wrong.
   *
   * @param message the message, naming the file and what is wrong
   */
  public SafeTensorsFormatException(String message) {
    super(message);
  }

  /**
   * Returns an exception with {@code message} caused by {@code cause}.
   *
   * @param message the message, naming the file and what is wrong
   * @param cause the underlying failure
   */
  public SafeTensorsFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
