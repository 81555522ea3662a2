package dev.jgrad.nn.train;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.nn.Module;
import dev.jgrad.nn.data.Batch;
import dev.jgrad.nn.data.Dataset;
import dev.jgrad.nn.optim.GradClip;
import dev.jgrad.nn.optim.LearningRateSchedule;
import dev.jgrad.nn.optim.Optimizer;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * A {@code fit}-style training loop: for each epoch, shuffled mini-batches of {@code zeroGrad;
 * forward; loss; backward; step}, then validation, metrics, a {@link History} entry, callbacks and
 * early stopping. A {@link ProgressBar} (epoch, batch, loss, ETA, then one line per epoch) is
 * shown when the JVM has a terminal, unless turned off.
 *
 * <pre>{@code
 * Trainer trainer =
 *     Trainer.builder(model, new Adam(model.parameters(), 1e-3), Losses::crossEntropy)
 *     .epochs(20).batchSize(32).shuffleSeed(0).validation(test).classes(Metrics.argmax())
 *     .earlyStopping(3, 1e-4, true).build();
 * History history = trainer.fit(train);
 * }</pre>
 *
 * <p>The trainer adds nothing a hand-written loop could not do; write the loop yourself when you
 * need something else.
 */
public final class Trainer {
  /** A loss of the model's output against the batch labels, reduced to a scalar (mean). */
  @FunctionalInterface
  public interface LossFunction {
    /**
     * {@return the scalar loss of {@code output} against {@code labels}}
     *
     * @param output the model's output for a batch
     * @param labels the batch's labels
     */
    Tensor apply(Tensor output, Tensor labels);
  }

  private final Module model;
  private final Optimizer optimizer;
  private final LossFunction loss;
  private final int epochs;
  private final int batchSize;
  private final Random shuffle;
  private final boolean dropLast;
  private final Dataset validation;
  private final Function<Tensor, int[]> classes;
  private final PrintStream out;
  /** Whether messages go to {@link #out}: a stream the caller chose, or a progress display. */
  private final boolean printsMessages;
  private static final System.Logger LOG = System.getLogger("dev.jgrad.nn.train");
  private final ProgressBar progressBar;
  private final int patience;
  private final double minDelta;
  private final boolean restoreBest;
  private final LearningRateSchedule schedule;
  private final double clipNorm;
  private final List<Callback> callbacks;
  private final NonFiniteLossPolicy nonFiniteLoss;

  private Trainer(Builder b) {
    this.model = b.model;
    this.optimizer = b.optimizer;
    this.loss = b.loss;
    this.epochs = b.epochs;
    this.batchSize = b.batchSize;
    this.shuffle = b.shuffle;
    this.dropLast = b.dropLast;
    this.validation = b.validation;
    this.classes = b.classes;
    this.out = b.out;
    if (b.progressBar != null) {
      this.progressBar = b.progressBar;
    } else if (b.progress == null ? System.console() != null : b.progress) {
      this.progressBar = ProgressBar.forOutput(b.out);
    } else {
      this.progressBar = new ProgressBar(b.out, ProgressBar.Mode.OFF, ProgressBar.DEFAULT_WIDTH);
    }
    this.printsMessages = b.outputChosen || progressBar.mode() != ProgressBar.Mode.OFF;
    this.patience = b.patience;
    this.minDelta = b.minDelta;
    this.restoreBest = b.restoreBest;
    this.schedule = b.schedule;
    this.clipNorm = b.clipNorm;
    this.callbacks = List.copyOf(b.callbacks);
    this.nonFiniteLoss = b.nonFiniteLoss;
  }

  /**
   * Logs {@code text} as a warning, and prints it where the caller asked for output (a stream
   * given to {@code Builder.output}, or an active progress display); nothing reaches
   * {@code System.out} unasked.
   */
  private void message(String text) {
    LOG.log(System.Logger.Level.WARNING, text);
    if (printsMessages) {
      out.println(text);
    }
  }

  /**
   * {@return a builder for training {@code model} with {@code optimizer} on {@code loss}}
   *
   * @param model the model to train
   * @param optimizer the optimizer over the model's parameters
   * @param loss the loss of an output against its labels
   * @throws IllegalArgumentException if an argument is null
   */
  public static Builder builder(Module model, Optimizer optimizer, LossFunction loss) {
    return new Builder(model, optimizer, loss);
  }

  /** {@return whether this trainer shows its progress (a redrawn bar or a line per epoch)} */
  public boolean showsProgress() {
    return progressBar.mode() != ProgressBar.Mode.OFF;
  }

  /**
   * Trains the model on {@code train} and returns the per-epoch history. Training stops early when
   * early stopping triggers, a callback returns false, or a batch loss or a parameter's gradient
   * holds NaN or an infinity under the default {@link NonFiniteLossPolicy#STOP}; in the last case
   * the bad batch is not applied and {@link History#stopReason()} names the epoch and batch (see
   * {@link Builder#onNonFiniteLoss} for the other policies). Gradients are checked after backward
   * and before clipping and the step, so a finite loss with a NaN gradient (such as {@code
   * sqrt(|pred - y|)} at {@code pred == y}) never reaches the weights. With early stopping's
   * {@code restoreBest}, the best epoch's weights are loaded back however training ended.
   *
   * @param train the training data
   * @return the per-epoch history
   * @throws IllegalArgumentException if {@code train} is null or empty, or {@code dropLast} leaves
   *     no batch
   * @throws IllegalStateException naming the epoch and batch if a batch loss or gradient is not
   *     finite under {@link NonFiniteLossPolicy#THROW}
   */
  public History fit(Dataset train) {
    if (train == null) {
      throw new IllegalArgumentException("Trainer.fit: train is null");
    }
    if (train.size() == 0) {
      throw new IllegalArgumentException(
          "Trainer.fit: train is empty (0 examples); there is nothing to train on");
    }
    if (dropLast && train.size() < batchSize) {
      throw new IllegalArgumentException(
          String.format(
              "Trainer.fit: dropLast with batch size %d leaves no batch of the %d training"
                  + " examples; lower the batch size or turn dropLast off",
              batchSize, train.size()));
    }
    Map<Tensor, String> names = parameterNames();
    History history = new History();
    IllegalStateException failure = null;
    EarlyStopping earlyStopping = new EarlyStopping();
    training:
    for (int epoch = 0; epoch < epochs; epoch++) {
      if (schedule != null) {
        schedule.applyTo(optimizer, epoch);
      }
      long start = System.nanoTime();
      model.train();
      List<Batch> batches = train.batches(batchSize, shuffle, dropLast);
      double lossSum = 0;
      int seen = 0;
      List<int[]> predicted = new ArrayList<>();
      List<int[]> actual = new ArrayList<>();
      int skipped = 0;
      for (int b = 0; b < batches.size(); b++) {
        Batch batch = batches.get(b);
        optimizer.zeroGrad();
        Tensor output = model.call(batch.x());
        Tensor l = loss.apply(output, batch.y());
        double value = l.item();
        String problem = Double.isFinite(value) ? null : "loss became " + value;
        if (problem == null) {
          l.backward();
          problem = nonFiniteGradient(value, names);
        }
        if (problem != null) {
          String where = String.format("%s at epoch %d, batch %d", problem, epoch + 1, b + 1);
          progressBar.endLine();
          if (nonFiniteLoss == NonFiniteLossPolicy.SKIP_BATCH) {
            skipped++;
            message("Trainer skipped a batch: " + where + "; its step was not applied");
            continue;
          }
          String reason =
              where
                  + "; the step was not applied (lower the learning rate, clip gradients or check"
                  + " the inputs)";
          if (nonFiniteLoss == NonFiniteLossPolicy.THROW) {
            failure = new IllegalStateException("Trainer.fit: " + reason);
          } else {
            history.stop(reason);
            message("Trainer stopped: " + reason);
          }
          break training;
        }
        if (clipNorm > 0) {
          GradClip.clipGradNorm(optimizer.parameters(), clipNorm);
        }
        optimizer.step();
        lossSum += value * batch.size();
        seen += batch.size();
        if (classes != null) {
          predicted.add(classes.apply(output.detach()));
          actual.add(Metrics.toInts(batch.y()));
        }
        for (Callback c : callbacks) {
          c.onBatchEnd(epoch, b, value);
        }
        if (progressBar.mode() == ProgressBar.Mode.REDRAW) {
          double elapsed = (System.nanoTime() - start) / 1e9;
          double eta = elapsed / (b + 1) * (batches.size() - b - 1);
          progressBar.update(
              String.format(Locale.ROOT, "epoch %d/%d", epoch + 1, epochs),
              b + 1,
              batches.size(),
              String.format(
                  Locale.ROOT, "loss %.4f ETA %s", lossSum / seen, ProgressBar.formatSeconds(eta)));
        }
      }
      Map<String, Double> row = new LinkedHashMap<>();
      row.put("loss", lossSum / seen);
      if (classes != null) {
        double accuracy =
            seen == 0 ? Double.NaN : Metrics.accuracy(concat(predicted), concat(actual));
        row.put("accuracy", accuracy);
      }
      if (validation != null) {
        Evaluation v = evaluate(validation);
        row.put("valLoss", v.loss());
        if (classes != null) {
          row.put("valAccuracy", v.accuracy());
        }
      }
      row.put("learningRate", optimizer.learningRate());
      if (nonFiniteLoss == NonFiniteLossPolicy.SKIP_BATCH) {
        row.put("skippedBatches", (double) skipped);
      }
      row.put("seconds", (System.nanoTime() - start) / 1e9);
      history.add(row);
      progressBar.finish(summary(epoch, row));
      boolean callbacksContinue = runEpochCallbacks(epoch, history);
      boolean lossStillImproving = earlyStopping.update(epoch, row, history);
      if (!callbacksContinue || !lossStillImproving) {
        break;
      }
    }
    earlyStopping.restoreBestWeights();
    if (failure != null) {
      throw failure;
    }
    return history;
  }

  /**
   * Returns the mean loss (and, with a class rule, accuracy and confusion matrix) of the model on
   * {@code data}, in evaluation mode and without recording a graph; the model's mode is restored
   * afterwards.
   *
   * <p>The evaluation keeps each example's predicted and actual class; the confusion matrix is
   * built only if {@link Evaluation#confusion()} is called.
   *
   * @param data the data to evaluate on
   * @return the evaluation of the model on {@code data}
   * @throws IllegalArgumentException if {@code data} is null or empty
   */
  public Evaluation evaluate(Dataset data) {
    if (data == null) {
      throw new IllegalArgumentException("Trainer.evaluate: data is null");
    }
    if (data.size() == 0) {
      throw new IllegalArgumentException(
          "Trainer.evaluate: data is empty (0 examples); the mean loss is undefined");
    }
    boolean wasTraining = model.isTraining();
    model.eval();
    try (Autograd.Scope off = Autograd.noGrad()) {
      double lossSum = 0;
      List<int[]> predicted = new ArrayList<>();
      List<int[]> actual = new ArrayList<>();
      for (Batch batch : data.batches(Math.max(batchSize, 256), null, false)) {
        Tensor output = model.call(batch.x());
        lossSum += loss.apply(output, batch.y()).item() * batch.size();
        if (classes != null) {
          predicted.add(classes.apply(output));
          actual.add(Metrics.toInts(batch.y()));
        }
      }
      double meanLoss = lossSum / data.size();
      if (classes == null) {
        return new Evaluation(meanLoss, null, null);
      }
      return new Evaluation(meanLoss, concat(predicted), concat(actual));
    } finally {
      model.train(wasTraining);
    }
  }

  /** Returns the model's name of each parameter, by identity. */
  private Map<Tensor, String> parameterNames() {
    Map<Tensor, String> names = new IdentityHashMap<>();
    for (Map.Entry<String, Tensor> e : model.namedParameters().entrySet()) {
      names.put(e.getValue(), e.getKey());
    }
    return names;
  }

  /**
   * Returns what is wrong with the optimizer's gradients after a backward pass whose loss was
   * {@code loss}: the first parameter (by its name in the model, else its index in the optimizer)
   * and flat index holding NaN or an infinity, or null when every gradient is finite.
   */
  private String nonFiniteGradient(double loss, Map<Tensor, String> names) {
    List<Tensor> parameters = optimizer.parameters();
    for (int i = 0; i < parameters.size(); i++) {
      Tensor grad = parameters.get(i).grad();
      if (grad == null) {
        continue;
      }
      double[] g = grad.toArray();
      for (int k = 0; k < g.length; k++) {
        if (!Double.isFinite(g[k])) {
          String name = names.getOrDefault(parameters.get(i), "parameter " + i);
          return String.format(
              "loss %s is finite but the gradient of %s became %s (flat index %d of shape %s)",
              loss, name, g[k], k, Arrays.toString(grad.shape()));
        }
      }
    }
    return null;
  }

  /**
   * Calls every callback's {@code onEpochEnd} (all of them, in order) and returns false, noting the
   * reason in {@code history}, if one asked to stop.
   */
  private boolean runEpochCallbacks(int epoch, History history) {
    boolean keepGoing = true;
    for (Callback c : callbacks) {
      if (!c.onEpochEnd(epoch, history)) {
        history.stop(
            "callback " + c.getClass().getName() + " stopped training after epoch " + (epoch + 1));
        keepGoing = false;
      }
    }
    return keepGoing;
  }

  /**
   * Early-stopping state of one {@link #fit} run: the best monitored loss ({@code valLoss} with
   * validation data, else {@code loss}), the epochs since it improved, and its weights when {@code
   * restoreBest} is on.
   */
  private final class EarlyStopping {
    private final String monitor = validation != null ? "valLoss" : "loss";
    private double best = Double.POSITIVE_INFINITY;
    private int badEpochs;
    private Map<String, Tensor> bestState;

    /**
     * Records the monitored loss of {@code row}; returns false, noting the reason in {@code
     * history}, once it has not improved by more than {@code minDelta} for {@code patience} epochs
     * (always true when early stopping is off).
     */
    boolean update(int epoch, Map<String, Double> row, History history) {
      if (patience <= 0) {
        return true;
      }
      double current = row.get(monitor);
      if (current < best - minDelta) {
        best = current;
        badEpochs = 0;
        bestState = restoreBest ? model.stateDict() : null;
        return true;
      }
      if (++badEpochs < patience) {
        return true;
      }
      history.stop(
          String.format(
              "early stopping after epoch %d: %s did not improve by %s for %d epochs (best %.6g)",
              epoch + 1, monitor, minDelta, patience, best));
      return false;
    }

    /** Loads the best epoch's weights back into the model, if they were kept. */
    void restoreBestWeights() {
      if (bestState != null) {
        model.loadStateDict(bestState);
      }
    }
  }

  private String summary(int epoch, Map<String, Double> row) {
    StringBuilder sb =
        new StringBuilder(String.format(Locale.ROOT, "epoch %d/%d", epoch + 1, epochs));
    for (Map.Entry<String, Double> e : row.entrySet()) {
      if (!e.getKey().equals("seconds")) {
        sb.append(String.format(Locale.ROOT, " %s %.4g", e.getKey(), e.getValue()));
      }
    }
    return sb.append(String.format(Locale.ROOT, " (%.1fs)", row.get("seconds"))).toString();
  }

  private static int[] concat(List<int[]> parts) {
    int n = 0;
    for (int[] p : parts) {
      n += p.length;
    }
    int[] out = new int[n];
    int k = 0;
    for (int[] p : parts) {
      System.arraycopy(p, 0, out, k, p.length);
      k += p.length;
    }
    return out;
  }

  /** Settings of a {@link Trainer}; every setting has a default except model, optimizer, loss. */
  public static final class Builder {
    private final Module model;
    private final Optimizer optimizer;
    private final LossFunction loss;
    private int epochs = 10;
    private int batchSize = 32;
    private Random shuffle = new Random(0);
    private boolean dropLast;
    private Dataset validation;
    private Function<Tensor, int[]> classes;
    private Boolean progress;
    private ProgressBar progressBar;
    private PrintStream out = System.out;
    private boolean outputChosen;
    private int patience;
    private double minDelta;
    private boolean restoreBest;
    private LearningRateSchedule schedule;
    private double clipNorm;
    private final List<Callback> callbacks = new ArrayList<>();
    private NonFiniteLossPolicy nonFiniteLoss = NonFiniteLossPolicy.STOP;

    private Builder(Module model, Optimizer optimizer, LossFunction loss) {
      if (model == null || optimizer == null || loss == null) {
        throw new IllegalArgumentException(
            "Trainer.builder: model, optimizer and loss must not be null");
      }
      this.model = model;
      this.optimizer = optimizer;
      this.loss = loss;
    }

    /**
     * Sets the number of epochs (default 10).
     *
     * @param epochs the number of epochs, positive
     * @return this builder
     * @throws IllegalArgumentException if not positive
     */
    public Builder epochs(int epochs) {
      if (epochs <= 0) {
        throw new IllegalArgumentException(
            "Trainer.epochs: epochs must be positive, got " + epochs);
      }
      this.epochs = epochs;
      return this;
    }

    /**
     * Sets the batch size (default 32).
     *
     * @param batchSize the number of examples per batch, positive
     * @return this builder
     * @throws IllegalArgumentException if not positive
     */
    public Builder batchSize(int batchSize) {
      if (batchSize <= 0) {
        throw new IllegalArgumentException(
            "Trainer.batchSize: batch size must be positive, got " + batchSize);
      }
      this.batchSize = batchSize;
      return this;
    }

    /**
     * Shuffles the training data each epoch from {@code new Random(seed)} (default seed 0).
     *
     * @param seed the seed of the shuffle
     * @return this builder
     */
    public Builder shuffleSeed(long seed) {
      this.shuffle = new Random(seed);
      return this;
    }

    /**
     * Turns shuffling off: batches follow the data set's order.
     *
     * @return this builder
     */
    public Builder noShuffle() {
      this.shuffle = null;
      return this;
    }

    /**
     * Drops the last, smaller batch of each epoch when {@code dropLast} (default false).
     *
     * @param dropLast whether to drop the last, smaller batch
     * @return this builder
     */
    public Builder dropLast(boolean dropLast) {
      this.dropLast = dropLast;
      return this;
    }

    /**
     * Evaluates on {@code validation} after every epoch ({@code valLoss}, {@code valAccuracy});
     * null turns it off.
     *
     * @param validation the validation data, or null for none
     * @return this builder
     * @throws IllegalArgumentException if {@code validation} is empty
     */
    public Builder validation(Dataset validation) {
      if (validation != null && validation.size() == 0) {
        throw new IllegalArgumentException(
            "Trainer.validation: the validation set is empty (0 examples); pass null for none");
      }
      this.validation = validation;
      return this;
    }

    /**
     * Sets the rule turning outputs into classes (such as {@link Metrics#argmax()}), which adds
     * accuracy and the confusion matrix; the labels must then hold class indices.
     *
     * @param rule turns a batch of outputs into one class per example
     * @return this builder
     */
    public Builder classes(Function<Tensor, int[]> rule) {
      this.classes = rule;
      return this;
    }

    /**
     * Turns the progress display on or off; by default it is on only when the JVM has a console
     * ({@code System.console() != null}). When on, it goes to {@link #output}: a bar redrawn in
     * place on a terminal, otherwise one line per epoch.
     *
     * @param on whether to show progress
     * @return this builder
     */
    public Builder progress(boolean on) {
      this.progress = on;
      this.progressBar = null;
      return this;
    }

    /**
     * Shows progress on {@code bar} (its mode and width decide what is printed), for a caller
     * that shares one bar between the trainer and its own output.
     *
     * @param bar the bar to draw on
     * @return this builder
     * @throws IllegalArgumentException if {@code bar} is null
     */
    public Builder progress(ProgressBar bar) {
      if (bar == null) {
        throw new IllegalArgumentException("Trainer.progress: bar must not be null");
      }
      this.progressBar = bar;
      return this;
    }

    /**
     * Sets where the progress display and messages go (default {@code System.out}).
     *
     * @param out the stream for progress and messages
     * @return this builder
     */
    public Builder output(PrintStream out) {
      if (out == null) {
        throw new IllegalArgumentException("Trainer.output: output must not be null");
      }
      this.out = out;
      this.outputChosen = true;
      return this;
    }

    /**
     * Stops when the monitored loss ({@code valLoss} with validation data, else {@code loss}) has
     * not improved by more than {@code minDelta} for {@code patience} epochs; with {@code
     * restoreBest}, the best epoch's weights are loaded back at the end.
     *
     * @param patience the number of epochs without improvement before stopping
     * @param minDelta the smallest decrease that counts as an improvement
     * @param restoreBest whether to restore the parameters of the best epoch
     * @return this builder
     * @throws IllegalArgumentException if patience is not positive or minDelta negative
     */
    public Builder earlyStopping(int patience, double minDelta, boolean restoreBest) {
      if (patience <= 0 || !(minDelta >= 0)) {
        throw new IllegalArgumentException(
            String.format(
                "Trainer.earlyStopping: needs patience > 0 and minDelta >= 0, got %d and %s",
                patience, minDelta));
      }
      this.patience = patience;
      this.minDelta = minDelta;
      this.restoreBest = restoreBest;
      return this;
    }

    /**
     * Sets the learning rate at the start of each epoch {@code e} to {@code schedule.rate(e)}.
     *
     * @param schedule the learning rate of each epoch
     * @return this builder
     */
    public Builder schedule(LearningRateSchedule schedule) {
      this.schedule = schedule;
      return this;
    }

    /**
     * Clips the joint gradient norm to {@code maxNorm} before every step (0 turns it off).
     *
     * @param maxNorm the largest joint gradient norm, or 0 for no clipping
     * @return this builder
     */
    public Builder clipGradNorm(double maxNorm) {
      if (!(maxNorm >= 0)) {
        throw new IllegalArgumentException(
            "Trainer.clipGradNorm: maxNorm must be >= 0, got " + maxNorm);
      }
      this.clipNorm = maxNorm;
      return this;
    }

    /**
     * Adds a callback, called in the order added.
     *
     * @param callback the callback to add
     * @return this builder
     */
    public Builder callback(Callback callback) {
      if (callback == null) {
        throw new IllegalArgumentException("Trainer.callback: callback must not be null");
      }
      callbacks.add(callback);
      return this;
    }

    /**
     * Sets what happens when a batch loss, or a gradient after backward, holds NaN or an infinity
     * (default {@link NonFiniteLossPolicy#STOP}): stop with a message, throw, or skip the batch and
     * go on. The bad batch's step is never applied.
     *
     * @param policy what to do on a non-finite loss or gradient
     * @return this builder
     * @throws IllegalArgumentException if {@code policy} is null
     */
    public Builder onNonFiniteLoss(NonFiniteLossPolicy policy) {
      if (policy == null) {
        throw new IllegalArgumentException("Trainer.onNonFiniteLoss: policy must not be null");
      }
      this.nonFiniteLoss = policy;
      return this;
    }

    /** {@return the trainer} */
    public Trainer build() {
      return new Trainer(this);
    }
  }
}
