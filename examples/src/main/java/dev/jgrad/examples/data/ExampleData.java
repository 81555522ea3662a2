package dev.jgrad.examples.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Loads the data sets shipped in the examples' resources ({@code /data}, see its README for
 * sources and licences). Nothing is downloaded.
 */
public final class ExampleData {
  private ExampleData() {}

  /**
   * Returns the 1797 UCI handwritten digits: 64 pixel counts 0..16 per image (8x8, row-major)
   * and the digit 0..9.
   */
  public static LabeledData digits() {
    List<String> lines = readLines("digits.csv.gz", true);
    double[][] x = new double[lines.size()][];
    int[] y = new int[lines.size()];
    for (int i = 0; i < lines.size(); i++) {
      double[] row = parseRow(lines.get(i), 65, "digits.csv.gz", i + 1);
      x[i] = java.util.Arrays.copyOf(row, 64);
      y[i] = (int) row[64];
    }
    String[] names = new String[10];
    for (int d = 0; d < 10; d++) {
      names[d] = Integer.toString(d);
    }
    return new LabeledData(x, y, names);
  }

  /**
   * Returns the row indices of {@link #digits()} in the train set (1437) and the test set (360)
   * of the split the PyTorch benchmarks use ({@code digits_split_rs0.txt}: scikit-learn's
   * {@code train_test_split(arange(1797), test_size=0.2, random_state=0)}).
   */
  public static int[][] digitsSplit() {
    List<String> lines = readLines("digits_split_rs0.txt", false);
    int[][] split = new int[2][];
    int k = 0;
    for (String line : lines) {
      if (!line.startsWith("#")) {
        split[k++] = java.util.Arrays.stream(line.trim().split(" ")).mapToInt(Integer::parseInt).toArray();
      }
    }
    return split;
  }

  /** Returns Fisher's 150 irises: 4 measurements in cm and the class 0..2. */
  public static LabeledData iris() {
    List<String> lines = readLines("iris.csv", false);
    String[] header = lines.get(0).split(",");
    String[] names = {header[2], header[3], header[4]};
    int n = lines.size() - 1;
    double[][] x = new double[n][];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      double[] row = parseRow(lines.get(i + 1), 5, "iris.csv", i + 2);
      x[i] = java.util.Arrays.copyOf(row, 4);
      y[i] = (int) row[4];
    }
    return new LabeledData(x, y, names);
  }

  /**
   * Returns micrograd's two moons: 100 points in the plane with labels -1 and +1, as made by
   * scikit-learn's {@code make_moons(100, noise=0.1, random_state=1)}.
   */
  public static LabeledData moons() {
    List<String> lines = readLines("moons.csv", false);
    int n = lines.size() - 1;
    double[][] x = new double[n][];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      double[] row = parseRow(lines.get(i + 1), 3, "moons.csv", i + 2);
      x[i] = new double[] {row[0], row[1]};
      y[i] = (int) row[2];
    }
    return new LabeledData(x, y, new String[] {"-1", "+1"});
  }

  private static double[] parseRow(String line, int columns, String file, int lineNumber) {
    String[] cells = line.split(",");
    if (cells.length != columns) {
      throw new IllegalStateException(
          String.format(
              "%s line %d: expected %d columns, found %d", file, lineNumber, columns, cells.length));
    }
    double[] row = new double[columns];
    for (int j = 0; j < columns; j++) {
      row[j] = Double.parseDouble(cells[j].trim());
    }
    return row;
  }

  private static List<String> readLines(String file, boolean gzip) {
    String resource = "/data/" + file;
    try (InputStream raw = ExampleData.class.getResourceAsStream(resource)) {
      if (raw == null) {
        throw new IllegalStateException("data file " + resource + " is missing from the classpath");
      }
      InputStream in = gzip ? new GZIPInputStream(raw) : raw;
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      List<String> lines = new ArrayList<>();
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (!line.isBlank()) {
          lines.add(line);
        }
      }
      return lines;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }
}
