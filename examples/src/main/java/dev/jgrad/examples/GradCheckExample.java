package dev.jgrad.examples;

import dev.jgrad.autograd.Function;
import dev.jgrad.autograd.GradCheck;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.examples.cli.ExampleCommand;
import dev.jgrad.examples.cli.Run;
import dev.jgrad.examples.plot.Charts;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;

/**
 * Checks a user-defined op's derivative against central differences with {@link GradCheck},
 * then shows what the report says for the same op with a deliberately wrong derivative.
 *
 * <p>The op is softsign, {@code out = x / (1 + |x|)}, {@code dout/dx = 1 / (1 + |x|)^2}. The
 * broken version forgets the square.
 */
@Command(
    name = "gradcheck",
    mixinStandardHelpOptions = true,
    description = "Check a user op's derivative with GradCheck, and catch a wrong one.")
public final class GradCheckExample extends ExampleCommand {

  /** softsign with the right derivative: {@code dout/dx = 1 / (1 + |x|)^2}. */
  static final Function SOFTSIGN =
      Function.of(
          "softsign",
          in -> in[0].div(in[0].abs().add(1)),
          (upstream, out, in) ->
              new Tensor[] {upstream.div(in[0].abs().add(1).pow(2))});

  /** softsign with a bug: {@code 1 / (1 + |x|)}, the square is missing. */
  static final Function BROKEN_SOFTSIGN =
      Function.of(
          "broken_softsign",
          in -> in[0].div(in[0].abs().add(1)),
          (upstream, out, in) -> new Tensor[] {upstream.div(in[0].abs().add(1))});

  @Override
  protected void run(Run run) {
    // Random inputs of an arbitrary shape; GradCheck also draws a random upstream gradient.
    Tensor x = Tensor.randn(run.random(0), 3, 4);
    GradCheck.Options options = GradCheck.Options.defaults().withSeed(run.seed());

    GradCheck.Report good = GradCheck.check(in -> SOFTSIGN.apply(in.get(0)), java.util.List.of(x), options);
    run.log("Checking softsign, out = x / (1 + |x|), dout/dx = 1 / (1 + |x|)^2:");
    run.log("%s", good.toString().stripTrailing());

    GradCheck.Report bad =
        GradCheck.check(in -> BROKEN_SOFTSIGN.apply(in.get(0)), java.util.List.of(x), options);
    run.log("");
    run.log("Checking broken_softsign, whose backward forgot the square:");
    run.log("%s", bad.toString().stripTrailing());
    try {
      bad.assertOk();
    } catch (GradCheck.GradCheckFailure failure) {
      run.log("-> assertOk() throws %s, so a unit test using it fails.", failure.getClass().getSimpleName());
    }

    run.wrote(plotDerivatives(run));
    run.result("softsign_ok", String.valueOf(good.ok()));
    run.result("softsign_max_abs_error", good.inputs().get(0).absError());
    run.result("broken_softsign_ok", String.valueOf(bad.ok()));
    run.result("broken_softsign_max_abs_error", bad.inputs().get(0).absError());
  }

  /** Plots both analytic derivatives against the numerical one over x in [-4, 4]. */
  private static java.nio.file.Path plotDerivatives(Run run) {
    int n = 161;
    double[] xs = new double[n];
    double[] numeric = new double[n];
    double[] right = new double[n];
    double[] wrong = new double[n];
    double eps = 1e-5;
    for (int i = 0; i < n; i++) {
      xs[i] = -4 + 8.0 * i / (n - 1);
      numeric[i] =
          (softsign(xs[i] + eps) - softsign(xs[i] - eps)) / (2 * eps);
      right[i] = derivative(SOFTSIGN, xs[i]);
      wrong[i] = derivative(BROKEN_SOFTSIGN, xs[i]);
    }
    Map<String, double[]> series = new LinkedHashMap<>();
    series.put("numerical (central difference)", numeric);
    series.put("dashed:softsign backward (right)", right);
    series.put("broken_softsign backward (wrong)", wrong);
    return Charts.lines(
        run.picture("gradcheck-derivatives.png"),
        "d/dx softsign(x): numerical vs the two backward functions",
        "x",
        "derivative",
        xs,
        series);
  }

  private static double softsign(double x) {
    return x / (1 + Math.abs(x));
  }

  private static double derivative(Function op, double x) {
    Tensor input = Tensor.scalar(x).requiresGrad();
    op.apply(input).backward();
    return input.grad().item();
  }
}
