package dev.jgrad.examples.cli;

import dev.jgrad.examples.Main;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The base of every example: checks the common options, prepares the output directory, and
 * calls {@link #run(Run)}. A subclass is annotated with {@code @Command(name = ...)}.
 */
public abstract class ExampleCommand implements Callable<Integer> {
  @Mixin CommonOptions options = new CommonOptions();

  @Spec CommandSpec spec;

  /** Runs the example; prints its progress and final figures through {@code run}. */
  protected abstract void run(Run run) throws Exception;

  /** Returns 0 after running the example. */
  @Override
  public final Integer call() throws Exception {
    if (options.epochs != null && options.epochs < 1) {
      throw new ParameterException(
          spec.commandLine(), "--epochs must be at least 1, got " + options.epochs);
    }
    Path out = prepareOutputDirectory(options.out);
    boolean interactive = System.console() != null;
    PrintStream stream = ((Main) spec.root().userObject()).out();
    run(new Run(spec.name(), options, out, stream, interactive));
    return 0;
  }

  private Path prepareOutputDirectory(Path out) {
    try {
      Files.createDirectories(out);
    } catch (IOException | SecurityException e) {
      throw new ParameterException(
          spec.commandLine(),
          String.format("--out: cannot create directory '%s' (%s)", out, describe(e)));
    }
    if (!Files.isDirectory(out) || !Files.isWritable(out)) {
      throw new ParameterException(
          spec.commandLine(), String.format("--out: directory '%s' is not writable", out));
    }
    return out;
  }

  private static String describe(Exception e) {
    String reason = e.getClass().getSimpleName();
    return e.getMessage() == null ? reason : reason + ": " + e.getMessage();
  }
}
