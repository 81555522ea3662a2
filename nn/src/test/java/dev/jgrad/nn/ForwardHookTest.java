package dev.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jgrad.autograd.HookHandle;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.nn.data.Dataset;
import dev.jgrad.nn.optim.Sgd;
import dev.jgrad.nn.train.Trainer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link Module#registerForwardHook}: what a hook sees, replacing outputs, order and removal. */
class ForwardHookTest {

  private static Tensor batch() {
    return Tensor.of(new double[][] {{0.5, -1}, {2, 0.25}, {-0.3, 0.7}});
  }

  @Test
  void hookOnAnInnerLayerSeesItsInputAndOutputWhenTheOuterModuleRuns() {
    Mlp mlp = new Mlp(2, List.of(4, 1), new Random(3));
    Layer hidden = mlp.layers().get(0);
    List<Tensor> inputs = new ArrayList<>();
    List<Tensor> outputs = new ArrayList<>();
    List<Module> modules = new ArrayList<>();
    hidden.registerForwardHook(
        (m, in, out) -> {
          modules.add(m);
          inputs.add(in);
          outputs.add(out);
          return null;
        });
    Tensor x = batch();
    Tensor y = mlp.forward(x);
    assertEquals(1, outputs.size());
    assertSame(hidden, modules.get(0));
    assertSame(x, inputs.get(0));
    assertArrayEquals(new int[] {3, 4}, outputs.get(0).shape());
    // the recorded activation is the hidden layer's output, which the last layer reads
    assertArrayEquals(hidden.forward(x).toArray(), outputs.get(0).toArray(), 0);
    assertArrayEquals(mlp.layers().get(1).forward(outputs.get(0)).toArray(), y.toArray(), 0);
  }

  @Test
  void hookCanReplaceTheOutputAndGradientsFlowThroughTheReplacement() {
    Linear linear = new Linear(2, 3, new Random(1));
    linear.registerForwardHook((m, in, out) -> out.mul(2));
    Tensor x = batch();
    Tensor doubled = linear.call(x);
    assertArrayEquals(linear.forward(x).mul(2).toArray(), doubled.toArray(), 1e-15);
    doubled.sum().backward();
    // d sum(2 (x W^T + b)) / d b = 2 * batch size
    assertArrayEquals(new double[] {6, 6, 6}, linear.bias().grad().toArray(), 1e-12);
  }

  @Test
  void hooksRunInRegistrationOrderEachSeeingTheLastOutput() {
    Tanh tanh = new Tanh();
    List<String> order = new ArrayList<>();
    tanh.registerForwardHook(
        (m, in, out) -> {
          order.add("first");
          return out.add(1);
        });
    tanh.registerForwardHook(
        (m, in, out) -> {
          order.add("second " + out.item());
          return null;
        });
    Tensor y = tanh.call(Tensor.scalar(0));
    assertEquals(List.of("first", "second 1.0"), order);
    assertEquals(1.0, y.item(), 0);
  }

  @Test
  void removeStopsTheHookAndIsIdempotent() {
    Tanh tanh = new Tanh();
    int[] calls = {0};
    Module.ForwardHook count =
        (m, in, out) -> {
          calls[0]++;
          return null;
        };
    HookHandle a = tanh.registerForwardHook(count);
    HookHandle b = tanh.registerForwardHook(count);
    tanh.call(Tensor.scalar(1));
    assertEquals(2, calls[0]);
    a.remove();
    a.remove();
    tanh.call(Tensor.scalar(1));
    assertEquals(3, calls[0]);
    b.remove();
    tanh.call(Tensor.scalar(1));
    assertEquals(3, calls[0]);
  }

  @Test
  void hookMayRemoveItselfWhileRunning() {
    Tanh tanh = new Tanh();
    int[] calls = {0};
    HookHandle[] handle = new HookHandle[1];
    handle[0] =
        tanh.registerForwardHook(
            (m, in, out) -> {
              calls[0]++;
              handle[0].remove();
              return null;
            });
    tanh.call(Tensor.scalar(1));
    tanh.call(Tensor.scalar(1));
    assertEquals(1, calls[0]);
  }

  @Test
  void forwardItselfSkipsTheModulesOwnHooks() {
    Tanh tanh = new Tanh();
    int[] calls = {0};
    tanh.registerForwardHook(
        (m, in, out) -> {
          calls[0]++;
          return null;
        });
    tanh.forward(Tensor.scalar(1));
    assertEquals(0, calls[0]);
  }

  @Test
  void nullHookIsRefused() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new Tanh().registerForwardHook(null));
    assertEquals("Tanh.registerForwardHook: hook is null", e.getMessage());
  }

  @Test
  void sequentialAndTrainerInvokeChildrenThroughCall() {
    Linear first = new Linear(2, 3, new Random(2));
    Sequential model = new Sequential(List.of(first, new Relu(), new Linear(3, 1, new Random(4))));
    int[] calls = {0};
    first.registerForwardHook(
        (m, in, out) -> {
          calls[0]++;
          return null;
        });
    model.forward(batch());
    assertEquals(1, calls[0]);
    // the trainer invokes the model itself through call: one hook call per batch
    int[] modelCalls = {0};
    model.registerForwardHook(
        (m, in, out) -> {
          modelCalls[0]++;
          return null;
        });
    Dataset data = new Dataset(batch(), Tensor.of(new double[][] {{1}, {0}, {1}}));
    Trainer.builder(model, new Sgd(model.parameters(), 0.1), Losses::mse)
        .epochs(2)
        .batchSize(2)
        .noShuffle()
        .progress(false)
        .build()
        .fit(data);
    assertEquals(4, modelCalls[0]);
  }
}
