package dev.jgrad.examples;

import dev.jgrad.examples.cli.ListCommand;
import dev.jgrad.examples.cli.SparkDigitsCommand;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code jgrad} command line: {@code jgrad list} shows the examples, {@code jgrad NAME
 * [--epochs N] [--seed S] [--out DIR] [--quiet]} runs one. Errors in the options print one line
 * and exit with status 2; an example that fails prints one line and exits with status 1.
 */
@Command(
    name = "jgrad",
    scope = CommandLine.ScopeType.INHERIT, // --help and --version on every subcommand
    mixinStandardHelpOptions = true,
    version = "jgrad 0.1.0-SNAPSHOT",
    description = "Runs the jgrad examples. Start with: jgrad digits",
    subcommands = {
      ListCommand.class,
      DigitsExample.class,
      CnnDigitsExample.class,
      MoonsExample.class,
      CurveExample.class,
      XorExample.class,
      CustomExample.class,
      GradCheckExample.class,
      IrisExample.class,
      GraphExample.class,
      ExplainExample.class,
      PlaygroundExample.class,
      ShellCommand.class,
      MakemoreExample.class,
      SparkDigitsCommand.class,
    })
public final class Main implements Runnable {
  @Spec CommandSpec spec;

  /** Where examples print; a PrintStream because the nn Trainer prints to one. */
  PrintStream out = System.out;

  /** Returns the stream examples print to. */
  public PrintStream out() {
    return out;
  }

  /** Prints the usage, listing the examples. */
  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Runs the command line and exits with its status. */
  public static void main(String[] args) {
    System.exit(run(System.out, System.err, args));
  }

  /** Runs the command line with the given streams and returns its exit status. */
  public static int run(PrintStream out, PrintStream err, String... args) {
    Main main = new Main();
    main.out = out;
    CommandLine commandLine = new CommandLine(main);
    commandLine.setOut(writer(out));
    commandLine.setErr(writer(err));
    commandLine.setParameterExceptionHandler(Main::optionError);
    commandLine.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          cmd.getErr().println(oneLine("jgrad " + cmd.getCommandName() + ": " + describe(e)));
          cmd.getErr().flush();
          return cmd.getCommandSpec().exitCodeOnExecutionException();
        });
    int status = commandLine.execute(args);
    commandLine.getOut().flush();
    commandLine.getErr().flush();
    out.flush();
    err.flush();
    return status;
  }

  private static int optionError(ParameterException e, String[] args) {
    CommandLine cmd = e.getCommandLine();
    String message = e.getMessage();
    if (e instanceof UnmatchedArgumentException unmatched
        && cmd.getParent() == null
        && !unmatched.getUnmatched().isEmpty()
        && !unmatched.getUnmatched().get(0).startsWith("-")) {
      message = "unknown example '" + unmatched.getUnmatched().get(0) + "'; 'jgrad list' shows them";
    } else {
      message = message + " (see 'jgrad " + (cmd.getParent() == null ? "" : cmd.getCommandName() + " ") + "--help')";
    }
    String prefix = cmd.getParent() == null ? "jgrad: " : "jgrad " + cmd.getCommandName() + ": ";
    cmd.getErr().println(oneLine(prefix + message));
    cmd.getErr().flush();
    return cmd.getCommandSpec().exitCodeOnInvalidInput();
  }

  private static String describe(Exception e) {
    String message = e.getMessage();
    return message == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + message;
  }

  private static String oneLine(String text) {
    return text.strip().replaceAll("\\s*\\R\\s*", "; ");
  }

  private static PrintWriter writer(PrintStream stream) {
    return new PrintWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), true);
  }
}
