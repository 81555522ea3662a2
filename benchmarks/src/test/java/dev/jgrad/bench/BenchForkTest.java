package dev.jgrad.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
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

  @Test
  void childrenGetTheParentsFlagsWithoutAgentsDebuggersAndRecordings() {
    List<String> flags = List.of("-Xms3g", "-agentlib:jdwp=transport=dt_socket,server=y",
        "--add-modules", "jdk.incubator.vector", "-javaagent:/tmp/a.jar", "-Xdebug",
        "-XX:StartFlightRecording=filename=x.jfr", "-agentpath:/lib/p.so", "-Djgrad.threads=1",
        "-XX:FlightRecorderOptions=stackdepth=96", "-Xrunjdwp:transport=dt_socket");

    assertEquals(List.of("-Xms3g", "--add-modules", "jdk.incubator.vector", "-Djgrad.threads=1"),
        Bench.childFlags(flags));
  }

  @Test
  void aBadChildIndexIsNamed() {
    assertEquals(7, Bench.childIndex("7"));
    IllegalArgumentException word = assertThrows(IllegalArgumentException.class,
        () -> Bench.childIndex("seven"));
    assertTrue(word.getMessage().contains("got 'seven'"), word.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Bench.childIndex("-1"));

    IllegalArgumentException range = assertThrows(IllegalArgumentException.class,
        () -> Bench.main(new String[] {"--child", "9999"}));
    assertTrue(range.getMessage().contains("--child 9999 is out of range"), range.getMessage());
  }

  @Test
  void anOptionWithoutItsValueIsNamed() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Bench.main(new String[] {"--quick", "--only"}));
    assertEquals("bench: option --only needs a value", e.getMessage());
  }
}
