package dev.jgrad.examples.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options every example takes: {@code --epochs}, {@code --seed}, {@code --out}, {@code --quiet}. */
public final class CommonOptions {
  @Option(
      names = "--epochs",
      paramLabel = "N",
      description = "Training epochs (or steps), at least 1. Default: the example's own.")
  Integer epochs;

  @Option(
      names = "--seed",
      paramLabel = "SEED",
      defaultValue = "42",
      description = "Seed for every random choice (data split, weights, batches). Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      defaultValue = "out",
      description = "Directory for the pictures. Default: ${DEFAULT-VALUE}/.")
  Path out;

  @Option(
      names = {"-q", "--quiet"},
      description = "Print only the final 'name: value' lines.")
  boolean quiet;
}
