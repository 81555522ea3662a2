package dev.jgrad.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** The per-thread heap counter the moons row reports, against allocations of known size. */
class AllocatedBytesTest {

  private static volatile Object sink;

  @Test
  void countsAnArrayOfKnownSize() {
    long bytes = AllocatedBytes.during(() -> sink = new long[1_000_000]);

    // 8,000,000 bytes of elements plus a header; the counter may add a little of its own.
    assertTrue(bytes >= 8_000_000 && bytes < 8_100_000, "allocated " + bytes);
  }

  @Test
  void switchesCountingOnWhereItWasOff() {
    var bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    bean.setThreadAllocatedMemoryEnabled(false);
    try {
      long bytes = AllocatedBytes.during(() -> sink = new byte[4_000_000]);

      assertTrue(bytes >= 4_000_000 && bytes < 4_100_000, "allocated " + bytes);
    } finally {
      bean.setThreadAllocatedMemoryEnabled(true);
    }
  }
}
