package dev.jgrad.autograd.viz;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict little JSON parser for tests: objects become {@link LinkedHashMap}, arrays {@link
 * List}, numbers {@link Double}. It fails on anything that is not JSON (trailing commas,
 * unquoted keys, NaN), so a test that parses the export checks its syntax too. Iterative over
 * the input, with an explicit stack for nesting.
 */
final class MiniJson {
  private final String s;
  private int i;

  private MiniJson(String s) {
    this.s = s;
  }

  /** Returns the parsed value of {@code text}; throws IllegalArgumentException on bad JSON. */
  static Object parse(String text) {
    MiniJson p = new MiniJson(text);
    Object v = p.value();
    p.ws();
    if (p.i != text.length()) {
      throw p.error("trailing characters");
    }
    return v;
  }

  @SuppressWarnings("unchecked")
  private Object value() {
    // containers under construction and, for objects, the pending key
    List<Object> stack = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    Object result = null;
    while (true) {
      ws();
      Object v;
      char c = peek();
      if (c == '{' || c == '[') {
        i++;
        Object container = c == '{' ? new LinkedHashMap<String, Object>() : new ArrayList<Object>();
        stack.add(container);
        keys.add(null);
        ws();
        if (peek() == (c == '{' ? '}' : ']')) {
          i++;
          stack.remove(stack.size() - 1);
          keys.remove(keys.size() - 1);
          v = container;
        } else {
          if (c == '{') {
            keys.set(keys.size() - 1, key());
          }
          continue;
        }
      } else if (c == '"') {
        v = string();
      } else if (s.startsWith("true", i)) {
        i += 4;
        v = Boolean.TRUE;
      } else if (s.startsWith("false", i)) {
        i += 5;
        v = Boolean.FALSE;
      } else if (s.startsWith("null", i)) {
        i += 4;
        v = null;
      } else {
        v = number();
      }
      // place v into its parent, closing parents as far as they end
      while (true) {
        if (stack.isEmpty()) {
          return v;
        }
        Object top = stack.get(stack.size() - 1);
        if (top instanceof Map) {
          ((Map<String, Object>) top).put(keys.get(keys.size() - 1), v);
        } else {
          ((List<Object>) top).add(v);
        }
        ws();
        char next = peek();
        if (next == ',') {
          i++;
          if (top instanceof Map) {
            keys.set(keys.size() - 1, key());
          }
          break;
        }
        if (next == (top instanceof Map ? '}' : ']')) {
          i++;
          stack.remove(stack.size() - 1);
          keys.remove(keys.size() - 1);
          v = top;
          continue;
        }
        throw error("expected , or closing bracket");
      }
    }
  }

  private String key() {
    ws();
    if (peek() != '"') {
      throw error("expected a string key");
    }
    String k = string();
    ws();
    if (peek() != ':') {
      throw error("expected :");
    }
    i++;
    return k;
  }

  private String string() {
    i++;
    StringBuilder sb = new StringBuilder();
    while (true) {
      char c = s.charAt(i++);
      if (c == '"') {
        return sb.toString();
      }
      if (c < 0x20) {
        throw error("control character in string");
      }
      if (c == '\\') {
        char e = s.charAt(i++);
        switch (e) {
          case 'n' -> sb.append('\n');
          case 't' -> sb.append('\t');
          case 'r' -> sb.append('\r');
          case 'b' -> sb.append('\b');
          case 'f' -> sb.append('\f');
          case 'u' -> {
            sb.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
            i += 4;
          }
          case '"', '\\', '/' -> sb.append(e);
          default -> throw error("bad escape \\" + e);
        }
      } else {
        sb.append(c);
      }
    }
  }

  private Double number() {
    int start = i;
    if (peek() == '-') {
      i++;
    }
    if (!Character.isDigit(peek())) {
      throw error("expected a value");
    }
    while (i < s.length() && "0123456789.eE+-".indexOf(s.charAt(i)) >= 0) {
      i++;
    }
    return Double.parseDouble(s.substring(start, i));
  }

  private void ws() {
    while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
      i++;
    }
  }

  private char peek() {
    if (i >= s.length()) {
      throw error("unexpected end");
    }
    return s.charAt(i);
  }

  private IllegalArgumentException error(String what) {
    return new IllegalArgumentException("JSON: " + what + " at " + i + ": " + s.substring(Math.max(0, i - 20), Math.min(s.length(), i + 20)));
  }
}
