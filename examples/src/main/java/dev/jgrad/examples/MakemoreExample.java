package dev.jgrad.examples;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.examples.cli.ExampleCommand;
import dev.jgrad.examples.cli.Run;
import dev.jgrad.examples.plot.AttentionMaps;
import dev.jgrad.examples.plot.Charts;
import dev.jgrad.nn.Embedding;
import dev.jgrad.nn.LayerNorm;
import dev.jgrad.nn.Linear;
import dev.jgrad.nn.Losses;
import dev.jgrad.nn.Module;
import dev.jgrad.nn.ModuleList;
import dev.jgrad.nn.MultiHeadAttention;
import dev.jgrad.nn.Reduction;
import dev.jgrad.nn.TransformerBlock;
import dev.jgrad.nn.optim.AdamW;
import dev.jgrad.nn.train.ProgressBar;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A character-level GPT that invents English words, after makemore (karpathy/makemore): the
 * model of {@code bench_char_transformer.py} (2 pre-norm blocks of 4-head causal attention over
 * 64 features, 16 positions, 104,576 parameters), trained with AdamW on the 63,875 words of
 * Debian's wamerican list. Prints {@code val_loss} and 20 {@code sample} words, and draws the
 * loss curve and each head's attention over one word.
 *
 * <p>A word {@code w} becomes {@code x = [., w_1, ..., w_L, ., ...]} and targets {@code y = [w_1,
 * ..., w_L, ., -1, ...]} (16 positions; '.' = 0 starts and ends a word, -1 is ignored by the
 * loss), so the model learns to predict each next letter and the end of the word.
 */
@Command(
    name = "makemore",
    mixinStandardHelpOptions = true,
    description = "A character-level GPT (2 blocks, 4 heads) that invents English-looking words.")
public final class MakemoreExample extends ExampleCommand {
  static final int BLOCK = 16;
  static final int VOCAB = 27;
  static final int EMBED = 64;
  static final int HEADS = 4;
  static final int LAYERS = 2;
  static final int BATCH = 32;

  @Option(names = "--steps", defaultValue = "2000", description = "training steps (default 2000)")
  int steps;

  @Option(names = "--dtype", defaultValue = "F32", description = "F32 (default, faster) or F64")
  DType dtype;

  /** makemore's Transformer: token and position embeddings, blocks, final norm, output head. */
  static final class CharGpt extends Module {
    final Embedding wte;
    final Embedding wpe;
    final ModuleList<TransformerBlock> h;
    final LayerNorm lnF;
    final Linear lmHead;

    CharGpt(Random random) {
      wte = registerModule("wte", new Embedding(VOCAB, EMBED, random));
      wpe = registerModule("wpe", new Embedding(BLOCK, EMBED, random));
      List<TransformerBlock> blocks = new ArrayList<>();
      for (int i = 0; i < LAYERS; i++) {
        blocks.add(new TransformerBlock(EMBED, HEADS, 4 * EMBED, true, random));
      }
      h = registerModule("h", new ModuleList<>(blocks));
      lnF = registerModule("ln_f", new LayerNorm(EMBED));
      lmHead = registerModule("lm_head", new Linear(EMBED, VOCAB, false, random));
    }

    /** Returns the logits {@code [B, T, 27]} of tokens {@code [B, T]}. */
    @Override
    public Tensor forward(Tensor tokens) {
      return run(tokens, null);
    }

    /** Returns the logits, adding each block's attention weights to {@code attention} if given. */
    Tensor run(Tensor tokens, List<Tensor> attention) {
      int t = tokens.size(1);
      Tensor x = wte.forward(tokens).add(wpe.weight().narrow(0, 0, t));
      for (TransformerBlock block : h.items()) {
        MultiHeadAttention.Output out = block.run(x, null, true);
        x = out.output();
        if (attention != null) {
          attention.add(out.weights());
        }
      }
      return lmHead.forward(lnF.forward(x));
    }
  }

  @Override
  protected void run(Run run) {
    if (steps < 1) {
      throw new IllegalArgumentException("makemore: --steps must be at least 1, got " + steps);
    }
    // 1. Data: words of at most 15 letters; the first 90 % train, the rest validate.
    List<String> words = new ArrayList<>();
    for (String w : readWords()) {
      if (w.length() <= BLOCK - 1) {
        words.add(w);
      }
    }
    int nTrain = (int) (0.9 * words.size());
    double[][] train = encode(words.subList(0, nTrain));
    double[][] val = encode(words.subList(nTrain, words.size()));
    run.log("makemore: %d train and %d validation words (at most %d letters)", nTrain,
        words.size() - nTrain, BLOCK - 1);

    // 2. Model and optimizer.
    CharGpt model = new CharGpt(run.random(1));
    model.to(dtype);
    AdamW optimizer = new AdamW(model.parameters(), 1e-3, 0.9, 0.999, 1e-8, 0.01);
    run.log("model: %d parameters, %s; AdamW lr 1e-3, weight decay 0.01, %d steps of %d words",
        model.parameterCount(), dtype, steps, BATCH);

    // 3. Training: each step draws 32 words with replacement.
    Random batches = run.random(2);
    double[] losses = new double[steps];
    List<Double> valSteps = new ArrayList<>();
    List<Double> valLosses = new ArrayList<>();
    ProgressBar bar = run.progressBar();
    int every = Math.max(1, steps / 8);
    long start = System.nanoTime();
    double initial = Double.NaN;
    valSteps.add(0.0);
    valLosses.add(evaluate(model, val, 1024));
    long evaluating = System.nanoTime() - start; // validation checks, left out of tokens/s
    for (int step = 0; step < steps; step++) {
      int[] rows = new int[BATCH];
      for (int i = 0; i < BATCH; i++) {
        rows[i] = batches.nextInt(nTrain);
      }
      Tensor logits = model.forward(tokens(train[0], rows));
      Tensor loss =
          Losses.crossEntropy(logits.reshape(BATCH * BLOCK, VOCAB), tokens(train[1], rows).flatten(),
              -1, Reduction.MEAN);
      optimizer.zeroGrad();
      loss.backward();
      optimizer.step();
      losses[step] = loss.item();
      if (step == 0) {
        initial = losses[0];
      }
      if ((step + 1) % every == 0 || step == steps - 1) {
        valSteps.add((double) step + 1);
        long before = System.nanoTime();
        valLosses.add(evaluate(model, val, 1024));
        evaluating += System.nanoTime() - before;
        bar.update("step", step + 1, steps,
            String.format("loss %.4f  val (1024 words) %.4f", losses[step], valLosses.get(valLosses.size() - 1)));
        if (bar.mode() != ProgressBar.Mode.REDRAW) {
          run.log("step %4d/%d  loss %.4f  val loss on 1024 words %.4f  (%.1f s)", step + 1, steps,
              losses[step], valLosses.get(valLosses.size() - 1), (System.nanoTime() - start) / 1e9);
        }
      } else {
        bar.update("step", step + 1, steps, String.format("loss %.4f", losses[step]));
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    double trainingSeconds = seconds - evaluating / 1e9;
    bar.finish(String.format("%d steps in %.1f s (%.1f s of it validation checks)", steps, seconds,
        seconds - trainingSeconds));

    // 4. Results: validation loss, samples, pictures.
    double valLoss = evaluate(model, val, val[0].length / BLOCK);
    Random sampling = run.random(3);
    List<String> samples = new ArrayList<>();
    while (samples.size() < 20) {
      String word = sample(model, sampling);
      if (!word.isEmpty()) { // a draw of '.' first would end the word before it starts
        samples.add(word);
      }
    }
    String shown = words.get(nTrain); // the first validation word
    run.wrote(lossCurve(run, losses, valSteps, valLosses));
    run.wrote(attentionPicture(run, model, shown));
    run.result("initial_loss", initial);
    run.result("final_loss", mean(losses, Math.max(0, steps - 50), steps));
    run.result("val_loss", valLoss);
    // As the PyTorch benchmark counts: every position of the 32 x 16 block, training steps only.
    run.result("tokens_per_s", (double) steps * BATCH * BLOCK / trainingSeconds);
    for (String s : samples) {
      run.result("sample", s);
    }
  }

  /** Returns the words of the shipped list, one per line. */
  static List<String> readWords() {
    try (InputStream in = MakemoreExample.class.getResourceAsStream("/data/words.txt")) {
      if (in == null) {
        throw new IllegalStateException("data file /data/words.txt is missing from the classpath");
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
      List<String> words = new ArrayList<>();
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (!line.isBlank()) {
          words.add(line.strip());
        }
      }
      return words;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Returns {x, y}: each word's 16 inputs and 16 targets, row after row. */
  static double[][] encode(List<String> words) {
    double[] x = new double[words.size() * BLOCK];
    double[] y = new double[words.size() * BLOCK];
    java.util.Arrays.fill(y, -1);
    for (int i = 0; i < words.size(); i++) {
      String w = words.get(i);
      for (int j = 0; j < w.length(); j++) {
        x[i * BLOCK + j + 1] = w.charAt(j) - 'a' + 1;
        y[i * BLOCK + j] = w.charAt(j) - 'a' + 1;
      }
      y[i * BLOCK + w.length()] = 0;
    }
    return new double[][] {x, y};
  }

  /** Returns the rows {@code rows} of the encoded sequences, {@code [rows, 16]}. */
  static Tensor tokens(double[] encoded, int[] rows) {
    double[] out = new double[rows.length * BLOCK];
    for (int i = 0; i < rows.length; i++) {
      System.arraycopy(encoded, rows[i] * BLOCK, out, i * BLOCK, BLOCK);
    }
    return Tensor.of(out, rows.length, BLOCK);
  }

  /** Returns the mean loss over the targets of the first {@code count} encoded words (no grad). */
  static double evaluate(CharGpt model, double[][] data, int count) {
    double total = 0;
    long kept = 0;
    try (Autograd.Scope off = Autograd.noGrad()) {
      for (int from = 0; from < count; from += 1024) {
        int n = Math.min(1024, count - from);
        int[] rows = new int[n];
        for (int i = 0; i < n; i++) {
          rows[i] = from + i;
        }
        Tensor y = tokens(data[1], rows).flatten();
        Tensor logits = model.forward(tokens(data[0], rows)).reshape(n * BLOCK, VOCAB);
        total += Losses.crossEntropy(logits, y, -1, Reduction.SUM).item();
        for (double v : y.toArray()) {
          kept += v != -1 ? 1 : 0;
        }
      }
    }
    return total / kept;
  }

  /** Returns one invented word: next letters drawn from the softmax of the last logits (temperature 1). */
  static String sample(CharGpt model, Random random) {
    StringBuilder word = new StringBuilder();
    List<Double> context = new ArrayList<>(List.of(0.0));
    try (Autograd.Scope off = Autograd.noGrad()) {
      while (context.size() < BLOCK) {
        double[] ids = context.stream().mapToDouble(Double::doubleValue).toArray();
        Tensor logits = model.forward(Tensor.of(ids, 1, ids.length));
        double[] p = logits.narrow(1, ids.length - 1, 1).reshape(VOCAB).to(DType.F64).softmax(0).toArray();
        double u = random.nextDouble();
        int next = VOCAB - 1;
        for (int c = 0; c < VOCAB; c++) {
          u -= p[c];
          if (u < 0) {
            next = c;
            break;
          }
        }
        if (next == 0) {
          break;
        }
        word.append((char) ('a' + next - 1));
        context.add((double) next);
      }
    }
    return word.toString();
  }

  private static java.nio.file.Path lossCurve(
      Run run, double[] losses, List<Double> valSteps, List<Double> valLosses) {
    int n = losses.length;
    double[] x = new double[n];
    double[] smooth = new double[n];
    double[] val = new double[n];
    int v = 1;
    for (int i = 0; i < n; i++) {
      x[i] = i + 1;
      smooth[i] = mean(losses, Math.max(0, i - 49), i + 1);
      while (v + 1 < valSteps.size() && valSteps.get(v) < i + 1) {
        v++;
      }
      // the validation curve, linearly interpolated between its measurements
      double s0 = valSteps.get(v - 1);
      double s1 = valSteps.get(v);
      double t = Math.min(1, (i + 1 - s0) / (s1 - s0));
      val[i] = valLosses.get(v - 1) + (valLosses.get(v) - valLosses.get(v - 1)) * t;
    }
    Map<String, double[]> series = new LinkedHashMap<>();
    series.put("training loss (mean of the last 50 steps)", smooth);
    series.put("dashed:validation loss (first 1024 words)", val);
    return Charts.lines(run.picture("makemore-loss.png"),
        "makemore: cross-entropy per letter while training (char GPT, AdamW)", "step",
        "loss (nats per letter)", x, series);
  }

  private static java.nio.file.Path attentionPicture(Run run, CharGpt model, String word) {
    double[] ids = new double[word.length() + 1];
    List<String> labels = new ArrayList<>(List.of("."));
    for (int i = 0; i < word.length(); i++) {
      ids[i + 1] = word.charAt(i) - 'a' + 1;
      labels.add(String.valueOf(word.charAt(i)));
    }
    List<Tensor> attention = new ArrayList<>();
    try (Autograd.Scope off = Autograd.noGrad()) {
      model.run(Tensor.of(ids, 1, ids.length), attention);
    }
    List<double[]> maps = new ArrayList<>();
    List<String> titles = new ArrayList<>();
    for (int layer = 0; layer < attention.size(); layer++) {
      for (int head = 0; head < HEADS; head++) {
        maps.add(attention.get(layer).narrow(1, head, 1).toArray());
        titles.add("block " + (layer + 1) + ", head " + (head + 1));
      }
    }
    return AttentionMaps.grid(run.picture("makemore-attention.png"),
        "makemore: where each letter of \"" + word + "\" looks (rows: query, columns: key)", maps,
        titles, labels, HEADS);
  }

  private static double mean(double[] values, int from, int to) {
    double sum = 0;
    for (int i = from; i < to; i++) {
      sum += values[i];
    }
    return sum / (to - from);
  }
}
