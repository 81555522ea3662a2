package dev.jgrad.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GradCheckExampleTest {
  @TempDir Path out;

  @Test
  void passesTheRightDerivativeAndCatchesTheWrongOne() throws Exception {
    RunResult result = RunResult.of("gradcheck", "--seed", "7", "--out", out.toString());
    assertEquals(0, result.status(), result.err());
    assertEquals("true", result.figures().get("softsign_ok"));
    assertEquals("false", result.figures().get("broken_softsign_ok"));
    assertTrue(result.figure("softsign_max_abs_error") < 1e-6);
    assertTrue(result.figure("broken_softsign_max_abs_error") > 1e-2);
    assertTrue(result.out().contains("MISMATCH"), result.out());
    Pictures.assertPicture(out.resolve("gradcheck-derivatives.png"));
    Pictures.assertSvg(out.resolve("gradcheck-derivatives.svg"));
  }

  @Test
  void runsWithDefaults() throws Exception {
    RunResult result = RunResult.of("gradcheck", "--quiet", "--out", out.toString());
    assertEquals(0, result.status(), result.err());
    assertEquals("true", result.figures().get("softsign_ok"));
    assertEquals("false", result.figures().get("broken_softsign_ok"));
  }
}
