package dev.jgrad.examples.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.VectorGraphicsEncoder.VectorGraphicsFormat;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.Styler.YAxisPosition;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The pictures the examples write, drawn with XChart: training curves, decision boundaries,
 * fitted curves and confusion matrices. Each method writes a PNG (and, except for decision
 * regions, an SVG next to it) and returns the PNG's path. Works headless.
 */
public final class Charts {
  private Charts() {}

  private static final int WIDTH = 800;
  private static final int HEIGHT = 560;

  /** Two class colours (blue, orange) and their light tints for filled regions. */
  private static final Color[] CLASS_COLORS = {
    new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44),
    new Color(214, 39, 40), new Color(148, 103, 189)
  };

  /**
   * Writes the loss per epoch (left axis) and accuracies per epoch (right axis, 0..1) and
   * returns the PNG's path.
   *
   * @param file the PNG to write ({@code .svg} is written beside it)
   * @param loss the mean training loss of each epoch
   * @param accuracies named accuracy curves of the same length, e.g. "train accuracy"
   */
  public static Path trainingCurves(
      Path file, String title, double[] loss, Map<String, double[]> accuracies) {
    XYChart chart = newXyChart(title, "epoch", "training loss");
    double[] epochs = epochs(loss.length);
    boolean markers = loss.length <= 40; // dots help on short runs and clutter long ones
    XYSeries lossSeries = chart.addSeries("training loss", epochs, loss);
    lossSeries.setMarker(markers ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
    lossSeries.setLineColor(CLASS_COLORS[3]);
    lossSeries.setMarkerColor(CLASS_COLORS[3]);
    int colour = 0;
    for (Map.Entry<String, double[]> entry : accuracies.entrySet()) {
      XYSeries series = chart.addSeries(entry.getKey(), epochs(entry.getValue().length), entry.getValue());
      series.setYAxisGroup(1);
      series.setMarker(markers ? SeriesMarkers.DIAMOND : SeriesMarkers.NONE);
      series.setLineColor(CLASS_COLORS[colour % 3]);
      series.setMarkerColor(CLASS_COLORS[colour % 3]);
      colour += colour == 0 ? 2 : 1;
    }
    if (!accuracies.isEmpty()) {
      chart.setYAxisGroupTitle(1, "accuracy");
      chart.getStyler().setYAxisGroupPosition(1, YAxisPosition.Right);
      chart.getStyler().setYAxisMax(1, 1.0);
    }
    chart.getStyler().setYAxisMin(0, 0.0);
    // Below the plot, where it never hides a curve.
    chart.getStyler().setLegendPosition(LegendPosition.OutsideS);
    chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
    chart.getStyler().setXAxisDecimalPattern("0");
    chart.getStyler().setYAxisDecimalPattern("0.0##");
    return save(chart, file);
  }

  /**
   * Writes a classifier's decision regions (a grid over the data's range, each cell tinted by
   * the predicted class) with the data points on top, and returns the PNG's path.
   *
   * @param points {@code [n][2]} data points
   * @param labels class index of each point, 0..k-1
   * @param classNames display name of each class
   * @param predict maps {@code [m][2]} grid points to their predicted class indices
   */
  public static Path decisionBoundary(
      Path file,
      String title,
      double[][] points,
      int[] labels,
      String[] classNames,
      Function<double[][], int[]> predict) {
    double[] range = range(points, 0.5);
    int cells = 90;
    double[][] grid = new double[cells * cells][];
    for (int i = 0; i < cells; i++) {
      for (int j = 0; j < cells; j++) {
        grid[i * cells + j] =
            new double[] {
              range[0] + (range[1] - range[0]) * (j + 0.5) / cells,
              range[2] + (range[3] - range[2]) * (i + 0.5) / cells
            };
      }
    }
    int[] predicted = predict.apply(grid);
    XYChart chart = newXyChart(title, "x0", "x1");
    chart.getStyler().setPlotGridLinesVisible(false);
    chart.getStyler().setPlotContentSize(1.0); // the grid cells reach the plot's edges
    chart.getStyler().setDefaultSeriesRenderStyle(XYSeriesRenderStyle.Scatter);
    // Marker size in pixels: a little more than a cell, so the cells tile the plot without gaps.
    chart.getStyler().setMarkerSize((int) Math.ceil(1.25 * (WIDTH - 120) / (double) cells));
    chart.getStyler().setXAxisMin(range[0]).setXAxisMax(range[1]);
    chart.getStyler().setYAxisMin(range[2]).setYAxisMax(range[3]);
    for (int c = 0; c < classNames.length; c++) {
      List<Double> xs = new ArrayList<>();
      List<Double> ys = new ArrayList<>();
      for (int k = 0; k < grid.length; k++) {
        if (predicted[k] == c) {
          xs.add(grid[k][0]);
          ys.add(grid[k][1]);
        }
      }
      if (!xs.isEmpty()) {
        XYSeries region = chart.addSeries("predicted " + classNames[c], xs, ys);
        region.setMarker(SeriesMarkers.SQUARE);
        region.setMarkerColor(tint(CLASS_COLORS[c % CLASS_COLORS.length]));
      }
    }
    for (int c = 0; c < classNames.length; c++) {
      List<Double> xs = new ArrayList<>();
      List<Double> ys = new ArrayList<>();
      for (int k = 0; k < points.length; k++) {
        if (labels[k] == c) {
          xs.add(points[k][0]);
          ys.add(points[k][1]);
        }
      }
      if (!xs.isEmpty()) {
        XYSeries data = chart.addSeries("class " + classNames[c], xs, ys);
        data.setMarker(new Dot(9));
        data.setMarkerColor(CLASS_COLORS[c % CLASS_COLORS.length]);
      }
    }
    chart.getStyler().setLegendPosition(LegendPosition.OutsideE);
    // Thousands of grid cells make a slow, heavy SVG: this picture is written as PNG only.
    return save(chart, file, false);
  }

  /**
   * Writes noisy samples, the true function and the learned one, and returns the PNG's path.
   *
   * @param sampleX,sampleY the training data
   * @param gridX points where {@code truth} and {@code learned} are evaluated, ascending
   */
  public static Path curveFit(
      Path file,
      String title,
      double[] sampleX,
      double[] sampleY,
      double[] gridX,
      double[] truth,
      double[] learned) {
    XYChart chart = newXyChart(title, "x", "y");
    XYSeries samples = chart.addSeries("noisy training data", sampleX, sampleY);
    samples.setXYSeriesRenderStyle(XYSeriesRenderStyle.Scatter);
    samples.setMarker(SeriesMarkers.CIRCLE);
    samples.setMarkerColor(new Color(120, 120, 120, 150));
    XYSeries truthSeries = chart.addSeries("true function", gridX, truth);
    truthSeries.setMarker(SeriesMarkers.NONE);
    truthSeries.setLineColor(CLASS_COLORS[0]);
    truthSeries.setLineWidth(2.5f);
    XYSeries learnedSeries = chart.addSeries("network", gridX, learned);
    learnedSeries.setMarker(SeriesMarkers.NONE);
    learnedSeries.setLineColor(CLASS_COLORS[3]);
    learnedSeries.setLineWidth(2.5f);
    chart.getStyler().setMarkerSize(6);
    chart.getStyler().setLegendPosition(LegendPosition.InsideNE);
    return save(chart, file);
  }

  /**
   * Writes one line per named series over the same {@code x} values and returns the PNG's path.
   * Series whose name starts with {@code "dashed:"} are drawn dashed (the prefix is not shown).
   */
  public static Path lines(
      Path file, String title, String xTitle, String yTitle, double[] x, Map<String, double[]> series) {
    XYChart chart = newXyChart(title, xTitle, yTitle);
    int colour = 0;
    for (Map.Entry<String, double[]> entry : series.entrySet()) {
      boolean dashed = entry.getKey().startsWith("dashed:");
      String name = dashed ? entry.getKey().substring("dashed:".length()) : entry.getKey();
      XYSeries line = chart.addSeries(name, x, entry.getValue());
      line.setMarker(SeriesMarkers.NONE);
      line.setLineColor(CLASS_COLORS[colour++ % CLASS_COLORS.length]);
      line.setLineWidth(2.5f);
      if (dashed) {
        line.setLineStyle(new BasicStroke(2.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {8f, 6f}, 0f));
      }
    }
    chart.getStyler().setLegendPosition(LegendPosition.InsideNE);
    return save(chart, file);
  }

  /**
   * Writes a confusion matrix as a heat map with the count in each cell (true class on the
   * vertical axis, predicted class on the horizontal one) and returns the PNG's path.
   */
  public static Path confusionMatrix(Path file, String title, ConfusionMatrix matrix) {
    int k = matrix.classCount();
    HeatMapChart chart =
        new HeatMapChartBuilder()
            .width(Math.max(640, 60 * k + 220))
            .height(Math.max(460, 60 * k + 140))
            .title(title)
            .xAxisTitle("predicted class")
            .yAxisTitle("true class")
            .build();
    List<String> names = new ArrayList<>(List.of(matrix.classNames()));
    // The vertical axis runs bottom-up; list the true classes in reverse so class 0 is on top.
    List<String> reversed = new ArrayList<>(names);
    java.util.Collections.reverse(reversed);
    List<Number[]> cells = new ArrayList<>();
    int max = 1;
    for (int t = 0; t < k; t++) {
      for (int p = 0; p < k; p++) {
        int count = matrix.count(t, p);
        max = Math.max(max, count);
        if (count > 0) { // empty cells stay blank so the mistakes stand out
          cells.add(new Number[] {p, k - 1 - t, count});
        }
      }
    }
    chart.addSeries("count", names, reversed, cells);
    var styler = chart.getStyler();
    styler.setShowValue(true);
    styler.setMin(0).setMax(max);
    styler.setHeatMapValueDecimalPattern("0");
    styler.setRangeColors(new Color[] {Color.WHITE, new Color(198, 219, 239), new Color(107, 174, 214)});
    styler.setValueFontColor(Color.BLACK);
    styler.setValueFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
    styler.setLegendVisible(false);
    styler.setDrawBorder(true);
    styler.setPlotGridLinesVisible(false);
    styler.setPlotContentSize(1.0);
    styler.setChartBackgroundColor(Color.WHITE);
    styler.setPlotBackgroundColor(Color.WHITE);
    styler.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
    styler.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
    return save(chart, file);
  }

  private static XYChart newXyChart(String title, String xTitle, String yTitle) {
    XYChart chart =
        new XYChartBuilder()
            .width(WIDTH)
            .height(HEIGHT)
            .title(title)
            .xAxisTitle(xTitle)
            .yAxisTitle(yTitle)
            .build();
    chart.getStyler().setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
    chart.getStyler().setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
    chart.getStyler().setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    chart.getStyler().setChartBackgroundColor(Color.WHITE);
    chart.getStyler().setPlotBackgroundColor(Color.WHITE);
    chart.getStyler().setLegendBackgroundColor(new Color(255, 255, 255, 220));
    chart.getStyler().setPlotGridLinesColor(new Color(225, 225, 225));
    return chart;
  }

  private static double[] epochs(int n) {
    double[] xs = new double[n];
    for (int i = 0; i < n; i++) {
      xs[i] = i + 1;
    }
    return xs;
  }

  /** Returns {x min, x max, y min, y max} of the points, widened by {@code margin}. */
  private static double[] range(double[][] points, double margin) {
    double[] r = {Double.MAX_VALUE, -Double.MAX_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE};
    for (double[] p : points) {
      r[0] = Math.min(r[0], p[0]);
      r[1] = Math.max(r[1], p[0]);
      r[2] = Math.min(r[2], p[1]);
      r[3] = Math.max(r[3], p[1]);
    }
    return new double[] {r[0] - margin, r[1] + margin, r[2] - margin, r[3] + margin};
  }

  private static Color tint(Color c) {
    return new Color(
        (c.getRed() + 3 * 255) / 4, (c.getGreen() + 3 * 255) / 4, (c.getBlue() + 3 * 255) / 4);
  }

  /** A filled circle of a fixed size with a dark outline, whatever the chart's marker size. */
  private static final class Dot extends Marker {
    private final int diameter;

    Dot(int diameter) {
      this.diameter = diameter;
    }

    @Override
    public void paint(Graphics2D g, double x, double y, int ignoredSize) {
      Shape circle = new Ellipse2D.Double(x - diameter / 2.0, y - diameter / 2.0, diameter, diameter);
      g.fill(circle);
      Color fill = g.getColor();
      g.setColor(fill.darker().darker());
      g.setStroke(new BasicStroke(1f));
      g.draw(circle);
      g.setColor(fill);
    }
  }

  private static Path save(Chart<?, ?> chart, Path file) {
    return save(chart, file, true);
  }

  private static Path save(Chart<?, ?> chart, Path file, boolean alsoSvg) {
    String png = file.toString();
    if (!png.endsWith(".png")) {
      throw new IllegalArgumentException("Charts: picture file must end with .png, got " + file);
    }
    String base = png.substring(0, png.length() - ".png".length());
    try {
      BitmapEncoder.saveBitmap(chart, base, BitmapFormat.PNG);
      if (alsoSvg) {
        VectorGraphicsEncoder.saveVectorGraphic(chart, base, VectorGraphicsFormat.SVG);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
    return file;
  }

  /** Returns a map with insertion order, for {@link #trainingCurves}. */
  public static Map<String, double[]> curves(String name, double[] values, Object... more) {
    Map<String, double[]> map = new LinkedHashMap<>();
    map.put(name, values);
    for (int i = 0; i + 1 < more.length; i += 2) {
      map.put((String) more[i], (double[]) more[i + 1]);
    }
    return map;
  }
}
