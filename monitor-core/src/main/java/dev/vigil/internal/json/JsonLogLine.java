package dev.vigil.internal.json;

import dev.vigil.LogLevel;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The fields of one structured (JSON) log line, found under the names the common JSON log formats
 * give them: logstash-logback-encoder, Elastic Common Schema (ECS, nested or with dotted keys),
 * Docker's json-file driver, pino, bunyan, Python's structlog and python-json-logger, zap, logrus,
 * Go's slog, Google Cloud Logging, and Vigil's own seed format ({@code timestamp, level, service,
 * message, context, requestId}).
 *
 * <p><b>Aliases.</b> Keys are case-sensitive. For each field the aliases are tried in the order
 * listed; the first one present whose value is usable wins, and a value that is not usable (wrong
 * type, empty, unparseable) stays in the {@linkplain #context() context}. An alias with dots,
 * such as {@code log.level}, matches a top-level key with that literal name first (ECS loggers
 * write {@code "log.level":"info"}), then nested objects ({@code "log":{"level":"info"}}). JSON
 * {@code null} counts as absent. Aliases beyond the usual lists are marked (added).
 * <ul>
 *   <li>timestamp: {@code @timestamp, timestamp, time, ts, date, datetime, asctime} (added:
 *       python-json-logger's default format writes {@code asctime}); ISO-8601 text with or
 *       without zone (without one it is UTC; {@code 2026-11-21 10:00:00,123} works), or epoch
 *       seconds (below 10<sup>11</sup>, possibly fractional), milliseconds (below
 *       10<sup>14</sup>), microseconds (below 10<sup>17</sup>) or nanoseconds, as a number or a
 *       string of digits; zero and negative numbers count as unset.
 *   <li>level: {@code level, severity, lvl, levelname, log.level, loglevel}; a string is returned
 *       as found, for {@link LogLevel#parse}; a number becomes a level name: pino/bunyan's 10
 *       TRACE, 20 DEBUG, 30 INFO, 40 WARN, 50 ERROR, 60 FATAL (and the values between, up to 69),
 *       or syslog's 0 to 7 (GELF): 0–2 FATAL, 3 ERROR, 4 WARN, 5–6 INFO, 7 DEBUG.
 *   <li>message: {@code message, msg, log, text, event}; strings only, not empty; for
 *       {@code log} (Docker) the trailing line break is removed.
 *   <li>logger: {@code logger, logger_name, loggerName, log.logger, name}; {@code name} (bunyan)
 *       only when a message was found, as a lone {@code name} is more likely data.
 *   <li>thread: {@code thread, thread_name, threadName, process.thread.name} (added: ECS);
 *       strings only, so Python's numeric {@code thread} id gives way to its {@code threadName}.
 *   <li>source: {@code service, service.name, app, application, source, container_name};
 *       strings only; {@code source} is skipped when it is {@code stdout} or {@code stderr} (the
 *       stream, in Fluentd's Docker records); a leading {@code /} of {@code container_name} is
 *       removed. {@code host} and {@code hostname} are not sources: they name a machine, not a
 *       service, and stay in the context.
 *   <li>exception: {@code stack_trace, exception, error.stack_trace, error, err, exc_info,
 *       stack, stacktrace} (added: zap's); a string is the exception text, except under
 *       {@code error} and {@code err},
 *       which often hold a plain error message and count only as objects; from an object, its
 *       {@code stack} or {@code stack_trace}, else {@code "type: message"}, its {@code message}
 *       or its {@code type}. When no top-level alias matches, the same aliases are tried inside
 *       the context objects below, so the seed format's {@code context.error.stack} is found.
 * </ul>
 *
 * <p><b>Context.</b> Every other field, flattened to text: nested objects give dotted keys
 * ({@code "http":{"status":500}} gives {@code http.status=500}), except that the objects named
 * {@code mdc, context, ctx, fields, extra, labels} at the top level give their members' keys
 * without the prefix ({@code mdc.requestId} gives {@code requestId}). Strings are kept as they
 * are; other values, arrays, empty objects and objects nested more than 8 deep become compact
 * JSON text; empty objects among those named above give nothing. When two fields give the same
 * key, the first in document order stays. The context is bounded whatever the line: at most
 * {@value #MAX_CONTEXT_ENTRIES} entries (later ones are dropped), keys of at most
 * {@value #MAX_KEY_LENGTH} and values of at most {@value #MAX_VALUE_LENGTH} characters, longer ones
 * cut and ending with {@code …}. Its order is document order.
 *
 * <p>Instances are immutable and thread-safe. Accessors return {@code null} for a field the line
 * does not have, except {@link #context()}, which is never null.
 */
public final class JsonLogLine {

  /** The most entries {@link #context()} holds. */
  public static final int MAX_CONTEXT_ENTRIES = 64;
  /** The longest key in {@link #context()}, including the {@code …} that marks a cut. */
  public static final int MAX_KEY_LENGTH = 128;
  /** The longest value in {@link #context()}, including the {@code …} that marks a cut. */
  public static final int MAX_VALUE_LENGTH = 1024;
  /** How many levels of nested objects are flattened into dotted keys. */
  static final int MAX_FLATTEN_DEPTH = 8;

  private static final Alias[] TIMESTAMP =
      aliases("@timestamp", "timestamp", "time", "ts", "date", "datetime", "asctime");
  private static final Alias[] LEVEL =
      aliases("level", "severity", "lvl", "levelname", "log.level", "loglevel");
  private static final Alias[] MESSAGE = aliases("message", "msg", "log", "text", "event");
  private static final Alias[] LOGGER =
      aliases("logger", "logger_name", "loggerName", "log.logger", "name");
  private static final Alias[] THREAD =
      aliases("thread", "thread_name", "threadName", "process.thread.name");
  private static final Alias[] SOURCE =
      aliases("service", "service.name", "app", "application", "source", "container_name");
  private static final Alias[] EXCEPTION = aliases(
      "stack_trace", "exception", "error.stack_trace", "error", "err", "exc_info", "stack",
      "stacktrace");
  private static final List<String> CONTAINERS =
      List.of("mdc", "context", "ctx", "fields", "extra", "labels");
  private static final Set<String> CONTAINER_SET = Set.copyOf(CONTAINERS);

  private final Instant timestamp;
  private final String level;
  private final String message;
  private final String logger;
  private final String thread;
  private final String source;
  private final String exception;
  private final Map<String, String> context;

  private JsonLogLine(Mapper m) {
    this.timestamp = m.timestamp;
    this.level = m.level;
    this.message = m.message;
    this.logger = m.logger;
    this.thread = m.thread;
    this.source = m.source;
    this.exception = m.exception;
    this.context = Collections.unmodifiableMap(m.context);
  }

  /**
   * Parses a JSON log line and maps it if it is an object.
   *
   * @param maxDepth the deepest nesting allowed, as for {@link JsonReader#parse}
   * @return the mapped line, or {@code null} if the line is valid JSON but not an object (a
   *     string, number, array...): the caller should then treat the line as raw text
   * @throws JsonException if the line is not valid JSON (it may be a plain-text log line)
   */
  public static JsonLogLine parseLine(CharSequence line, int maxDepth) throws JsonException {
    Object value = JsonReader.parse(line, maxDepth);
    return value instanceof Map ? map((Map<?, ?>) value) : null;
  }

  /**
   * Maps a parsed JSON object, such as {@link JsonReader#parse} returns. Never throws on any
   * content: values of unexpected types are treated as unusable, Java {@code null} values as
   * absent, and objects are not modified. Besides a fixed number of lookups, it makes at most one
   * pass over the members of each object it flattens, and stops once the context is full.
   */
  public static JsonLogLine from(Map<String, ?> object) {
    return map(Objects.requireNonNull(object, "object"));
  }

  private static JsonLogLine map(Map<?, ?> object) {
    Mapper m = new Mapper(object);
    m.map();
    return new JsonLogLine(m);
  }

  /** Returns when the event happened, or {@code null} if the line has no usable timestamp. */
  public Instant timestamp() {
    return timestamp;
  }

  /**
   * Returns the level as the line has it (a string such as {@code "warning"}, or a level name for
   * a numeric level), for {@link LogLevel#parse}; {@code null} if absent.
   */
  public String level() {
    return level;
  }

  /** Returns the message, or {@code null} if the line has none. */
  public String message() {
    return message;
  }

  /** Returns the logger (category) name, or {@code null}. */
  public String logger() {
    return logger;
  }

  /** Returns the thread name, or {@code null}. */
  public String thread() {
    return thread;
  }

  /** Returns the service or application that logged the line, or {@code null}. */
  public String source() {
    return source;
  }

  /** Returns the exception text (usually a stack trace), or {@code null}. */
  public String exception() {
    return exception;
  }

  /** Returns the remaining fields, flattened and bounded; unmodifiable, in document order. */
  public Map<String, String> context() {
    return context;
  }

  @Override
  public String toString() {
    return "JsonLogLine{timestamp=" + timestamp + ", level=" + level + ", message=" + message
        + ", logger=" + logger + ", thread=" + thread + ", source=" + source + ", exception="
        + exception + ", context=" + context + '}';
  }

  /**
   * A field name to look for. A name with dots can also be found nested: for each dot, {@code
   * heads[i]} is the part before it and {@code tails[i]} the rest, looked for inside the object
   * under the head.
   */
  private static final class Alias {
    final String path;
    final String[] heads;
    final Alias[] tails;

    Alias(String path) {
      this.path = path;
      int dots = (int) path.chars().filter(c -> c == '.').count();
      this.heads = new String[dots];
      this.tails = new Alias[dots];
      for (int i = 0, dot = path.indexOf('.'); i < dots; i++, dot = path.indexOf('.', dot + 1)) {
        heads[i] = path.substring(0, dot);
        tails[i] = new Alias(path.substring(dot + 1));
      }
    }
  }

  private static Alias[] aliases(String... paths) {
    Alias[] a = new Alias[paths.length];
    for (int i = 0; i < paths.length; i++) {
      a[i] = new Alias(paths[i]);
    }
    return a;
  }

  /** Turns the value found under an alias into a field, or returns {@code null} if unusable. */
  private interface Converter {
    String convert(String alias, Object value);
  }

  /** The state of mapping one object; used once, by one thread. */
  private static final class Mapper {
    final Map<?, ?> root;
    Instant timestamp;
    String level;
    String message;
    String logger;
    String thread;
    String source;
    String exception;
    final Map<String, String> context = new LinkedHashMap<>();

    /** Where the last successful lookup found its value. */
    Map<?, ?> foundIn;
    Object foundKey;
    /** The (object, key) pairs that became fields and are left out of the context. */
    final Object[] consumedIn = new Object[16];
    final Object[] consumedKeys = new Object[16];
    int consumed;

    Mapper(Map<?, ?> root) {
      this.root = root;
    }

    void map() {
      for (Alias a : TIMESTAMP) {
        Instant t = Timestamps.parse(lookup(root, a));
        if (t != null) {
          consume();
          timestamp = t;
          break;
        }
      }
      level = first(LEVEL, (alias, v) -> levelOf(v));
      message = first(MESSAGE, (alias, v) -> {
        if (!(v instanceof String) || ((String) v).isEmpty()) {
          return null;
        }
        String s = (String) v;
        if (alias.equals("log")) {
          int end = s.length();
          if (end > 0 && s.charAt(end - 1) == '\n') {
            end--;
          }
          if (end > 0 && s.charAt(end - 1) == '\r') {
            end--;
          }
          s = s.substring(0, end);
        }
        return s;
      });
      logger = first(LOGGER, (alias, v) ->
          alias.equals("name") && message == null ? null : nonEmptyString(v));
      thread = first(THREAD, (alias, v) -> nonEmptyString(v));
      source = first(SOURCE, (alias, v) -> {
        String s = nonEmptyString(v);
        if (s == null || alias.equals("source") && (s.equals("stdout") || s.equals("stderr"))) {
          return null;
        } else if (alias.equals("container_name") && s.startsWith("/") && s.length() > 1) {
          return s.substring(1);
        }
        return s;
      });
      exception = exception(root);
      for (int i = 0; i < CONTAINERS.size() && exception == null; i++) {
        Object container = root.get(CONTAINERS.get(i));
        if (container instanceof Map) {
          exception = exception((Map<?, ?>) container);
        }
      }
      flattenContext();
    }

    private String first(Alias[] aliases, Converter converter) {
      for (Alias a : aliases) {
        Object v = lookup(root, a);
        if (v != null) {
          String field = converter.convert(a.path, v);
          if (field != null) {
            consume();
            return field;
          }
        }
      }
      return null;
    }

    /**
     * Returns the usable value under an alias, literal or nested, remembering where it was; or
     * {@code null}. The recursion is as deep as the alias has dots.
     */
    private Object lookup(Map<?, ?> map, Alias a) {
      Object v = map.get(a.path);
      if (v != null && v != JsonReader.NULL) {
        foundIn = map;
        foundKey = a.path;
        return v;
      }
      for (int i = 0; i < a.heads.length; i++) {
        Object inner = map.get(a.heads[i]);
        if (inner instanceof Map) {
          v = lookup((Map<?, ?>) inner, a.tails[i]);
          if (v != null) {
            return v;
          }
        }
      }
      return null;
    }

    private void consume() {
      consume(foundIn, foundKey);
    }

    private void consume(Map<?, ?> in, Object key) {
      consumedIn[consumed] = in;
      consumedKeys[consumed] = key;
      consumed++;
    }

    private boolean isConsumed(Map<?, ?> in, Object key) {
      for (int i = 0; i < consumed; i++) {
        if (consumedIn[i] == in && consumedKeys[i].equals(key)) {
          return true;
        }
      }
      return false;
    }

    private String exception(Map<?, ?> map) {
      for (Alias a : EXCEPTION) {
        Object v = lookup(map, a);
        if (v instanceof String) {
          boolean messageOnly = a.path.equals("error") || a.path.equals("err");
          if (!messageOnly && !((String) v).isEmpty()) {
            consume();
            return (String) v;
          }
        } else if (v instanceof Map) {
          String text = exceptionText((Map<?, ?>) v);
          if (text != null) {
            return text;
          }
        }
      }
      return null;
    }

    /** Returns the text of an exception object, consuming the members it used. */
    private String exceptionText(Map<?, ?> error) {
      for (String key : new String[] {"stack", "stack_trace"}) {
        String stack = nonEmptyString(error.get(key));
        if (stack != null) {
          consume(error, key);
          return stack;
        }
      }
      String type = nonEmptyString(error.get("type"));
      String message = nonEmptyString(error.get("message"));
      if (type != null) {
        consume(error, "type");
      }
      if (message != null) {
        consume(error, "message");
      }
      return type == null ? message : message == null ? type : type + ": " + message;
    }

    private void flattenContext() {
      for (Map.Entry<?, ?> e : root.entrySet()) {
        if (context.size() >= MAX_CONTEXT_ENTRIES) {
          return;
        }
        Object value = e.getValue();
        if (value == null || isConsumed(root, e.getKey())) {
          continue;
        }
        String key = clip(String.valueOf(e.getKey()));
        if (value instanceof Map && CONTAINER_SET.contains(key)) {
          flattenMembers("", (Map<?, ?>) value, 1);
        } else {
          flatten(key, value, 0);
        }
      }
    }

    private void flatten(String key, Object value, int depth) {
      if (value instanceof Map && !((Map<?, ?>) value).isEmpty() && depth < MAX_FLATTEN_DEPTH) {
        flattenMembers(key + '.', (Map<?, ?>) value, depth + 1);
      } else {
        context.putIfAbsent(cut(key, MAX_KEY_LENGTH), cut(render(value), MAX_VALUE_LENGTH));
      }
    }

    private void flattenMembers(String prefix, Map<?, ?> object, int depth) {
      for (Map.Entry<?, ?> e : object.entrySet()) {
        if (context.size() >= MAX_CONTEXT_ENTRIES) {
          return;
        }
        Object value = e.getValue();
        if (value != null && !isConsumed(object, e.getKey())) {
          flatten(clip(prefix + clip(String.valueOf(e.getKey()))), value, depth);
        }
      }
    }
  }

  private static String levelOf(Object v) {
    if (v instanceof String) {
      return ((String) v).isBlank() ? null : (String) v;
    } else if (v instanceof Long || v instanceof Integer) {
      return levelName(((Number) v).longValue());
    } else if (v instanceof Double && (Double) v == Math.rint((Double) v)) {
      return levelName(((Double) v).longValue());
    }
    return null;
  }

  private static String levelName(long n) {
    LogLevel level;
    if (n >= 0 && n <= 7) { // syslog
      level = n <= 2 ? LogLevel.FATAL : n == 3 ? LogLevel.ERROR : n == 4 ? LogLevel.WARN
          : n <= 6 ? LogLevel.INFO : LogLevel.DEBUG;
    } else if (n >= 10 && n < 70) { // pino, bunyan
      level = LogLevel.values()[(int) (n / 10) - 1];
    } else {
      return null;
    }
    return level.name();
  }

  private static String nonEmptyString(Object v) {
    return v instanceof String && !((String) v).isEmpty() ? (String) v : null;
  }

  /** Shortens a key being built so that it is still known to be too long, but no longer. */
  private static String clip(String s) {
    return s.length() > MAX_KEY_LENGTH + 1 ? s.substring(0, MAX_KEY_LENGTH + 1) : s;
  }

  /** Cuts {@code s} to {@code max} chars ending in {@code …}, never between a surrogate pair. */
  static String cut(String s, int max) {
    if (s.length() <= max) {
      return s;
    }
    int end = max - 1;
    if (Character.isHighSurrogate(s.charAt(end - 1))) {
      end--;
    }
    return s.substring(0, end) + '…';
  }

  /**
   * Returns arrays and objects as compact JSON, stopping past the limit, and other values as
   * their text (a string as it is, a number or literal as JSON writes it).
   */
  private static String render(Object value) {
    if (value instanceof Map || value instanceof List) {
      StringBuilder sb = new StringBuilder();
      writeJson(sb, value);
      return sb.toString();
    }
    return value.toString();
  }

  /**
   * Writes a value as compact JSON until the text is longer than {@link #MAX_VALUE_LENGTH}. Each
   * level of nesting writes a character before it recurses, so the recursion is no deeper than the
   * limit, whatever the value.
   */
  private static void writeJson(StringBuilder sb, Object value) {
    if (sb.length() > MAX_VALUE_LENGTH) {
      return;
    }
    if (value instanceof Map) {
      sb.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
        if (sb.length() > MAX_VALUE_LENGTH) {
          return;
        }
        if (!first) {
          sb.append(',');
        }
        first = false;
        writeString(sb, String.valueOf(e.getKey()));
        sb.append(':');
        writeJson(sb, e.getValue());
      }
      sb.append('}');
    } else if (value instanceof List) {
      sb.append('[');
      boolean first = true;
      for (Object element : (List<?>) value) {
        if (sb.length() > MAX_VALUE_LENGTH) {
          return;
        }
        if (!first) {
          sb.append(',');
        }
        first = false;
        writeJson(sb, element);
      }
      sb.append(']');
    } else if (value == null || value == JsonReader.NULL) {
      sb.append("null");
    } else if (value instanceof Number || value instanceof Boolean) {
      sb.append(value);
    } else {
      writeString(sb, value.toString());
    }
  }

  private static void writeString(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length() && sb.length() <= MAX_VALUE_LENGTH; i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"':
          sb.append("\\\"");
          break;
        case '\\':
          sb.append("\\\\");
          break;
        case '\n':
          sb.append("\\n");
          break;
        case '\r':
          sb.append("\\r");
          break;
        case '\t':
          sb.append("\\t");
          break;
        default:
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
      }
    }
    sb.append('"');
  }
}
