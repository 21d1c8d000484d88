package dev.vigil.boot.internal;

import java.util.Iterator;
import java.util.Map;

/**
 * Writes the simple values of {@link Views} (maps, lists, strings, numbers, booleans, null) as
 * JSON, so that the stream and the exports need neither Jackson line of the application.
 * Characters that could close a {@code <script>} element or break a line separator are escaped.
 */
public final class Json {

  private Json() {}

  /** Returns {@code value} as JSON text. */
  public static String write(Object value) {
    StringBuilder out = new StringBuilder(256);
    write(value, out);
    return out.toString();
  }

  /** Appends {@code value} as JSON text to {@code out}. */
  public static void write(Object value, StringBuilder out) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof CharSequence s) {
      string(s, out);
    } else if (value instanceof Boolean b) {
      out.append(b.booleanValue());
    } else if (value instanceof Double d) {
      number(d, out);
    } else if (value instanceof Float f) {
      number(f.doubleValue(), out);
    } else if (value instanceof Number n) {
      out.append(n);
    } else if (value instanceof Map<?, ?> map) {
      out.append('{');
      Iterator<? extends Map.Entry<?, ?>> it = map.entrySet().iterator();
      while (it.hasNext()) {
        Map.Entry<?, ?> e = it.next();
        string(String.valueOf(e.getKey()), out);
        out.append(':');
        write(e.getValue(), out);
        if (it.hasNext()) {
          out.append(',');
        }
      }
      out.append('}');
    } else if (value instanceof Iterable<?> list) {
      out.append('[');
      Iterator<?> it = list.iterator();
      while (it.hasNext()) {
        write(it.next(), out);
        if (it.hasNext()) {
          out.append(',');
        }
      }
      out.append(']');
    } else {
      string(value.toString(), out);
    }
  }

  private static void number(double d, StringBuilder out) {
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      out.append("null"); // JSON has no NaN or infinity
    } else if (d == Math.rint(d) && Math.abs(d) < 1e15) {
      out.append((long) d);
    } else {
      out.append(d);
    }
  }

  private static void string(CharSequence s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '<', '>', '&', '\u2028', '\u2029' -> unicode(c, out);
        default -> {
          if (c < 0x20 || Character.isSurrogate(c) && !pairedSurrogate(s, i)) {
            unicode(Character.isSurrogate(c) ? '\ufffd' : c, out);
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  /** Whether the surrogate at {@code i} is half of a valid pair (a lone one is not UTF-8). */
  private static boolean pairedSurrogate(CharSequence s, int i) {
    char c = s.charAt(i);
    if (Character.isHighSurrogate(c)) {
      return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
    }
    return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
  }

  private static void unicode(char c, StringBuilder out) {
    out.append("\\u");
    String hex = Integer.toHexString(c);
    for (int i = hex.length(); i < 4; i++) {
      out.append('0');
    }
    out.append(hex);
  }
}
