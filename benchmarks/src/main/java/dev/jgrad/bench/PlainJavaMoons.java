package dev.jgrad.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The baseline of the Values moons row: micrograd's moons demo ({@link MoonsValues}, the same
 * model, data, initial weights, loss and updates, evaluated in the same order) written as plain
 * Java objects, one small object per scalar (its value, gradient, operands, a constant and an op
 * code; 56 bytes with compressed references), an iterative depth-first topological sort each step,
 * as micrograd does, and a switch per op. No shapes, dtypes, storage, hooks, or one graph shared
 * with tensors: what micrograd's design costs as plain Java on this JVM and machine, measured in
 * the same run as the Values row so that the two can be compared. It is not the least possible:
 * a tape in recording order would skip the walk.
 *
 * <p>Two differences from jgrad's graph, neither of which changes the final loss beyond 1e-9:
 * constants are folded into their op ({@code x + c}, {@code x * c}) instead of being leaves, and
 * each node's gradient is complete before it is propagated, in this walk's order, so sums of
 * gradients may be added up in another order than jgrad's or micrograd's.
 */
final class PlainJavaMoons {
  private PlainJavaMoons() {}

  private static final int[] SIZES = MoonsValues.SIZES;
  private static final byte LEAF = 0, ADD = 1, MUL = 2, RELU = 3, ADD_CONST = 4, MUL_CONST = 5;

  /** One scalar of the graph: micrograd's {@code Value} with its op as a code. */
  private static final class Scalar {
    double data;
    double grad;
    double constant;
    Scalar a;
    Scalar b;
    byte op;
    long visited;

    /** A leaf. */
    Scalar(double data) {
      this(data, LEAF, null, null, 0);
    }

    Scalar(double data, byte op, Scalar a, Scalar b, double constant) {
      this.data = data;
      this.op = op;
      this.a = a;
      this.b = b;
      this.constant = constant;
    }
  }

  private static Scalar add(Scalar x, Scalar y) {
    return new Scalar(x.data + y.data, ADD, x, y, 0);
  }

  private static Scalar mul(Scalar x, Scalar y) {
    return new Scalar(x.data * y.data, MUL, x, y, 0);
  }

  private static Scalar relu(Scalar x) {
    return new Scalar(x.data > 0 ? x.data : 0, RELU, x, null, 0);
  }

  private static Scalar add(Scalar x, double c) {
    return new Scalar(x.data + c, ADD_CONST, x, null, c);
  }

  private static Scalar mul(Scalar x, double c) {
    return new Scalar(x.data * c, MUL_CONST, x, null, c);
  }

  /**
   * Adds {@code d root / d s} into the grad of every scalar {@code s} reachable from {@code root}
   * (their grads must be 0 beforehand); {@code mark} must differ from every earlier walk's over
   * these scalars. Returns the number of scalars reached.
   */
  private static int backward(Scalar root, long mark) {
    List<Scalar> order = new ArrayList<>();
    Scalar[] stack = new Scalar[64];
    int[] next = new int[64];
    int sp = 0;
    stack[sp] = root;
    next[sp++] = 0;
    root.visited = mark;
    while (sp > 0) {
      Scalar top = stack[sp - 1];
      int k = next[sp - 1]++;
      Scalar child = k == 0 ? top.a : k == 1 ? top.b : null;
      if (k >= 2) {
        sp--;
        order.add(top);
      } else if (child != null && child.visited != mark) {
        child.visited = mark;
        if (sp == stack.length) {
          stack = Arrays.copyOf(stack, 2 * sp);
          next = Arrays.copyOf(next, 2 * sp);
        }
        stack[sp] = child;
        next[sp++] = 0;
      }
    }
    root.grad = 1;
    for (int i = order.size() - 1; i >= 0; i--) {
      Scalar s = order.get(i);
      double g = s.grad;
      switch (s.op) {
        case ADD -> {
          s.a.grad += g;
          s.b.grad += g;
        }
        case MUL -> {
          s.a.grad += g * s.b.data;
          s.b.grad += g * s.a.data;
        }
        case RELU -> s.a.grad += s.data > 0 ? g : 0;
        case ADD_CONST -> s.a.grad += g;
        case MUL_CONST -> s.a.grad += g * s.constant;
        case LEAF -> {}
        default -> throw new IllegalStateException("unknown op " + s.op);
      }
    }
    return order.size();
  }

  /** {@return the number of scalars in one step's graph, leaves included} */
  static int graphSize(Data.Moons data, double[] init) {
    return backward(loss(data, parameters(init)), 1);
  }

  /** Trains from {@code init} for {@code steps} steps; returns the loss after the last update. */
  static double train(Data.Moons data, double[] init, int steps) {
    List<Scalar[]> neurons = parameters(init);
    for (int k = 0; k < steps; k++) {
      Scalar total = loss(data, neurons);
      for (Scalar[] neuron : neurons) {
        for (Scalar v : neuron) {
          v.grad = 0;
        }
      }
      backward(total, k + 1);
      double lr = 1.0 - 0.9 * k / 100;
      for (Scalar[] neuron : neurons) {
        for (Scalar v : neuron) {
          v.data -= lr * v.grad;
        }
      }
    }
    return loss(data, neurons).data;
  }

  /** {@return the model's neurons from {@code init}, each its weights then its bias} */
  private static List<Scalar[]> parameters(double[] init) {
    List<Scalar[]> neurons = new ArrayList<>();
    int p = 0;
    for (int layer = 0; layer + 1 < SIZES.length; layer++) {
      for (int j = 0; j < SIZES[layer + 1]; j++) {
        Scalar[] neuron = new Scalar[SIZES[layer] + 1];
        for (int i = 0; i < neuron.length; i++) {
          neuron[i] = new Scalar(init[p++]);
        }
        neurons.add(neuron);
      }
    }
    return neurons;
  }

  /** micrograd's loss, as {@link MoonsValues} evaluates it (the data inputs are leaves too). */
  private static Scalar loss(Data.Moons data, List<Scalar[]> neurons) {
    Scalar dataLoss = null;
    for (int s = 0; s < data.x().length; s++) {
      Scalar[] act = {new Scalar(data.x()[s][0]), new Scalar(data.x()[s][1])};
      int first = 0;
      for (int layer = 0; layer + 1 < SIZES.length; layer++) {
        int nout = SIZES[layer + 1];
        Scalar[] next = new Scalar[nout];
        for (int j = 0; j < nout; j++) {
          Scalar[] neuron = neurons.get(first + j);
          Scalar a = neuron[neuron.length - 1];
          for (int i = 0; i < act.length; i++) {
            a = add(a, mul(neuron[i], act[i]));
          }
          next[j] = layer + 2 < SIZES.length ? relu(a) : a;
        }
        first += nout;
        act = next;
      }
      Scalar margin = relu(add(mul(act[0], -data.y()[s]), 1));
      // add(x, 0) for the first term: Python's sum() starts at 0
      dataLoss = dataLoss == null ? add(margin, 0) : add(dataLoss, margin);
    }
    dataLoss = mul(dataLoss, 1.0 / data.x().length);
    Scalar reg = null;
    for (Scalar[] neuron : neurons) {
      for (Scalar v : neuron) {
        Scalar sq = mul(v, v);
        reg = reg == null ? add(sq, 0) : add(reg, sq);
      }
    }
    return add(dataLoss, mul(reg, 1e-4));
  }
}
