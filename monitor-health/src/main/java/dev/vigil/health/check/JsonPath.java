package dev.vigil.health.check;

import dev.vigil.internal.json.JsonReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A tiny JSON path: {@code $} followed by member names ({@code .a}, {@code ['a b']}) and array
 * indexes ({@code [0]}), as in {@code $.items[0].status}; no wildcards, filters or slices.
 * Immutable.
 */
final class JsonPath {

  private final String text;
  /** Each step: a {@code String} member name or an {@code Integer} index. */
  private final List<Object> steps;

  private JsonPath(String text, List<Object> steps) {
    this.text = text;
    this.steps = List.copyOf(steps);
  }

  /**
   * Parses {@code text}.
   *
   * @throws IllegalArgumentException naming the position of the first error
   */
  static JsonPath parse(String text) {
    if (text == null || !text.startsWith("$")) {
      throw new IllegalArgumentException("must start with '$'");
    }
    List<Object> steps = new ArrayList<>();
    int i = 1;
    int n = text.length();
    while (i < n) {
      char c = text.charAt(i);
      if (c == '.') {
        int start = ++i;
        while (i < n && text.charAt(i) != '.' && text.charAt(i) != '[') {
          i++;
        }
        if (i == start) {
          throw new IllegalArgumentException("empty member name at " + start);
        }
        steps.add(text.substring(start, i));
      } else if (c == '[') {
        int close = text.indexOf(']', i);
        if (close < 0) {
          throw new IllegalArgumentException("'[' at " + i + " is not closed");
        }
        String inner = text.substring(i + 1, close);
        if (inner.length() >= 2 && (inner.startsWith("'") && inner.endsWith("'")
            || inner.startsWith("\"") && inner.endsWith("\""))) {
          steps.add(inner.substring(1, inner.length() - 1));
        } else if (inner.matches("[0-9]{1,9}")) {
          steps.add(Integer.valueOf(inner));
        } else {
          throw new IllegalArgumentException("'[" + inner + "]' at " + i
              + " is neither an index nor a quoted name");
        }
        i = close + 1;
      } else {
        throw new IllegalArgumentException("unexpected '" + c + "' at " + i);
      }
    }
    return new JsonPath(text, steps);
  }

  /** Returns the value at this path in {@code root} (as parsed by {@link JsonReader}), if any. */
  Optional<Object> find(Object root) {
    Object at = root;
    for (Object step : steps) {
      if (step instanceof String && at instanceof Map) {
        at = ((Map<?, ?>) at).get(step);
      } else if (step instanceof Integer && at instanceof List) {
        List<?> list = (List<?>) at;
        int index = (Integer) step;
        at = index < list.size() ? list.get(index) : null;
      } else {
        return Optional.empty();
      }
      if (at == null) {
        return Optional.empty();
      }
    }
    return Optional.of(at);
  }

  /**
   * Returns {@code value} (from {@link #find}) as text for comparing: a string as is, numbers,
   * booleans and null as JSON writes them, arrays and objects as {@code [...]} and {@code {...}}.
   */
  static String text(Object value) {
    if (value instanceof Map) {
      return "{...}";
    }
    if (value instanceof List) {
      return "[...]";
    }
    return String.valueOf(value);
  }

  @Override
  public String toString() {
    return text;
  }
}
