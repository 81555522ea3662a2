package dev.jgrad.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.common.base.Preconditions;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.nn.Mlp;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.CompletionInfo;
import org.junit.jupiter.api.Test;

/**
 * Types every {@code java} block of {@code docs/tutorial.md}, in order, into one jshell session
 * (the JShell API, with the startup script of {@code ./jgrad shell}), line by line as a reader
 * would: a snippet runs as soon as the lines typed so far form a complete statement, exactly as
 * jshell decides it. Each block must run without a compile error or exception, and print what its
 * {@code //>} lines say ({@code ...} matches anything within a line, a line {@code //> ...} any
 * number of lines).
 */
class TutorialTest {
  static final Path TUTORIAL = Path.of("..", "docs", "tutorial.md");
  private static final String END = "<<end of block>>";

  /** One {@code java} block: where it starts, its lines, and the output its comments promise. */
  record Block(int line, List<String> lines, List<String> expected) {}

  /** Returns the tutorial's java blocks in order. */
  static List<Block> blocks() throws Exception {
    List<Block> blocks = new ArrayList<>();
    List<String> all = Files.readAllLines(TUTORIAL);
    List<String> lines = null;
    List<String> expected = null;
    int start = 0;
    for (int i = 0; i < all.size(); i++) {
      String line = all.get(i);
      if (line.strip().equals("```java")) {
        lines = new ArrayList<>();
        expected = new ArrayList<>();
        start = i + 2;
      } else if (line.strip().equals("```") && lines != null) {
        blocks.add(new Block(start, lines, expected));
        lines = null;
      } else if (lines != null) {
        lines.add(line);
        if (line.strip().startsWith("//>")) {
          String text = line.strip().substring(3);
          expected.add(text.startsWith(" ") ? text.substring(1) : text);
        }
      }
    }
    return blocks;
  }

  @Test
  void everyBlockTypedIntoJshellRunsAndPrintsWhatItsCommentsSay() throws Exception {
    List<Block> blocks = blocks();
    assertTrue(blocks.size() >= 15, "the tutorial has " + blocks.size() + " java blocks");
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8);
    try (JShell shell =
        JShell.builder()
            .out(out)
            .err(out)
            .remoteVMOptions("--add-modules=jdk.incubator.vector", "-Djava.awt.headless=true")
            .build()) {
      for (String entry : classPath()) {
        shell.addToClasspath(entry);
      }
      type(shell, ShellCommand.startupScript().lines().toList(), "the startup script", 1);
      for (Block block : blocks) {
        output.reset();
        type(shell, block.lines(), "tutorial.md block at line " + block.line(), block.line());
        String printed = drain(shell, output);
        assertMatches(block, printed);
      }
    }
  }

  @Test
  void everyPictureTheTutorialShowsExists() throws Exception {
    Matcher m = Pattern.compile("!\\[[^\\]]*\\]\\(([^)]+)\\)").matcher(Files.readString(TUTORIAL));
    int pictures = 0;
    while (m.find()) {
      Path picture = TUTORIAL.resolveSibling(m.group(1));
      assertTrue(Files.isRegularFile(picture), "tutorial shows a missing picture " + picture);
      pictures++;
    }
    assertTrue(pictures >= 5, pictures + " pictures");
  }

  @Test
  void blocksNeverEndInsideAStatement() throws Exception {
    // the first line of the neuron in an old version ended in .label(...), which jshell ran on
    // its own; the check in type() catches that, and this guards the guard
    try (JShell shell =
        JShell.builder().out(new PrintStream(new ByteArrayOutputStream())).build()) {
      AssertionError e =
          assertThrows(
              AssertionError.class,
              () -> type(shell, List.of("int n = 1 + 2", "    * 3;"), "a split statement", 1));
      assertTrue(e.getMessage().contains("line 2"), e.getMessage());
    }
  }

  /**
   * Feeds {@code lines} one at a time, running every snippet the moment the text typed so far is
   * complete (as jshell's prompt does), and fails on a rejected snippet, an exception, or a block
   * that ends inside an unfinished statement.
   */
  private static void type(JShell shell, List<String> lines, String where, int firstLine) {
    SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
    String pending = "";
    int pendingLine = firstLine;
    for (int i = 0; i < lines.size(); i++) {
      if (pending.lines().allMatch(l -> l.isBlank() || l.strip().startsWith("//"))) {
        pendingLine = firstLine + i;
      }
      pending = pending.isEmpty() ? lines.get(i) : pending + "\n" + lines.get(i);
      CompletionInfo info = analysis.analyzeCompletion(pending);
      while (info.completeness().isComplete()) {
        if (info.completeness() != SourceCodeAnalysis.Completeness.EMPTY) {
          run(shell, info.source(), where + ", line " + pendingLine);
        }
        pending = info.remaining().strip();
        if (pending.isEmpty()) {
          break;
        }
        info = analysis.analyzeCompletion(pending);
      }
    }
    // jshell holds a comment-only line until the next line; at the end of a block that is fine
    boolean onlyComments = pending.lines().allMatch(l -> l.isBlank() || l.strip().startsWith("//"));
    if (!onlyComments) {
      fail(
          where
              + ", line "
              + pendingLine
              + ": the block ends inside an unfinished statement:\n"
              + pending);
    }
  }

  private static void run(JShell shell, String source, String where) {
    for (SnippetEvent event : shell.eval(source)) {
      if (event.status() == Snippet.Status.REJECTED) {
        String diagnostics =
            shell
                .diagnostics(event.snippet())
                .map(d -> d.getMessage(Locale.ROOT))
                .collect(Collectors.joining("; "));
        fail(where + ": jshell rejects\n" + source + "\n" + diagnostics);
      }
      if (event.exception() != null) {
        String name =
            event.exception() instanceof EvalException eval
                ? eval.getExceptionClassName()
                : event.exception().getClass().getSimpleName();
        fail(where + ": " + source + "\nthrew " + name + ": " + event.exception().getMessage());
      }
    }
  }

  /** Returns what the remote JVM has printed so far, waiting until it has all arrived. */
  private static String drain(JShell shell, ByteArrayOutputStream output) throws Exception {
    run(shell, "System.out.println(\"" + END + "\"); System.out.flush();", "end marker");
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!output.toString(StandardCharsets.UTF_8).contains(END)) {
      Preconditions.checkState(System.nanoTime() < deadline, "jshell output did not arrive");
      Thread.sleep(5);
    }
    String text = output.toString(StandardCharsets.UTF_8).replace("\r\n", "\n");
    return text.substring(0, text.indexOf(END));
  }

  private static void assertMatches(Block block, String printed) {
    StringBuilder regex = new StringBuilder();
    for (String line : block.expected()) {
      if (line.equals("...")) {
        regex.append("(?:.*\\n)*?");
        continue;
      }
      String[] parts = line.split("\\.\\.\\.", -1);
      for (int i = 0; i < parts.length; i++) {
        regex.append(i == 0 ? "" : ".*?").append(Pattern.quote(parts[i]));
      }
      regex.append("\\n");
    }
    List<String> printedLines = printed.lines().map(String::stripTrailing).toList();
    String normalized = printedLines.isEmpty() ? "" : String.join("\n", printedLines) + "\n";
    if (!normalized.matches(regex.toString())) {
      assertEquals(
          String.join("\n", block.expected()),
          normalized.stripTrailing(),
          "tutorial.md block at line "
              + block.line()
              + " prints something else than its //> lines");
    }
  }

  /** Returns the class path entries jshell needs: jgrad's modules and their dependencies. */
  private static Set<String> classPath() throws URISyntaxException {
    Set<String> entries = new LinkedHashSet<>();
    for (Class<?> c : List.of(Tensor.class, Mlp.class, ShellCommand.class, Preconditions.class)) {
      entries.add(
          Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString());
    }
    return entries;
  }
}
