package dev.jgrad.autograd.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jgrad.autograd.Tensor;
import dev.jgrad.autograd.Value;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Drives the graph page in a real headless Chromium through Selenium WebDriver: real key presses
 * step through the forward and backward pass, the gradients the page shows are read back from the
 * DOM, a box is clicked, screenshots go to {@code target/viz-browser-test/}. Uses Debian's {@code
 * /usr/bin/chromium} and {@code /usr/bin/chromedriver} (packages {@code chromium} and {@code
 * chromium-driver}) explicitly, so Selenium Manager never looks for a browser on the network; the
 * tests are skipped, visibly, where they are not installed.
 */
class GraphPageBrowserTest {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final Path OUT = Path.of("target", "viz-browser-test");

  // Selenium looks for DevTools bindings matching the browser; these tests use none, so its
  // warning that a newer Chromium has none is noise (the field keeps the logger and its level)
  private static final Logger CDP_LOG =
      Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder");

  private static Path profile;
  private static ChromeDriver driver;
  private static WebDriverWait wait;

  @BeforeAll
  static void startBrowser() throws IOException {
    assumeTrue(
        Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "browser tests skipped: /usr/bin/chromium or /usr/bin/chromedriver is missing"
            + " (apt-get install -y chromium chromium-driver)");
    Files.createDirectories(OUT);
    CDP_LOG.setLevel(Level.SEVERE);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(CHROMEDRIVER.toFile())
            .withLogFile(OUT.resolve("chromedriver.log").toFile())
            .build();
    profile = Files.createTempDirectory("jgrad-chromium");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--no-first-run",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1400,900",
        "--user-data-dir=" + profile.toAbsolutePath());
    driver = new ChromeDriver(service, options);
    wait = new WebDriverWait(driver, Duration.ofSeconds(10));
  }

  @AfterAll
  static void stopBrowser() throws IOException {
    if (driver != null) {
      driver.quit();
    }
    if (profile != null) {
      try (Stream<Path> files = Files.walk(profile)) {
        for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(f);
        }
      }
    }
  }

  /** Opens {@code page} and waits for the page's own render-complete marker. */
  private static void open(Path page) {
    driver.get(page.toAbsolutePath().toUri().toString());
    wait.until(ExpectedConditions.attributeToBeNotEmpty(body(), "data-render-ms"));
  }

  private static WebElement body() {
    return driver.findElement(By.tagName("body"));
  }

  /** Returns the full-precision gradient the page shows for node {@code id}, null if hidden. */
  private static Double shownGrad(int id) {
    String json = driver.findElement(By.id("g-" + id)).getAttribute("data-grad");
    if (json == null || json.isEmpty()) {
      return null;
    }
    assertTrue(json.startsWith("[") && json.endsWith("]"), "data-grad of node " + id + ": " + json);
    String first = json.substring(1, json.length() - 1).split(",")[0].replace("\"", "");
    return Double.parseDouble(first);
  }

  /** Saves what the browser shows as {@code target/viz-browser-test/name}. */
  private static void screenshot(String name) throws IOException {
    byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
    assertTrue(png.length > 10_000, "screenshot " + name + " has only " + png.length + " bytes");
    Files.write(OUT.resolve(name), png);
  }

  @Test
  void keyPressesStepThroughBackwardAndShowTheEngineGradients() throws IOException {
    Micrograd m = new Micrograd();
    m.g.backward();
    BackwardSteps steps = BackwardSteps.of(m.g);
    int a = steps.idOf(m.a.toTensor());
    int b = steps.idOf(m.b.toTensor());
    int g = steps.idOf(m.g.toTensor());
    Path page = OUT.resolve("micrograd.html");
    Graphs.writeHtml(m.g, page);
    open(page);
    int forward = 0;
    for (int id = 0; id < steps.nodeCount(); id++) {
      forward += steps.node(id).op() != null ? 1 : 0;
    }
    int backward = steps.steps().size();
    WebElement phase = driver.findElement(By.id("phase"));
    String max = driver.findElement(By.id("progress")).getAttribute("max");
    assertEquals(forward + backward, Integer.parseInt(max));
    assertEquals("start: inputs known", phase.getText());

    // real ArrowRight key presses until the page says it is done; each moves one step
    Actions keys = new Actions(driver);
    int presses = 0;
    String shown = phase.getText();
    while (!shown.endsWith("(done)")) {
      assertTrue(presses < forward + backward, presses + " presses and not done: " + shown);
      keys.sendKeys(Keys.ARROW_RIGHT).perform();
      presses++;
      String expected =
          presses <= forward
              ? "forward " + presses + "/" + forward
              : "backward " + (presses - forward) + "/" + backward;
      shown =
          wait.until(
              d -> {
                String t = phase.getText();
                return t.equals(expected) || t.equals(expected + " (done)") ? t : null;
              });
      if (presses == forward + 1) {
        // the first backward step seeds the output; no other gradient is known yet
        assertEquals(1.0, shownGrad(g));
        assertEquals(null, shownGrad(a));
        assertEquals(null, shownGrad(b));
      }
    }
    assertEquals(forward + backward, presses);
    assertEquals("backward " + backward + "/" + backward + " (done)", shown);

    // the page's numbers are the engine's: full precision in data-grad, 4 decimals in the text
    assertEquals(m.a.grad(), shownGrad(a), 1e-12 * Math.abs(m.a.grad()));
    assertEquals(m.b.grad(), shownGrad(b), 1e-12 * Math.abs(m.b.grad()));
    assertEquals(Micrograd.DG_DA, shownGrad(a), 1e-9 * Micrograd.DG_DA);
    assertEquals(Micrograd.DG_DB, shownGrad(b), 1e-9 * Micrograd.DG_DB);
    assertEquals("grad 138.8338", driver.findElement(By.id("g-" + a)).getText());
    assertEquals("grad 645.5773", driver.findElement(By.id("g-" + b)).getText());

    // clicking a's box shows its formula and numbers in the side panel
    driver.findElement(By.id("box-n" + a)).click();
    WebElement panel = driver.findElement(By.id("panel"));
    wait.until(ExpectedConditions.textToBePresentInElement(panel, "a (leaf)"));
    String text = panel.getText();
    assertTrue(text.contains("a leaf: an input of the graph"), text);
    assertTrue(text.contains("data -4") && text.contains("grad 138.8338"), text);
    assertTrue(text.contains("used by"), text);
    assertTrue(driver.findElement(By.id("box-n" + a)).getAttribute("class").contains("selected"));

    screenshot("micrograd.png");
  }

  @Test
  void moonsMlpLossRendersCollapsedPerLayer() throws IOException {
    Random random = new Random(1);
    Moons moons = Moons.of(100, 0.1, random);
    List<List<Tensor[]>> layers = new ArrayList<>();
    List<Tensor> parameters = new ArrayList<>();
    int[] sizes = {2, 16, 16, 1};
    for (int l = 0; l + 1 < sizes.length; l++) {
      List<Tensor[]> neurons = new ArrayList<>();
      for (int j = 0; j < sizes[l + 1]; j++) {
        String name = "layers." + l + ".neurons." + j + ".";
        Tensor w = Tensor.rand(random, sizes[l]).mul(2).sub(1).detach().requiresGrad();
        w.label(name + "weight");
        Tensor bias = Tensor.scalar(0).requiresGrad().label(name + "bias");
        neurons.add(new Tensor[] {w, bias});
        parameters.add(w);
        parameters.add(bias);
      }
      layers.add(neurons);
    }
    assertEquals(337, parameters.stream().mapToInt(Tensor::numel).sum());
    // micrograd's moons loss: mean hinge loss of the scores plus a 1e-4 L2 penalty
    Tensor scores = mlp(moons.x, layers);
    Tensor hinge = moons.y.mul(scores).neg().add(1).relu().mean();
    Tensor penalty = l2Penalty(parameters, 1e-4);
    Tensor loss = hinge.add(penalty).label("loss");
    loss.backward(true); // keep the edges for drawing

    // one box per layer; the penalty's chain of 65 additions is one box too
    Path page = OUT.resolve("moons-mlp.html");
    Graphs.writeHtml(
        loss,
        page,
        GraphOptions.defaults()
            .collapse("l2 penalty", penalty, parameters.toArray(new Tensor[0]))
            .collapseByLabelPrefix(".", 2));
    BackwardSteps steps = BackwardSteps.of(loss);
    int graphNodes = steps.nodeCount();
    open(page);
    long renderMs = Long.parseLong(body().getAttribute("data-render-ms"));
    // navigation start to the first frame painted after the page's script finished
    double firstFrameMs =
        ((Number)
                ((JavascriptExecutor) driver)
                    .executeAsyncScript(
                        "var done = arguments[arguments.length - 1];"
                            + "requestAnimationFrame(function () { done(performance.now()); });"))
            .doubleValue();
    List<WebElement> boxes = driver.findElements(By.cssSelector("#svg g.box"));
    List<WebElement> groups = driver.findElements(By.cssSelector("#svg g.box.group"));
    System.out.printf(
        "moons Mlp(2,[16,16,1]) loss page: %d graph nodes in %d boxes (%d layer groups);"
            + " page script %d ms, navigation start to first frame %.0f ms%n",
        graphNodes, boxes.size(), groups.size(), renderMs, firstFrameMs);

    List<String> groupTitles = new ArrayList<>();
    for (WebElement group : groups) {
      String title = group.findElement(By.cssSelector("text.title")).getText();
      groupTitles.add(title.replaceAll("\\s+\\(\\d+ nodes\\)$", ""));
    }
    assertEquals(List.of("layers.0", "layers.1", "layers.2", "l2 penalty"), groupTitles);
    assertTrue(graphNodes > 400, "the graph has " + graphNodes + " nodes");
    assertTrue(boxes.size() <= 15, "collapsed to " + boxes.size() + " boxes");

    // End jumps to the last step: every group has finished its backward pass, the loss box
    // shows the loss and the seed gradient 1
    body().sendKeys(Keys.END);
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("phase"), "(done)"));
    int lossId = steps.idOf(loss);
    assertEquals(1.0, shownGrad(lossId));
    String lossText = driver.findElement(By.id("v-" + lossId)).getText();
    assertEquals(loss.item(), Double.parseDouble(lossText.substring("data ".length())), 1e-4);
    for (WebElement group : groups) {
      String status = group.findElements(By.tagName("text")).get(1).getText();
      assertTrue(status.matches("backward: (\\d+)/\\1 nodes"), status);
    }
    screenshot("moons-mlp.png");
  }

  /**
   * Copies {@code target/viz-browser-test/name} to {@code docs/images/docsName} when the build
   * runs with {@code -Djgrad.docs.images=true} (how the tutorial's pictures are refreshed).
   */
  private static void publish(String name, String docsName) throws IOException {
    if (Boolean.getBoolean("jgrad.docs.images")) {
      Files.copy(OUT.resolve(name), Path.of("..", "docs", "images", docsName),
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static void windowSize(int width, int height) {
    driver.manage().window().setSize(new org.openqa.selenium.Dimension(width, height));
  }

  /** Returns the on-screen height in pixels of node {@code id}'s title text. */
  private static double titleHeight(int id) {
    return ((Number)
            ((JavascriptExecutor) driver)
                .executeScript(
                    "return document.getElementById('name-' + arguments[0])"
                        + ".getBoundingClientRect().height;",
                    id))
        .doubleValue();
  }

  @Test
  void clickingTwoNodesShowsTheChainRulePathsWithProductsAndSum() throws IOException {
    windowSize(1400, 600);
    Value a = Value.of(3.0, "a");
    Value b = a.mul(a).label("b");
    Value c = b.add(a).label("c");
    c.backward();
    Path page = OUT.resolve("used-twice.html");
    Graphs.writeHtml(c, page);
    open(page);
    BackwardSteps steps = BackwardSteps.of(c);
    int ia = steps.idOf(a.toTensor());
    int ib = steps.idOf(b.toTensor());
    int ic = steps.idOf(c.toTensor());
    // the a -> add edge skips b's column: it bends below b instead of running behind it
    String skip = driver.findElement(By.id("edge-n" + ia + "-n" + ic)).getAttribute("d");
    assertTrue(skip.contains(" L"), "a -> add is drawn straight through b: " + skip);
    String direct = driver.findElement(By.id("edge-n" + ia + "-n" + ib)).getAttribute("d");
    assertTrue(!direct.contains(" L"), direct);

    body().sendKeys(Keys.END);
    driver.findElement(By.id("box-n" + ic)).click();
    driver.findElement(By.id("box-n" + ia)).click();
    WebElement panel = driver.findElement(By.id("panel"));
    wait.until(ExpectedConditions.textToBePresentInElement(panel, "Chain rule: d c / d a"));
    String text = panel.getText();
    assertTrue(text.contains("3 paths"), text);
    assertTrue(text.contains("[mul, input 1: 3]") && text.contains("[mul, input 2: 3]"), text);
    List<String> products = new ArrayList<>();
    for (WebElement product : panel.findElements(By.className("path-product"))) {
      products.add(product.getText());
    }
    products.sort(null);
    assertEquals(List.of("1", "3", "3"), products);
    String sum = driver.findElement(By.id("path-sum")).getText();
    assertTrue(sum.startsWith("sum over all paths = 7;") && sum.contains("a.grad = 7 "), sum);
    assertTrue(driver.findElement(By.id("box-n" + ia)).getAttribute("class").contains("pair"));
    String edgeClass = driver.findElement(By.id("edge-n" + ia + "-n" + ic)).getAttribute("class");
    assertTrue(edgeClass.contains("onpath"), edgeClass);
    screenshot("used-twice.png");
    publish("used-twice.png", "used-twice.png");

    // clicking the same order the other way round (a, then c) gives the same paths
    driver.findElement(By.id("box-n" + ib)).click(); // a third click starts a new selection
    assertTrue(panel.getText().startsWith("b = mul"), panel.getText());
    driver.findElement(By.id("box-n" + ia)).click();
    wait.until(ExpectedConditions.textToBePresentInElement(panel, "Chain rule: d b / d a"));
    assertTrue(panel.getText().contains("2 paths"), panel.getText());
  }

  @Test
  void pathsOnThePageAgreeWithChainRuleExplainOnMicrograd() throws IOException {
    windowSize(1800, 640);
    Micrograd m = new Micrograd();
    m.g.backward();
    ChainRule.Explanation explained = ChainRule.explain(m.g, m.a);
    Path page = OUT.resolve("micrograd-paths.html");
    Graphs.writeHtml(m.g, page);
    open(page);
    BackwardSteps steps = BackwardSteps.of(m.g);
    body().sendKeys(Keys.END);
    driver.findElement(By.id("box-n" + steps.idOf(m.a.toTensor()))).click();
    driver.findElement(By.id("box-n" + steps.idOf(m.g.toTensor()))).click();
    WebElement panel = driver.findElement(By.id("panel"));
    wait.until(ExpectedConditions.textToBePresentInElement(panel, "Chain rule: d g / d a"));
    String text = panel.getText();
    long count = (long) explained.pathCount();
    assertTrue(text.contains(count + " paths"), count + " paths expected:\n" + text);
    String sum = driver.findElement(By.id("path-sum")).getText();
    assertTrue(sum.startsWith("sum over all paths = 138.8338;"), sum);
    assertTrue(sum.contains("a.grad = 138.8338"), sum);
    assertEquals(Micrograd.DG_DA, explained.allPathsSum(), 1e-9 * Micrograd.DG_DA);
    driver.findElement(By.id("fit")).click();
    screenshot("micrograd-paths.png");
    publish("micrograd-paths.png", "graph-page-paths.png");
  }

  @Test
  void fitEnlargesASmallGraphToFillTheView() throws IOException {
    windowSize(1400, 1000);
    Value x1 = Value.of(2.0, "x1");
    Value w1 = Value.of(-3.0, "w1");
    Value o = x1.mul(w1).label("x1w1").tanh().label("o");
    o.backward();
    Path page = OUT.resolve("small.html");
    Graphs.writeHtml(o, page);
    open(page);
    int id = BackwardSteps.of(o).idOf(o.toTensor());
    double opened = titleHeight(id);
    driver.findElement(By.id("fit")).click();
    double fitted = titleHeight(id);
    String viewBox = driver.findElement(By.id("svg")).getDomAttribute("viewBox");
    double graphWidth = Double.parseDouble(viewBox.split(" ")[2]);
    double shownWidth = Double.parseDouble(driver.findElement(By.id("svg")).getAttribute("width"));
    double shownHeight =
        Double.parseDouble(driver.findElement(By.id("svg")).getAttribute("height"));
    WebElement canvas = driver.findElement(By.id("canvas"));
    // enlarged, until it fills the canvas's width or height
    assertTrue(shownWidth > 1.2 * graphWidth, "fit shows " + shownWidth + " of " + graphWidth);
    assertTrue(
        shownWidth >= canvas.getSize().getWidth() - 20
            || shownHeight >= canvas.getSize().getHeight() - 20,
        "fit leaves room: " + shownWidth + "x" + shownHeight + " in " + canvas.getSize());
    // the page opens fitted; the 12 px titles (about 14 px boxes at scale 1) grow with it
    assertEquals(opened, fitted, 0.5);
    assertTrue(fitted > 16, "title text " + fitted + " px");
    screenshot("small-fit.png");
  }

  @Test
  void docsPicturesOfTheNeuronAndTheCollapsedMlp() throws IOException {
    Value x1 = Value.of(2.0, "x1"), x2 = Value.of(0.0, "x2");
    Value w1 = Value.of(-3.0, "w1"), w2 = Value.of(1.0, "w2");
    Value b = Value.of(6.8813735870195432, "b");
    Value x1w1 = x1.mul(w1).label("x1w1");
    Value x2w2 = x2.mul(w2).label("x2w2");
    Value n = x1w1.add(x2w2).label("x1w1+x2w2").add(b).label("n");
    Value o = n.tanh().label("o");
    o.backward();
    Path neuron = OUT.resolve("neuron.html");
    Graphs.writeHtml(o, neuron);
    windowSize(1400, 560);
    open(neuron);
    BackwardSteps steps = BackwardSteps.of(o);
    int forward = 0;
    for (int id = 0; id < steps.nodeCount(); id++) {
      forward += steps.node(id).op() != null ? 1 : 0;
    }
    ((JavascriptExecutor) driver).executeScript("window.jgrad.go(arguments[0]);", 3);
    screenshot("neuron-forward.png");
    publish("neuron-forward.png", "neuron-forward.png");
    // the backward step at x1w1: upstream 0.5, local derivatives -3 and 2
    int x1w1Step = -1;
    for (int k = 0; k < steps.steps().size(); k++) {
      if (steps.steps().get(k).nodeId() == steps.idOf(x1w1.toTensor())) {
        x1w1Step = k;
      }
    }
    ((JavascriptExecutor) driver)
        .executeScript("window.jgrad.go(arguments[0]);", forward + x1w1Step + 1);
    String panel = driver.findElement(By.id("panel")).getText();
    assertTrue(panel.contains("x1w1") && panel.contains("-1.5"), panel);
    screenshot("neuron-backward.png");
    publish("neuron-backward.png", "neuron-backward.png");

    // a 3-layer network's loss, one box per layer: fit shows every box, the loss included
    Random random = new Random(3);
    Tensor x = Tensor.randn(random, 8, 2).label("x");
    Tensor h = x;
    int[] sizes = {2, 8, 8, 1};
    for (int l = 1; l < sizes.length; l++) {
      Tensor w =
          Tensor.randn(random, sizes[l - 1], sizes[l]).requiresGrad().label("layer" + l + ".W");
      Tensor bias = Tensor.zeros(sizes[l]).requiresGrad().label("layer" + l + ".b");
      h = h.matmul(w).add(bias);
      h = l + 1 < sizes.length ? h.tanh() : h;
    }
    Tensor loss = h.pow(2).mean().label("loss");
    loss.backward(true);
    Path mlp = OUT.resolve("mlp-collapsed.html");
    Graphs.writeHtml(loss, mlp, GraphOptions.defaults().collapseByLabelPrefix("."));
    windowSize(1500, 480);
    open(mlp);
    body().sendKeys(Keys.END);
    driver.findElement(By.id("fit")).click();
    int lossId = BackwardSteps.of(loss).idOf(loss);
    WebElement lossBox = driver.findElement(By.id("box-n" + lossId));
    WebElement canvas = driver.findElement(By.id("canvas"));
    double right = lossBox.getRect().getX() + lossBox.getRect().getWidth();
    assertTrue(right <= canvas.getRect().getX() + canvas.getRect().getWidth(),
        "the loss box ends at " + right + ", beyond the canvas " + canvas.getRect());
    screenshot("mlp-collapsed.png");
    publish("mlp-collapsed.png", "mlp-collapsed.png");
  }

  /**
   * Returns the scores of an MLP given as neurons {@code {weight, bias}} per layer, the same graph
   * as nn's {@code Mlp}: neuron {@code relu(sum(x * w, -1) + b)} (the last layer linear), the
   * neurons of a layer stacked.
   */
  private static Tensor mlp(Tensor x, List<List<Tensor[]>> layers) {
    Tensor h = x;
    for (int l = 0; l < layers.size(); l++) {
      List<Tensor> outs = new ArrayList<>();
      for (Tensor[] neuron : layers.get(l)) {
        Tensor z = h.mul(neuron[0]).sum(-1).add(neuron[1]);
        outs.add(l + 1 < layers.size() ? z.relu() : z);
      }
      h = Tensor.stack(outs, -1);
    }
    return h;
  }

  /** Returns {@code alpha * sum_p sum(p^2)}, as nn's {@code Losses.l2Penalty}. */
  private static Tensor l2Penalty(List<Tensor> parameters, double alpha) {
    Tensor total = null;
    for (Tensor p : parameters) {
      Tensor s = p.mul(p).sum();
      total = total == null ? s : total.add(s);
    }
    return total.mul(alpha);
  }

  /** Two interleaving half circles with labels -1 and +1 (scikit-learn's make_moons). */
  private record Moons(Tensor x, Tensor y) {
    static Moons of(int n, double noise, Random random) {
      double[] x = new double[2 * n];
      double[] y = new double[n];
      for (int i = 0; i < n; i++) {
        boolean outer = i < n / 2;
        int k = outer ? i : i - n / 2;
        int count = outer ? n / 2 : n - n / 2;
        double t = Math.PI * k / (count - 1);
        x[2 * i] = (outer ? Math.cos(t) : 1 - Math.cos(t)) + noise * random.nextGaussian();
        x[2 * i + 1] = (outer ? Math.sin(t) : 0.5 - Math.sin(t)) + noise * random.nextGaussian();
        y[i] = outer ? -1 : 1;
      }
      return new Moons(Tensor.of(x, n, 2).label("x"), Tensor.of(y, n, 1).label("y"));
    }
  }
}
