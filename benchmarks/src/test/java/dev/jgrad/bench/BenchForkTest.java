package dev.jgrad.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The line a forked benchmark JVM prints for its parent, read back exactly. */
class BenchForkTest {

  @Test
  void aResultSurvivesTheLineBetweenTheJvms() {
    Stats stats = Stats.of(new double[] {0.1 + 0.2, 1.0 / 3, 7e-9, 12345.678});
    Result result = new Result(stats, "GFLOP/s", true, "inner=3 | check ok");
    Bench.Measured sent = new Bench.Measured(result, "others 0.02 cores (0.01 before)");

    String line = Bench.encode(sent);
    Bench.Measured read = Bench.decode(line);

    assertTrue(line.startsWith(Bench.RESULT_TAG + "\t"), line);
    assertEquals(sent, read); // records: the doubles bit for bit, unit, direction, note and load
    assertEquals(7e-9, read.result().stats().min());
    assertEquals((1.0 / 3 + (0.1 + 0.2)) / 2, read.result().stats().median());
  }

  @Test
  void tabsAndLineBreaksInTheNoteBecomeSpaces() {
    Result result = new Result(Stats.of(new double[] {2.5}), "s", false, "a\tb\nc");
    Bench.Measured read = Bench.decode(Bench.encode(new Bench.Measured(result, "others 0.00")));

    assertEquals("a b c", read.result().note());
    assertEquals(2.5, read.result().stats().median());
    assertEquals("others 0.00", read.load());
  }
}
