package dev.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jgrad.autograd.Tensor;
import dev.jgrad.nn.optim.LearningRateSchedule;
import dev.jgrad.nn.optim.Sgd;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * micrograd's moons demo, step for step: {@code Mlp(2, [16, 16, 1])} from micrograd's initial
 * weights, max-margin loss plus {@code 1e-4} L2 penalty, SGD with {@code lr = 1 - 0.9 k / 100}, 100
 * steps. Loss and accuracy at every step and the final weights match micrograd's own run ({@code
 * moons_micrograd_trajectory.json}; micrograd itself is reproducible only to about {@code 1e-16}).
 */
class MicrogradMoonsTest {
  private static String resource(String name) throws IOException {
    try (InputStream in = MicrogradMoonsTest.class.getResourceAsStream("/dev/jgrad/nn/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** Returns the numbers of the JSON array that follows {@code "key":}, flattened. */
  private static double[] numbers(String json, String key) {
    int start = json.indexOf("\"" + key + "\"");
    int open = json.indexOf('[', start);
    int depth = 0;
    int end = open;
    do {
      char c = json.charAt(end++);
      depth += c == '[' ? 1 : c == ']' ? -1 : 0;
    } while (depth > 0);
    Matcher m = Pattern.compile("-?[0-9][0-9.eE+-]*").matcher(json.substring(open, end));
    List<Double> out = new ArrayList<>();
    while (m.find()) {
      out.add(Double.parseDouble(m.group()));
    }
    return out.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private static double[] field(String json, String key) {
    Matcher m = Pattern.compile("\"" + key + "\": (-?[0-9][0-9.eE+-]*)").matcher(json);
    List<Double> out = new ArrayList<>();
    while (m.find()) {
      out.add(Double.parseDouble(m.group(1)));
    }
    return out.stream().mapToDouble(Double::doubleValue).toArray();
  }

  @Test
  void matchesMicrogradsTrajectory() throws IOException {
    String data = resource("moons_n100_noise0.1_rs1.json");
    String reference = resource("moons_micrograd_trajectory.json");
    Tensor x = Tensor.of(numbers(data, "X"), 100, 2);
    Tensor y = Tensor.of(numbers(data, "y"), 100, 1);
    double[] init = numbers(reference, "init_params");
    double[] finalParams = numbers(reference, "final_params");
    double[] losses = field(reference, "loss");
    double[] accuracies = field(reference, "acc");
    assertEquals(337, init.length);
    assertEquals(100, losses.length);

    Mlp model = new Mlp(2, List.of(16, 16, 1));
    double worstLoss = 0;
    double worstParam = 0;
    int k = 0;
    for (Map.Entry<String, Tensor> p : model.namedParameters().entrySet()) {
      Tensor t = p.getValue();
      double[] values = new double[t.numel()];
      System.arraycopy(init, k, values, 0, values.length);
      t.assign(Tensor.of(values).reshape(t.shape()));
      k += values.length;
    }
    Sgd sgd = new Sgd(model.parameters(), 1.0);
    LearningRateSchedule schedule = LearningRateSchedule.linearDecay(1.0, 0.1, 100);
    for (int step = 0; step < 100; step++) {
      Tensor scores = model.forward(x);
      Tensor loss = Losses.hinge(scores, y).add(Losses.l2Penalty(model.parameters(), 1e-4));
      double[] s = scores.toArray();
      double[] labels = y.toArray();
      int correct = 0;
      for (int i = 0; i < 100; i++) {
        correct += (s[i] > 0) == (labels[i] > 0) ? 1 : 0;
      }
      worstLoss = Math.max(worstLoss, Math.abs(losses[step] - loss.item()));
      assertEquals(losses[step], loss.item(), 1e-12 * Math.max(1, losses[step]), "step " + step);
      assertEquals(accuracies[step], correct / 100.0, 1e-12, "step " + step);
      sgd.zeroGrad();
      loss.backward();
      schedule.applyTo(sgd, step);
      sgd.step();
    }
    k = 0;
    for (Tensor p : model.parameters()) {
      for (double v : p.toArray()) {
        worstParam = Math.max(worstParam, Math.abs(finalParams[k] - v));
        assertEquals(finalParams[k], v, 1e-12, "parameter " + k);
        k++;
      }
    }
    System.out.printf(
        "micrograd moons: max |loss - micrograd| = %.3g, max |final weight - micrograd| = %.3g%n",
        worstLoss, worstParam);
  }
}
