package dev.jgrad.examples.plot;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;

/**
 * Draws attention weights as a grid of square heat maps, one per head: row i (a query position)
 * shows how much weight it puts on each column j (a key position), from white (0) to dark blue
 * (1), with the tokens written along both axes; writes the grid as a PNG.
 */
public final class AttentionMaps {
  private AttentionMaps() {}

  private static final int CELL = 26;
  private static final int LABEL = 18;
  private static final int GAP = 24;
  private static final int TITLE = 44;
  private static final int CAPTION = 22;

  /**
   * Writes {@code maps} (each {@code n x n} weights, row-major, {@code n = labels.size()}) with
   * their titles in rows of {@code columns}, and returns the path.
   *
   * @throws IllegalArgumentException if a map does not have {@code n * n} values or a title is
   *     missing
   */
  public static Path grid(
      Path file, String title, List<double[]> maps, List<String> titles, List<String> labels,
      int columns) {
    int n = labels.size();
    if (titles.size() < maps.size()) {
      throw new IllegalArgumentException(
          String.format("AttentionMaps.grid: %d maps but %d titles", maps.size(), titles.size()));
    }
    int cols = Math.max(1, Math.min(columns, maps.size()));
    int rows = (Math.max(1, maps.size()) + cols - 1) / cols;
    int side = n * CELL;
    int cellWidth = LABEL + side + GAP;
    int cellHeight = CAPTION + LABEL + side + GAP;
    int width = Math.max(520, cols * cellWidth + GAP);
    int height = TITLE + rows * cellHeight + GAP;
    Png.Canvas canvas = Png.canvas(width, height, title);
    BufferedImage picture = canvas.picture();
    Graphics2D g = canvas.graphics();
    int left = (width - cols * cellWidth) / 2 + GAP / 2;
    for (int m = 0; m < maps.size(); m++) {
      double[] w = maps.get(m);
      if (w.length != n * n) {
        throw new IllegalArgumentException(
            String.format(
                "AttentionMaps.grid: map %d has %d values, expected %d x %d", m, w.length, n, n));
      }
      int x0 = left + (m % cols) * cellWidth + LABEL;
      int y0 = TITLE + (m / cols) * cellHeight + CAPTION + LABEL;
      g.setColor(Color.BLACK);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
      Png.centered(g, titles.get(m), x0 + side / 2, y0 - LABEL - 6);
      g.setFont(new Font(Font.MONOSPACED, Font.BOLD, 13));
      for (int i = 0; i < n; i++) {
        Png.centered(g, labels.get(i), x0 + i * CELL + CELL / 2, y0 - 5); // keys along the top
        Png.centered(g, labels.get(i), x0 - LABEL / 2, y0 + i * CELL + CELL / 2 + 5); // queries
      }
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          double v = Math.max(0, Math.min(1, w[i * n + j]));
          g.setColor(new Color(
              (int) Math.round(255 - 225 * v), (int) Math.round(255 - 175 * v),
              (int) Math.round(255 - 75 * v)));
          g.fillRect(x0 + j * CELL, y0 + i * CELL, CELL, CELL);
        }
      }
      g.setColor(new Color(160, 160, 160));
      g.drawRect(x0 - 1, y0 - 1, side + 1, side + 1);
    }
    g.dispose();
    return Png.write(picture, file);
  }
}
