package dev.jgrad.nn;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.autograd.Autograd;
import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.HookHandle;
import dev.jgrad.autograd.Tensor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A building block of a network: a function {@link #forward} with trainable parameters and child
 * modules, registered by name so that they can be listed, saved and loaded.
 *
 * <p>A custom module registers its parameters and children in its constructor and composes them in
 * {@code forward}; backprop comes from the engine:
 *
 * <pre>{@code
 * final class Residual extends Module {
 *   private final Linear inner;
 *   Residual(int width, Random random) {
 *     inner = registerModule("inner", new Linear(width, width, random));
 *   }
 *   public Tensor forward(Tensor x) {
 *     return x.add(inner.call(x).relu());
 *   }
 * }
 * }</pre>
 *
 * <p>Invoke a module with {@link #call} (as {@code model(x)} in PyTorch): it runs {@code forward}
 * and then the {@linkplain #registerForwardHook forward hooks}. Containers invoke their children
 * with {@code call}, so hooks on inner layers fire whichever way the outer module is invoked.
 *
 * <p>Names are stable and dotted ({@code layers.0.weight}), in registration order; a parameter
 * reachable along several paths (shared weights) is listed once, under its first name.
 *
 * <p>A module may also hold buffers ({@link #registerBuffer}): state that is saved, loaded and
 * converted with the parameters but not trained, such as batch norm's running statistics.
 */
public abstract class Module {
  private final Map<String, Tensor> parameters = new LinkedHashMap<>();
  private final Map<String, Tensor> buffers = new LinkedHashMap<>();
  private final Map<String, Module> children = new LinkedHashMap<>();
  private final List<ForwardHook> forwardHooks = new CopyOnWriteArrayList<>();
  private boolean training = true;

  /** Creates a module with no parameters and no children, in training mode. */
  protected Module() {}

  /**
   * {@return the module's output for {@code input}, built from differentiable tensor ops}
   *
   * @param input the module's input
   * @throws IllegalArgumentException if the input is null or its shape does not fit the module
   */
  public abstract Tensor forward(Tensor input);

  /**
   * Called after a module's {@code forward} when it is invoked through {@link Module#call}, as
   * PyTorch's {@code register_forward_hook}: to record activations, or to replace an output.
   */
  @FunctionalInterface
  public interface ForwardHook {
    /**
     * {@return a tensor to use instead of {@code output}, or null to keep it}
     *
     * @param module the module that ran
     * @param input the tensor passed to {@code call}
     * @param output what {@code forward} (and any earlier hook) returned
     */
    Tensor apply(Module module, Tensor input, Tensor output);
  }

  /**
   * {@return this module's output for {@code input}: {@link #forward}'s result passed through the
   * forward hooks in registration order, each of which may replace it}
   *
   * @param input the input of the module
   * @throws IllegalArgumentException as {@link #forward}
   */
  public final Tensor call(Tensor input) {
    Tensor output = forward(input);
    for (ForwardHook hook : forwardHooks) {
      Tensor replaced = hook.apply(this, input, output);
      if (replaced != null) {
        output = replaced;
      }
    }
    return output;
  }

  /**
   * Registers {@code hook} to run after every {@link #call} of this module (not of its children:
   * register on them, e.g. through {@link #modules()}). Returns a handle whose {@code remove()}
   * unregisters it; removing twice does nothing.
   *
   * <pre>{@code
   * List<Tensor> seen = new ArrayList<>();
   * HookHandle h = mlp.layers().get(0).registerForwardHook((m, in, out) -> {
   *   seen.add(out);
   *   return null;
   * });
   * mlp.call(x);     // seen holds layer 0's output [n, 16]
   * h.remove();
   * }</pre>
   *
   * @param hook called with the module, its input and its output
   * @return a handle whose {@code remove()} unregisters the hook
   * @throws IllegalArgumentException if {@code hook} is null
   */
  public final HookHandle registerForwardHook(ForwardHook hook) {
    Checks.notNull(hook, getClass().getSimpleName() + ".registerForwardHook", "hook");
    // A private wrapper per registration, so registering one lambda twice gives two removable
    // entries and remove() takes out exactly its own.
    ForwardHook entry = hook::apply;
    forwardHooks.add(entry);
    return () -> forwardHooks.remove(entry);
  }

  /**
   * {@return {@code input} unchanged; call it first in {@code forward} so that a null input fails
   * with a message naming the module}
   *
   * @param input the module's input
   * @throws IllegalArgumentException reading {@code "<Class>.forward: input is null"} if {@code
   *     input} is null
   */
  protected final Tensor checkInput(Tensor input) {
    return Checks.notNull(input, getClass().getSimpleName() + ".forward", "input");
  }

  /**
   * Registers {@code tensor} as a trainable parameter called {@code name}, marks it as requiring
   * grad, labels it {@code name} if it has no label (a parent's {@link #registerModule} later
   * prefixes the label, so it reads as in {@link #namedParameters()}), and returns it.
   *
   * @param name the name, unique among this module's parameters and children
   * @param tensor the tensor to train
   * @return {@code tensor}, now requiring grad
   * @throws IllegalArgumentException if the name is empty, contains a dot, or is already taken, or
   *     the tensor is not a leaf
   */
  protected final Tensor registerParameter(String name, Tensor tensor) {
    checkName(name);
    checkArgument(
        tensor != null && tensor.isLeaf(),
        "registerParameter: '%s' must be a leaf tensor, but got %s",
        name,
        tensor);
    parameters.put(name, tensor.requiresGrad());
    if (tensor.label() == null) {
      tensor.label(name);
    }
    return tensor;
  }

  /**
   * Registers {@code tensor} as a buffer called {@code name} and returns it: state that is not
   * trained (no gradient, not in {@link #parameters()}) but belongs to the module, as PyTorch's
   * {@code register_buffer}. Buffers appear in {@link #namedBuffers()}, {@link #stateDict()} and
   * {@link #loadStateDict}, and {@link #to(DType)} converts them. The module updates a buffer in
   * place ({@code storageForUpdate}, {@code assign}), so the registered object stays the same.
   *
   * @param name the buffer's name, unique in this module
   * @param tensor the buffer's initial value
   * @return {@code tensor}
   * @throws IllegalArgumentException if the name is empty, contains a dot, or is already taken, or
   *     the tensor is not a leaf or requires grad
   */
  protected final Tensor registerBuffer(String name, Tensor tensor) {
    checkName(name);
    if (tensor == null || !tensor.isLeaf() || tensor.isGradRequired()) {
      throw new IllegalArgumentException(
          "registerBuffer: '" + name + "' must be a leaf tensor that does not require grad, but got "
              + tensor);
    }
    buffers.put(name, tensor);
    return tensor;
  }

  /**
   * Registers {@code module} as a child called {@code name} and returns it; its parameters then
   * appear under {@code name.}.
   *
   * @param <M> the module's type, kept so the caller gets its own type back
   * @param name the name, unique among this module's parameters and children
   * @param module the child module
   * @return {@code module}
   * @throws IllegalArgumentException if the name is empty, contains a dot, or is already taken, or
   *     the module is null or this module itself
   */
  protected final <M extends Module> M registerModule(String name, M module) {
    checkName(name);
    checkArgument(
        module != null && module != this,
        "registerModule: '%s' must be another non-null module",
        name);
    checkArgument(
        !module.modules().contains(this),
        "registerModule: '%s' contains this module, which would make a cycle",
        name);
    // Parameters still labelled with their name inside the child get this module's prefix, so
    // graph pictures show the dotted names of namedParameters(); labels set by the user stay.
    for (Map.Entry<String, Tensor> p : module.namedParameters().entrySet()) {
      if (p.getKey().equals(p.getValue().label())) {
        p.getValue().label(name + "." + p.getKey());
      }
    }
    children.put(name, module);
    return module;
  }

  private void checkName(String name) {
    checkArgument(
        name != null && !name.isEmpty() && !name.contains("."),
        "register: name '%s' must be non-empty and contain no dot",
        name);
    checkArgument(
        !parameters.containsKey(name) && !children.containsKey(name) && !buffers.containsKey(name),
        "register: name '%s' is already used in %s",
        name,
        getClass().getSimpleName());
  }

  /** {@return the direct children, by name, in registration order (unmodifiable)} */
  public final Map<String, Module> namedChildren() {
    return Collections.unmodifiableMap(children);
  }

  /**
   * {@return every parameter of this module and its descendants by dotted name, in registration
   * order (depth first), each tensor once (unmodifiable)}
   */
  public final Map<String, Tensor> namedParameters() {
    return collect(false);
  }

  /**
   * {@return every buffer of this module and its descendants by dotted name, in registration
   * order (depth first), each tensor once (unmodifiable)}
   */
  public final Map<String, Tensor> namedBuffers() {
    return collect(true);
  }

  /** Returns the parameters or the buffers of the module tree by dotted name, each once. */
  private Map<String, Tensor> collect(boolean ofBuffers) {
    Map<String, Tensor> out = new LinkedHashMap<>();
    Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    Set<Module> visited = Collections.newSetFromMap(new IdentityHashMap<>());
    // Explicit stack of (prefix, module); children pushed in reverse keep depth-first order.
    Deque<Map.Entry<String, Module>> stack = new ArrayDeque<>();
    stack.push(Map.entry("", this));
    while (!stack.isEmpty()) {
      Map.Entry<String, Module> top = stack.pop();
      Module m = top.getValue();
      if (!visited.add(m)) {
        continue;
      }
      String prefix = top.getKey();
      for (Map.Entry<String, Tensor> p : (ofBuffers ? m.buffers : m.parameters).entrySet()) {
        if (seen.add(p.getValue())) {
          out.put(prefix + p.getKey(), p.getValue());
        }
      }
      List<Map.Entry<String, Module>> kids = new ArrayList<>(m.children.entrySet());
      for (int i = kids.size() - 1; i >= 0; i--) {
        stack.push(Map.entry(prefix + kids.get(i).getKey() + ".", kids.get(i).getValue()));
      }
    }
    return Collections.unmodifiableMap(out);
  }

  /** {@return every trainable parameter, each once, in the order of {@link #namedParameters()}} */
  public final List<Tensor> parameters() {
    return List.copyOf(namedParameters().values());
  }

  /** {@return the total number of scalar parameters} */
  public final long parameterCount() {
    long n = 0;
    for (Tensor p : namedParameters().values()) {
      n += p.numel();
    }
    return n;
  }

  /** {@return this module and all its descendants, each once, depth first} */
  public final List<Module> modules() {
    List<Module> out = new ArrayList<>();
    Set<Module> visited = Collections.newSetFromMap(new IdentityHashMap<>());
    Deque<Module> stack = new ArrayDeque<>();
    stack.push(this);
    while (!stack.isEmpty()) {
      Module m = stack.pop();
      if (!visited.add(m)) {
        continue;
      }
      out.add(m);
      List<Module> kids = new ArrayList<>(m.children.values());
      for (int i = kids.size() - 1; i >= 0; i--) {
        stack.push(kids.get(i));
      }
    }
    return out;
  }

  /**
   * Puts this module and its descendants in training mode (dropout active); returns this.
   *
   * @return this module
   */
  public Module train() {
    return train(true);
  }

  /**
   * Sets training mode on this module and its descendants; returns this.
   *
   * @param on true for training mode, false for evaluation mode
   * @return this module
   */
  public Module train(boolean on) {
    for (Module m : modules()) {
      m.training = on;
    }
    return this;
  }

  /**
   * Puts this module and its descendants in evaluation mode (dropout off); returns this.
   *
   * @return this module
   */
  public Module eval() {
    return train(false);
  }

  /** {@return whether this module is in training mode} */
  public final boolean isTraining() {
    return training;
  }

  /**
   * Converts every parameter and buffer to {@code dtype} in place (the module keeps its tensor
   * objects, as PyTorch's {@code module.to(dtype)}); returns {@code this}. Create optimizers after
   * this call: a gradient of the old dtype is cleared.
   *
   * @param dtype the dtype to convert to
   * @return this module
   * @throws IllegalArgumentException if {@code dtype} is null
   */
  public Module to(DType dtype) {
    if (dtype == null) {
      throw new IllegalArgumentException(
          getClass().getSimpleName() + ".to: the dtype must not be null (F64 or F32)");
    }
    try (Autograd.Scope off = Autograd.noGrad()) {
      for (Tensor p : parameters()) {
        if (p.dtype() != dtype) {
          p.setData(p.to(dtype));
        }
      }
      for (Tensor b : namedBuffers().values()) {
        if (b.dtype() != dtype) {
          b.setData(b.to(dtype));
        }
      }
    }
    return this;
  }

  /** {@return the dtype of the parameters (F64 for a module without parameters)} */
  public DType dtype() {
    List<Tensor> ps = parameters();
    return ps.isEmpty() ? DType.F64 : ps.get(0).dtype();
  }

  /** Clears the gradient of every parameter. */
  public void zeroGrad() {
    for (Tensor p : namedParameters().values()) {
      p.zeroGrad();
    }
  }

  /**
   * {@return a snapshot of every parameter's and buffer's values by dotted name (parameters
   * first): detached copies, so later training does not change it}
   */
  public final Map<String, Tensor> stateDict() {
    Map<String, Tensor> out = new LinkedHashMap<>();
    for (Map.Entry<String, Tensor> p : state().entrySet()) {
      Tensor t = p.getValue();
      out.put(p.getKey(), t.copy());
    }
    return out;
  }

  /** Returns the parameters, then the buffers, by dotted name. */
  private Map<String, Tensor> state() {
    Map<String, Tensor> all = new LinkedHashMap<>(namedParameters());
    all.putAll(namedBuffers());
    return all;
  }

  /**
   * Copies the values of {@code state} into this module's parameters and buffers, in place
   * (optimizers holding the parameters keep working). Nothing is changed unless every entry
   * matches.
   *
   * @param state the named tensors, as {@link #stateDict()} returns them
   * @throws IllegalArgumentException naming every missing, unexpected and mis-shaped entry
   */
  public final void loadStateDict(Map<String, Tensor> state) {
    checkArgument(state != null, "loadStateDict: state must not be null");
    Map<String, Tensor> own = state();
    List<String> missing = new ArrayList<>();
    List<String> unexpected = new ArrayList<>();
    List<String> misShaped = new ArrayList<>();
    for (Map.Entry<String, Tensor> p : own.entrySet()) {
      Tensor given = state.get(p.getKey());
      if (given == null) {
        missing.add(p.getKey());
      } else if (!Arrays.equals(given.shape(), p.getValue().shape())) {
        misShaped.add(
            p.getKey()
                + " (expected "
                + Arrays.toString(p.getValue().shape())
                + ", got "
                + Arrays.toString(given.shape())
                + ")");
      }
    }
    for (String name : state.keySet()) {
      if (!own.containsKey(name)) {
        unexpected.add(name);
      }
    }
    checkArgument(
        missing.isEmpty() && unexpected.isEmpty() && misShaped.isEmpty(),
        "loadStateDict: state does not fit %s: missing %s, unexpected %s, mis-shaped %s",
        getClass().getSimpleName(),
        missing,
        unexpected,
        misShaped);
    try (Autograd.Scope off = Autograd.noGrad()) {
      for (Map.Entry<String, Tensor> p : own.entrySet()) {
        p.getValue().assign(state.get(p.getKey()));
      }
    }
  }

  /**
   * Returns a table of the layers with their output shapes and parameter counts for an input of
   * {@code inputShape}, like torchinfo's {@code summary} or Keras's {@code model.summary()}:
   *
   * <pre>{@code
   * Layer (type)                Output shape        Param #
   * Sequential                  [32, 10]            ...
   *   0: Conv2d                 [32, 16, 8, 8]      160
   * ...
   * Total parameters: 40394
   * }</pre>
   *
   * <p>It runs one forward pass on zeros without recording a graph, in evaluation mode (so batch
   * norm's running statistics do not move; the modes are restored afterwards). The children of a
   * {@link Sequential} get their own output shapes; children of other modules are listed with
   * their parameters and a {@code -} for the shape, since only their parent's output is seen.
   *
   * @param inputShape the shape of the input, batch dimension included
   * @return the table, one row per layer
   * @throws IllegalArgumentException if the input shape does not fit the module
   */
  public final String summary(int... inputShape) {
    List<Module> all = modules();
    boolean[] modes = new boolean[all.size()];
    for (int i = 0; i < modes.length; i++) {
      modes[i] = all.get(i).training;
      all.get(i).training = false;
    }
    List<String[]> rows = new ArrayList<>();
    try (Autograd.Scope off = Autograd.noGrad()) {
      summarize(this, "", "", Tensor.zeros(dtype(), inputShape), rows);
    } finally {
      for (int i = 0; i < modes.length; i++) {
        all.get(i).training = modes[i];
      }
    }
    int w0 = "Layer (type)".length();
    int w1 = "Output shape".length();
    for (String[] r : rows) {
      w0 = Math.max(w0, r[0].length());
      w1 = Math.max(w1, r[1].length());
    }
    String format = "%-" + (w0 + 2) + "s%-" + (w1 + 2) + "s%s%n";
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(format, "Layer (type)", "Output shape", "Param #"));
    for (String[] r : rows) {
      sb.append(String.format(format, r[0], r[1], r[2]));
    }
    long buffered = 0;
    for (Tensor b : namedBuffers().values()) {
      buffered += b.numel();
    }
    sb.append(String.format("Input shape: %s, dtype %s%n", Arrays.toString(inputShape), dtype()));
    sb.append(String.format("Total parameters: %d%n", parameterCount()));
    sb.append(String.format("Buffer values (not trained): %d", buffered));
    return sb.toString();
  }

  /** Adds the rows of {@code m} (and its children) and returns its output for {@code input}. */
  private static Tensor summarize(
      Module m, String indent, String name, Tensor input, List<String[]> rows) {
    String label = indent + name + typeName(m);
    String[] row = {label, "", Long.toString(m.parameterCount())};
    rows.add(row);
    Tensor out;
    if (m instanceof Sequential) {
      out = input;
      for (Map.Entry<String, Module> child : m.children.entrySet()) {
        out = summarize(child.getValue(), indent + "  ", child.getKey() + ": ", out, rows);
      }
    } else {
      out = m.forward(input);
      for (Map.Entry<String, Module> child : m.children.entrySet()) {
        listWithoutShapes(child.getValue(), indent + "  ", child.getKey() + ": ", rows);
      }
    }
    row[1] = Arrays.toString(out.shape());
    return out;
  }

  /** Returns the class's simple name, or "anonymous Module" (its superclass) for an anonymous class. */
  private static String typeName(Module m) {
    Class<?> c = m.getClass();
    return c.isAnonymousClass() ? "anonymous " + c.getSuperclass().getSimpleName() : c.getSimpleName();
  }

  private static void listWithoutShapes(Module m, String indent, String name, List<String[]> rows) {
    rows.add(new String[] {indent + name + typeName(m), "-",
        Long.toString(m.parameterCount())});
    for (Map.Entry<String, Module> child : m.children.entrySet()) {
      listWithoutShapes(child.getValue(), indent + "  ", child.getKey() + ": ", rows);
    }
  }

  /**
   * {@return a one-line description of this module's own settings for {@link #toString()}, such as
   * {@code in=2, out=16}; empty by default}
   */
  protected String extraRepr() {
    return "";
  }

  /**
   * Returns a tree of the module and its children with their parameter counts; runs of identical
   * siblings are shown once with their index range, e.g.
   *
   * <pre>{@code
   * Mlp (parameters: 337)
   *   (layers): ModuleList (parameters: 337)
   *     (0): Layer(in=2, out=16, RELU) (parameters: 48)
   *       (neurons): ModuleList (parameters: 48)
   *         (0-15): 16 x Neuron(in=2, RELU) (parameters: 3)
   * }</pre>
   */
  @Override
  public String toString() {
    return String.join("\n", render(this));
  }

  // Module trees are shallow and acyclic (registerModule refuses cycles), so plain recursion
  // over them is safe, unlike over computation graphs.
  private static List<String> render(Module m) {
    StringBuilder head = new StringBuilder(m.getClass().getSimpleName());
    String extra = m.extraRepr();
    if (!extra.isEmpty()) {
      head.append('(').append(extra).append(')');
    }
    long count = m.parameterCount();
    if (count > 0) {
      head.append(" (parameters: ").append(count).append(')');
    }
    List<String> lines = new ArrayList<>();
    lines.add(head.toString());
    List<String> names = new ArrayList<>(m.children.keySet());
    List<List<String>> bodies = new ArrayList<>();
    for (Module child : m.children.values()) {
      bodies.add(render(child));
    }
    int i = 0;
    while (i < bodies.size()) {
      int j = i + 1;
      while (j < bodies.size() && bodies.get(j).equals(bodies.get(i))) {
        j++;
      }
      List<String> body = bodies.get(i);
      String label =
          j - i > 1
              ? "(" + names.get(i) + "-" + names.get(j - 1) + "): " + (j - i) + " x "
              : "(" + names.get(i) + "): ";
      lines.add("  " + label + body.get(0));
      for (int k = 1; k < body.size(); k++) {
        lines.add("  " + body.get(k));
      }
      i = j;
    }
    return lines;
  }
}
