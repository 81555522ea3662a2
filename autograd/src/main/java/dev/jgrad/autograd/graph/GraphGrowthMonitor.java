package dev.jgrad.autograd.graph;

import dev.jgrad.autograd.Tensor;

import java.util.List;
import java.util.logging.Logger;

/**
 * Notices a graph that keeps growing across backward passes: the symptom of a training loop that
 * carries the graph from one step to the next (state kept across steps without {@code detach()},
 * or an update made outside {@link dev.jgrad.autograd.Autograd#noGrad()}), whose memory and time grow with every
 * step.
 *
 * <p>The rule, per thread: when {@value #STREAK} backward passes in a row start from the same set
 * of leaves and each visits more nodes than the one before, the graph is growing. The check costs
 * one pass over the leaves (collected by the topological sort) and a few fields per thread. What
 * happens then is set by the system property {@value #PROPERTY}: {@code warn} (the default) logs
 * one warning per thread to the {@code dev.jgrad.autograd} {@link Logger}; {@code error} throws an
 * {@link IllegalStateException} from {@code backward()}; {@code off} disables the check.
 *
 * <p>(With the default {@code retainGraph = false}, the second backward through a carried graph
 * already fails with "the graph ... was freed"; growth is what happens when {@code retainGraph}
 * or the {@link dev.jgrad.autograd.Value} API, which keeps graphs, hides that error.)
 */
public final class GraphGrowthMonitor {
  /** The system property choosing {@code warn}, {@code error} or {@code off}. */
  public static final String PROPERTY = "jgrad.graphGrowth";

  /** How many successive growing passes from the same leaves count as steady growth. */
  static final int STREAK = 10;

  /** The logger that reports steady graph growth in {@code warn} mode. */
  public static final Logger LOG = Logger.getLogger("dev.jgrad.autograd");

  private static final ThreadLocal<GraphGrowthMonitor> PER_THREAD =
      ThreadLocal.withInitial(GraphGrowthMonitor::new);

  private long lastFingerprint;
  private int lastLeaves = -1;
  private int lastSize;
  private int streak;
  private int streakStartSize;
  private boolean warned;

  private GraphGrowthMonitor() {}

  /**
   * Records one backward pass over {@code size} nodes, {@code leafNodes} among them.
   *
   * @param size the number of nodes of the pass, leaves included
   * @param leafNodes the leaves among them (as {@link TopologicalOrder} collects them)
   * @throws IllegalStateException in {@code error} mode, when the graph grew steadily
   */
  public static void observe(int size, List<Tensor> leafNodes) {
    String mode = System.getProperty(PROPERTY, "warn");
    if (mode.equals("off")) {
      return;
    }
    PER_THREAD.get().record(size, leafNodes, mode.equals("error"));
  }

  private void record(int size, List<Tensor> leafNodes, boolean error) {
    int leaves = leafNodes.size();
    long fingerprint = 0;
    for (int i = 0; i < leaves; i++) {
      // order-independent: same set, same sum
      fingerprint += System.identityHashCode(leafNodes.get(i));
    }
    boolean sameLeaves = leaves == lastLeaves && fingerprint == lastFingerprint;
    if (sameLeaves && size > lastSize) {
      streak++;
    } else {
      streak = 0;
      streakStartSize = size;
    }
    lastLeaves = leaves;
    lastFingerprint = fingerprint;
    lastSize = size;
    if (streak < STREAK) {
      return;
    }
    String message =
        String.format(
            "backward: the graph grew in each of the last %d backward passes from the same %d"
                + " leaves (from %d to %d nodes). A training loop is probably carrying the graph"
                + " from one step to the next: detach() whatever is kept across steps (hidden"
                + " states, running totals) and update parameters under Autograd.noGrad()."
                + " Set -D%s=error to fail here, or =off to silence this.",
            streak, leaves, streakStartSize, size, PROPERTY);
    if (error) {
      streak = 0;
      throw new IllegalStateException(message);
    }
    if (!warned) {
      warned = true;
      LOG.warning(message);
    }
  }
}
