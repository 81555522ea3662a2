package dev.jgrad.examples.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code jgrad spark-digits}: listed in the help so that it can be found, but run by the spark
 * module ({@code ./jgrad-spark digits}), so that the examples do not depend on Spark. The
 * {@code ./jgrad} script hands it over before Java starts; reached here, it says so and exits 1.
 */
@Command(
    name = "spark-digits",
    description =
        "Digits trained data-parallel on Apache Spark, local[*] (module spark).")
public final class SparkDigitsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Unmatched String[] arguments;

  /** Returns 1 after saying how to run the Spark example. */
  @Override
  public Integer call() {
    spec.commandLine()
        .getErr()
        .println(
            "jgrad spark-digits: run it with ./jgrad spark-digits (or ./jgrad-spark digits);"
                + " it lives in the spark module, which the examples do not depend on");
    spec.commandLine().getErr().flush();
    return 1;
  }
}
