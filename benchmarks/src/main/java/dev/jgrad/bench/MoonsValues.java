package dev.jgrad.bench;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * micrograd's moons demo built from {@link Value}s exactly as its notebook: MLP 2-16-16-1 (ReLU,
 * linear output) from micrograd's initial weights, SVM hinge loss {@code mean(relu(1 - y score))}
 * plus {@code 1e-4 sum p^2}, full batch of 100, 100 SGD steps with {@code lr = 1 - 0.9 k / 100}.
 * About 65,800 nodes per step. The final loss is checked against micrograd's. The same demo as
 * plain Java objects ({@link PlainJavaMoons}) runs interleaved with it (in the order ABBA...), as
 * a baseline measured on the same machine at the same time; the note gives both times and the
 * heap each allocates per graph node and step.
 */
public final class MoonsValues implements Workload {
  static final int[] SIZES = {2, 16, 16, 1};
  private static final int STEPS = 100;

  @Override
  public String name() {
    return "moons demo, Values, 100 steps";
  }

  @Override
  public String target() {
    return "<= 0.5 s";
  }

  @Override
  public boolean meetsTarget(Result r, Double reference) {
    return r.stats().median() <= 0.5;
  }

  @Override
  public String referenceKey() {
    return "moons_values_s";
  }

  @Override
  public Result run(boolean quick) {
    Data.Moons data = Data.moons();
    double[] init = Data.moonsInitialParams();
    double expected = Data.moonsFinalLoss();
    int warmSteps = quick ? 5 : STEPS; // also the steps of the heap measurement below
    train(data, init, warmSteps); // warm-up
    PlainJavaMoons.train(data, init, warmSteps);
    int runs = quick ? 1 : 6;
    double[] seconds = new double[runs];
    double[] plainSeconds = new double[runs];
    double loss = 0;
    double plainLoss = 0;
    // Interleaved, so that both see the same machine; which goes first alternates per round.
    for (int r = 0; r < runs; r++) {
      for (int turn = 0; turn < 2; turn++) {
        boolean values = (turn == 0) == (r % 2 == 0);
        long t0 = System.nanoTime();
        if (values) {
          loss = train(data, init, STEPS);
          seconds[r] = (System.nanoTime() - t0) * 1e-9;
        } else {
          plainLoss = PlainJavaMoons.train(data, init, STEPS);
          plainSeconds[r] = (System.nanoTime() - t0) * 1e-9;
        }
      }
    }
    checkLoss("Values", loss, expected);
    checkLoss("plain Java objects", plainLoss, expected);
    // Per node of one step's graph as the baseline counts it (the same scalar operations):
    // the heap of warmSteps steps less that of zero steps (building the parameters and the
    // final forward pass, which both implementations do once).
    double nodes = (double) PlainJavaMoons.graphSize(data, init) * warmSteps;
    double bytesPerNode = heapOfSteps(steps -> train(data, init, steps), warmSteps) / nodes;
    double plainBytesPerNode =
        heapOfSteps(steps -> PlainJavaMoons.train(data, init, steps), warmSteps) / nodes;
    Stats stats = Stats.of(seconds);
    double plainMedianSeconds = Stats.of(plainSeconds).median();
    return new Result(
        stats, "s", false,
        String.format(
            "final loss %.7f (micrograd's %.7f) | baseline, plain Java objects (one per scalar,"
                + " no tensors) %.3f s in this run: Values take %.2fx as long | heap per node"
                + " and step %.0f B, baseline %.0f B",
            loss, expected, plainMedianSeconds, stats.median() / plainMedianSeconds,
            bytesPerNode, plainBytesPerNode));
  }

  /** Returns the heap {@code train} allocates for {@code steps} steps beyond that of no step. */
  private static long heapOfSteps(IntConsumer train, int steps) {
    return AllocatedBytes.during(() -> train.accept(steps))
        - AllocatedBytes.during(() -> train.accept(0));
  }

  private static void checkLoss(String implementation, double loss, double expected) {
    if (Math.abs(loss - expected) > 1e-9) {
      throw new IllegalStateException(
          "moons (" + implementation + "): final loss " + loss + " != micrograd's " + expected);
    }
  }

  /** Trains from {@code init} for {@code steps} steps; returns the loss after the last update. */
  static double train(Data.Moons data, double[] init, int steps) {
    List<Value[]> neurons = new ArrayList<>(); // each: weights then bias
    int p = 0;
    for (int layer = 0; layer + 1 < SIZES.length; layer++) {
      for (int j = 0; j < SIZES[layer + 1]; j++) {
        Value[] neuron = new Value[SIZES[layer] + 1];
        for (int i = 0; i < neuron.length; i++) {
          neuron[i] = Value.of(init[p++]);
        }
        neurons.add(neuron);
      }
    }
    for (int k = 0; k < steps; k++) {
      Value total = loss(data, neurons);
      for (Value[] neuron : neurons) {
        for (Value v : neuron) {
          v.zeroGrad();
        }
      }
      total.backward();
      double lr = 1.0 - 0.9 * k / 100;
      try (var off = Autograd.noGrad()) {
        for (Value[] neuron : neurons) {
          for (Value v : neuron) {
            v.toTensor().assign(Tensor.scalar(v.data() - lr * v.grad()));
          }
        }
      }
    }
    return loss(data, neurons).data();
  }

  /** Returns micrograd's loss, evaluating sums left to right from 0 as Python's sum() does. */
  private static Value loss(Data.Moons data, List<Value[]> neurons) {
    Value dataLoss = null;
    for (int s = 0; s < data.x().length; s++) {
      Value[] act = {Value.of(data.x()[s][0]), Value.of(data.x()[s][1])};
      int first = 0;
      for (int layer = 0; layer + 1 < SIZES.length; layer++) {
        int nout = SIZES[layer + 1];
        Value[] next = new Value[nout];
        for (int j = 0; j < nout; j++) {
          Value[] neuron = neurons.get(first + j);
          Value a = neuron[neuron.length - 1];
          for (int i = 0; i < act.length; i++) {
            a = a.add(neuron[i].mul(act[i]));
          }
          next[j] = layer + 2 < SIZES.length ? a.relu() : a;
        }
        first += nout;
        act = next;
      }
      Value margin = act[0].mul(-data.y()[s]).add(1).relu();
      dataLoss = dataLoss == null ? margin.add(0) : dataLoss.add(margin);
    }
    dataLoss = dataLoss.mul(1.0 / data.x().length);
    Value reg = null;
    for (Value[] neuron : neurons) {
      for (Value v : neuron) {
        Value sq = v.mul(v);
        reg = reg == null ? sq.add(0) : reg.add(sq);
      }
    }
    return dataLoss.add(reg.mul(1e-4));
  }
}
