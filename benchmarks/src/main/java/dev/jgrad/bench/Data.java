package dev.jgrad.bench;

import dev.jgrad.nn.io.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * The data sets of the reference benchmarks, shipped as resources (copies of
 * {@code shared/bench/data}), so Java and PyTorch train on exactly the same numbers; the
 * transformer's words are read from {@code shared/data} ({@link #words}).
 */
public final class Data {
  private Data() {}

  /** micrograd's moons: 100 points {@code x} ([100][2]) with labels {@code y} in {-1, +1}. */
  public record Moons(double[][] x, double[] y) {}

  /**
   * sklearn digits split as in the reference: scaled train and test rows, labels 0-9.
   *
   * @param trainX train rows, standardized with the train mean and population std ({@link
   *     #digits()}) or divided by 16 ({@link #digitPixels()})
   * @param trainY train labels
   * @param testX test rows, scaled the same way
   * @param testY test labels
   */
  public record Digits(double[][] trainX, int[] trainY, double[][] testX, int[] testY) {}

  /** Returns the moons data set of micrograd's demo. */
  public static Moons moons() {
    Map<?, ?> m = (Map<?, ?>) Json.parse(read("moons_n100_noise0.1_rs1.json", false));
    return new Moons(matrix(m.get("X")), vector(m.get("y")));
  }

  /** Returns micrograd's 337 initial parameters, in micrograd's order (per neuron: w then b). */
  public static double[] moonsInitialParams() {
    return vector(trajectory().get("init_params"));
  }

  /** Returns micrograd's loss after its 100th update. */
  public static double moonsFinalLoss() {
    return ((Number) trajectory().get("final_loss_after_training")).doubleValue();
  }

  private static Map<?, ?> trajectory() {
    return (Map<?, ?>) Json.parse(read("moons_micrograd_trajectory.json", false));
  }

  /** Returns the digits split of the reference, standardized on the train rows. */
  public static Digits digits() {
    Map<?, ?> m = (Map<?, ?>) Json.parse(read("digits_split_rs0.json.gz", true));
    double[][] x = matrix(m.get("X"));
    double[] y = vector(m.get("y"));
    int[] train = indices(m.get("train_idx"));
    int[] test = indices(m.get("test_idx"));
    int d = x[0].length;
    double[] mean = new double[d];
    double[] std = new double[d];
    for (int i : train) {
      for (int j = 0; j < d; j++) {
        mean[j] += x[i][j] / train.length;
      }
    }
    for (int i : train) {
      for (int j = 0; j < d; j++) {
        double c = x[i][j] - mean[j];
        std[j] += c * c / train.length;
      }
    }
    for (int j = 0; j < d; j++) {
      std[j] = std[j] == 0 ? 1 : Math.sqrt(std[j]);
    }
    return new Digits(
        rows(x, train, mean, std), labels(y, train), rows(x, test, mean, std), labels(y, test));
  }

  /**
   * Returns the digits split of the reference with the pixels scaled by 1/16 (values 0..1), as
   * {@code bench_digits_cnn.py} (its default {@code --scaling div16}); rows in the split's order.
   */
  public static Digits digitPixels() {
    Map<?, ?> m = (Map<?, ?>) Json.parse(read("digits_split_rs0.json.gz", true));
    double[][] x = matrix(m.get("X"));
    double[] y = vector(m.get("y"));
    int[] train = indices(m.get("train_idx"));
    int[] test = indices(m.get("test_idx"));
    double[] zero = new double[x[0].length];
    double[] sixteen = new double[x[0].length];
    Arrays.fill(sixteen, 16);
    return new Digits(
        rows(x, train, zero, sixteen), labels(y, train), rows(x, test, zero, sixteen),
        labels(y, test));
  }

  /** Returns {@code values[index[i]]} for each i. */
  static int[] pick(int[] values, int[] index) {
    int[] out = new int[index.length];
    for (int i = 0; i < index.length; i++) {
      out[i] = values[index[i]];
    }
    return out;
  }

  /**
   * Returns the words of the first of {@code files} that exists (the reference's {@code
   * shared/data/words.txt}, one word per line, blank lines skipped), in file order.
   *
   * @throws IllegalStateException if none of the files exists
   */
  static List<String> words(List<Path> files) {
    for (Path f : files) {
      if (Files.isRegularFile(f)) {
        try {
          List<String> words = new ArrayList<>();
          for (String line : Files.readAllLines(f, StandardCharsets.US_ASCII)) {
            if (!line.isBlank()) {
              words.add(line.strip());
            }
          }
          return words;
        } catch (IOException e) {
          throw new UncheckedIOException("Data: cannot read " + f, e);
        }
      }
    }
    throw new IllegalStateException("Data: no words file; looked for " + files);
  }

  private static double[][] rows(double[][] x, int[] idx, double[] mean, double[] std) {
    double[][] out = new double[idx.length][];
    for (int r = 0; r < idx.length; r++) {
      double[] row = new double[mean.length];
      for (int j = 0; j < row.length; j++) {
        row[j] = (x[idx[r]][j] - mean[j]) / std[j];
      }
      out[r] = row;
    }
    return out;
  }

  private static int[] labels(double[] y, int[] idx) {
    int[] out = new int[idx.length];
    for (int r = 0; r < idx.length; r++) {
      out[r] = (int) y[idx[r]];
    }
    return out;
  }

  private static int[] indices(Object list) {
    double[] v = vector(list);
    int[] out = new int[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = (int) v[i];
    }
    return out;
  }

  /** Returns {@code list} (a JSON array of arrays of numbers) as a matrix. */
  private static double[][] matrix(Object list) {
    List<?> rows = (List<?>) list;
    double[][] m = new double[rows.size()][];
    for (int i = 0; i < m.length; i++) {
      m[i] = vector(rows.get(i));
    }
    return m;
  }

  /** Returns {@code list} (a JSON array of numbers) as a vector. */
  private static double[] vector(Object list) {
    List<?> xs = (List<?>) list;
    double[] v = new double[xs.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = ((Number) xs.get(i)).doubleValue();
    }
    return v;
  }

  private static String read(String name, boolean gzip) {
    try (InputStream raw = Data.class.getResourceAsStream(name)) {
      if (raw == null) {
        throw new IllegalStateException("Data: resource " + name + " is missing");
      }
      InputStream in = gzip ? new GZIPInputStream(raw) : raw;
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Data: cannot read " + name, e);
    }
  }
}
