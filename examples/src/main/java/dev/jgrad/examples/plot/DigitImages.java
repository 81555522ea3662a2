package dev.jgrad.examples.plot;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;

/**
 * Draws 8x8 digit images in a grid, each with a caption underneath (for instance
 * {@code "true 3, said 8"}), and writes the grid as a PNG.
 */
public final class DigitImages {
  private DigitImages() {}

  private static final int PIXEL = 10;
  private static final int CELL = 8 * PIXEL;
  private static final int CAPTION = 22;
  private static final int GAP = 14;
  private static final int TITLE = 44;

  /**
   * Writes {@code images} (each 64 values, row-major, 0 = white, {@code maxValue} = black) with
   * their captions in rows of {@code columns}, and returns the path.
   *
   * @throws IllegalArgumentException if there are fewer captions than images or an image does
   *     not have 64 values
   */
  public static Path grid(
      Path file, String title, List<double[]> images, List<String> captions, int columns, double maxValue) {
    if (captions.size() < images.size()) {
      throw new IllegalArgumentException(
          String.format("DigitImages.grid: %d images but %d captions", images.size(), captions.size()));
    }
    int count = Math.max(1, images.size());
    int cols = Math.max(1, Math.min(columns, count));
    int rows = (count + cols - 1) / cols;
    int cellWidth = CELL + 2 * GAP + 20;
    int width = Math.max(480, cols * cellWidth + GAP);
    int height = TITLE + rows * (CELL + CAPTION + GAP) + GAP;
    Png.Canvas canvas = Png.canvas(width, height, title);
    BufferedImage picture = canvas.picture();
    Graphics2D g = canvas.graphics();
    if (images.isEmpty()) {
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
      Png.centered(g, "(nothing to show)", width / 2, TITLE + 40);
    }
    int left = (width - cols * cellWidth) / 2;
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    for (int n = 0; n < images.size(); n++) {
      double[] image = images.get(n);
      if (image.length != 64) {
        throw new IllegalArgumentException(
            "DigitImages.grid: image " + n + " has " + image.length + " values, expected 64");
      }
      int x0 = left + (n % cols) * cellWidth + (cellWidth - CELL) / 2;
      int y0 = TITLE + (n / cols) * (CELL + CAPTION + GAP);
      for (int r = 0; r < 8; r++) {
        for (int c = 0; c < 8; c++) {
          double v = Math.max(0, Math.min(1, image[r * 8 + c] / maxValue));
          int grey = (int) Math.round(255 * (1 - v));
          g.setColor(new Color(grey, grey, grey));
          g.fillRect(x0 + c * PIXEL, y0 + r * PIXEL, PIXEL, PIXEL);
        }
      }
      Png.frame(g, x0, y0, CELL, captions.get(n), 17);
    }
    g.dispose();
    return Png.write(picture, file);
  }
}
