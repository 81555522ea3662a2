package dev.jgrad.examples.plot;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** The drawing helpers shared by the hand-drawn pictures: a titled canvas, centred text, PNG files. */
final class Png {
  private Png() {}

  /** A picture and the graphics that draw on it. */
  record Canvas(BufferedImage picture, Graphics2D graphics) {}

  /**
   * Returns a white RGB picture of {@code width x height} with {@code title} centred at the top
   * (bold, 16 pt), and its graphics, set to antialiased text in black.
   */
  static Canvas canvas(int width, int height, String title) {
    return canvas(width, height, title, 16);
  }

  /** As {@link #canvas(int, int, String)}, with the title in bold {@code titleSize} pt. */
  static Canvas canvas(int width, int height, String title, int titleSize) {
    BufferedImage picture = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = picture.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width, height);
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, titleSize));
    centered(g, title, width / 2, 28);
    return new Canvas(picture, g);
  }

  /**
   * Draws a grey frame around the {@code size x size} cell at {@code (x0, y0)} and its caption
   * {@code captionOffset} pixels under it.
   */
  static void frame(Graphics2D g, int x0, int y0, int size, String caption, int captionOffset) {
    g.setColor(new Color(160, 160, 160));
    g.drawRect(x0 - 1, y0 - 1, size + 1, size + 1);
    g.setColor(Color.BLACK);
    centered(g, caption, x0 + size / 2, y0 + size + captionOffset);
  }

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
