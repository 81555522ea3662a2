package dev.jgrad.examples.playground;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.HookHandle;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.viz.GraphOptions;
import dev.jgrad.autograd.viz.Graphs;
import dev.jgrad.nn.Activation;
import dev.jgrad.nn.Layer;
import dev.jgrad.nn.Losses;
import dev.jgrad.nn.Mlp;
import dev.jgrad.nn.optim.Adam;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Trains {@code Mlp(2, hidden + [1])} full-batch with Adam on the logistic loss of a 2-d data set
 * and records frames: after 0 steps, every {@code recordEvery} steps and after the last. A frame
 * holds the predicted probability of class 1 on a {@value #GRID} x {@value #GRID} grid, every
 * hidden neuron's activation on that grid (recorded by forward hooks on the hidden layers), the
 * loss and accuracy, and the graph of one sample's loss as {@code Graphs.toJson} writes it.
 */
public final class Playground {
  /** Grid points per side of the maps. */
  public static final int GRID = 32;

  /**
   * What to train.
   *
   * @param data the data set
   * @param hidden the hidden layer sizes (at least one)
   * @param activation the hidden layers' activation
   * @param learningRate Adam's learning rate
   * @param steps full-batch training steps
   * @param recordEvery steps between recorded frames
   * @param points the number of data points
   * @param sample the index of the point whose graph is recorded
   * @param seed the seed of the data, the weights and nothing else
   */
  public record Settings(
      DataSet data,
      List<Integer> hidden,
      Activation activation,
      double learningRate,
      int steps,
      int recordEvery,
      int points,
      int sample,
      long seed) {
    /** Validates the settings. */
    public Settings {
      if (data == null || activation == null || hidden == null || hidden.isEmpty()) {
        throw new IllegalArgumentException(
            "playground: need a data set, an activation and at least one hidden layer, got data="
                + data
                + " activation="
                + activation
                + " hidden="
                + hidden);
      }
      hidden = List.copyOf(hidden);
      for (int size : hidden) {
        if (size < 1 || size > 16) {
          throw new IllegalArgumentException(
              "playground: hidden layer sizes must be 1..16 (the page draws every neuron), got "
                  + hidden);
        }
      }
      if (hidden.size() > 4) {
        throw new IllegalArgumentException(
            "playground: at most 4 hidden layers, got " + hidden.size());
      }
      if (!(learningRate > 0) || steps < 1 || recordEvery < 1 || points < 4) {
        throw new IllegalArgumentException(
            String.format(
                "playground: need lr > 0, steps >= 1, record-every >= 1, points >= 4, got lr=%s"
                    + " steps=%d record-every=%d points=%d",
                learningRate, steps, recordEvery, points));
      }
      if (sample < 0 || sample >= points) {
        throw new IllegalArgumentException(
            "playground: sample must be in 0.." + (points - 1) + ", got " + sample);
      }
    }
  }

  /**
   * One recorded moment of training.
   *
   * @param step the number of optimizer steps taken
   * @param loss the mean logistic loss over all points
   * @param accuracy the fraction of points on the right side of the boundary
   * @param probabilities {@code P(class 1)} on the grid, row 0 at the top
   * @param neurons per hidden layer, per neuron, its activation on the grid
   * @param sampleLoss the loss of the recorded sample alone
   * @param sampleGraph the graph of that loss as {@code Graphs.toJson} writes it
   */
  public record Frame(
      int step,
      double loss,
      double accuracy,
      double[] probabilities,
      List<List<double[]>> neurons,
      double sampleLoss,
      String sampleGraph) {}

  private final Settings settings;
  private final DataSet.Points data;
  private final double[] bounds;
  private final double[] losses;
  private final List<Frame> frames = new ArrayList<>();
  private final Mlp model;
  private String graphPage;

  private Playground(Settings settings) {
    this.settings = settings;
    Random random = new Random(settings.seed());
    this.data = settings.data().generate(settings.points(), random);
    this.bounds = bounds(data.points());
    List<Integer> sizes = new ArrayList<>(settings.hidden());
    sizes.add(1);
    this.model = new Mlp(2, sizes, settings.activation(), random);
    this.losses = new double[settings.steps() + 1];
  }

  /** Returns the run: trains with the settings and records its frames. */
  public static Playground train(Settings settings) {
    if (settings == null) {
      throw new IllegalArgumentException("playground: settings must not be null");
    }
    Playground p = new Playground(settings);
    p.run();
    return p;
  }

  private void run() {
    Tensor x = Tensor.of(data.points());
    double[] y = new double[data.labels().length];
    for (int i = 0; i < y.length; i++) {
      y[i] = data.labels()[i];
    }
    Tensor target = Tensor.of(y, y.length, 1);
    Adam optimizer = new Adam(model.parameters(), settings.learningRate());
    for (int step = 0; step <= settings.steps(); step++) {
      Tensor logits = model.call(x);
      Tensor loss = Losses.binaryCrossEntropyWithLogits(logits, target);
      losses[step] = loss.item();
      if (step % settings.recordEvery() == 0 || step == settings.steps()) {
        frames.add(frame(step, losses[step], accuracy(logits.toArray())));
      }
      if (step < settings.steps()) {
        optimizer.zeroGrad();
        loss.backward();
        optimizer.step();
      }
    }
  }

  private double accuracy(double[] logits) {
    int right = 0;
    for (int i = 0; i < logits.length; i++) {
      right += (logits[i] > 0) == (data.labels()[i] == 1) ? 1 : 0;
    }
    return (double) right / logits.length;
  }

  /** Returns the frame of the current parameters: grid maps through hooks, one sample's graph. */
  private Frame frame(int step, double loss, double accuracy) {
    List<Layer> layers = model.layers();
    List<Tensor> hiddenOutputs = new ArrayList<>(Collections.nCopies(layers.size() - 1, null));
    List<HookHandle> hooks = new ArrayList<>();
    for (int l = 0; l + 1 < layers.size(); l++) {
      int index = l;
      hooks.add(
          layers
              .get(l)
              .registerForwardHook(
                  (module, input, output) -> {
                    hiddenOutputs.set(index, output);
                    return null;
                  }));
    }
    double[] probabilities;
    try (Autograd.Scope off = Autograd.noGrad()) {
      probabilities = model.call(Tensor.of(gridPoints())).sigmoid().toArray();
    } finally {
      hooks.forEach(HookHandle::remove);
    }
    List<List<double[]>> neurons = new ArrayList<>();
    for (Tensor out : hiddenOutputs) {
      neurons.add(columns(out));
    }
    Tensor sample = Tensor.of(new double[][] {data.points()[settings.sample()]});
    Tensor label = Tensor.of(new double[] {data.labels()[settings.sample()]}, 1, 1);
    Tensor sampleLoss =
        Losses.binaryCrossEntropyWithLogits(model.call(sample), label).label("loss");
    GraphOptions options = GraphOptions.defaults();
    String graph = Graphs.toJson(sampleLoss, options);
    if (graphPage == null) {
      graphPage = Graphs.toHtml(sampleLoss, options);
    }
    return new Frame(step, loss, accuracy, probabilities, neurons, sampleLoss.item(), graph);
  }

  /** Returns the columns of a {@code [points, width]} tensor, one array per neuron. */
  private static List<double[]> columns(Tensor out) {
    int points = out.size(0);
    int width = out.size(1);
    double[] all = out.toArray();
    List<double[]> columns = new ArrayList<>(width);
    for (int j = 0; j < width; j++) {
      double[] column = new double[points];
      for (int k = 0; k < points; k++) {
        column[k] = all[k * width + j];
      }
      columns.add(column);
    }
    return columns;
  }

  /** Returns {@code {xmin, xmax, ymin, ymax}}: the data's box with a margin of 0.3 around it. */
  private static double[] bounds(double[][] points) {
    double[] b = {Double.MAX_VALUE, -Double.MAX_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE};
    for (double[] p : points) {
      b[0] = Math.min(b[0], p[0]);
      b[1] = Math.max(b[1], p[0]);
      b[2] = Math.min(b[2], p[1]);
      b[3] = Math.max(b[3], p[1]);
    }
    return new double[] {b[0] - 0.3, b[1] + 0.3, b[2] - 0.3, b[3] + 0.3};
  }

  /** Returns the grid's cell centres, row by row from the top (largest y) down. */
  public double[][] gridPoints() {
    double[][] grid = new double[GRID * GRID][];
    for (int row = 0; row < GRID; row++) {
      double y = bounds[3] - (row + 0.5) * (bounds[3] - bounds[2]) / GRID;
      for (int col = 0; col < GRID; col++) {
        double x = bounds[0] + (col + 0.5) * (bounds[1] - bounds[0]) / GRID;
        grid[row * GRID + col] = new double[] {x, y};
      }
    }
    return grid;
  }

  /** Returns the settings. */
  public Settings settings() {
    return settings;
  }

  /** Returns the data points and labels. */
  public DataSet.Points data() {
    return data;
  }

  /** Returns {@code {xmin, xmax, ymin, ymax}} of the grid. */
  public double[] bounds() {
    return bounds.clone();
  }

  /** Returns the loss after each number of steps, {@code 0..steps}. */
  public double[] losses() {
    return losses.clone();
  }

  /** Returns the recorded frames in order. */
  public List<Frame> frames() {
    return Collections.unmodifiableList(frames);
  }

  /** Returns the trained model. */
  public Mlp model() {
    return model;
  }

  /**
   * Returns the graph page of the first frame's sample, the template the page swaps graphs into.
   */
  public String graphPage() {
    return graphPage;
  }
}
