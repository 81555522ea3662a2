package dev.jgrad.nn.data;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.autograd.Tensor;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Reads numeric CSV files (plain or gzip-compressed, recognised by their first bytes) into tensors.
 * Fields are separated by commas and must be numbers; blank lines are skipped; there is no quoting.
 * A number is a decimal such as {@code 3}, {@code -0.5}, {@code .5}, {@code 1.} or {@code 1e-3},
 * or {@code nan}, {@code inf}, {@code infinity} (any case, with a sign for the infinities), with
 * spaces around it allowed: the syntax of Python's {@code float} and pandas, not Java's, so {@code
 * 2f}, {@code 1d} and hexadecimal {@code 0x1p3} are not numbers. A UTF-8 byte-order mark at the
 * start of the file is skipped. A bad value is reported with the file, the line and the column:
 *
 * <pre>
 * digits.csv.gz line 12, column 3: "abc" is not a number
 * </pre>
 */
public final class Csv {
  /** U+FEFF, which some editors write at the start of a UTF-8 file. */
  private static final String BYTE_ORDER_MARK = "\uFEFF";

  private Csv() {}

  /**
   * {@return the numbers of {@code file} as a {@code [rows, columns]} tensor, after skipping the
   * first {@code skipLines} lines (a header)}
   *
   * @param file the CSV file to read
   * @param skipLines the number of leading lines to skip
   * @throws IllegalArgumentException naming file, line and column of a value that is not a number,
   *     or the line of a row whose column count differs from the first row's, or if the file has no
   *     data rows
   * @throws UncheckedIOException naming the file if it cannot be read
   */
  public static Tensor read(Path file, int skipLines) {
    checkArgument(file != null, "Csv.read: file is null");
    if (skipLines < 0) {
      throw new IllegalArgumentException("Csv.read: skipLines must be >= 0, got " + skipLines);
    }
    String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
    List<double[]> rows = new ArrayList<>();
    int columns = -1;
    try (BufferedReader reader = open(file)) {
      String line;
      int lineNumber = 0;
      while ((line = reader.readLine()) != null) {
        lineNumber++;
        if (lineNumber == 1 && line.startsWith(BYTE_ORDER_MARK)) {
          line = line.substring(BYTE_ORDER_MARK.length());
        }
        if (lineNumber <= skipLines || line.isBlank()) {
          continue;
        }
        double[] row = parseLine(name, lineNumber, line);
        if (columns < 0) {
          columns = row.length;
        } else if (row.length != columns) {
          throw new IllegalArgumentException(
              String.format(
                  "%s line %d: %d columns, but the first data row has %d",
                  name, lineNumber, row.length, columns));
        }
        rows.add(row);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Csv.read: cannot read " + file + ": " + e.getMessage(), e);
    }
    if (rows.isEmpty()) {
      throw new IllegalArgumentException(
          String.format("%s: no data rows after skipping %d lines", name, skipLines));
    }
    return Tensor.of(rows.toArray(new double[0][]));
  }

  /**
   * {@return {@code file} as a data set: column {@code labelColumn} (negative counts from the end)
   * becomes the labels {@code [n]}, the others the features {@code [n, columns - 1]}}
   *
   * @param file the CSV file to read
   * @param skipLines the number of leading lines to skip
   * @param labelColumn the column of the labels (negative counts from the end)
   * @throws IllegalArgumentException as {@link #read}, or if the label column does not exist
   */
  public static Dataset readDataset(Path file, int skipLines, int labelColumn) {
    checkArgument(file != null, "Csv.readDataset: file is null");
    Tensor all = read(file, skipLines);
    int columns = all.size(1);
    int label = labelColumn < 0 ? labelColumn + columns : labelColumn;
    if (label < 0 || label >= columns || columns < 2) {
      throw new IllegalArgumentException(
          String.format(
              "Csv.readDataset: label column %d does not exist in %s (%d columns)",
              labelColumn, file, columns));
    }
    int[] featureColumns = new int[columns - 1];
    for (int j = 0, k = 0; j < columns; j++) {
      if (j != label) {
        featureColumns[k++] = j;
      }
    }
    return new Dataset(
        all.indexSelect(1, featureColumns), all.indexSelect(1, new int[] {label}).reshape(-1));
  }

  private static BufferedReader open(Path file) throws IOException {
    InputStream in = new BufferedInputStream(Files.newInputStream(file));
    in.mark(2);
    int b0 = in.read();
    int b1 = in.read();
    in.reset();
    if (b0 == 0x1f && b1 == 0x8b) {
      in = new GZIPInputStream(in);
    }
    return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
  }

  private static double[] parseLine(String name, int lineNumber, String line) {
    List<String> fields = new ArrayList<>();
    int start = 0;
    for (int i = 0; i <= line.length(); i++) {
      if (i == line.length() || line.charAt(i) == ',') {
        fields.add(line.substring(start, i));
        start = i + 1;
      }
    }
    double[] row = new double[fields.size()];
    for (int j = 0; j < row.length; j++) {
      String field = fields.get(j).trim();
      if (!isNumber(field)) {
        throw new IllegalArgumentException(
            String.format(
                "%s line %d, column %d: \"%s\" is not a number%s",
                name, lineNumber, j + 1, field, invisible(field)));
      }
      row[j] = valueOf(field);
    }
    return row;
  }

  /** Returns the value of a field that passed {@link #isNumber}. */
  private static double valueOf(String number) {
    char last = number.charAt(number.length() - 1);
    if (isDigit(last) || last == '.') {
      // A plain decimal: parseDouble rounds it correctly (its other syntax never gets here).
      return Double.parseDouble(number);
    }
    if (last == 'n' || last == 'N') {
      return Double.NaN;
    }
    return number.charAt(0) == '-' ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
  }

  /**
   * Returns {@code " (it holds the invisible character U+XXXX at position p)"} for the first
   * control or format character of {@code field} (such as a byte-order mark), or "" if none.
   */
  private static String invisible(String field) {
    for (int i = 0; i < field.length(); i++) {
      char c = field.charAt(i);
      if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT) {
        return String.format(
            " (it holds the invisible character U+%04X at position %d)", (int) c, i);
      }
    }
    return "";
  }

  /**
   * Returns whether {@code text} (trimmed) is a number in the syntax described on this class:
   * {@code [+-]? (digits [. digits?] | . digits) ([eE] [+-]? digits)?}, {@code nan}, or a signed or
   * unsigned {@code inf} or {@code infinity}, letters in any case.
   */
  static boolean isNumber(String text) {
    int n = text.length();
    int i = 0;
    if (i < n && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
      i++;
    }
    String magnitude = text.substring(i);
    if (magnitude.equalsIgnoreCase("inf") || magnitude.equalsIgnoreCase("infinity")) {
      return true;
    }
    if (text.equalsIgnoreCase("nan")) {
      return true;
    }
    int digits = 0;
    while (i < n && isDigit(text.charAt(i))) {
      i++;
      digits++;
    }
    if (i < n && text.charAt(i) == '.') {
      i++;
      while (i < n && isDigit(text.charAt(i))) {
        i++;
        digits++;
      }
    }
    if (digits == 0) {
      return false;
    }
    if (i < n && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
      i++;
      if (i < n && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
        i++;
      }
      int exponentDigits = 0;
      while (i < n && isDigit(text.charAt(i))) {
        i++;
        exponentDigits++;
      }
      if (exponentDigits == 0) {
        return false;
      }
    }
    return i == n;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
