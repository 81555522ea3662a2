package dev.jgrad.examples.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code jgrad list}: prints each example's name and one-line description. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the examples.")
public final class ListCommand implements Runnable {
  @Spec CommandSpec spec;

  /** Prints one line per example. */
  @Override
  public void run() {
    CommandSpec root = spec.parent();
    for (CommandLine sub : root.subcommands().values()) {
      CommandSpec example = sub.getCommandSpec();
      if (example.userObject() instanceof ExampleCommand) {
        String[] description = example.usageMessage().description();
        spec.commandLine()
            .getOut()
            .printf("  %-10s %s%n", example.name(), description.length > 0 ? description[0] : "");
      }
    }
    // Not a subcommand: the spark module runs it, so that the examples do not depend on Spark.
    spec.commandLine()
        .getOut()
        .printf(
            "  %-10s %s%n",
            "spark-digits",
            "digits trained data-parallel on Apache Spark, local[*] (the ./jgrad script runs"
                + " ./jgrad-spark digits; module spark)");
    spec.commandLine()
        .getOut()
        .printf(
            "  %-10s %s%n",
            "shell",
            "jshell with jgrad on the class path and the tutorial's imports (docs/tutorial.md)");
    spec.commandLine().getOut().flush();
  }
}
