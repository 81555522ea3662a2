package dev.jgrad.bench;

import dev.jgrad.nn.io.Json;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the PyTorch reference scripts of {@code shared/bench} (see its {@code REFERENCE.md}) with
 * {@code /usr/bin/python3} and collects their medians, keyed as {@link Workload#referenceKey()}.
 * The scripts must not run while another benchmark runs: the {@code bench} script holds
 * {@code /tmp/bench.lock} around the whole program.
 */
public final class Reference {
  private static final String PYTHON = "/usr/bin/python3";

  private final Path dir;
  private final Path resultsDir;
  private final Map<String, Double> figures = new LinkedHashMap<>();
  private final Map<String, String> sources = new LinkedHashMap<>();

  private Reference(Path dir, Path resultsDir) {
    this.dir = dir;
    this.resultsDir = resultsDir;
  }

  /**
   * Returns a runner for the scripts in {@code dir}, or null (with the reason on stderr) when the
   * folder or PyTorch is missing.
   */
  public static Reference find(Path dir, Path resultsDir) {
    if (!Files.isRegularFile(dir.resolve("bench_matmul.py"))) {
      System.err.println("[reference] no reference scripts in " + dir + "; ratios skipped");
      return null;
    }
    try {
      Process p = new ProcessBuilder(PYTHON, "-c", "import torch").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      if (p.waitFor() != 0) {
        System.err.println("[reference] PyTorch is not installed (apt-get install -y python3-torch"
            + " python3-sklearn); ratios skipped");
        return null;
      }
    } catch (IOException e) {
      System.err.println("[reference] cannot run " + PYTHON + ": " + e.getMessage());
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
    return new Reference(dir, resultsDir);
  }

  /** Returns the reference figure for {@code key}, or null if no script gave it. */
  public Double figure(String key) {
    return figures.get(key);
  }

  /** Returns a short description of where {@code key}'s figure came from. */
  public String source(String key) {
    return sources.getOrDefault(key, "");
  }

  /** Runs the scripts that give the figures of {@code keys}; each script at most once. */
  public void measure(List<String> keys) {
    boolean any = false;
    for (String k : keys) {
      any |= k != null && !figures.containsKey(k);
    }
    if (!any) {
      return;
    }
    if (needs(keys, "scalar_chain_us")) {
      String out = run("bench_op_overhead.py", "--reps", "30", "--skip-probes");
      Matcher m = Pattern.compile("torch_f64_grad_1000[^\\n]*\\n[^\\n]*\\n\\s*tot median ([0-9.eE+-]+) us/op")
          .matcher(out);
      put("scalar_chain_us", m.find() ? Double.parseDouble(m.group(1)) : null, "torch f64, N=1000");
    }
    if (needs(keys, "long_chain_s")) {
      String out = run("chain_probe.py", "--engine", "torch", "--ops", "1000000");
      String last = lastLine(out);
      if (last.startsWith("{")) {
        Map<?, ?> r = (Map<?, ?>) Json.parse(last);
        double fwd = ((Number) r.get("forward_s")).doubleValue();
        double bwd = ((Number) r.get("backward_s")).doubleValue();
        double mb = ((Number) r.get("rss_after_forward_mb")).doubleValue()
            - ((Number) r.get("rss_before_mb")).doubleValue();
        put("long_chain_s", fwd + bwd,
            String.format("torch, 1 run; graph RSS %.0f B/op", mb * 1048576 / 1e6));
      }
    }
    if (keys.stream().anyMatch(k -> k != null && k.startsWith("matmul_gflops_") && !figures.containsKey(k))) {
      String out = run("bench_matmul.py", "--lib", "torch", "--sizes", "64,256,1024");
      for (String n : new String[] {"64", "256", "1024"}) {
        Matcher m = Pattern.compile("float64 n=\\s*" + n + ": out\\s+([0-9.]+) GFLOP/s").matcher(out);
        put("matmul_gflops_" + n, m.find() ? Double.parseDouble(m.group(1)) : null,
            "torch f64, OpenBLAS 2 threads");
        Matcher f = Pattern.compile("float32 n=\\s*" + n + ": out\\s+([0-9.]+) GFLOP/s").matcher(out);
        put("matmul_gflops_f32_" + n, f.find() ? Double.parseDouble(f.group(1)) : null,
            "torch f32, OpenBLAS 2 threads");
      }
    }
    if (needs(keys, "moons_tensors_ms")) {
      String out = run("bench_torch_moons.py", "--runs", "7");
      Matcher m = Pattern.compile("raw_float64\\s+100 steps: median ([0-9.eE+-]+) ms").matcher(out);
      put("moons_tensors_ms", m.find() ? Double.parseDouble(m.group(1)) : null, "torch raw f64");
    }
    if (needs(keys, "digits_samples_per_s") || needs(keys, "digits_samples_per_s_f32")) {
      String out = run("bench_digits_mlp.py", "--runs", "5");
      Matcher m = Pattern.compile("float64_threads_default\\s+median ([0-9.eE+-]+) samples/s").matcher(out);
      put("digits_samples_per_s", m.find() ? Double.parseDouble(m.group(1)) : null,
          "torch f64, default threads");
      Matcher f = Pattern.compile("float32_threads_default\\s+median ([0-9.eE+-]+) samples/s").matcher(out);
      put("digits_samples_per_s_f32", f.find() ? Double.parseDouble(f.group(1)) : null,
          "torch f32, default threads");
    }
    // The architecture references (REFERENCE.md sections 6 and 7) at PyTorch's default of one
    // intra-op thread, float32, read from the JSON the scripts write. Fewer runs than REFERENCE.md
    // (CNN 5 runs, transformer 3 runs of 2000 steps, LSTM 300 steps) to keep ./bench short: CNN
    // 3 runs of 15 epochs, transformer 1 run of 2000 steps, LSTM 100 timed steps; the wide MLP
    // as defined (3 runs), widths 1024 and 2048 only, both dtypes.
    if (needs(keys, "cnn_samples_per_s_f32")) {
      Map<?, ?> r = runForJson("digits_cnn", "bench_digits_cnn.py",
          "--runs", "3", "--threads", "1", "--dtypes", "float32");
      put("cnn_samples_per_s_f32", median(r, "float32_threads_1", "samples_per_s", 1),
          "torch f32, 1 thread, 3 runs");
    }
    if (needs(keys, "transformer_tokens_per_s_f32")) {
      Map<?, ?> r = runForJson("char_transformer", "bench_char_transformer.py",
          "--runs", "1", "--threads", "1", "--dtypes", "float32");
      put("transformer_tokens_per_s_f32", median(r, "float32_threads_1", "tokens_per_s", 1),
          "torch f32, 1 thread, 1 run");
    }
    if (needs(keys, "lstm_ms_f32")) {
      Map<?, ?> r = runForJson("lstm", "bench_lstm.py",
          "--steps", "100", "--threads", "1", "--dtypes", "float32");
      put("lstm_ms_f32", median(r, "float32_threads_1", "step_time_s", 1e3),
          "torch f32, 1 thread, 100 steps");
    }
    if (keys.stream().anyMatch(k -> k != null && k.startsWith("wide_mlp_") && !figures.containsKey(k))) {
      Map<?, ?> r = runForJson("wide_mlp", "bench_wide_mlp.py", "--widths", "1024,2048");
      for (String w : new String[] {"1024", "2048"}) {
        put("wide_mlp_samples_per_s_f64_" + w, median(r, "float64_width_" + w, "samples_per_s", 1),
            "torch f64, default 1 thread");
        put("wide_mlp_samples_per_s_f32_" + w, median(r, "float32_width_" + w, "samples_per_s", 1),
            "torch f32, default 1 thread");
      }
    }
    if (needs(keys, "moons_values_s")) {
      // micrograd is not packaged; its figure comes from REFERENCE.md, not from this run.
      put("moons_values_s", 112.1, "micrograd, REFERENCE.md, not re-run");
    }
  }

  private boolean needs(List<String> keys, String key) {
    return keys.contains(key) && !figures.containsKey(key);
  }

  private void put(String key, Double value, String source) {
    if (value == null) {
      System.err.println("[reference] no figure for " + key + " in the script's output");
      return;
    }
    figures.put(key, value);
    sources.put(key, source);
  }

  /**
   * Runs {@code script} and returns the JSON it wrote as {@code <name>.json} in the results folder
   * (an old file is deleted first, so a failed run gives no figure), or null.
   */
  private Map<?, ?> runForJson(String name, String script, String... args) {
    Path json = resultsDir.resolve(name + ".json");
    try {
      Files.deleteIfExists(json);
    } catch (IOException e) {
      System.err.println("[reference] cannot delete " + json + ": " + e.getMessage());
      return null;
    }
    run(script, args);
    if (!Files.isRegularFile(json)) {
      System.err.println("[reference] " + script + " wrote no " + json);
      return null;
    }
    try {
      return (Map<?, ?>) Json.parse(Files.readString(json, StandardCharsets.UTF_8));
    } catch (IOException | RuntimeException e) {
      System.err.println("[reference] cannot read " + json + ": " + e);
      return null;
    }
  }

  /**
   * Returns {@code results.<config>.<metric>.median} of a script's JSON times {@code scale}, or
   * null where it is missing.
   */
  private static Double median(Map<?, ?> json, String config, String metric, double scale) {
    if (json == null || !(json.get("results") instanceof Map<?, ?> results)
        || !(results.get(config) instanceof Map<?, ?> c)
        || !(c.get(metric) instanceof Map<?, ?> m)
        || !(m.get("median") instanceof Number median)) {
      return null;
    }
    return median.doubleValue() * scale;
  }

  private String run(String script, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(PYTHON);
    cmd.add(script);
    cmd.addAll(List.of(args));
    System.err.println("[reference] running " + String.join(" ", cmd) + " in " + dir);
    try {
      Files.createDirectories(resultsDir);
      ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
      pb.environment().remove("OPENBLAS_CORETYPE");
      pb.environment().remove("OPENBLAS_L2_SIZE");
      pb.environment().put("BENCH_RESULTS_DIR", resultsDir.toAbsolutePath().toString());
      File log = resultsDir.resolve(script.replace(".py", ".log")).toFile();
      pb.redirectOutput(log);
      Process p = pb.start();
      int code = p.waitFor();
      String out = Files.readString(log.toPath(), StandardCharsets.UTF_8);
      if (code != 0) {
        System.err.println("[reference] " + script + " exited with " + code + "; see " + log);
      }
      return out;
    } catch (IOException e) {
      System.err.println("[reference] " + script + " failed: " + e.getMessage());
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  private static String lastLine(String out) {
    String[] lines = out.strip().split("\n");
    return lines.length == 0 ? "" : lines[lines.length - 1].strip();
  }
}
