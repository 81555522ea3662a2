package dev.jgrad.autograd.viz;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.Op;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.graph.Graph;
import dev.jgrad.autograd.graph.TopologicalOrder;
import java.util.ArrayList;
import java.util.List;
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
 * <p>How each op expands is its {@link Op#scalarForm()}: elementwise ops become the same op on
 * each element, movement ops (reshape, permute, narrow, cat, where...) copies of elements, sums
 * chains of additions, matmul and linear sums of products; composites (mean, var, mse) follow
 * from their primitives, and fused primitives (softmax, logSoftmax, layerNorm) from the composite
 * they fuse. Ops of form {@code NONE} (max, user-defined functions) are named in the error. Expand only small expressions: every element becomes a node.
 */
public final class ScalarGraph {
  private final Map<Tensor, Value[]> values;
  private final Tensor root;

  private ScalarGraph(Map<Tensor, Value[]> values, Tensor root) {
    this.values = values;
    this.root = root;
  }

  /**
   * {@return the scalar graph of the tensor graph under {@code root}} Leaves that require grad
   * become labelled leaf values ({@code W[0,1]}); other leaves become constants.
   *
   * @param root the output whose graph is expanded
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
    Op op = t.op();
    Value[] out =
        switch (op.scalarForm()) {
          case ELEMENTWISE -> elementwise(t, values);
          case MOVEMENT -> movement(t, values);
          case SUM -> sums(t, values);
          case MATMUL -> matmul(t, values);
          case AFFINE -> affine(t, values);
          case COMPOSITE -> composite(t, values);
          case NONE -> throw unsupported(t, op.name() + " (" + op.formula() + ")");
        };
    if (t.label() != null) {
      for (int i = 0; i < out.length; i++) {
        if (out[i].label() == null) {
          out[i].label(name(t, i));
        }
      }
    }
    return out;
  }

  /** Each output element: the op itself, recorded on the (broadcast) scalar input elements. */
  private static Value[] elementwise(Tensor t, Map<Tensor, Value[]> values) {
    List<Tensor> inputs = t.inputs();
    int[] shape = t.shape();
    Value[] out = new Value[t.numel()];
    Tensor[] scalars = new Tensor[inputs.size()];
    for (int i = 0; i < out.length; i++) {
      for (int k = 0; k < scalars.length; k++) {
        Tensor in = inputs.get(k);
        scalars[k] = values.get(in)[broadcastIndex(shape, in.shape(), i)].toTensor();
      }
      out[i] = node(Graph.record(t.op(), scalars.clone()));
    }
    return out;
  }

  /**
   * Each output element is a copy of one input element: which one, the op's own forward tells
   * when it runs on the inputs' element numbers (input k's elements numbered after input k-1's).
   */
  private static Value[] movement(Tensor t, Map<Tensor, Value[]> values) {
    List<Tensor> inputs = t.inputs();
    Tensor[] numbered = new Tensor[inputs.size()];
    List<Value> all = new ArrayList<>();
    for (int k = 0; k < numbered.length; k++) {
      Tensor in = inputs.get(k);
      numbered[k] = Tensor.arange(all.size(), all.size() + in.numel(), 1).reshape(in.shape());
      all.addAll(Arrays.asList(values.get(in)));
    }
    double[] source = t.op().forward(numbered).toArray();
    Value[] out = new Value[source.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = all.get((int) source[i]);
    }
    return out;
  }

  /**
   * Each output element is a sum of input elements: which ones, the op's own forward tells when
   * it runs on each unit vector of its (single) input.
   */
  private static Value[] sums(Tensor t, Map<Tensor, Value[]> values) {
    Tensor in = t.inputs().get(0);
    Value[] x = values.get(in);
    List<List<Value>> terms = new ArrayList<>();
    for (int i = 0; i < t.numel(); i++) {
      terms.add(new ArrayList<>());
    }
    for (int j = 0; j < x.length; j++) {
      double[] unit = new double[x.length];
      unit[j] = 1;
      double[] column = t.op().forward(new Tensor[] {Tensor.of(unit, in.shape())}).toArray();
      for (int i = 0; i < column.length; i++) {
        for (int c = 0; c < column[i]; c++) {
          terms.get(i).add(x[j]);
        }
      }
    }
    Value[] out = new Value[t.numel()];
    for (int i = 0; i < out.length; i++) {
      List<Value> ts = terms.get(i);
      Value s = ts.isEmpty() ? Value.of(Tensor.scalar(0)) : ts.get(0);
      for (int k = 1; k < ts.size(); k++) {
        s = s.add(ts.get(k));
      }
      out[i] = s;
    }
    return out;
  }

  /**
   * A fused primitive (softmax, layer norm...): the composite it fuses ({@link Op#composite}) runs
   * on stand-ins for its inputs, and that small tensor graph is expanded in turn, the stand-ins
   * reading the inputs' scalar values.
   */
  private static Value[] composite(Tensor t, Map<Tensor, Value[]> values) {
    List<Tensor> inputs = t.inputs();
    Tensor[] standIns = new Tensor[inputs.size()];
    Map<Tensor, Value[]> inner = new IdentityHashMap<>();
    for (int k = 0; k < standIns.length; k++) {
      standIns[k] = inputs.get(k).detach().requiresGrad();
      inner.put(standIns[k], values.get(inputs.get(k)));
    }
    Tensor result;
    try (Autograd.Scope on = Autograd.enableGrad()) {
      result = t.op().composite(standIns);
    }
    if (result == null) {
      throw unsupported(t, t.op().name() + " (its scalar form is COMPOSITE but it has no composite)");
    }
    for (Tensor node : TopologicalOrder.of(List.of(result), true, n -> new IllegalStateException())) {
      if (!inner.containsKey(node)) {
        inner.put(node, node.op() == null ? leaf(node) : expandOp(node, inner));
      }
    }
    return inner.get(result);
  }

  /** {@code out[r, o] = sum_i x[r, i] w[o, i] + b[o]} for the fused linear op. */
  private static Value[] affine(Tensor t, Map<Tensor, Value[]> values) {
    List<Tensor> inputs = t.inputs();
    Value[] x = values.get(inputs.get(0));
    Value[] w = values.get(inputs.get(1));
    Value[] b = inputs.size() > 2 ? values.get(inputs.get(2)) : null;
    int out = inputs.get(1).size(0);
    int in = inputs.get(1).size(1);
    int rows = x.length / in;
    Value[] y = new Value[rows * out];
    for (int r = 0; r < rows; r++) {
      for (int o = 0; o < out; o++) {
        Value s = x[r * in].mul(w[o * in]);
        for (int i = 1; i < in; i++) {
          s = s.add(x[r * in + i].mul(w[o * in + i]));
        }
        y[r * out + o] = b == null ? s : s.add(b[o]);
      }
    }
    return y;
  }

  /** Returns a value viewing {@code t}, keeping its gradient when it is an op node. */
  private static Value node(Tensor t) {
    if (t.isGradRequired() && t.op() != null) {
      t.retainGrad();
    }
    return Value.of(t);
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
            "ScalarGraph.expand: cannot expand %s (node %s, shape %s); supported: every op whose"
                + " scalar form (Op.scalarForm()) is not NONE, and matmul of 1-d/2-d operands",
            what, t.label() == null ? "unlabelled" : t.label(), Arrays.toString(t.shape())));
  }

  /**
   * {@return the scalar values of tensor node {@code t}, row-major}
   *
   * @param t a node of the tensor graph
   */
  public Value[] values(Tensor t) {
    Value[] v = values.get(t);
    if (v == null) {
      throw new IllegalArgumentException("ScalarGraph.values: the tensor is not in the expanded graph");
    }
    return v.clone();
  }

  /**
   * {@return the scalar value of the root}
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

  /**
   * {@return the gradients of the scalar values of {@code t}, row-major (after a backward)}
   *
   * @param t a node of the tensor graph
   */
  public double[] grads(Tensor t) {
    Value[] v = values(t);
    double[] g = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      g[i] = v[i].grad();
    }
    return g;
  }
}
