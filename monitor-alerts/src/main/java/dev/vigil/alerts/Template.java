package dev.vigil.alerts;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * A small, safe text template for the labels and annotations of alerts, such as
 * {@code "Upload error rate {{value | percent}} on {{labels.platform}} (threshold {{threshold}})"}.
 * A template is checked once by {@link #parse} when the alert rules are loaded and rendered by
 * {@link #render} each time an alert transitions.
 *
 * <pre>{@code
 * Template t = Template.parse("Error rate {{ value | percent }} on {{ labels.platform | upper }}");
 * t.render(Map.of("value", 0.0734, "labels", Map.of("platform", "ios")));
 * // "Error rate 7.34% on IOS"
 * }</pre>
 *
 * <h2>Syntax</h2>
 *
 * <ul>
 *   <li><b>Literal text</b> is copied as it is. A single <code>{</code>, and <code>}}</code>
 *       outside an expression, are literal text.
 *   <li><b>Escape:</b> <code>\{{</code> renders a literal <code>{{</code>. It is the only escape:
 *       any other backslash is literal text, so <code>\\{{</code> renders <code>\{{</code>. (A
 *       backslash right before an expression therefore cannot be written; pass it in a variable.)
 *   <li><b>Expressions</b> <code>{{ path }}</code> and <code>{{ path | filter | filter… }}</code>,
 *       with optional spaces, tabs and line breaks around each part. Expressions do not nest.
 *   <li><b>Paths</b> are names made of ASCII letters, digits and {@code _}, not starting with a
 *       digit, joined by dots: {@code value}, {@code labels.platform}. The first name is looked up
 *       in the variables map, each further name in the {@link Map} found so far; at most {@value
 *       #MAX_PATH_DEPTH} names. A path never calls methods of other objects.
 *   <li><b>Filters</b> (at most {@value #MAX_FILTERS} per expression), applied left to right:
 *       <ul>
 *         <li>{@code percent}: a number times 100 rounded to 2 decimals with a {@code %} sign
 *             ({@code 0.0734} → {@code 7.34%}, {@code 0.5} → {@code 50%});
 *         <li>{@code round} or {@code round(n)}: rounds half up to {@code n} decimals, {@code n}
 *             from 0 (the default) to 6;
 *         <li>{@code upper}, {@code lower}: case conversion in {@link Locale#ROOT};
 *         <li>{@code duration}: a number of seconds or a {@link Duration} as
 *             {@code 2d 1h 5m 3s} (zero parts left out, rounded to whole seconds; under one second
 *             as {@code 250ms}; zero as {@code 0s}; negative with a leading {@code -});
 *         <li>{@code default("text")}: replaces a missing value or an empty string. The argument is
 *             a double-quoted string in which {@code \"} and {@code \\} are the only escapes;
 *         <li>{@code truncate(n)}: cuts text longer than {@code n} characters (1 to {@value
 *             #MAX_OUTPUT}) to {@code n} characters, the last being {@code …}.
 *       </ul>
 *       The numeric filters ({@code percent}, {@code round}, {@code duration}) also accept strings
 *       holding a decimal number such as {@code "0.25"}; other values pass through them unchanged.
 * </ul>
 *
 * <p>There is nothing else: no method calls, no reflection, no loops or conditionals. Rendering
 * takes time linear in the size of the template and of the output.
 *
 * <h2>Values</h2>
 *
 * <ul>
 *   <li>A <b>missing</b> value (an absent key, a {@code null}, a path through something that is not
 *       a map) renders as the <b>empty string</b>; use {@code default("…")} to show something
 *       else. Filters other than {@code default} leave a missing value missing.
 *   <li><b>Numbers</b> are written in plain decimal notation without trailing zeros. Whole
 *       numbers ({@code int}, {@code long}, …) are exact. Other numbers are rounded half up to 6
 *       decimals when at least 1 in magnitude, otherwise to 6 significant digits but at most
 *       {@value #MAX_SMALL_DECIMALS} decimals: {@code 5.0} → {@code 5}, {@code 0.1 + 0.2} → {@code
 *       0.3}, {@code 1e20} → {@code 100000000000000000000}, {@code 0.000012345678} → {@code
 *       0.0000123457}. {@code NaN} renders as {@code NaN}, infinities as {@code +Inf} and {@code
 *       -Inf}.
 *   <li><b>Anything else</b> renders as {@link String#valueOf(Object)}, cut to the output limit. A
 *       value whose {@code toString()} throws renders as missing.
 * </ul>
 *
 * <p>The output is capped at {@value #MAX_OUTPUT} characters: longer output is cut and ends with
 * {@code …}. Cuts never split a surrogate pair.
 *
 * <p>The output is <b>plain text</b>, not escaped for any format. Each notifier escapes it for its
 * channel (Slack mrkdwn, HTML e-mail, JSON…); a template must not try to produce markup.
 *
 * <h2>Errors</h2>
 *
 * {@link #parse} rejects a bad template with an {@link IllegalArgumentException} whose message
 * starts with the position ({@code column 12: …}, or {@code line 2, column 5: …} when the template
 * has several lines; columns count characters from 1) followed by the reason. {@link #render}
 * never throws for any variables.
 *
 * <p>Instances are immutable and safe to share between threads. Arguments must not be {@code null}.
 */
public final class Template {

  /** The longest accepted template source, in characters. */
  public static final int MAX_LENGTH = 4096;
  /** The longest rendered output, in characters; longer output is cut and ends with {@code …}. */
  public static final int MAX_OUTPUT = 16_384;
  /** The most names in a dotted path. */
  public static final int MAX_PATH_DEPTH = 8;
  /** The most filters in one expression. */
  public static final int MAX_FILTERS = 8;
  /** The most decimals of a number below 1 in magnitude rendered without a filter. */
  static final int MAX_SMALL_DECIMALS = 12;

  private static final String ELLIPSIS = "…";
  private static final int MAX_DECIMALS = 6;
  private static final MathContext SIGNIFICANT = new MathContext(6, RoundingMode.HALF_UP);
  /** About 31,700 years: longer durations keep their number. */
  private static final BigDecimal MAX_DURATION_SECONDS = BigDecimal.valueOf(1_000_000_000_000L);
  private static final Pattern DECIMAL =
      Pattern.compile("[+-]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d{1,3})?");
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final String FILTER_NAMES =
      "percent, round, upper, lower, duration, default or truncate";

  private final String source;
  /** Literal {@code String}s and {@link Expression}s in template order. */
  private final Object[] parts;

  private Template(String source, Object[] parts) {
    this.source = source;
    this.parts = parts;
  }

  /**
   * Parses and checks {@code source}.
   *
   * @throws IllegalArgumentException if the template is longer than {@value #MAX_LENGTH}
   *     characters or not valid; the message names the position and the reason
   */
  public static Template parse(String source) {
    requireNonNull(source, "source");
    if (source.length() > MAX_LENGTH) {
      throw new Parser(source).error(
          MAX_LENGTH,
          "template is longer than " + MAX_LENGTH + " characters (" + source.length() + ")");
    }
    return new Template(source, new Parser(source).parse());
  }

  /**
   * Renders this template with {@code variables}, whose values may be {@code null} and may be
   * nested maps reached by dotted paths. Never throws, whatever the variables hold.
   *
   * @return the plain-text output, at most {@value #MAX_OUTPUT} characters
   */
  public String render(Map<String, ?> variables) {
    requireNonNull(variables, "variables");
    Output out = new Output();
    for (Object part : parts) {
      if (out.full) {
        break;
      }
      if (part instanceof String) {
        out.append((String) part);
      } else {
        out.append(((Expression) part).evaluate(variables));
      }
    }
    return out.toString();
  }

  /** Returns the source this template was parsed from. */
  public String source() {
    return source;
  }

  /** Returns the source this template was parsed from. */
  @Override
  public String toString() {
    return source;
  }

  // ---------------------------------------------------------------------------------------------
  // Parsing

  /** A single-pass parser without backtracking; one instance per {@link #parse} call. */
  private static final class Parser {
    private final String s;
    private int pos;

    Parser(String s) {
      this.s = s;
    }

    Object[] parse() {
      List<Object> parts = new ArrayList<>();
      StringBuilder literal = new StringBuilder();
      while (pos < s.length()) {
        char c = s.charAt(pos);
        if (c == '\\' && s.startsWith("{{", pos + 1)) {
          literal.append("{{");
          pos += 3;
        } else if (c == '{' && s.startsWith("{{", pos)) {
          if (literal.length() > 0) {
            parts.add(literal.toString());
            literal.setLength(0);
          }
          parts.add(expression());
        } else {
          literal.append(c);
          pos++;
        }
      }
      if (literal.length() > 0) {
        parts.add(literal.toString());
      }
      return parts.toArray();
    }

    /** Parses the expression whose {@code {{} is at {@link #pos}, and the closing braces. */
    private Expression expression() {
      int open = pos;
      pos += 2;
      skipSpace(open);
      if (s.startsWith("}}", pos)) {
        throw error(open, "empty expression");
      }
      int pathStart = pos;
      while (pos < s.length() && isTokenChar(s.charAt(pos))) {
        pos++;
      }
      if (pos == pathStart) {
        throw unexpected("a variable name");
      }
      String path = s.substring(pathStart, pos);
      String[] names = path.split("\\.", -1);
      for (String name : names) {
        if (!NAME.matcher(name).matches()) {
          throw error(
              pathStart,
              "bad variable name '" + path + "' (expected names of letters, digits and '_',"
                  + " not starting with a digit, joined by '.')");
        }
      }
      if (names.length > MAX_PATH_DEPTH) {
        throw error(
            pathStart,
            "variable path nested deeper than " + MAX_PATH_DEPTH + " levels (" + names.length + ")");
      }
      List<Filter> filters = new ArrayList<>();
      skipSpace(open);
      while (!s.startsWith("}}", pos)) {
        if (s.charAt(pos) != '|') {
          throw unexpected("'|' or '}}'");
        }
        int bar = pos++;
        if (filters.size() == MAX_FILTERS) {
          throw error(bar, "more than " + MAX_FILTERS + " filters in one expression");
        }
        skipSpace(open);
        filters.add(filter(open));
        skipSpace(open);
      }
      pos += 2;
      return new Expression(names, filters.toArray(new Filter[0]));
    }

    private Filter filter(int open) {
      int start = pos;
      while (pos < s.length() && isNameChar(s.charAt(pos))) {
        pos++;
      }
      if (pos == start) {
        throw error(start, "missing filter name after '|'");
      }
      String name = s.substring(start, pos);
      Kind kind = Kind.named(name);
      if (kind == null) {
        throw error(start, "unknown filter '" + name + "' (expected " + FILTER_NAMES + ")");
      }
      skipSpace(open);
      if (s.charAt(pos) != '(') {
        if (kind == Kind.DEFAULT) {
          throw error(start, "filter 'default' needs a quoted string, e.g. default(\"n/a\")");
        }
        if (kind == Kind.TRUNCATE) {
          throw error(start, "filter 'truncate' needs a length, e.g. truncate(80)");
        }
        return new Filter(kind, 0, null);
      }
      int paren = pos++;
      skipSpace(open);
      Filter filter;
      switch (kind) {
        case ROUND:
          filter = new Filter(kind, integer(start, "filter 'round' takes 0 to " + MAX_DECIMALS
              + " decimals", 0, MAX_DECIMALS), null);
          break;
        case TRUNCATE:
          filter = new Filter(kind, integer(start, "filter 'truncate' takes a length from 1 to "
              + MAX_OUTPUT, 1, MAX_OUTPUT), null);
          break;
        case DEFAULT:
          filter = new Filter(kind, 0, string(start));
          break;
        default:
          throw error(paren, "filter '" + name + "' takes no argument");
      }
      skipSpace(open);
      if (s.charAt(pos) != ')') {
        throw error(pos, "expected ')' after the argument of filter '" + name + "'");
      }
      pos++;
      return filter;
    }

    private int integer(int filterStart, String rule, int min, int max) {
      int start = pos;
      while (pos < s.length() && pos - start < 7 && s.charAt(pos) >= '0' && s.charAt(pos) <= '9') {
        pos++;
      }
      if (pos == start || (pos < s.length() && Character.isDigit(s.charAt(pos)))) {
        throw error(pos == start ? start : filterStart, rule);
      }
      int value = Integer.parseInt(s.substring(start, pos));
      if (value < min || value > max) {
        throw error(start, rule + " (" + value + ")");
      }
      return value;
    }

    private String string(int filterStart) {
      if (pos >= s.length() || s.charAt(pos) != '"') {
        throw error(filterStart, "filter 'default' needs a quoted string, e.g. default(\"n/a\")");
      }
      int quote = pos++;
      StringBuilder value = new StringBuilder();
      while (pos < s.length()) {
        char c = s.charAt(pos);
        if (c == '"') {
          pos++;
          return value.toString();
        }
        if (c == '\\') {
          char next = pos + 1 < s.length() ? s.charAt(pos + 1) : 0;
          if (next != '"' && next != '\\') {
            throw error(pos, "bad escape in string (only \\\" and \\\\ are allowed)");
          }
          value.append(next);
          pos += 2;
        } else {
          value.append(c);
          pos++;
        }
      }
      throw error(quote, "unclosed string");
    }

    /** Skips white space inside the expression opened at {@code open}, which must go on. */
    private void skipSpace(int open) {
      while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
        pos++;
      }
      if (pos >= s.length()) {
        throw error(open, "unclosed '{{' (no matching '}}')");
      }
    }

    /** The error for a character that cannot come next in an expression. */
    private IllegalArgumentException unexpected(String expected) {
      if (s.startsWith("{{", pos)) {
        return error(pos, "'{{' inside an expression (expressions do not nest)");
      }
      return error(pos, "unexpected '" + s.charAt(pos) + "' (expected " + expected + ")");
    }

    private static boolean isTokenChar(char c) {
      return !Character.isWhitespace(c) && c != '|' && c != '{' && c != '}';
    }

    private static boolean isNameChar(char c) {
      return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_';
    }

    IllegalArgumentException error(int index, String reason) {
      int line = 1;
      int lineStart = 0;
      for (int i = 0; i < index && i < s.length(); i++) {
        if (s.charAt(i) == '\n') {
          line++;
          lineStart = i + 1;
        }
      }
      String where = line == 1 && s.indexOf('\n') < 0
          ? "column " + (index + 1)
          : "line " + line + ", column " + (index - lineStart + 1);
      return new IllegalArgumentException(where + ": " + reason);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Rendering

  private enum Kind {
    PERCENT, ROUND, UPPER, LOWER, DURATION, DEFAULT, TRUNCATE;

    static Kind named(String name) {
      for (Kind k : values()) {
        if (k.name().toLowerCase(Locale.ROOT).equals(name)) {
          return k;
        }
      }
      return null;
    }
  }

  /** One filter; {@code number} is the integer argument, {@code text} the string argument. */
  private static final class Filter {
    final Kind kind;
    final int number;
    final String text;

    Filter(Kind kind, int number, String text) {
      this.kind = kind;
      this.number = number;
      this.text = text;
    }

    /**
     * Applies this filter to a value that is {@code null} (missing), a {@link String}, a finite
     * {@link BigDecimal}, a non-finite {@link Double} or a {@link Duration}.
     */
    Object apply(Object value) {
      if (value == null) {
        return kind == Kind.DEFAULT ? text : null;
      }
      switch (kind) {
        case PERCENT: {
          Object n = numeric(value);
          if (n instanceof BigDecimal) {
            return plain(((BigDecimal) n).movePointRight(2).setScale(2, RoundingMode.HALF_UP))
                + "%";
          }
          return n instanceof Double ? text(n) + "%" : value;
        }
        case ROUND: {
          Object n = numeric(value);
          return n instanceof BigDecimal
              ? ((BigDecimal) n).setScale(number, RoundingMode.HALF_UP)
              : value;
        }
        case DURATION:
          return duration(value);
        case UPPER:
          return text(value).toUpperCase(Locale.ROOT);
        case LOWER:
          return text(value).toLowerCase(Locale.ROOT);
        case DEFAULT:
          return value instanceof String && ((String) value).isEmpty() ? text : value;
        case TRUNCATE:
          return cut(text(value), number);
        default:
          throw new AssertionError(kind);
      }
    }
  }

  /** A path and its filters. */
  private static final class Expression {
    private final String[] path;
    private final Filter[] filters;

    Expression(String[] path, Filter[] filters) {
      this.path = path;
      this.filters = filters;
    }

    /** Returns the rendered text, empty when the value is missing; never throws. */
    String evaluate(Map<String, ?> variables) {
      try {
        Object value = normalize(lookup(variables));
        for (Filter filter : filters) {
          value = filter.apply(value);
        }
        return value == null ? "" : text(value);
      } catch (RuntimeException e) {
        return ""; // not expected: lookup and normalize already turn failures into missing values
      }
    }

    /** Returns the value at the path, {@code null} when missing or when a map's get throws. */
    private Object lookup(Map<String, ?> variables) {
      try {
        Object value = variables.get(path[0]);
        for (int i = 1; i < path.length; i++) {
          if (!(value instanceof Map)) {
            return null;
          }
          value = ((Map<?, ?>) value).get(path[i]);
        }
        return value;
      } catch (RuntimeException e) {
        return null; // e.g. a TreeMap with keys that are not strings
      }
    }
  }

  /**
   * Brings a looked-up value to one of the forms filters handle: {@code null}, a capped {@link
   * String}, a finite {@link BigDecimal}, a non-finite {@link Double} or a {@link Duration}.
   */
  static Object normalize(Object value) {
    if (value == null || value instanceof Duration) {
      return value;
    }
    if (value instanceof Number) {
      return number((Number) value);
    }
    if (value instanceof String) {
      String text = (String) value;
      return text.length() > MAX_OUTPUT ? text.substring(0, MAX_OUTPUT + 1) : text;
    }
    String text;
    try {
      text = String.valueOf(value);
    } catch (RuntimeException | StackOverflowError e) {
      // A throwing toString(), or collections that contain each other: the value is missing.
      return null;
    }
    return text.length() > MAX_OUTPUT ? text.substring(0, MAX_OUTPUT + 1) : text;
  }

  private static Object number(Number n) {
    if (n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte
        || n instanceof AtomicInteger || n instanceof AtomicLong) {
      return BigDecimal.valueOf(n.longValue());
    }
    if (n instanceof BigInteger && ((BigInteger) n).bitLength() < 64) {
      return BigDecimal.valueOf(n.longValue());
    }
    if (n instanceof BigDecimal) {
      BigDecimal d = (BigDecimal) n;
      // Keep exact decimals of sane size; a huge exponent would make plain text huge.
      if (d.precision() <= 40 && Math.abs(d.scale()) <= 400) {
        return d;
      }
    }
    if (n instanceof Float) {
      float f = n.floatValue();
      return Float.isFinite(f) ? new BigDecimal(Float.toString(f)) : (Object) (double) f;
    }
    double d = n.doubleValue();
    return Double.isFinite(d) ? BigDecimal.valueOf(d) : (Object) d;
  }

  /** The number a numeric filter works on: a normalized number, or a string holding a decimal. */
  private static Object numeric(Object value) {
    if (value instanceof BigDecimal || value instanceof Double) {
      return value;
    }
    if (value instanceof String) {
      String s = ((String) value).trim();
      if (s.length() <= 64 && DECIMAL.matcher(s).matches()) {
        return number(Double.parseDouble(s));
      }
    }
    return null;
  }

  private static Object duration(Object value) {
    BigDecimal seconds;
    if (value instanceof Duration) {
      Duration d = (Duration) value;
      seconds = BigDecimal.valueOf(d.getSeconds()).add(BigDecimal.valueOf(d.getNano(), 9));
    } else {
      Object n = numeric(value);
      if (!(n instanceof BigDecimal)) {
        return value;
      }
      seconds = (BigDecimal) n;
    }
    BigDecimal abs = seconds.abs();
    if (abs.compareTo(MAX_DURATION_SECONDS) > 0) {
      return value; // beyond any sensible duration: keep the number
    }
    String sign = seconds.signum() < 0 ? "-" : "";
    long millis = abs.movePointRight(3).setScale(0, RoundingMode.HALF_UP).longValue();
    if (millis == 0) {
      return "0s";
    }
    if (millis < 1000) {
      return sign + millis + "ms";
    }
    long total = abs.setScale(0, RoundingMode.HALF_UP).longValue();
    long[] amounts = {total / 86_400, total % 86_400 / 3600, total % 3600 / 60, total % 60};
    String[] units = {"d", "h", "m", "s"};
    StringBuilder out = new StringBuilder(sign);
    for (int i = 0; i < amounts.length; i++) {
      if (amounts[i] != 0) {
        if (out.length() > sign.length()) {
          out.append(' ');
        }
        out.append(amounts[i]).append(units[i]);
      }
    }
    return out.toString();
  }

  /** The text of a normalized value. */
  private static String text(Object value) {
    if (value instanceof BigDecimal) {
      BigDecimal d = (BigDecimal) value;
      if (d.scale() > 0) {
        if (d.abs().compareTo(BigDecimal.ONE) >= 0) {
          d = d.setScale(Math.min(d.scale(), MAX_DECIMALS), RoundingMode.HALF_UP);
        } else {
          d = d.round(SIGNIFICANT);
          d = d.setScale(Math.min(d.scale(), MAX_SMALL_DECIMALS), RoundingMode.HALF_UP);
        }
      }
      return plain(d);
    }
    if (value instanceof Double) {
      double d = (Double) value;
      return Double.isNaN(d) ? "NaN" : d > 0 ? "+Inf" : "-Inf";
    }
    return String.valueOf(value);
  }

  private static String plain(BigDecimal d) {
    return d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
  }

  /** Cuts {@code s} to at most {@code max} characters, the last being {@code …}. */
  private static String cut(String s, int max) {
    if (s.length() <= max) {
      return s;
    }
    int keep = max - 1;
    if (keep > 0 && Character.isHighSurrogate(s.charAt(keep - 1))) {
      keep--;
    }
    return s.substring(0, keep) + ELLIPSIS;
  }

  /** The output buffer, capped at {@link #MAX_OUTPUT}. */
  private static final class Output {
    private final StringBuilder out = new StringBuilder();
    boolean full;

    void append(String s) {
      if (out.length() + s.length() <= MAX_OUTPUT) {
        out.append(s);
        return;
      }
      int keep = MAX_OUTPUT - 1 - out.length();
      if (keep >= 0) {
        if (keep > 0 && Character.isHighSurrogate(s.charAt(keep - 1))) {
          keep--;
        }
        out.append(s, 0, keep);
      } else {
        int length = MAX_OUTPUT - 1;
        if (Character.isHighSurrogate(out.charAt(length - 1))) {
          length--;
        }
        out.setLength(length);
      }
      out.append(ELLIPSIS);
      full = true;
    }

    @Override
    public String toString() {
      return out.toString();
    }
  }
}
