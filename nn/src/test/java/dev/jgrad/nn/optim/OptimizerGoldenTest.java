package dev.jgrad.nn.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.Tensor;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Five steps of each optimizer on a fixed problem match the parameters computed by {@code
 * torch.optim} (PyTorch 1.13, float64), stored in {@code optim_golden.txt} by {@code
 * nn/src/test/python/optim_golden.py}.
 */
class OptimizerGoldenTest {
  private static final Map<String, Function<List<Tensor>, Optimizer>> CONFIGS =
      new LinkedHashMap<>();

  static {
    CONFIGS.put("sgd_momentum", ps -> new Sgd(ps, 0.1, 0.9));
    CONFIGS.put("sgd_nesterov_wd", ps -> new Sgd(ps, 0.05, 0.9, 0, 0.01, true));
    CONFIGS.put("sgd_dampening", ps -> new Sgd(ps, 0.1, 0.5, 0.3, 0, false));
    CONFIGS.put("adam", ps -> new Adam(ps, 0.01));
    CONFIGS.put("adam_wd", ps -> new Adam(ps, 0.05, 0.8, 0.99, 1e-6, 0.1));
    CONFIGS.put("adamw", ps -> new AdamW(ps, 0.01, 0.9, 0.999, 1e-8, 0.1));
    CONFIGS.put("rmsprop", ps -> new RmsProp(ps, 0.01));
    CONFIGS.put(
        "rmsprop_centered_momentum", ps -> new RmsProp(ps, 0.01, 0.9, 1e-8, 0.05, 0.5, true));
  }

  private static List<double[]> golden(String config) throws IOException {
    List<double[]> steps = new ArrayList<>();
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(
                OptimizerGoldenTest.class.getResourceAsStream("/dev/jgrad/nn/optim_golden.txt"),
                StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        String[] f = line.split(" ");
        if (f[0].equals(config)) {
          double[] v = new double[f.length - 2];
          for (int i = 0; i < v.length; i++) {
            v[i] = Double.parseDouble(f[i + 2]);
          }
          steps.add(v);
        }
      }
    }
    return steps;
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "sgd_momentum",
        "sgd_nesterov_wd",
        "sgd_dampening",
        "adam",
        "adam_wd",
        "adamw",
        "rmsprop",
        "rmsprop_centered_momentum"
      })
  void matchesTorchOptim(String config) throws IOException {
    List<double[]> expected = golden(config);
    assertEquals(5, expected.size(), "golden steps for " + config);
    Tensor p0 = Tensor.of(new double[][] {{0.5, -1.0, 1.5}, {-0.3, 0.8, -2.0}}).requiresGrad();
    Tensor p1 = Tensor.of(new double[] {0.1, -0.2}).requiresGrad();
    Tensor x = Tensor.of(new double[] {1, 2, -1});
    Tensor y = Tensor.of(new double[] {0.5, -0.5});
    Optimizer opt = CONFIGS.get(config).apply(List.of(p0, p1));
    for (int step = 0; step < 5; step++) {
      opt.zeroGrad();
      Tensor d = p0.matmul(x).add(p1).tanh().sub(y);
      d.mul(d).sum().add(p0.pow(4).sum().mul(0.1)).backward();
      opt.step();
      double[] actual = new double[8];
      System.arraycopy(p0.toArray(), 0, actual, 0, 6);
      System.arraycopy(p1.toArray(), 0, actual, 6, 2);
      for (int k = 0; k < 8; k++) {
        double want = expected.get(step)[k];
        assertTrue(
            Math.abs(actual[k] - want) <= 1e-12 + 1e-10 * Math.abs(want),
            String.format(
                "%s step %d element %d: jgrad %s, torch %s", config, step + 1, k, actual[k], want));
      }
    }
  }
}
