package dev.jgrad.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.jgrad.autograd.Tensor;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** A Layer of linear Neurons and a Linear with the same weights are the same function. */
class LayerLinearProperties {
  @Property(tries = 60)
  void layerOfNeuronsEqualsLinear(
      @ForAll @IntRange(min = 1, max = 6) int inputs,
      @ForAll @IntRange(min = 1, max = 6) int outputs,
      @ForAll @IntRange(min = 1, max = 5) int batch,
      @ForAll long seed) {
    Random random = new Random(seed);
    Layer layer = new Layer(inputs, outputs, Activation.LINEAR, random);
    Linear linear = new Linear(inputs, outputs, random);
    double[] w = new double[outputs * inputs];
    double[] b = new double[outputs];
    for (int j = 0; j < outputs; j++) {
      Neuron n = layer.neurons().get(j);
      n.bias().assign(Tensor.scalar(random.nextGaussian()));
      System.arraycopy(n.weight().toArray(), 0, w, j * inputs, inputs);
      b[j] = n.bias().item();
    }
    linear.weight().assign(Tensor.of(w, outputs, inputs));
    linear.bias().assign(Tensor.of(b));

    Tensor x1 = Tensor.randn(random, batch, inputs).requiresGrad();
    Tensor x2 = x1.detach().requiresGrad();
    Tensor upstream = Tensor.randn(random, batch, outputs);
    Tensor outLayer = layer.forward(x1);
    Tensor outLinear = linear.forward(x2);
    assertArrayEquals(outLinear.toArray(), outLayer.toArray(), 1e-12);

    outLayer.backward(upstream);
    outLinear.backward(upstream);
    assertArrayEquals(x2.grad().toArray(), x1.grad().toArray(), 1e-12);
    double[] wGrad = linear.weight().grad().toArray();
    double[] bGrad = linear.bias().grad().toArray();
    for (int j = 0; j < outputs; j++) {
      Neuron n = layer.neurons().get(j);
      double[] row = new double[inputs];
      System.arraycopy(wGrad, j * inputs, row, 0, inputs);
      assertArrayEquals(row, n.weight().grad().toArray(), 1e-12);
      assertArrayEquals(new double[] {bGrad[j]}, n.bias().grad().toArray(), 1e-12);
    }
  }
}
