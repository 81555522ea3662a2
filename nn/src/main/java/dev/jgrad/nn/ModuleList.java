package dev.jgrad.nn;

import dev.jgrad.autograd.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A list of modules registered under the names {@code 0, 1, ...} (as PyTorch's {@code ModuleList}),
 * for parents that call their children themselves. It has no {@code forward}.
 *
 * @param <M> the type of the modules
 */
public final class ModuleList<M extends Module> extends Module {
  private final List<M> items = new ArrayList<>();

  /**
   * Returns a list holding {@code modules} in order.
   *
   * @param modules the modules, in order
   * @throws IllegalArgumentException if the list or a module is null
   */
  public ModuleList(List<? extends M> modules) {
    Checks.notNull(modules, "ModuleList", "modules");
    for (M m : modules) {
      add(m);
    }
  }

  /**
   * Appends {@code module} and returns this.
   *
   * @param module the module
   * @return this module
   * @throws IllegalArgumentException if {@code module} is null
   */
  public ModuleList<M> add(M module) {
    Checks.notNull(module, "ModuleList.add", "module");
    items.add(registerModule(Integer.toString(items.size()), module));
    return this;
  }

  /**
   * {@return the module at {@code index}}
   *
   * @param index the position, from 0
   */
  public M get(int index) {
    return items.get(index);
  }

  /** {@return the number of modules} */
  public int size() {
    return items.size();
  }

  /** {@return the modules in order (unmodifiable)} */
  public List<M> items() {
    return Collections.unmodifiableList(items);
  }

  /**
   * Always throws: a module list is a container; its parent decides how to call the items.
   *
   * @throws IllegalStateException always
   */
  @Override
  public Tensor forward(Tensor input) {
    throw new IllegalStateException(
        "ModuleList.forward: a ModuleList has no forward; call its items (or use Sequential to"
            + " chain them)");
  }
}
