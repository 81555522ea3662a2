package dev.jgrad.examples.cli;

import dev.jgrad.examples.Main;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
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

  /**
   * Returns 0 after running the example, or 1 after printing one sentence to the error stream
   * when the {@code --out} directory cannot be created or written.
   */
  @Override
  public final Integer call() throws Exception {
    if (options.epochs != null && options.epochs < 1) {
      throw new ParameterException(
          spec.commandLine(), "--epochs must be at least 1, got " + options.epochs);
    }
    String problem = outputDirectoryProblem(options.out);
    if (problem != null) {
      spec.commandLine().getErr().println("jgrad " + spec.name() + ": " + problem);
      spec.commandLine().getErr().flush();
      return 1;
    }
    boolean interactive = System.console() != null;
    PrintStream stream = ((Main) spec.root().userObject()).out();
    run(new Run(spec.name(), options, options.out, stream, interactive));
    return 0;
  }

  /** Creates {@code out} if needed; returns why it cannot be used, or null if it can. */
  private static String outputDirectoryProblem(Path out) {
    String cannot = String.format("cannot create the --out directory '%s': ", out);
    try {
      Files.createDirectories(out);
    } catch (NoSuchFileException e) {
      return cannot + e.getFile() + " does not exist";
    } catch (FileAlreadyExistsException e) {
      return cannot + e.getFile() + " is a file, not a directory";
    } catch (AccessDeniedException e) {
      return cannot + "no permission to write in " + e.getFile();
    } catch (FileSystemException e) {
      return cannot + e.getFile() + ": " + (e.getReason() == null ? "refused" : e.getReason());
    } catch (IOException | SecurityException e) {
      return cannot + e.getMessage();
    }
    if (!Files.isDirectory(out) || !Files.isWritable(out)) {
      return String.format("the --out directory '%s' is not writable", out);
    }
    return null;
  }
}
