package dev.jgrad.examples.playground;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;

/**
 * Writes a {@link Playground} run as one self-contained HTML page (inline script and styles,
 * nothing fetched): a slider scrubs through the recorded frames, showing the decision boundary with
 * the data, each hidden neuron's activation map, the loss curve with the frame marked, and the
 * graph page's backward pass of the recorded sample at that step (in a frame).
 *
 * <p>Maps are stored as one byte per grid point, base64: probabilities on {@code [0, 1]}, each
 * neuron map on its own {@code [min, max]} (both written next to it). Each frame's graph is gzipped
 * JSON, base64, which the page inflates when the frame is shown.
 */
public final class PlaygroundPage {
  private PlaygroundPage() {}

  /** Writes the page of {@code run} to {@code file} and returns the file. */
  public static Path write(Playground run, Path file) throws IOException {
    Files.writeString(file, html(run), StandardCharsets.UTF_8);
    return file;
  }

  /** Returns the page of {@code run}. */
  public static String html(Playground run) {
    String json = json(run).replace("</", "<\\/");
    return template().replace("__PLAYGROUND_DATA__", json);
  }

  private static String template() {
    try (InputStream in = PlaygroundPage.class.getResourceAsStream("playground.html")) {
      if (in == null) {
        throw new IllegalStateException("playground: the page template playground.html is missing");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("playground: cannot read the page template", e);
    }
  }

  /** Returns the page's data as JSON (its schema is what playground.html reads). */
  static String json(Playground run) {
    Playground.Settings s = run.settings();
    StringBuilder sb = new StringBuilder(1 << 20);
    sb.append("{\"settings\":{\"data\":")
        .append(string(s.data().name().toLowerCase(Locale.ROOT)))
        .append(",\"hidden\":")
        .append(s.hidden())
        .append(",\"activation\":")
        .append(string(s.activation().name().toLowerCase(Locale.ROOT)))
        .append(",\"learningRate\":")
        .append(number(s.learningRate()))
        .append(",\"steps\":")
        .append(s.steps())
        .append(",\"recordEvery\":")
        .append(s.recordEvery())
        .append(",\"seed\":")
        .append(s.seed())
        .append("},\"grid\":{\"size\":")
        .append(Playground.GRID)
        .append(",\"bounds\":")
        .append(numbers(run.bounds()))
        .append('}');
    sb.append(",\"points\":[");
    double[][] points = run.data().points();
    for (int i = 0; i < points.length; i++) {
      sb.append(i == 0 ? "" : ",").append(numbers(points[i]));
    }
    sb.append("],\"labels\":[");
    int[] labels = run.data().labels();
    for (int i = 0; i < labels.length; i++) {
      sb.append(i == 0 ? "" : ",").append(labels[i]);
    }
    sb.append("],\"losses\":").append(numbers(run.losses()));
    sb.append(",\"sample\":{\"index\":")
        .append(s.sample())
        .append(",\"point\":")
        .append(numbers(points[s.sample()]))
        .append(",\"label\":")
        .append(labels[s.sample()])
        .append('}');
    sb.append(",\"frames\":[");
    List<Playground.Frame> frames = run.frames();
    for (int f = 0; f < frames.size(); f++) {
      Playground.Frame frame = frames.get(f);
      sb.append(f == 0 ? "" : ",")
          .append("{\"step\":")
          .append(frame.step())
          .append(",\"loss\":")
          .append(number(frame.loss()))
          .append(",\"accuracy\":")
          .append(number(frame.accuracy()))
          .append(",\"sampleLoss\":")
          .append(number(frame.sampleLoss()))
          .append(",\"probabilities\":")
          .append(string(bytes(frame.probabilities(), 0, 1)))
          .append(",\"layers\":[");
      for (int l = 0; l < frame.neurons().size(); l++) {
        sb.append(l == 0 ? "" : ",").append('[');
        List<double[]> layer = frame.neurons().get(l);
        for (int j = 0; j < layer.size(); j++) {
          double[] map = layer.get(j);
          double min = Double.MAX_VALUE;
          double max = -Double.MAX_VALUE;
          for (double v : map) {
            min = Math.min(min, v);
            max = Math.max(max, v);
          }
          sb.append(j == 0 ? "" : ",")
              .append("{\"min\":")
              .append(number(min))
              .append(",\"max\":")
              .append(number(max))
              .append(",\"map\":")
              .append(string(bytes(map, min, max)))
              .append('}');
        }
        sb.append(']');
      }
      sb.append("],\"graphGzip\":").append(string(gzip(frame.sampleGraph()))).append('}');
    }
    sb.append("],\"graphPage\":").append(string(run.graphPage())).append('}');
    return sb.toString();
  }

  /**
   * Returns {@code text} gzipped, base64: a graph's JSON repeats its names and formulas, so it
   * shrinks about tenfold; the page inflates it with the browser's DecompressionStream.
   */
  private static String gzip(String text) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length() / 8);
    try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("playground: cannot compress a graph", e);
    }
    return Base64.getEncoder().encodeToString(bytes.toByteArray());
  }

  /** Returns the values mapped linearly from {@code [lo, hi]} to bytes 0..255, base64. */
  private static String bytes(double[] values, double lo, double hi) {
    byte[] out = new byte[values.length];
    double range = hi - lo;
    for (int i = 0; i < values.length; i++) {
      double t = range > 0 ? (values[i] - lo) / range : 0.5;
      out[i] = (byte) Math.round(255 * Math.max(0, Math.min(1, t)));
    }
    return Base64.getEncoder().encodeToString(out);
  }

  private static String numbers(double[] values) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < values.length; i++) {
      sb.append(i == 0 ? "" : ",").append(number(values[i]));
    }
    return sb.append(']').toString();
  }

  private static String number(double v) {
    return Double.isFinite(v) ? Double.toString(v) : "null";
  }

  /** Returns {@code text} as a JSON string literal. */
  static String string(String text) {
    StringBuilder sb = new StringBuilder(text.length() + 16).append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x2028 || c == 0x2029) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }
}
