package dev.jgrad.examples;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import jdk.jshell.tool.JavaShellToolBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code jgrad shell}: jshell with jgrad on the class path and the tutorial's imports loaded
 * ({@code dev.jgrad.autograd}, {@code .viz}, {@code dev.jgrad.nn} and its {@code data}, {@code
 * optim}, {@code train} packages, besides jshell's defaults). Declarations are not echoed ({@code
 * --feedback concise}), so what appears is what the code prints and the values of bare expressions.
 * Further arguments go to jshell, e.g. {@code --feedback normal} or a script file.
 */
@Command(
    name = "shell",
    mixinStandardHelpOptions = true,
    description = {
      "jshell with jgrad on the class path and the tutorial's imports (docs/tutorial.md).",
      "Arguments after the options go to jshell (try: jgrad shell -- --help)."
    })
public final class ShellCommand implements Callable<Integer> {
  /** The startup script: jshell's default imports, then jgrad's packages. */
  static final String STARTUP_RESOURCE = "shell-startup.jsh";

  @Parameters(paramLabel = "JSHELL_ARG", description = "passed to jshell")
  List<String> jshellArguments = new ArrayList<>();

  /** Returns the text of the startup script (imports only). */
  public static String startupScript() {
    try (InputStream in = ShellCommand.class.getResourceAsStream(STARTUP_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("shell: the resource " + STARTUP_RESOURCE + " is missing");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Returns the arguments jshell is started with, before the user's own. */
  static List<String> shellArguments(Path startup, String classPath) {
    return List.of(
        "--class-path",
        classPath,
        "--startup",
        startup.toString(),
        "--feedback",
        "concise",
        "-R--add-modules=jdk.incubator.vector",
        "-R-XX:+UseSerialGC",
        "-R-Djava.awt.headless=true");
  }

  /** Runs jshell on the terminal until the user leaves it ({@code /exit}); returns its status. */
  @Override
  public Integer call() throws Exception {
    return run(null, null, jshellArguments);
  }

  /**
   * Runs jshell reading {@code in} and writing {@code out} (the terminal where null) until the
   * input ends or {@code /exit}; returns jshell's exit status.
   */
  static int run(InputStream in, PrintStream out, List<String> extraArguments) throws Exception {
    Path startup = Files.createTempFile("jgrad-shell", ".jsh");
    try {
      Files.writeString(startup, startupScript(), StandardCharsets.UTF_8);
      List<String> arguments =
          new ArrayList<>(shellArguments(startup, System.getProperty("java.class.path")));
      arguments.addAll(extraArguments);
      JavaShellToolBuilder builder = JavaShellToolBuilder.builder();
      if (in != null) {
        builder.in(in, null);
      }
      if (out != null) {
        builder.out(out).err(out);
      }
      return builder.start(arguments.toArray(new String[0]));
    } finally {
      Files.deleteIfExists(startup);
    }
  }
}
