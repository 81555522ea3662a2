package dev.jgrad.examples.plot;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;

/**
 * Draws small square arrays of numbers of either sign (convolution filters, feature maps) as a grid
 * of heat maps, red for positive, blue for negative, white for 0, each scaled to its own largest
 * magnitude, with a caption underneath; writes the grid as a PNG.
 */
public final class Heatmaps {
  private Heatmaps() {}

  private static final int CELL = 84;
  private static final int CAPTION = 20;
  private static final int GAP = 16;
  private static final int TITLE = 44;

  /**
   * Writes {@code maps} (each {@code side * side} values, row-major) with their captions in rows of
   * {@code columns}, and returns the path.
   *
   * @throws IllegalArgumentException if there are fewer captions than maps or a map does not have
   *     {@code side * side} values
   */
  public static Path grid(
      Path file, String title, List<double[]> maps, List<String> captions, int side, int columns) {
    if (captions.size() < maps.size() || side < 1) {
      throw new IllegalArgumentException(
          String.format(
              "Heatmaps.grid: %d maps, %d captions, side %d", maps.size(), captions.size(), side));
    }
    int count = Math.max(1, maps.size());
    int cols = Math.max(1, Math.min(columns, count));
    int rows = (count + cols - 1) / cols;
    int pixel = Math.max(1, CELL / side);
    int cell = pixel * side;
    int cellWidth = cell + GAP;
    int width = Math.max(480, cols * cellWidth + GAP);
    int height = TITLE + rows * (cell + CAPTION + GAP) + GAP;
    Png.Canvas canvas = Png.canvas(width, height, title, 15);
    BufferedImage picture = canvas.picture();
    Graphics2D g = canvas.graphics();
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    int left = (width - cols * cellWidth) / 2 + GAP / 2;
    for (int n = 0; n < maps.size(); n++) {
      double[] map = maps.get(n);
      if (map.length != side * side) {
        throw new IllegalArgumentException(
            String.format(
                "Heatmaps.grid: map %d has %d values, expected %d", n, map.length, side * side));
      }
      double scale = 0;
      for (double v : map) {
        scale = Math.max(scale, Math.abs(v));
      }
      int x0 = left + (n % cols) * cellWidth;
      int y0 = TITLE + (n / cols) * (cell + CAPTION + GAP);
      for (int r = 0; r < side; r++) {
        for (int c = 0; c < side; c++) {
          double v = scale == 0 ? 0 : map[r * side + c] / scale;
          int fade = (int) Math.round(255 * (1 - Math.abs(v)));
          g.setColor(v >= 0 ? new Color(255, fade, fade) : new Color(fade, fade, 255));
          g.fillRect(x0 + c * pixel, y0 + r * pixel, pixel, pixel);
        }
      }
      Png.frame(g, x0, y0, cell, captions.get(n), 15);
    }
    g.dispose();
    return Png.write(picture, file);
  }
}
