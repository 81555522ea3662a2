package dev.jgrad.bench;

import java.lang.management.ManagementFactory;

/** The heap a piece of work allocates on the calling thread (HotSpot's per-thread counter). */
final class AllocatedBytes {
  private AllocatedBytes() {}

  /**
   * {@return the bytes the calling thread allocated while running {@code work}}
   *
   * @param work the work to measure
   * @throws UnsupportedOperationException if this JVM does not count allocations per thread
   *     (where counting is supported but switched off, it is switched on)
   */
  static long during(Runnable work) {
    if (!(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean bean)
        || !bean.isThreadAllocatedMemorySupported()) {
      throw new UnsupportedOperationException("this JVM does not count allocations per thread");
    }
    if (!bean.isThreadAllocatedMemoryEnabled()) {
      bean.setThreadAllocatedMemoryEnabled(true); // off by -XX:-ThreadAllocatedMemory or a tool
    }
    long before = bean.getCurrentThreadAllocatedBytes();
    work.run();
    return bean.getCurrentThreadAllocatedBytes() - before;
  }
}
