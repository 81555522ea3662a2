package dev.jgrad.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jgrad.examples.playground.DataSet;
import dev.jgrad.examples.playground.Playground;
import dev.jgrad.examples.playground.PlaygroundPage;
import dev.jgrad.nn.Activation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * Drives the playground page in headless Chromium: the slider and the arrow keys move through the
 * frames, the status shows each frame's recorded loss, the maps are painted, and the frame below
 * holds the graph page of the sample at that step, finished backward, whose loss box shows the
 * recorded sample loss. Screenshots go to {@code target/playground-browser-test/} (and to {@code
 * docs/images/playground.png} with {@code -Djgrad.docs.images=true}).
 */
class PlaygroundBrowserTest {
  private static final Path OUT = Path.of("target", "playground-browser-test");

  @Test
  void scrubbingShowsEachFramesLossMapsAndTheSamplesBackwardPass() throws Exception {
    assumeTrue(
        Browser.installed(),
        "browser test skipped: /usr/bin/chromium or /usr/bin/chromedriver"
            + " is missing (apt-get install -y chromium chromium-driver)");
    Playground run =
        Playground.train(
            new Playground.Settings(
                DataSet.SPIRALS, List.of(8, 8), Activation.TANH, 0.03, 300, 10, 200, 7, 1));
    Files.createDirectories(OUT);
    Path page = PlaygroundPage.write(run, OUT.resolve("playground.html"));
    List<Playground.Frame> frames = run.frames();
    try (Browser browser = new Browser(OUT, 1500, 1200)) {
      browser.driver.get(page.toAbsolutePath().toUri().toString());
      browser.wait.until(
          ExpectedConditions.attributeToBe(
              By.tagName("body"), "data-frames", String.valueOf(frames.size())));
      WebElement body = browser.driver.findElement(By.tagName("body"));
      WebElement status = browser.driver.findElement(By.id("status"));
      // it opens at the last frame
      assertEquals(String.valueOf(frames.size() - 1), body.getAttribute("data-frame"));
      assertEquals(
          frames.get(frames.size() - 1).loss(),
          Double.parseDouble(status.getAttribute("data-loss")),
          0);
      assertTrue(status.getText().startsWith("step 300/300: loss "), status.getText());

      // real key presses move one frame; each shows its own recorded loss
      body.sendKeys(Keys.HOME);
      for (int i = 0; i < 3; i++) {
        assertEquals(frames.get(i).loss(), Double.parseDouble(status.getAttribute("data-loss")), 0);
        assertTrue(
            status.getText().startsWith("step " + frames.get(i).step() + "/300"), status.getText());
        body.sendKeys(Keys.ARROW_RIGHT);
      }

      // the maps are painted: the boundary has both class colours, a neuron map is not blank
      JavascriptExecutor js = browser.driver;
      Object colours =
          js.executeScript(
              "var c = document.getElementById('boundary').getContext('2d').getImageData(0, 0, 320,"
                  + " 320).data;var orange = 0, blue = 0; for (var i = 0; i < c.length; i += 4) {"
                  + " if (c[i] > 200 && c[i + 2] < 120) orange++; if (c[i + 2] > 150 && c[i] < 90)"
                  + " blue++; }return [orange, blue];");
      List<?> counts = (List<?>) colours;
      assertTrue(
          ((Number) counts.get(0)).longValue() > 500 && ((Number) counts.get(1)).longValue() > 500,
          "boundary colours " + counts);
      assertEquals(16, browser.driver.findElements(By.cssSelector("canvas.neuron")).size());

      // the last frame's graph: the graph page of the sample, finished backward
      body.sendKeys(Keys.END);
      Playground.Frame last = frames.get(frames.size() - 1);
      browser.wait.until(
          ExpectedConditions.attributeToBe(
              By.tagName("body"), "data-graph-frame", String.valueOf(frames.size() - 1)));
      browser.driver.switchTo().frame("graph");
      WebElement phase = browser.driver.findElement(By.id("phase"));
      assertTrue(phase.getText().endsWith("(done)"), phase.getText());
      Object rootLoss =
          js.executeScript("var d = window.jgrad.data; return d.nodes[d.root].values[0];");
      assertEquals(last.sampleLoss(), ((Number) rootLoss).doubleValue(), 1e-12);
      // parameters appear by their nn names on the graph page
      Object names =
          js.executeScript(
              "return window.jgrad.data.nodes.filter(function (n) { return n.kind === 'leaf'; })"
                  + ".map(function (n) { return n.name; }).slice(0, 2);");
      assertEquals(List.of("layers.0.neurons.0.weight", "layers.0.neurons.0.bias"), names);
      browser.driver.switchTo().defaultContent();

      Path shot = OUT.resolve("playground.png");
      Files.write(shot, browser.driver.getScreenshotAs(OutputType.BYTES));
      assertTrue(Files.size(shot) > 50_000, "screenshot of " + Files.size(shot) + " bytes");
      if (Boolean.getBoolean("jgrad.docs.images")) {
        Files.copy(
            shot,
            Path.of("..", "docs", "images", "playground.png"),
            StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }
}
