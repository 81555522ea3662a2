package dev.jgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.autograd.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A layer of independent {@link Neuron}s reading the same inputs; output j is neuron j's output.
 * Input {@code [in]} gives {@code [out]}; a batch {@code [n, in]} gives {@code [n, out]}.
 *
 * <p>This is the picture, one neuron at a time; {@link Linear} computes the same thing in one
 * matrix product.
 */
public final class Layer extends Module {
  private final ModuleList<Neuron> neurons;

  /**
   * Returns {@code outputs} neurons of {@code inputs} weights each, drawn from {@code random}.
   *
   * @param inputs the number of inputs, at least 1
   * @param outputs the number of outputs, at least 1
   * @param activation the nonlinearity applied to the output
   * @param random the source of the initial weights
   * @throws IllegalArgumentException if a size is not positive or an argument is null
   */
  public Layer(int inputs, int outputs, Activation activation, Random random) {
    checkArgument(outputs > 0, "Layer: outputs must be positive, got %s", outputs);
    Checks.notNull(activation, "Layer", "activation");
    Checks.notNull(random, "Layer", "random");
    List<Neuron> list = new ArrayList<>(outputs);
    for (int j = 0; j < outputs; j++) {
      list.add(new Neuron(inputs, activation, random));
    }
    this.neurons = registerModule("neurons", new ModuleList<>(list));
  }

  /** {@return the neurons in output order} */
  public List<Neuron> neurons() {
    return neurons.items();
  }

  /** Returns every neuron's output stacked along the last dim. */
  @Override
  public Tensor forward(Tensor x) {
    checkInput(x);
    List<Tensor> outs = new ArrayList<>(neurons.size());
    for (Neuron n : neurons.items()) {
      outs.add(n.call(x));
    }
    return Tensor.stack(outs, -1);
  }

  @Override
  protected String extraRepr() {
    Neuron first = neurons.get(0);
    return "in=" + first.weight().numel() + ", out=" + neurons.size() + ", " + first.activation();
  }
}
