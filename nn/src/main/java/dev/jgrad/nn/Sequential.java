package dev.jgrad.nn;

import dev.jgrad.autograd.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
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
   * @param modules the modules, in order
   * @throws IllegalArgumentException if the array or a module is null
   */
  public Sequential(Module... modules) {
    this(Arrays.asList(Checks.notNull(modules, "Sequential", "modules")));
  }

  /**
   * Returns the chain of {@code modules}, applied in order.
   *
   * @param modules the modules, in order
   * @throws IllegalArgumentException if the list or a module is null
   */
  public Sequential(List<? extends Module> modules) {
    Checks.notNull(modules, "Sequential", "modules");
    for (Module m : modules) {
      add(m);
    }
  }

  /**
   * Appends {@code module} to the chain and returns this.
   *
   * @param module the module
   * @return this module
   * @throws IllegalArgumentException if {@code module} is null
   */
  public Sequential add(Module module) {
    Checks.notNull(module, "Sequential.add", "module");
    layers.add(registerModule(Integer.toString(layers.size()), module));
    return this;
  }

  /**
   * {@return the module at {@code index}}
   *
   * @param index the position, from 0
   */
  public Module get(int index) {
    return layers.get(index);
  }

  /** {@return the number of modules in the chain} */
  public int size() {
    return layers.size();
  }

  /** {@return the modules in order (unmodifiable)} */
  public List<Module> layers() {
    return Collections.unmodifiableList(layers);
  }

  /** Returns the input passed through every module in order. */
  @Override
  public Tensor forward(Tensor input) {
    Tensor x = checkInput(input);
    for (Module m : layers) {
      x = m.call(x);
    }
    return x;
  }
}
