package dev.jgrad.autograd.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Opens the page in a real headless Chromium (Debian's {@code chromium}; the test is skipped,
 * visibly, where it is not installed) and reads the gradients the page shows after stepping.
 * {@code #keys=all} in the address presses the right arrow once per step through the page's own
 * keyboard handler, {@code #step=N} jumps to a step, {@code #select=id} clicks a node's box.
 */
class GraphPageBrowserTest {
  private static Path chromium() {
    for (String p : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")) {
      if (Files.isExecutable(Path.of(p))) {
        return Path.of(p);
      }
    }
    return null;
  }

  private static String run(Path browser, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(browser.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-background-networking", "--no-first-run", "--user-data-dir=" + Files.createTempDirectory("chromium")));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    byte[] out = p.getInputStream().readAllBytes();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "chromium did not finish");
    return new String(out, StandardCharsets.UTF_8);
  }

  /** Returns the number in the page's data-grad attribute of node {@code id}, or null if hidden. */
  private static Double shownGrad(String dom, int id) {
    String marker = "id=\"g-" + id + "\" data-grad=\"";
    int i = dom.indexOf(marker);
    assertTrue(i >= 0, "node " + id + " has no grad text in the page");
    String value = dom.substring(i + marker.length(), dom.indexOf('"', i + marker.length()));
    return value.isEmpty() ? null : Double.parseDouble(value.substring(1, value.length() - 1).split(",")[0]);
  }

  @Test
  void pageStepsThroughBackwardAndShowsTheEngineGradients() throws Exception {
    Path browser = chromium();
    assumeTrue(browser != null, "chromium is not installed: apt-get install -y chromium");
    Micrograd m = new Micrograd();
    m.g.backward();
    Path dir = Path.of("target", "viz-browser-test");
    Path page = dir.resolve("micrograd.html");
    Graphs.writeHtml(m.g, page);
    BackwardSteps steps = BackwardSteps.of(m.g);
    int a = steps.idOf(m.a.toTensor());
    int b = steps.idOf(m.b.toTensor());
    String url = page.toAbsolutePath().toUri() + "#step=";

    // press the right arrow once per step: the whole forward, then the whole backward pass
    String end = run(browser, "--dump-dom", page.toAbsolutePath().toUri() + "#keys=all");
    assertTrue(end.contains("(done)"), "the page reached the last step");
    assertEquals(Micrograd.DG_DA, shownGrad(end, a), 1e-12 * Micrograd.DG_DA);
    assertEquals(Micrograd.DG_DB, shownGrad(end, b), 1e-12 * Micrograd.DG_DB);
    assertTrue(end.contains("grad 138.8338") && end.contains("grad 645.5773"));

    // right after the forward pass only the output's gradient is known
    int forward = countOps(steps);
    String first = run(browser, "--dump-dom", url + (forward + 1));
    assertEquals(1.0, shownGrad(first, steps.idOf(m.g.toTensor())));
    assertEquals(null, shownGrad(first, a));

    // clicking a's box shows its formula and numbers
    String clicked = run(browser, "--dump-dom", page.toAbsolutePath().toUri() + "#step=end&select=" + a);
    String panel = clicked.substring(clicked.indexOf("<div id=\"panel\">"));
    assertTrue(panel.contains("a (leaf)") && panel.contains("138.8338") && panel.contains("used by"), panel);

    run(browser, "--screenshot=" + dir.resolve("micrograd.png").toAbsolutePath(), "--window-size=1400,900", url + "end");
    assertTrue(Files.size(dir.resolve("micrograd.png")) > 10_000, "a screenshot was taken");
  }

  private static int countOps(BackwardSteps steps) {
    int ops = 0;
    for (int id = 0; id < steps.nodeCount(); id++) {
      if (steps.node(id).op() != null) {
        ops++;
      }
    }
    return ops;
  }
}
