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

/** The frame shared by the grid pictures (digits, heat maps): canvas, title, cell frames, PNG. */
final class GridPictures {
  private GridPictures() {}

  /** Returns a white {@code width x height} canvas. */
  static BufferedImage canvas(int width, int height) {
    return new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
  }

  /** Returns a pen on {@code picture} that has filled it white and drawn {@code title} on top. */
  static Graphics2D titled(BufferedImage picture, String title, int titleSize) {
    Graphics2D g = picture.createGraphics();
    g.setRenderingHint(
        RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, picture.getWidth(), picture.getHeight());
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, titleSize));
    centered(g, title, picture.getWidth() / 2, 28);
    return g;
  }

  /** Draws a grey frame around the {@code size x size} cell at {@code (x0, y0)} and its caption under it. */
  static void frame(Graphics2D g, int x0, int y0, int size, String caption, int captionOffset) {
    g.setColor(new Color(160, 160, 160));
    g.drawRect(x0 - 1, y0 - 1, size + 1, size + 1);
    g.setColor(Color.BLACK);
    centered(g, caption, x0 + size / 2, y0 + size + captionOffset);
  }

  /** Writes {@code picture} to {@code file} as PNG (releasing {@code g}) and returns the path. */
  static Path write(Graphics2D g, BufferedImage picture, Path file) {
    g.dispose();
    try {
      ImageIO.write(picture, "png", file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
    return file;
  }

  /** Draws {@code text} centred on {@code centerX}. */
  static void centered(Graphics2D g, String text, int centerX, int baseline) {
    FontMetrics metrics = g.getFontMetrics();
    g.drawString(text, centerX - metrics.stringWidth(text) / 2, baseline);
  }
}
