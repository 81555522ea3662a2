package dev.jgrad.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.Tensor;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvTest {
  @TempDir Path dir;

  private Path write(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, text);
    return p;
  }

  @Test
  void readsPlainCsvWithHeader() throws IOException {
    Path p = write("iris.csv", "3,2,a,b\n5.1,3.5,0\n\n4.9, 3.0 ,1\n-1e-2,2,2\n");
    Tensor t = Csv.read(p, 1);
    assertArrayEquals(new int[] {3, 3}, t.shape());
    assertArrayEquals(new double[] {5.1, 3.5, 0, 4.9, 3.0, 1, -0.01, 2, 2}, t.toArray(), 0);
    Dataset d = Csv.readDataset(p, 1, -1);
    assertArrayEquals(new int[] {3, 2}, d.features().shape());
    assertArrayEquals(new double[] {0, 1, 2}, d.labels().toArray(), 0);
  }

  @Test
  void readsGzippedCsv() throws IOException {
    Path p = dir.resolve("digits.csv.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(p))) {
      out.write("1,2,3\n4,5,6\n".getBytes(StandardCharsets.UTF_8));
    }
    assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, Csv.read(p, 0).toArray(), 0);
  }

  @Test
  void badValueNamesFileLineAndColumn() throws IOException {
    Path p = write("data.csv", "h1,h2\n1,2\n3,abc\n");
    assertEquals(
        "data.csv line 3, column 2: \"abc\" is not a number",
        assertThrows(IllegalArgumentException.class, () -> Csv.read(p, 1)).getMessage());
    Path empty = write("empty.csv", "1,,3\n");
    assertEquals(
        "empty.csv line 1, column 2: \"\" is not a number",
        assertThrows(IllegalArgumentException.class, () -> Csv.read(empty, 0)).getMessage());
  }

  @Test
  void raggedRowsMissingFilesAndEmptyFilesAreClear() throws IOException {
    Path ragged = write("ragged.csv", "1,2,3\n4,5\n");
    assertEquals(
        "ragged.csv line 2: 2 columns, but the first data row has 3",
        assertThrows(IllegalArgumentException.class, () -> Csv.read(ragged, 0)).getMessage());
    UncheckedIOException e =
        assertThrows(UncheckedIOException.class, () -> Csv.read(dir.resolve("nope.csv"), 0));
    assertTrue(e.getMessage().contains("nope.csv"), e.getMessage());
    Path header = write("header.csv", "a,b\n");
    assertEquals(
        "header.csv: no data rows after skipping 1 lines",
        assertThrows(IllegalArgumentException.class, () -> Csv.read(header, 1)).getMessage());
  }

  @Test
  void truncatedGzipIsAnIoError() throws IOException {
    Path p = dir.resolve("cut.csv.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(p))) {
      out.write("1,2,3\n".repeat(1000).getBytes(StandardCharsets.UTF_8));
    }
    byte[] bytes = Files.readAllBytes(p);
    Files.write(p, java.util.Arrays.copyOf(bytes, bytes.length / 2));
    UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> Csv.read(p, 0));
    assertTrue(e.getMessage().contains("cut.csv.gz"), e.getMessage());
  }
  @Test
  void javaLiteralSyntaxIsNotANumber() throws IOException {
    // Double.parseDouble reads all of these: type suffixes, hexadecimal, "Infinity" with junk.
    for (String field : new String[] {"2f", "1d", "2F", "1D", "0x1p3", "0x10", "1e", "+", ".",
        "1.5.2", "Infinityx", "--1", "1e+-2"}) {
      Path p = write("java.csv", "1," + field + "\n");
      assertEquals(
          "java.csv line 1, column 2: \"" + field + "\" is not a number",
          assertThrows(IllegalArgumentException.class, () -> Csv.read(p, 0)).getMessage(),
          field);
    }
  }

  @Test
  void decimalsAndPythonsSpecialValuesAreNumbers() throws IOException {
    Path p = write("ok.csv", "1.,.5,+2,-3e2,4E-1,nan,inf,-Infinity,+INF,NaN\n");
    double[] v = Csv.read(p, 0).toArray();
    assertArrayEquals(new double[] {1, 0.5, 2, -300, 0.4}, java.util.Arrays.copyOf(v, 5), 0);
    assertTrue(Double.isNaN(v[5]) && Double.isNaN(v[9]));
    assertArrayEquals(
        new double[] {
          Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY
        },
        java.util.Arrays.copyOfRange(v, 6, 9),
        0);
  }

  @Test
  void byteOrderMarkAtTheStartIsSkipped() throws IOException {
    Path plain = write("bom.csv", "\uFEFF1,2\n3,4\n");
    assertArrayEquals(new double[] {1, 2, 3, 4}, Csv.read(plain, 0).toArray(), 0);
    Path withHeader = write("bomheader.csv", "\uFEFFa,b\n3,4\n");
    assertArrayEquals(new double[] {3, 4}, Csv.read(withHeader, 1).toArray(), 0);
    Path gzip = dir.resolve("bom.csv.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gzip))) {
      out.write("\uFEFF5,6\n".getBytes(StandardCharsets.UTF_8));
    }
    assertArrayEquals(new double[] {5, 6}, Csv.read(gzip, 0).toArray(), 0);
  }

  @Test
  void invisibleCharacterInsideAFieldIsNamed() throws IOException {
    Path p = write("mid.csv", "1,2\n\uFEFF3,4\n");
    assertEquals(
        "mid.csv line 2, column 1: \"\uFEFF3\" is not a number (it holds the invisible character"
            + " U+FEFF at position 0)",
        assertThrows(IllegalArgumentException.class, () -> Csv.read(p, 0)).getMessage());
  }
}
