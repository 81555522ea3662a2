package dev.jgrad.autograd.viz;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.ListIterator;
import java.util.Map;

/**
 * Reads JSON for the viz tests with Jackson, strictly: it fails on anything that is not JSON
 * (trailing commas, unquoted keys, NaN, duplicate keys, text after the value), so a test that
 * parses the export checks its syntax too. Objects become {@link java.util.LinkedHashMap}, arrays
 * {@link List}, and every number a {@link Double}, as JavaScript reads them.
 */
final class MiniJson {
  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private MiniJson() {}

  /** Returns the parsed value of {@code text}; throws IllegalArgumentException on bad JSON. */
  static Object parse(String text) {
    Object value;
    try {
      value = MAPPER.readValue(text, Object.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("MiniJson: " + e.getOriginalMessage(), e);
    }
    return numbersAsDoubles(value);
  }

  /** Replaces every number inside {@code root} by its double value, walking with a stack. */
  @SuppressWarnings("unchecked")
  private static Object numbersAsDoubles(Object root) {
    if (root instanceof Number n) {
      return n.doubleValue();
    }
    Deque<Object> containers = new ArrayDeque<>();
    if (root instanceof Map || root instanceof List) {
      containers.push(root);
    }
    while (!containers.isEmpty()) {
      Object container = containers.pop();
      if (container instanceof Map<?, ?> map) {
        for (Map.Entry<String, Object> e : ((Map<String, Object>) map).entrySet()) {
          if (e.getValue() instanceof Number n) {
            e.setValue(n.doubleValue());
          } else if (e.getValue() instanceof Map || e.getValue() instanceof List) {
            containers.push(e.getValue());
          }
        }
      } else {
        for (ListIterator<Object> it = ((List<Object>) container).listIterator(); it.hasNext(); ) {
          Object element = it.next();
          if (element instanceof Number n) {
            it.set(n.doubleValue());
          } else if (element instanceof Map || element instanceof List) {
            containers.push(element);
          }
        }
      }
    }
    return root;
  }
}
