package dev.jgrad.autograd.viz;

import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.Value;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * A small tensor expression expanded into its graph of scalar {@link Value}s: one value per
 * element of every tensor node, so a matmul becomes the multiplications and additions it stands
 * for. Backpropagating the scalar graph gives the same gradients as the tensor graph, which is
 * the bridge between micrograd's picture and the tensor engine.
 *
 * <pre>{@code
 * Tensor x = Tensor.of(new double[][] {{1, 2}, {3, 4}});
 * Tensor w = Tensor.of(new double[][] {{0.5, -1}, {0.25, 2}}).requiresGrad().label("W");
 * Tensor b = Tensor.of(new double[] {0.1, -0.2}).requiresGrad().label("b");
 * Tensor y = x.matmul(w).add(b).tanh().sum();
 * ScalarGraph s = ScalarGraph.expand(y);      // 8 products, 8 additions, 4 tanh, 3 more for the sum
 * y.backward();
 * s.output().backward();
 * s.grads(w);                                 // equals w.grad().toArray()
 * }</pre>
 *
 * <p>Supported ops: add, sub, mul, div, neg, exp, log, tanh, sigmoid, relu (with broadcasting),
 * matmul of 2-d (or 1-d) tensors, sum of all elements, reshape and expand. Composite ops built
 * from them (mean, mse) work too. Expand only small expressions: every element becomes a node.
 */
public final class ScalarGraph {
  private final Map<Tensor, Value[]> values;
  private final Tensor root;

  private ScalarGraph(Map<Tensor, Value[]> values, Tensor root) {
    this.values = values;
    this.root = root;
  }

  /**
   * Returns the scalar graph of the tensor graph under {@code root}. Leaves that require grad
   * become labelled leaf values ({@code W[0,1]}); other leaves become constants.
   *
   * @throws IllegalArgumentException if the graph uses an op that cannot be expanded (the
   *     message names it and lists the supported ops)
   * @throws IllegalStateException if backward() freed the tensor graph's edges
   */
  public static ScalarGraph expand(Tensor root) {
    GraphModel model = GraphModel.walk(root, "ScalarGraph.expand");
    Map<Tensor, Value[]> values = new IdentityHashMap<>();
    for (GraphModel.Node node : model.nodes) {
      Tensor t = node.tensor;
      values.put(t, node.tensor.op() == null ? leaf(t) : expandOp(t, values));
    }
    return new ScalarGraph(values, root);
  }

  private static Value[] leaf(Tensor t) {
    double[] data = t.toArray();
    Value[] out = new Value[data.length];
    for (int i = 0; i < data.length; i++) {
      if (t.isGradRequired()) {
        out[i] = Value.of(data[i], name(t, i));
      } else {
        Tensor c = Tensor.scalar(data[i]);
        if (t.label() != null) {
          c.label(name(t, i));
        }
        out[i] = Value.of(c);
      }
    }
    return out;
  }

  private static Value[] expandOp(Tensor t, Map<Tensor, Value[]> values) {
    String op = t.op().name();
    Tensor a = t.inputs().get(0);
    Value[] x = values.get(a);
    int[] shape = t.shape();
    Value[] out = new Value[t.numel()];
    switch (op) {
      case "add", "sub", "mul", "div", "pow" -> {
        if (t.inputs().size() != 2) {
          throw unsupported(t, "pow with a constant exponent (use pow with a tensor exponent)");
        }
        Tensor b = t.inputs().get(1);
        Value[] y = values.get(b);
        for (int i = 0; i < out.length; i++) {
          Value u = x[broadcastIndex(shape, a.shape(), i)];
          Value v = y[broadcastIndex(shape, b.shape(), i)];
          out[i] = switch (op) {
            case "add" -> u.add(v);
            case "sub" -> u.sub(v);
            case "mul" -> u.mul(v);
            case "div" -> u.div(v);
            default -> u.pow(v);
          };
        }
      }
      case "neg", "exp", "log", "tanh", "sigmoid", "relu" -> {
        for (int i = 0; i < out.length; i++) {
          out[i] = switch (op) {
            case "neg" -> x[i].neg();
            case "exp" -> x[i].exp();
            case "log" -> x[i].log();
            case "tanh" -> x[i].tanh();
            case "sigmoid" -> x[i].sigmoid();
            default -> x[i].relu();
          };
        }
      }
      case "matmul" -> out = matmul(t, values);
      case "sum" -> {
        if (t.dim() != 0) {
          throw unsupported(t, "sum along a dim (only sum() of all elements)");
        }
        Value s = x[0];
        for (int i = 1; i < x.length; i++) {
          s = s.add(x[i]);
        }
        out[0] = s;
      }
      case "reshape" -> out = x.clone();
      case "expand" -> {
        for (int i = 0; i < out.length; i++) {
          out[i] = x[broadcastIndex(shape, a.shape(), i)];
        }
      }
      default -> throw unsupported(t, op);
    }
    if (t.label() != null) {
      for (int i = 0; i < out.length; i++) {
        if (out[i].label() == null) {
          out[i].label(name(t, i));
        }
      }
    }
    return out;
  }

  private static Value[] matmul(Tensor t, Map<Tensor, Value[]> values) {
    Tensor a = t.inputs().get(0);
    Tensor b = t.inputs().get(1);
    if (a.dim() > 2 || b.dim() > 2) {
      throw unsupported(t, "batched matmul (only 1-d and 2-d)");
    }
    int[] as = a.dim() == 1 ? new int[] {1, a.size(0)} : a.shape();
    int[] bs = b.dim() == 1 ? new int[] {b.size(0), 1} : b.shape();
    int n = as[0];
    int k = as[1];
    int m = bs[1];
    Value[] x = values.get(a);
    Value[] y = values.get(b);
    Value[] out = new Value[n * m];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < m; j++) {
        Value s = x[i * k].mul(y[j]);
        for (int p = 1; p < k; p++) {
          s = s.add(x[i * k + p].mul(y[p * m + j]));
        }
        out[i * m + j] = s;
      }
    }
    return out;
  }

  /** Returns the flat index into {@code in} that broadcasting maps output index {@code flat} to. */
  private static int broadcastIndex(int[] out, int[] in, int flat) {
    int index = 0;
    int stride = 1;
    for (int d = out.length - 1, e = in.length - 1; d >= 0; d--, e--) {
      int coordinate = flat % out[d];
      flat /= out[d];
      if (e >= 0) {
        if (in[e] != 1) {
          index += coordinate * stride;
        }
        stride *= in[e];
      }
    }
    return index;
  }

  private static String name(Tensor t, int flat) {
    String base = t.label() == null ? "x" : t.label();
    int[] shape = t.shape();
    if (shape.length == 0) {
      return base;
    }
    int[] index = new int[shape.length];
    for (int d = shape.length - 1; d >= 0; d--) {
      index[d] = flat % shape[d];
      flat /= shape[d];
    }
    return base + Arrays.toString(index).replace(" ", "");
  }

  private static IllegalArgumentException unsupported(Tensor t, String what) {
    return new IllegalArgumentException(
        String.format(
            "ScalarGraph.expand: cannot expand %s (node %s, shape %s); supported: add, sub, mul, div,"
                + " pow(tensor), neg, exp, log, tanh, sigmoid, relu, matmul (1-d/2-d), sum(),"
                + " reshape, expand",
            what, t.label() == null ? "unlabelled" : t.label(), Arrays.toString(t.shape())));
  }

  /** Returns the scalar values of tensor node {@code t}, row-major. */
  public Value[] values(Tensor t) {
    Value[] v = values.get(t);
    if (v == null) {
      throw new IllegalArgumentException("ScalarGraph.values: the tensor is not in the expanded graph");
    }
    return v.clone();
  }

  /**
   * Returns the scalar value of the root.
   *
   * @throws IllegalStateException if the root has more than one element
   */
  public Value output() {
    if (root.numel() != 1) {
      throw new IllegalStateException(
          "ScalarGraph.output: the root has shape " + Arrays.toString(root.shape()) + "; use values(root)");
    }
    return values.get(root)[0];
  }

  /** Returns the gradients of the scalar values of {@code t}, row-major (after a backward). */
  public double[] grads(Tensor t) {
    Value[] v = values(t);
    double[] g = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      g[i] = v[i].grad();
    }
    return g;
  }
}
