package dev.jgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.autograd.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A multi-layer perceptron built from {@link Layer}s of {@link Neuron}s, as micrograd's {@code
 * MLP(nin, nouts)}: ReLU on every hidden layer, a linear last layer. {@code new Mlp(2, List.of(16,
 * 16, 1))} has 337 parameters.
 *
 * <p>Parameters are named {@code layers.i.neurons.j.weight} and {@code ...bias}.
 */
public final class Mlp extends Module {
  private final ModuleList<Layer> layers;

  /**
   * Returns the network with weights drawn from {@code new Random(0)}.
   *
   * @param inputs the number of inputs, at least 1
   * @param outputs the width of each layer in order, the last one the network's output size
   */
  public Mlp(int inputs, List<Integer> outputs) {
    this(inputs, outputs, new Random(0));
  }

  /**
   * Returns the network with weights drawn from {@code new Random(0)}; sizes as varargs.
   *
   * @param inputs the number of inputs, at least 1
   * @param outputs the width of each layer in order, the last one the network's output size
   */
  public Mlp(int inputs, int... outputs) {
    this(inputs, toList(outputs), new Random(0));
  }

  /**
   * Returns the network with ReLU hidden layers, weights drawn from {@code random}.
   *
   * @param inputs the number of inputs, at least 1
   * @param outputs the width of each layer in order, the last one the network's output size
   * @param random the source of the initial weights
   */
  public Mlp(int inputs, List<Integer> outputs, Random random) {
    this(inputs, outputs, Activation.RELU, random);
  }

  /**
   * Returns the network: layer i maps {@code sizes[i]} to {@code sizes[i+1]} features, where {@code
   * sizes = [inputs] + outputs}; hidden layers use {@code hidden}, the last is linear.
   *
   * @param inputs the number of inputs, at least 1
   * @param outputs the width of each layer in order, the last one the network's output size
   * @param hidden the activation of every layer but the last (which stays linear)
   * @param random the source of the initial weights
   * @throws IllegalArgumentException if {@code outputs} is empty, a size is not positive or an
   *     argument is null
   */
  public Mlp(int inputs, List<Integer> outputs, Activation hidden, Random random) {
    checkArgument(
        outputs != null && !outputs.isEmpty(),
        "Mlp: needs at least one layer size, got %s",
        outputs);
    checkArgument(
        inputs > 0 && !outputs.stream().anyMatch(size -> size == null || size <= 0),
        "Mlp: sizes must be positive, got inputs=%s and outputs=%s",
        inputs,
        outputs);
    Checks.notNull(hidden, "Mlp", "hidden activation");
    Checks.notNull(random, "Mlp", "random");
    List<Layer> list = new ArrayList<>();
    int in = inputs;
    for (int i = 0; i < outputs.size(); i++) {
      boolean last = i == outputs.size() - 1;
      list.add(new Layer(in, outputs.get(i), last ? Activation.LINEAR : hidden, random));
      in = outputs.get(i);
    }
    this.layers = registerModule("layers", new ModuleList<>(list));
  }

  private static List<Integer> toList(int[] sizes) {
    List<Integer> list = new ArrayList<>(sizes.length);
    for (int s : sizes) {
      list.add(s);
    }
    return list;
  }

  /** {@return the layers in order} */
  public List<Layer> layers() {
    return layers.items();
  }

  /** Returns the input passed through every layer. */
  @Override
  public Tensor forward(Tensor x) {
    checkInput(x);
    for (Layer layer : layers.items()) {
      x = layer.call(x);
    }
    return x;
  }
}
