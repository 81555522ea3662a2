package dev.jgrad.bench;

import dev.jgrad.autograd.DType;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The benchmark program: runs the workloads of the performance issue and prints one line per
 * workload with the median, min-max, and where PyTorch is installed the reference's median
 * measured in the same run with the ratio. Run it with {@code ./bench} (see its options there).
 *
 * <p>Each workload runs in a JVM of its own (started with this JVM's flags and class path), as
 * JMH forks: the JIT compiles shared code (the engine's backward loop, the kernels) with the
 * profile of whatever ran first in a JVM, so in one shared JVM a row's figure would depend on the
 * rows before it. {@code --same-jvm} runs them all in this JVM instead.
 */
public final class Bench {
  private Bench() {}

  /**
   * Runs the benchmarks. Options: {@code --quick} (fewer repetitions), {@code --only TEXT}
   * (workloads whose name contains TEXT), {@code --no-reference}, {@code --reference-dir DIR}
   * (default {@code ../shared/bench}, else {@code ../../shared/bench}), {@code --same-jvm} (no
   * JVM per workload). {@code --child N} is what a forked JVM is given: it measures the N-th
   * workload of the full list and prints one line for the parent to read.
   */
  public static void main(String[] args) {
    Locale.setDefault(Locale.ROOT);
    boolean quick = false;
    boolean reference = true;
    boolean sameJvm = false;
    int child = -1;
    String only = null;
    Path refDir = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--quick" -> quick = true;
        case "--no-reference" -> reference = false;
        case "--only" -> only = optionValue(args, i++);
        case "--reference-dir" -> refDir = Path.of(optionValue(args, i++));
        case "--same-jvm" -> sameJvm = true;
        case "--child" -> child = childIndex(optionValue(args, i++));
        default -> throw new IllegalArgumentException(
            "bench: unknown option " + args[i]
                + " (use --quick, --only TEXT, --no-reference, --reference-dir DIR, --same-jvm)");
      }
    }
    if (refDir == null) {
      // shared/ sits beside the repository (a clone) or beside the folder holding it (a worktree).
      refDir = Path.of("..", "shared", "bench");
      if (!java.nio.file.Files.isDirectory(refDir)) {
        refDir = Path.of("..", "..", "shared", "bench");
      }
    }
    List<Workload> everything = all(refDir);
    if (child >= 0) {
      if (child >= everything.size()) {
        throw new IllegalArgumentException("bench: --child " + child + " is out of range: there are "
            + everything.size() + " workloads, 0 to " + (everything.size() - 1));
      }
      Measured m = measure(everything.get(child), quick);
      System.out.println(encode(m));
      return;
    }
    List<Workload> workloads = new ArrayList<>();
    List<Integer> indices = new ArrayList<>();
    for (int i = 0; i < everything.size(); i++) {
      if (only == null || everything.get(i).name().contains(only)) {
        workloads.add(everything.get(i));
        indices.add(i);
      }
    }
    System.out.printf(
        "jgrad bench %s, %s %s, %d cores, matmul kernel: %s%n",
        LocalDate.now(), System.getProperty("java.vm.name"), System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors(), dev.jgrad.autograd.kernels.MatMul.kernelName());
    System.out.println("JVM flags: " + String.join(" ", jvmFlags())
        + (sameJvm ? "; all workloads in this JVM" : "; each workload in a JVM of its own"));
    List<Result> results = new ArrayList<>();
    List<String> loads = new ArrayList<>();
    for (int i = 0; i < workloads.size(); i++) {
      Workload w = workloads.get(i);
      System.err.println("[bench] " + w.name() + " ... (waiting up to 20 s for a quiet machine)");
      Measured m = sameJvm ? measure(w, quick) : fork(indices.get(i), quick, refDir);
      results.add(m.result());
      loads.add(m.load());
      System.err.println("[bench]   " + format(m.result()) + " | " + m.load());
    }
    Reference ref = reference ? Reference.find(refDir, Path.of("benchmarks", "target", "reference")) : null;
    if (ref != null) {
      List<String> keys = new ArrayList<>();
      for (Workload w : workloads) {
        keys.add(w.referenceKey());
      }
      ref.measure(keys);
    }
    System.out.println();
    for (int i = 0; i < workloads.size(); i++) {
      Workload w = workloads.get(i);
      Result r = results.get(i);
      Double refMedian = ref == null || w.referenceKey() == null ? null : ref.figure(w.referenceKey());
      StringBuilder line = new StringBuilder();
      line.append(String.format("%-48s %s", w.name(), format(r)));
      if (refMedian != null) {
        double speedup = r.higherIsBetter() ? r.stats().median() / refMedian : refMedian / r.stats().median();
        line.append(String.format(" | ref %s %s (%s) | %.2fx %s", num(refMedian), r.unit(),
            ref.source(w.referenceKey()), speedup, speedup >= 1 ? "faster" : "slower"));
      }
      line.append(String.format(" | target %s: %s", w.target(), w.meetsTarget(r, refMedian) ? "met" : "MISSED"));
      if (!r.note().isEmpty()) {
        line.append(" | ").append(r.note());
      }
      line.append(" | ").append(loads.get(i));
      System.out.println(line);
    }
  }

  /**
   * One workload's result and the load of other processes while it ran.
   *
   * @param result the measurement
   * @param load how many cores other processes used, as printed
   */
  record Measured(Result result, String load) {}

  /** How the line a forked JVM prints for its parent starts (see {@link #encode}). */
  static final String RESULT_TAG = "@@jgrad-bench-result";

  /** How long a forked JVM may take for one workload before it is killed. */
  private static final Duration CHILD_TIME_LIMIT = Duration.ofMinutes(15);

  /** Returns the value after option {@code args[i]}, or says which option lacks one. */
  private static String optionValue(String[] args, int i) {
    if (i + 1 >= args.length) {
      throw new IllegalArgumentException("bench: option " + args[i] + " needs a value");
    }
    return args[i + 1];
  }

  /** Reads {@code --child}'s workload index, a whole number from 0. */
  static int childIndex(String text) {
    try {
      int index = Integer.parseInt(text);
      if (index >= 0) {
        return index;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        "bench: --child needs a workload index (0, 1, ...), got '" + text + "'");
  }

  /**
   * Returns the JVM flags a forked JVM is given: this one's, without agents, debuggers and
   * flight recordings, which would attach to every child (and clash on ports and file names).
   */
  static List<String> childFlags(List<String> flags) {
    List<String> kept = new ArrayList<>();
    for (String f : flags) {
      boolean tool = f.startsWith("-agentlib:") || f.startsWith("-agentpath:")
          || f.startsWith("-javaagent:") || f.startsWith("-Xrunjdwp") || f.equals("-Xdebug")
          || f.startsWith("-XX:StartFlightRecording") || f.startsWith("-XX:FlightRecorderOptions");
      if (!tool) {
        kept.add(f);
      }
    }
    return kept;
  }

  /** Waits for a quiet machine, then runs {@code w} in this JVM. */
  private static Measured measure(Workload w, boolean quick) {
    double before = Quiet.await(0.15, quick ? 5 : 20);
    Quiet q = new Quiet().start();
    Result r = w.run(quick);
    return new Measured(
        r, String.format("others %.2f cores (%.2f before)", q.otherCores(), before));
  }

  private static List<String> jvmFlags() {
    return ManagementFactory.getRuntimeMXBean().getInputArguments();
  }

  /**
   * Runs workload {@code index} of {@link #all} in a new JVM with this one's flags and class
   * path, its error stream (progress) passed through, and reads back the line it prints.
   */
  private static Measured fork(int index, boolean quick, Path refDir) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(childFlags(jvmFlags()));
    command.addAll(List.of("-cp", System.getProperty("java.class.path"),
        Bench.class.getName(), "--child", String.valueOf(index),
        "--reference-dir", refDir.toString()));
    if (quick) {
      command.add("--quick");
    }
    Process p;
    try {
      p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    } catch (IOException e) {
      throw new IllegalStateException("bench: cannot start a JVM: " + String.join(" ", command), e);
    }
    // Killing the child ends its output, so the read below returns when the time is up.
    CompletableFuture<Void> limit = CompletableFuture.runAsync(p::destroyForcibly,
        CompletableFuture.delayedExecutor(CHILD_TIME_LIMIT.toSeconds(), TimeUnit.SECONDS));
    try {
      Measured m = null;
      try (BufferedReader out = new BufferedReader(
          new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = out.readLine()) != null; ) {
          if (line.startsWith(RESULT_TAG + "\t")) {
            m = decode(line);
          }
        }
      }
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException(
            "bench: the JVM measuring workload " + index + " closed its output but did not exit");
      }
      if (limit.isDone()) {
        throw new IllegalStateException("bench: the JVM measuring workload " + index
            + " was killed after " + CHILD_TIME_LIMIT.toMinutes() + " minutes");
      }
      if (p.exitValue() != 0 || m == null) {
        throw new IllegalStateException(
            "bench: the JVM measuring workload " + index + " exited with status " + p.exitValue()
                + (m == null ? " without a result" : ""));
      }
      return m;
    } catch (IOException e) {
      throw new IllegalStateException("bench: cannot read workload " + index + "'s result", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("bench: interrupted", e);
    } finally {
      limit.cancel(false);
      if (p.isAlive()) {
        p.destroyForcibly();
      }
    }
  }

  /** One line, tab-separated, that {@link #decode} reads back exactly (the note's tabs as spaces). */
  static String encode(Measured m) {
    Result r = m.result();
    Stats s = r.stats();
    return String.join("\t", RESULT_TAG, Double.toString(s.median()), Double.toString(s.min()),
        Double.toString(s.max()), Integer.toString(s.n()), r.unit(),
        Boolean.toString(r.higherIsBetter()), m.load(), r.note().replaceAll("[\t\n\r]", " "));
  }

  /** Reads back a line of {@link #encode}. */
  static Measured decode(String line) {
    String[] f = line.split("\t", -1);
    Stats s = new Stats(Double.parseDouble(f[1]), Double.parseDouble(f[2]),
        Double.parseDouble(f[3]), Integer.parseInt(f[4]));
    return new Measured(new Result(s, f[5], Boolean.parseBoolean(f[6]), f[8]), f[7]);
  }

  /**
   * Returns every workload; the transformer reads its words from {@code shared/data} beside the
   * reference scripts in {@code refDir}, else from the examples' copy of the same file.
   */
  private static List<Workload> all(Path refDir) {
    List<Path> words = List.of(refDir.resolve(Path.of("..", "data", "words.txt")),
        Path.of("examples", "src", "main", "resources", "data", "words.txt"));
    return List.of(
        new ScalarChain(1000, false),
        new ScalarChain(1000, true),
        new LongChain(1_000_000),
        new MatMulThroughput(64),
        new MatMulThroughput(256),
        new MatMulThroughput(1024),
        new MatMulThroughput(64, DType.F32),
        new MatMulThroughput(256, DType.F32),
        new MatMulThroughput(1024, DType.F32),
        new MoonsValues(),
        new MoonsTensors(),
        new DigitsMlp(),
        new DigitsMlp(DType.F32),
        new DigitsCnn(DType.F32),
        new CharTransformer(DType.F32, words),
        new LstmStep(DType.F32),
        new WideMlp(1024, DType.F64),
        new WideMlp(1024, DType.F32),
        new WideMlp(2048, DType.F64),
        new WideMlp(2048, DType.F32));
  }

  private static String format(Result r) {
    Stats s = r.stats();
    return String.format("median %s %s (min %s - max %s, n=%d)", num(s.median()), r.unit(),
        num(s.min()), num(s.max()), s.n());
  }

  private static String num(double v) {
    double a = Math.abs(v);
    if (a >= 1000) {
      return String.format("%.0f", v);
    }
    if (a >= 10) {
      return String.format("%.1f", v);
    }
    if (a >= 1) {
      return String.format("%.2f", v);
    }
    return String.format("%.3g", v);
  }
}
