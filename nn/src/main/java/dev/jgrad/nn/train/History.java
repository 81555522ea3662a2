package dev.jgrad.nn.train;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-epoch numbers of a training run, by name ({@code loss}, {@code accuracy}, {@code valLoss},
 * {@code valAccuracy}, {@code learningRate}, {@code seconds}), in epoch order, ready to plot; and
 * why training stopped, if it stopped early.
 */
public final class History {
  private final Map<String, List<Double>> series = new LinkedHashMap<>();
  private int epochs;
  private String stopReason;

  /**
   * Records the numbers of one finished epoch.
   *
   * @param epochValues the epoch's values by series name
   */
  public void add(Map<String, Double> epochValues) {
    checkArgument(epochValues != null, "History.add: epochValues is null");
    for (Map.Entry<String, Double> e : epochValues.entrySet()) {
      List<Double> list = series.computeIfAbsent(e.getKey(), k -> new ArrayList<>());
      while (list.size() < epochs) {
        list.add(Double.NaN); // a metric that appeared late
      }
      list.add(e.getValue());
    }
    epochs++;
  }

  /** {@return the number of completed epochs} */
  public int epochs() {
    return epochs;
  }

  /** {@return the names of the recorded series, in first-recorded order} */
  public List<String> names() {
    return List.copyOf(series.keySet());
  }

  /**
   * {@return the values of series {@code name}, one per epoch}
   *
   * @param name the series name, such as {@code "loss"}
   * @throws IllegalArgumentException if no such series was recorded
   */
  public List<Double> get(String name) {
    List<Double> list = series.get(name);
    if (list == null) {
      throw new IllegalArgumentException(
          "History: no series '" + name + "'; recorded: " + series.keySet());
    }
    return Collections.unmodifiableList(list);
  }

  /**
   * {@return whether series {@code name} was recorded}
   *
   * @param name the series name, such as {@code "loss"}
   */
  public boolean has(String name) {
    return series.containsKey(name);
  }

  /**
   * {@return the last value of series {@code name}}
   *
   * @param name the series name, such as {@code "loss"}
   * @throws IllegalArgumentException if the series does not exist or is empty
   */
  public double last(String name) {
    List<Double> list = get(name);
    checkArgument(!list.isEmpty(), "History: series '%s' is empty", name);
    return list.get(list.size() - 1);
  }

  /** {@return why training stopped before its last epoch, or null if it ran to the end} */
  public String stopReason() {
    return stopReason;
  }

  void stop(String reason) {
    this.stopReason = reason;
  }

  /** {@return the history as CSV: a header {@code epoch,<names>} and one line per epoch} */
  public String toCsv() {
    StringBuilder sb = new StringBuilder("epoch");
    for (String name : series.keySet()) {
      sb.append(',').append(name);
    }
    sb.append('\n');
    for (int e = 0; e < epochs; e++) {
      sb.append(e + 1);
      for (List<Double> list : series.values()) {
        sb.append(',').append(e < list.size() ? list.get(e) : Double.NaN);
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return "History("
        + epochs
        + " epochs, "
        + series.keySet()
        + (stopReason == null ? "" : ", stopped: " + stopReason)
        + ")";
  }
}
