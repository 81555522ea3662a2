package dev.jgrad.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code jgrad shell}: the real jshell tool, with jgrad on the class path and its imports. */
class ShellCommandTest {

  @Test
  void jshellRunsJgradCodeWithTheTutorialImports() throws Exception {
    String input =
        String.join(
            "\n",
            "Tensor x = Tensor.of(new double[] {1, 2, 3}).requiresGrad();",
            "Tensor y = x.pow(2).sum();",
            "System.out.println(\"grad \" + Autograd.grad(y, x, false));",
            "Mlp mlp = new Mlp(2, List.of(16, 16, 1));",
            "System.out.println(\"parameters \" + mlp.parameterCount());",
            "/exit",
            "");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    int status =
        ShellCommand.run(
            new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), out, List.of());
    String text = bytes.toString(StandardCharsets.UTF_8);
    assertEquals(0, status, text);
    assertTrue(text.contains("grad tensor([2.0, 4.0, 6.0], shape=[3])"), text);
    assertTrue(text.contains("parameters 337"), text);
    assertTrue(!text.contains("Error"), text);
  }

  @Test
  void listAndHelpNameTheShell() {
    RunResult list = RunResult.of("list");
    assertTrue(list.out().contains("  shell "), list.out());
    RunResult help = RunResult.of("shell", "--help");
    assertEquals(0, help.status(), help.err());
    assertTrue(help.out().contains("jshell with jgrad"), help.out());
  }
}
