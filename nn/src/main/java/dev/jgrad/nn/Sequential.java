package dev.jgrad.nn;

import dev.jgrad.autograd.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A chain of modules: the output of each is the input of the next. Children are named {@code 0, 1,
 * ...}, so parameters read {@code 0.weight}, {@code 2.bias}, as in PyTorch.
 *
 * <pre>{@code
 * Module net = new Sequential(new Linear(2, 16, rng), new Relu(), new Linear(16, 1, rng));
 * }</pre>
 */
public final class Sequential extends Module {
  private final List<Module> layers = new ArrayList<>();

  /**
   * Returns the chain of {@code modules}, applied in order.
   *
   * @throws IllegalArgumentException if a module is null
   */
  public Sequential(Module... modules) {
    this(List.of(modules));
  }

  /**
   * Returns the chain of {@code modules}, applied in order.
   *
   * @throws IllegalArgumentException if a module is null
   */
  public Sequential(List<? extends Module> modules) {
    for (Module m : modules) {
      add(m);
    }
  }

  /** Appends {@code module} to the chain and returns this. */
  public Sequential add(Module module) {
    layers.add(registerModule(Integer.toString(layers.size()), module));
    return this;
  }

  /** Returns the module at {@code index}. */
  public Module get(int index) {
    return layers.get(index);
  }

  /** Returns the number of modules in the chain. */
  public int size() {
    return layers.size();
  }

  /** Returns the modules in order (unmodifiable). */
  public List<Module> layers() {
    return Collections.unmodifiableList(layers);
  }

  /** Returns the input passed through every module in order. */
  @Override
  public Tensor forward(Tensor input) {
    Tensor x = input;
    for (Module m : layers) {
      x = m.forward(x);
    }
    return x;
  }
}
