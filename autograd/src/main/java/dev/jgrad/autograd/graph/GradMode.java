package dev.jgrad.autograd.graph;

/**
 * The per-thread switches every op reads: whether ops record the graph, and whether anomaly
 * detection is on. {@link dev.jgrad.autograd.Autograd}'s scopes set them; they nest, and each
 * scope checks that it is closed after every scope opened inside it.
 */
public final class GradMode {
  private GradMode() {}

  /** The switches of one thread. */
  public static final class State {
    private boolean gradEnabled = true;
    private boolean anomaly;

    private State() {}

    /** {@return whether ops on this thread record the graph} */
    public boolean gradEnabled() {
      return gradEnabled;
    }

    /** {@return whether anomaly detection is on} */
    public boolean anomaly() {
      return anomaly;
    }

    /**
     * Sets whether ops on this thread record the graph.
     *
     * @param on whether ops record the graph
     */
    public void gradEnabled(boolean on) {
      gradEnabled = on;
    }

    /**
     * Sets whether anomaly detection is on.
     *
     * @param on whether anomaly detection is on
     */
    public void anomaly(boolean on) {
      anomaly = on;
    }
  }

  private static final ThreadLocal<State> STATE = ThreadLocal.withInitial(State::new);

  /** {@return this thread's switches} */
  public static State current() {
    return STATE.get();
  }

  /** {@return whether ops on this thread record the graph} */
  public static boolean isGradEnabled() {
    return STATE.get().gradEnabled;
  }
}
