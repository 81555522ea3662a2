package dev.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.Tensor;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MlpTest {
  @Test
  void microgradMlpHas337Parameters() {
    // micrograd: MLP(2, [16, 16, 1]) has (2*16+16) + (16*16+16) + (16+1) = 337 parameters.
    assertEquals(337, new Mlp(2, List.of(16, 16, 1)).parameterCount());
    assertEquals(337, new Mlp(2, 16, 16, 1).parameterCount());
    assertEquals(
        337,
        new Sequential(
                new Linear(2, 16, new Random(0)),
                new Relu(),
                new Linear(16, 16, new Random(0)),
                new Relu(),
                new Linear(16, 1, new Random(0)))
            .parameterCount());
  }

  @Test
  void mlpMatchesMicrogradStructure() {
    Mlp mlp = new Mlp(2, 16, 16, 1);
    assertEquals(3, mlp.layers().size());
    assertEquals(Activation.RELU, mlp.layers().get(0).neurons().get(0).activation());
    assertEquals(Activation.RELU, mlp.layers().get(1).neurons().get(5).activation());
    assertEquals(Activation.LINEAR, mlp.layers().get(2).neurons().get(0).activation());
    List<String> names = List.copyOf(mlp.namedParameters().keySet());
    assertEquals("layers.0.neurons.0.weight", names.get(0));
    assertEquals("layers.0.neurons.0.bias", names.get(1));
    assertEquals("layers.2.neurons.0.bias", names.get(names.size() - 1));
    assertEquals(16 * 2 + 16 * 2 + 2, names.size());
    assertEquals(
        String.join(
            "\n",
            "Mlp (parameters: 337)",
            "  (layers): ModuleList (parameters: 337)",
            "    (0): Layer(in=2, out=16, RELU) (parameters: 48)",
            "      (neurons): ModuleList (parameters: 48)",
            "        (0-15): 16 x Neuron(in=2, RELU) (parameters: 3)",
            "    (1): Layer(in=16, out=16, RELU) (parameters: 272)",
            "      (neurons): ModuleList (parameters: 272)",
            "        (0-15): 16 x Neuron(in=16, RELU) (parameters: 17)",
            "    (2): Layer(in=16, out=1, LINEAR) (parameters: 17)",
            "      (neurons): ModuleList (parameters: 17)",
            "        (0): Neuron(in=16, LINEAR) (parameters: 17)"),
        mlp.toString());
  }

  @Test
  void sameSeedSameNetwork() {
    Mlp a = new Mlp(3, List.of(4, 2), new Random(42));
    Mlp b = new Mlp(3, List.of(4, 2), new Random(42));
    Tensor x = Tensor.of(new double[] {0.1, -0.2, 0.3});
    assertArrayEquals(a.forward(x).toArray(), b.forward(x).toArray(), 0);
  }

  @Test
  void neuronComputesWeightedSumPlusBiasSquashed() {
    Neuron n = new Neuron(3, Activation.TANH, new Random(0));
    n.weight().assign(Tensor.of(new double[] {0.5, -1, 2}));
    n.bias().assign(Tensor.scalar(0.25));
    Tensor out = n.forward(Tensor.of(new double[] {1, 2, 3}));
    // 0.5 - 2 + 6 + 0.25 = 4.75
    assertEquals(Math.tanh(4.75), out.item(), 1e-15);
    assertArrayEquals(new int[0], out.shape());
    // micrograd initialises weights uniform in [-1, 1] and the bias at 0.
    Neuron fresh = new Neuron(100, Activation.RELU, new Random(3));
    for (double w : fresh.weight().toArray()) {
      assertTrue(w >= -1 && w <= 1);
    }
    assertEquals(0, fresh.bias().item(), 0);
  }

  @Test
  void layerMapsSingleInputsAndBatches() {
    Layer layer = new Layer(3, 4, Activation.RELU, new Random(0));
    assertArrayEquals(new int[] {4}, layer.forward(Tensor.ones(3)).shape());
    assertArrayEquals(new int[] {5, 4}, layer.forward(Tensor.ones(5, 3)).shape());
  }
}
