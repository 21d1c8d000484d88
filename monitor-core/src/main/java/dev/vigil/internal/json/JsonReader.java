package dev.vigil.internal.json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A strict RFC 8259 JSON parser into plain Java values, for reading JSON log lines without a JSON
 * library.
 *
 * <p><b>Values.</b> An object becomes a {@code LinkedHashMap<String, Object>} in the order of its
 * members; when a key repeats, the last value wins (at the position of the first occurrence). An
 * array becomes an {@code ArrayList<Object>}; a string a {@code String}; {@code true} and
 * {@code false} a {@code Boolean}; {@code null} the sentinel {@link #NULL}, never Java
 * {@code null}, so that every value is non-null and {@code map.get(key) == null} means only that
 * the key is absent. A number without fraction or exponent that fits in a {@code long} becomes a
 * {@code Long} ({@code -0} is {@code 0L}); every other number becomes a {@code Double} (integers
 * beyond the range of {@code long} lose precision, {@code -0.0} keeps its sign, and a number too
 * small for a {@code double}, such as {@code 1e-400}, becomes {@code 0.0}). A number too large
 * for a {@code double}, such as {@code 1e309}, is rejected, so every {@code Double} is finite and
 * can be written back as JSON.
 *
 * <p><b>Strictness.</b> Exactly one value, with optional whitespace (space, tab, line feed,
 * carriage return) around it and between tokens. Rejected, each with its own message: comments,
 * trailing commas, {@code NaN} and {@code Infinity}, single quotes, unquoted keys, leading zeros,
 * a {@code +} sign, control characters (below U+0020) inside strings, unknown escapes, a byte-order
 * mark. <code>&#92;u</code> escapes are decoded one UTF-16 unit at a time: an escaped surrogate
 * pair becomes one supplementary character, and a lone escaped surrogate is kept as that unit
 * rather than rejected (as most parsers do; log lines are cut at arbitrary points). Unescaped
 * lone surrogates in the text are likewise kept.
 *
 * <p><b>Errors</b> are {@link JsonException}s whose message says what was expected and where, as
 * in {@code "expected ':' after object key but found '=' at column 17"}. Nesting arrays and
 * objects more than {@code maxDepth} deep is an error naming the limit.
 *
 * <p><b>Cost.</b> The parser is iterative, so no input can overflow the stack, and it reads each
 * character a bounded number of times: time and memory are linear in the length of the text
 * (a non-{@code String} {@code CharSequence} is copied once). A 320-character logstash line
 * took about 0.55 µs (up to 1.1 µs on a loaded 2-core machine); a 10 MB string about 10 ms, an
 * array of 5 million numbers about 150 ms.
 *
 * <p>Stateless and thread-safe: each call uses its own state.
 */
public final class JsonReader {

  /** The value of a JSON {@code null}; its {@code toString()} is {@code "null"}. */
  public static final Object NULL = new Null();

  private final String s;
  private final int len;
  private final int maxDepth;
  private int pos;

  private JsonReader(String s, int maxDepth) {
    this.s = s;
    this.len = s.length();
    this.maxDepth = maxDepth;
  }

  /**
   * Parses a complete JSON text.
   *
   * @param text the JSON text, with nothing but whitespace around the value
   * @param maxDepth how deeply arrays and objects may nest: 0 allows only a scalar, 1 an array or
   *     object of scalars, and so on; the parser needs no stack, so any value is safe
   * @return a {@code Map<String, Object>}, {@code List<Object>}, {@code String}, {@code Long},
   *     {@code Double}, {@code Boolean} or {@link #NULL}; never {@code null}
   * @throws JsonException if the text is not valid JSON or nests deeper than {@code maxDepth}
   * @throws IllegalArgumentException if {@code maxDepth} is negative
   */
  public static Object parse(CharSequence text, int maxDepth) throws JsonException {
    Objects.requireNonNull(text, "text");
    if (maxDepth < 0) {
      throw new IllegalArgumentException("maxDepth must be at least 0, was " + maxDepth);
    }
    return new JsonReader(text.toString(), maxDepth).document();
  }

  private Object document() throws JsonException {
    skipWhitespace();
    Object value = value();
    skipWhitespace();
    if (pos < len) {
      throw isComment(pos)
          ? fail("comments are not allowed", pos)
          : fail("unexpected " + describe(s.charAt(pos)) + " after the JSON value", pos);
    }
    return value;
  }

  /** An array or object being filled; frames are reused for siblings at the same depth. */
  private static final class Frame {
    Map<String, Object> map; // exactly one of map and list is set
    List<Object> list;
    String key; // the key of the member whose value is being parsed
  }

  /**
   * Parses one value starting at {@code pos} (whitespace already skipped), using an explicit
   * stack of open arrays and objects instead of recursion.
   */
  private Object value() throws JsonException {
    Frame[] stack = new Frame[4];
    int depth = 0;
    while (true) {
      // pos is at the start of a value
      if (pos >= len) {
        throw expected("a value", pos);
      }
      Object value;
      char c = s.charAt(pos);
      if (c == '{' || c == '[') {
        if (depth == maxDepth) {
          throw fail("nesting deeper than the limit of " + maxDepth + " arrays and objects", pos);
        }
        pos++;
        skipWhitespace();
        char close = c == '{' ? '}' : ']';
        if (pos < len && s.charAt(pos) == close) {
          pos++;
          value = c == '{' ? new LinkedHashMap<String, Object>() : new ArrayList<Object>();
        } else {
          if (depth == stack.length) {
            Frame[] bigger = new Frame[depth * 2];
            System.arraycopy(stack, 0, bigger, 0, depth);
            stack = bigger;
          }
          Frame f = stack[depth];
          if (f == null) {
            f = stack[depth] = new Frame();
          }
          if (c == '{') {
            f.map = new LinkedHashMap<>();
            f.list = null;
            f.key = key(false);
          } else {
            f.list = new ArrayList<>();
            f.map = null;
          }
          depth++;
          continue;
        }
      } else {
        value = scalar(c);
      }
      // add the value to the enclosing containers, closing those that end here
      while (true) {
        if (depth == 0) {
          return value;
        }
        Frame f = stack[depth - 1];
        skipWhitespace();
        char next = pos < len ? s.charAt(pos) : 0;
        if (f.list != null) {
          f.list.add(value);
          if (next == ',') {
            pos++;
            skipWhitespace();
            if (pos < len && s.charAt(pos) == ']') {
              throw fail("trailing comma before ']'", pos);
            }
            break;
          } else if (next == ']' && pos < len) {
            pos++;
            value = f.list;
            f.list = null;
            depth--;
          } else {
            throw expected("',' or ']' after an array element", pos);
          }
        } else {
          f.map.put(f.key, value);
          if (next == ',') {
            pos++;
            skipWhitespace();
            f.key = key(true);
            break;
          } else if (next == '}' && pos < len) {
            pos++;
            value = f.map;
            f.map = null;
            depth--;
          } else {
            throw expected("',' or '}' after an object member", pos);
          }
        }
      }
    }
  }

  /** Reads a member's key and its colon, and the whitespace after them. */
  private String key(boolean afterComma) throws JsonException {
    if (pos < len && s.charAt(pos) != '"') {
      char c = s.charAt(pos);
      if (c == '}' && afterComma) {
        throw fail("trailing comma before '}'", pos);
      } else if (c == '\'') {
        throw fail("single quotes are not allowed, expected a key in double quotes", pos);
      }
    }
    if (pos >= len || s.charAt(pos) != '"') {
      throw expected("a string key in double quotes", pos);
    }
    String key = string();
    skipWhitespace();
    if (pos >= len || s.charAt(pos) != ':') {
      throw expected("':' after object key", pos);
    }
    pos++;
    skipWhitespace();
    return key;
  }

  private Object scalar(char c) throws JsonException {
    switch (c) {
      case '"':
        return string();
      case 't':
        return literal("true", Boolean.TRUE);
      case 'f':
        return literal("false", Boolean.FALSE);
      case 'n':
        return literal("null", NULL);
      case '-': case '0': case '1': case '2': case '3': case '4':
      case '5': case '6': case '7': case '8': case '9':
        return number();
      case '\'':
        throw fail("single quotes are not allowed, strings use double quotes", pos);
      case 'N':
        if (s.startsWith("NaN", pos)) {
          throw fail("NaN is not allowed in JSON", pos);
        }
        break;
      case 'I':
        if (s.startsWith("Infinity", pos)) {
          throw fail("Infinity is not allowed in JSON", pos);
        }
        break;
      case '+':
        throw fail("a number must not start with '+'", pos);
      default:
        break;
    }
    throw expected("a value", pos);
  }

  private Object literal(String word, Object value) throws JsonException {
    if (!s.startsWith(word, pos)) {
      throw fail("invalid literal, expected '" + word + "'", pos);
    }
    pos += word.length();
    return value;
  }

  /** Reads a string starting at its opening quote. */
  private String string() throws JsonException {
    int start = ++pos;
    for (int i = start; i < len; i++) {
      char c = s.charAt(i);
      if (c == '"') {
        pos = i + 1;
        return s.substring(start, i);
      } else if (c == '\\') {
        return escapedString(start, i);
      } else if (c < 0x20) {
        throw controlCharacter(c, i);
      }
    }
    throw fail("unterminated string starting", start - 1);
  }

  /** Reads the rest of a string from its first backslash at {@code i}. */
  private String escapedString(int start, int i) throws JsonException {
    StringBuilder sb = new StringBuilder(i - start + 16);
    sb.append(s, start, i);
    while (i < len) {
      char c = s.charAt(i);
      if (c == '"') {
        pos = i + 1;
        return sb.toString();
      } else if (c == '\\') {
        if (i + 1 >= len) {
          break;
        }
        char e = s.charAt(i + 1);
        switch (e) {
          case '"': case '\\': case '/':
            sb.append(e);
            break;
          case 'b':
            sb.append('\b');
            break;
          case 'f':
            sb.append('\f');
            break;
          case 'n':
            sb.append('\n');
            break;
          case 'r':
            sb.append('\r');
            break;
          case 't':
            sb.append('\t');
            break;
          case 'u':
            sb.append(hex4(i));
            i += 4;
            break;
          default:
            throw fail("invalid escape '\\" + (e >= 0x20 && e < 0x7f ? e : describe(e))
                + "' in a string", i);
        }
        i += 2;
      } else if (c < 0x20) {
        throw controlCharacter(c, i);
      } else {
        int run = i + 1; // copy the run of ordinary characters in one call
        while (run < len) {
          char r = s.charAt(run);
          if (r == '"' || r == '\\' || r < 0x20) {
            break;
          }
          run++;
        }
        sb.append(s, i, run);
        i = run;
      }
    }
    throw fail("unterminated string starting", start - 1);
  }

  /** Decodes the four hex digits of the {@code \}{@code u} escape at {@code i}. */
  private char hex4(int i) throws JsonException {
    int v = 0;
    for (int k = i + 2; k < i + 6; k++) {
      int d = k < len ? Character.digit(s.charAt(k), 16) : -1;
      if (d < 0 || s.charAt(k) > 'f') { // Character.digit also accepts non-ASCII digits
        throw fail("invalid \\u escape, expected four hex digits", i);
      }
      v = v << 4 | d;
    }
    return (char) v;
  }

  private Object number() throws JsonException {
    int start = pos;
    boolean negative = s.charAt(pos) == '-';
    if (negative) {
      pos++;
      if (pos < len && s.charAt(pos) == 'I' && s.startsWith("Infinity", pos)) {
        throw fail("Infinity is not allowed in JSON", start);
      }
      if (pos >= len || !isDigit(s.charAt(pos))) {
        throw expected("a digit after '-'", pos);
      }
    }
    long acc = 0; // accumulated negatively, so Long.MIN_VALUE fits
    boolean fits = true;
    if (s.charAt(pos) == '0') {
      pos++;
      if (pos < len && isDigit(s.charAt(pos))) {
        throw fail("leading zeros are not allowed in numbers", pos - 1);
      }
    } else {
      char c;
      while (pos < len && isDigit(c = s.charAt(pos))) {
        int d = c - '0';
        if (acc < Long.MIN_VALUE / 10 || acc == Long.MIN_VALUE / 10 && d > 8) {
          fits = false;
        }
        acc = acc * 10 - d;
        pos++;
      }
    }
    boolean integral = true;
    if (pos < len && s.charAt(pos) == '.') {
      integral = false;
      pos++;
      if (pos >= len || !isDigit(s.charAt(pos))) {
        throw expected("a digit after the decimal point", pos);
      }
      skipDigits();
    }
    if (pos < len && (s.charAt(pos) == 'e' || s.charAt(pos) == 'E')) {
      integral = false;
      pos++;
      if (pos < len && (s.charAt(pos) == '+' || s.charAt(pos) == '-')) {
        pos++;
      }
      if (pos >= len || !isDigit(s.charAt(pos))) {
        throw expected("a digit in the exponent", pos);
      }
      skipDigits();
    }
    if (integral && fits) {
      if (negative) {
        return acc;
      } else if (acc != Long.MIN_VALUE) {
        return -acc;
      }
    }
    // FloatingDecimal reads at most ~1,100 significant digits, so this is linear too
    double d = Double.parseDouble(s.substring(start, pos));
    if (Double.isInfinite(d)) {
      throw fail("number out of range, beyond ±" + Double.MAX_VALUE, start);
    }
    return d;
  }

  private void skipDigits() {
    while (pos < len && isDigit(s.charAt(pos))) {
      pos++;
    }
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private void skipWhitespace() {
    while (pos < len) {
      char c = s.charAt(pos);
      if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
        return;
      }
      pos++;
    }
  }

  private JsonException controlCharacter(char c, int at) {
    return fail("control character " + describe(c) + " must be escaped in a string", at);
  }

  /** Says what was expected at {@code at} and what was found there instead. */
  private JsonException expected(String what, int at) {
    if (at >= len) {
      return fail("expected " + what + " but the input ended", at);
    }
    if (isComment(at)) {
      return fail("comments are not allowed", at);
    }
    return fail("expected " + what + " but found " + describe(s.charAt(at)), at);
  }

  private boolean isComment(int at) {
    return s.charAt(at) == '/' && at + 1 < len
        && (s.charAt(at + 1) == '/' || s.charAt(at + 1) == '*');
  }

  private JsonException fail(String message, int at) {
    int line = 1;
    int lineStart = 0;
    for (int i = 0; i < at && i < len; i++) {
      if (s.charAt(i) == '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    int column = at - lineStart + 1;
    String where = line == 1 ? "column " + column : "line " + line + ", column " + column;
    return new JsonException(message + " at " + where, at);
  }

  private static String describe(char c) {
    if (c >= 0x20 && c < 0x7f) {
      return "'" + c + "'";
    }
    String hex = Integer.toHexString(c).toUpperCase(Locale.ROOT);
    return "U+" + "0000".substring(hex.length()) + hex;
  }

  private static final class Null {
    @Override
    public String toString() {
      return "null";
    }
  }
}
