package dev.jgrad.autograd;

import dev.jgrad.autograd.graph.Graph;
import dev.jgrad.autograd.graph.TopologicalOrder;
import dev.jgrad.autograd.kernels.Storage;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.ToDoubleFunction;

/**
 * Finds which node of a failed gradient check is to blame: each op node of the function's graph
 * is checked alone, its own vector-Jacobian product ({@link Op#backward}) against central
 * differences of its own forward ({@link Op#forward}) at the values it saw, so that a wrong rule
 * inside {@code tanh(badSquare(exp(x)))} is pinned on {@code badSquare}, not on the ops around it.
 */
final class NodeChecks {
  private NodeChecks() {}

  /** Inputs with more elements than this are checked along one random direction instead. */
  private static final int ELEMENTWISE_LIMIT = 512;

  /**
   * Returns one result per op node of {@code f}'s graph at {@code xs}, in topological order
   * (inputs first), each node recorded with its creation site.
   */
  static List<GradCheck.NodeResult> check(GradCheck.Fn f, List<Tensor> xs, GradCheck.Options o) {
    Tensor y;
    try (Autograd.Scope on = Autograd.enableGrad(); Autograd.Scope sites = Autograd.detectAnomaly()) {
      y = f.apply(xs);
    } catch (IllegalStateException nonFinite) {
      try (Autograd.Scope on = Autograd.enableGrad()) {
        y = f.apply(xs); // anomaly mode refused a non-finite value: check without creation sites
      }
    }
    List<GradCheck.NodeResult> results = new ArrayList<>();
    if (y == null || !y.isGradRequired()) {
      return results;
    }
    Random random = new Random(o.seed() + 11);
    for (Tensor node : TopologicalOrder.of(List.of(y), false, t -> new IllegalStateException())) {
      if (node.op() != null) {
        results.add(checkNode(node, random, o));
      }
    }
    return results;
  }

  private static GradCheck.NodeResult checkNode(Tensor node, Random random, GradCheck.Options o) {
    Op op = node.op();
    Tensor[] inputs = node.inputs().toArray(new Tensor[0]);
    Tensor upstream = Tensor.randn(random, node.shapeArray()).to(node.dtype());
    Tensor[] analytic;
    try (Autograd.Scope off = Autograd.noGrad()) {
      analytic = op.backward(upstream, node, inputs);
    }
    double worst = 0;
    boolean ok = true;
    for (int j = 0; j < inputs.length; j++) {
      if (!inputs[j].isGradRequired() || inputs[j].dtype() != DType.F64) {
        continue;
      }
      double[] a =
          analytic[j] == null
              ? new double[inputs[j].numel()]
              : analytic[j].sumTo(inputs[j].shapeArray()).toArray();
      double[] x = inputs[j].toArray();
      int input = j;
      ToDoubleFunction<double[]> g = values -> weighted(op, inputs, input, values, upstream);
      if (x.length <= ELEMENTWISE_LIMIT) {
        for (int k = 0; k < x.length; k++) {
          double numeric = CentralDifference.element(g, x, k, o.eps());
          double err = Math.abs(a[k] - numeric);
          worst = Math.max(worst, err);
          ok &= err <= o.atol() + o.rtol() * Math.abs(numeric);
        }
      } else {
        double[] d = Tensor.randn(random, inputs[j].shapeArray()).toArray();
        double numeric = CentralDifference.directional(g, x, d, o.eps());
        double exact = 0;
        for (int k = 0; k < x.length; k++) {
          exact += a[k] * d[k];
        }
        double err = Math.abs(exact - numeric);
        worst = Math.max(worst, err);
        ok &= err <= o.atol() + o.rtol() * Math.abs(numeric);
      }
    }
    return new GradCheck.NodeResult(op.name(), Graph.creationSite(node), worst, ok);
  }

  /** Returns {@code sum(upstream * op(inputs with input j replaced by values))}. */
  private static double weighted(Op op, Tensor[] inputs, int j, double[] values, Tensor upstream) {
    Tensor[] in = inputs.clone();
    in[j] = Tensor.wrap(Storage.of(values.clone()), inputs[j].shapeArray());
    try (Autograd.Scope off = Autograd.noGrad()) {
      Tensor out = op.forward(in);
      double s = 0;
      for (int k = 0; k < out.numel(); k++) {
        s += out.storage().get(k) * upstream.storage().get(k);
      }
      return s;
    }
  }
}
