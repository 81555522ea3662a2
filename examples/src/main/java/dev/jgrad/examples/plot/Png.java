package dev.jgrad.examples.plot;

import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** The drawing helpers shared by the hand-drawn pictures: centred text and writing a PNG. */
final class Png {
  private Png() {}

  /** Writes {@code picture} to {@code file} as a PNG and returns the path. */
  static Path write(BufferedImage picture, Path file) {
    try {
      ImageIO.write(picture, "png", file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
    return file;
  }

  /** Draws {@code text} centred on {@code centerX} at {@code baseline}. */
  static void centered(Graphics2D g, String text, int centerX, int baseline) {
    FontMetrics metrics = g.getFontMetrics();
    g.drawString(text, centerX - metrics.stringWidth(text) / 2, baseline);
  }
}
