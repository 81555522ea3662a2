package dev.jgrad.nn.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.StringLength;

/**
 * A CSV field is a number exactly when it matches the decimal grammar (or is nan/inf), and then
 * it reads as the correctly rounded double; Java's literal syntax never leaks through.
 */
class CsvNumberProperties {
  /** The grammar of {@link Csv}, written independently as a regular expression (the oracle). */
  private static final Pattern NUMBER =
      Pattern.compile(
          "[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?|[nN][aA][nN]|[+-]?([iI][nN][fF]"
              + "([iI][nN][iI][tT][yY])?)");

  private static double read(String field) throws IOException {
    Path file = Files.createTempFile("csv-number", ".csv");
    try {
      Files.writeString(file, "7," + field + "\n");
      return Csv.read(file, 0).get(0, 1);
    } finally {
      Files.delete(file);
    }
  }

  @Property(tries = 300, seed = "1404")
  void aFieldIsANumberExactlyWhenItMatchesTheGrammar(
      @ForAll @StringLength(min = 0, max = 8) @Chars({'0', '1', '9', '.', 'e', 'E', '+', '-', 'f',
            'd', 'F', 'D', 'x', 'p', ' '}) String field)
      throws IOException {
    String trimmed = field.trim();
    if (NUMBER.matcher(trimmed).matches()) {
      double expected = new BigDecimal(trimmed).doubleValue();
      assertEquals(expected, read(field), 0, "field '" + field + "'");
    } else {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> read(field), "field '" + field + "'");
      assertTrue(e.getMessage().contains("\"" + trimmed + "\" is not a number"), e.getMessage());
    }
  }

  @Property(tries = 200, seed = "1405")
  void everyDoubleWrittenInJavaOrCStyleReadsBackExactly(@ForAll double value)
      throws IOException {
    String[] forms = {
      Double.toString(value),
      String.format(Locale.ROOT, "%.17e", value),
      String.format(Locale.ROOT, "%.17g", value),
      " " + Double.toString(value).toLowerCase(Locale.ROOT) + " "
    };
    for (String form : forms) {
      double back = read(form);
      if (Double.isNaN(value)) {
        assertTrue(Double.isNaN(back), form);
      } else {
        assertEquals(value, back, 0, form);
      }
    }
  }
}
