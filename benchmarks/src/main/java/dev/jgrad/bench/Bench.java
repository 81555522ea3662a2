package dev.jgrad.bench;

import dev.jgrad.autograd.DType;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The benchmark program: runs the workloads of the performance issue and prints one line per
 * workload with the median, min-max, and where PyTorch is installed the reference's median
 * measured in the same run with the ratio. Run it with {@code ./bench} (see its options there).
 */
public final class Bench {
  private Bench() {}

  /**
   * Runs the benchmarks. Options: {@code --quick} (fewer repetitions), {@code --only TEXT}
   * (workloads whose name contains TEXT), {@code --no-reference}, {@code --reference-dir DIR}
   * (default {@code ../shared/bench}, else {@code ../../shared/bench}).
   */
  public static void main(String[] args) {
    Locale.setDefault(Locale.ROOT);
    boolean quick = false;
    boolean reference = true;
    String only = null;
    Path refDir = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--quick" -> quick = true;
        case "--no-reference" -> reference = false;
        case "--only" -> only = args[++i];
        case "--reference-dir" -> refDir = Path.of(args[++i]);
        default -> throw new IllegalArgumentException(
            "bench: unknown option " + args[i]
                + " (use --quick, --only TEXT, --no-reference, --reference-dir DIR)");
      }
    }
    if (refDir == null) {
      // shared/ sits beside the repository (a clone) or beside the folder holding it (a worktree).
      refDir = Path.of("..", "shared", "bench");
      if (!java.nio.file.Files.isDirectory(refDir)) {
        refDir = Path.of("..", "..", "shared", "bench");
      }
    }
    List<Workload> workloads = new ArrayList<>();
    for (Workload w : all(refDir)) {
      if (only == null || w.name().contains(only)) {
        workloads.add(w);
      }
    }
    System.out.printf(
        "jgrad bench %s, %s %s, %d cores, matmul kernel: %s%n",
        LocalDate.now(), System.getProperty("java.vm.name"), System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors(), dev.jgrad.autograd.kernels.MatMul.kernelName());
    System.out.println("JVM flags: " + String.join(" ",
        java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()));
    List<Result> results = new ArrayList<>();
    List<String> loads = new ArrayList<>();
    for (Workload w : workloads) {
      System.err.println("[bench] " + w.name() + " ... (waiting up to 20 s for a quiet machine)");
      double before = Quiet.await(0.15, quick ? 5 : 20);
      Quiet q = new Quiet().start();
      Result r = w.run(quick);
      loads.add(String.format("others %.2f cores (%.2f before)", q.otherCores(), before));
      results.add(r);
      System.err.println("[bench]   " + format(r) + " | " + loads.get(loads.size() - 1));
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
