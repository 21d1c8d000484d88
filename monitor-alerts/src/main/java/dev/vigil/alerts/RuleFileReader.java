package dev.vigil.alerts;

import dev.vigil.Severity;
import dev.vigil.alerts.InvalidAlertRuleException.Problem;
import dev.vigil.internal.doc.DocNode;
import dev.vigil.internal.doc.DocNode.Field;
import dev.vigil.internal.doc.DocNode.Kind;
import dev.vigil.internal.doc.DocNode.Loc;
import dev.vigil.internal.doc.DocNode.Malformed;
import dev.vigil.internal.doc.JacksonTreeReader;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.IntUnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@link AlertRules} from JSON and YAML rule files (the format is described in the module's
 * README, "Rule files"), in the manner of the classifier's rule packs: {@link JacksonTreeReader}
 * turns the text into a {@link DocNode} tree, and this class checks the tree field by field, then
 * lets {@link AlertRule.Builder#build()} and the {@link Slo} builders check each entry, collecting
 * every problem of the file into one {@link InvalidAlertRuleException}. Each problem names the
 * rule (its id, or its position such as {@code rules[3]} when it has no valid id), the field path
 * (such as {@code ratio.window}), the reason and the line and column. Only {@code
 * JacksonTreeReader} touches Jackson, after {@link #requireJackson} checked that it is there.
 *
 * <p>Stateless; thread-safe.
 */
final class RuleFileReader {

  /** The most rules, SLOs, maintenance windows and inhibit rules one file may hold, together. */
  static final int MAX_ENTRIES = 10_000;
  /** The most values (scalars, objects and arrays) one file may hold. */
  static final int MAX_VALUES = 200_000;
  /** The largest rule file read, in bytes or characters: 1 MiB. */
  static final int MAX_FILE_SIZE = 1024 * 1024;
  /** The deepest nesting of objects and arrays; a rule file needs 5. */
  static final int MAX_DEPTH = 12;
  /** The most problems listed; checking stops after as many. */
  static final int MAX_PROBLEMS = 1_000;
  /** The longest run without a space or line break in YAML (snakeyaml is quadratic in it). */
  static final int MAX_YAML_RUN = 100_000;
  /** The most characters of a value that a message echoes. */
  static final int MAX_ECHO = 60;
  /** The rule id of problems that concern the whole document. */
  static final String DOCUMENT = "(document)";

  private static final List<String> FILE_FIELDS =
      List.of("rules", "slos", "maintenance", "inhibit");
  private static final List<String> CONDITIONS =
      List.of("threshold", "percentile", "ratio", "events", "absent");
  private static final List<String> RULE_FIELDS = concat(List.of("id", "severity"), CONDITIONS,
      List.of("groupBy", "for", "keepFiringFor", "interval", "repeatInterval", "labels",
          "annotations", "runbook", "pendingEvaluations", "flapDetection", "onNoData", "onError",
          "evaluateOnEvent"));
  private static final List<String> FLAP_FIELDS = List.of("changes", "window");
  private static final List<String> TREATMENTS = List.of("BREACHING", "NOT_BREACHING", "IGNORE");
  private static final List<String> INHIBIT_FIELDS = List.of("source", "target", "equal");
  private static final List<String> COMPARISONS = List.of("above", "atLeast", "below", "atMost");
  private static final Map<String, List<String>> CONDITION_FIELDS = Map.of(
      "threshold", concat(List.of("stat", "series", "where", "window", "lastSamples"),
          COMPARISONS, List.of("clearAt")),
      "percentile", concat(List.of("q", "series", "where", "window", "lastSamples"),
          COMPARISONS, List.of("clearAt")),
      "ratio", concat(List.of("numerator", "denominator", "where", "window", "minDenominator"),
          COMPARISONS, List.of("clearAt")),
      "events", concat(List.of("minSeverity", "category", "source", "fingerprint", "window"),
          COMPARISONS,
          List.of("clearAt")),
      "absent", List.of("series", "where", "window"));
  private static final List<String> SLO_FIELDS = List.of("id", "availability", "latency",
      "objective", "compliancePeriod", "minTotal");
  private static final List<String> AVAILABILITY_FIELDS = List.of("good", "bad", "total");
  private static final List<String> SELECTOR_FIELDS = List.of("series", "where");
  private static final List<String> LATENCY_FIELDS = List.of("series", "where", "below");
  private static final List<String> MAINTENANCE_FIELDS = List.of("id", "matchers", "daily",
      "weekly", "zone", "duration", "from", "until", "createdBy", "comment");
  private static final List<String> WEEKLY_FIELDS = List.of("days", "at");
  private static final List<String> DAYS =
      List.of("MON", "TUE", "WED", "THU", "FRI", "SAT", "SUN");
  private static final Pattern TIME_OF_DAY = Pattern.compile("(\\d{1,2}):(\\d{2})(?::(\\d{2}))?");
  private static final List<String> STATS = List.of("COUNT", "SUM", "RATE", "MEAN", "MIN", "MAX");

  private static final Pattern SHORT_DURATION = Pattern.compile("(?:\\d{1,9}(?:ms|s|m|h|d))+");
  private static final Pattern DURATION_PART = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");
  /** A string that stands for an integer in a lenient document. */
  private static final Pattern INTEGER = Pattern.compile("\\s*[-+]?\\d{1,30}\\s*");
  /** A string that stands for a number in a lenient document (no hex, no NaN, no suffix). */
  private static final Pattern DECIMAL =
      Pattern.compile("\\s*[-+]?(\\d{1,30}(\\.\\d{0,30})?|\\.\\d{1,30})([eE][-+]?\\d{1,4})?\\s*");

  private RuleFileReader() {}

  @SafeVarargs
  private static List<String> concat(List<String>... lists) {
    List<String> out = new ArrayList<>();
    for (List<String> l : lists) {
      out.addAll(l);
    }
    return List.copyOf(out);
  }

  /** See {@link AlertRules#load(Path)}. */
  static AlertRules load(Path file) throws IOException {
    Path fileName = file.getFileName();
    String name = fileName == null ? file.toString() : fileName.toString();
    String lower = name.toLowerCase(Locale.ROOT);
    boolean yaml;
    if (lower.endsWith(".json")) {
      yaml = false;
    } else if (lower.endsWith(".yaml") || lower.endsWith(".yml")) {
      yaml = true;
    } else {
      throw new IllegalArgumentException("cannot tell the format of alert rule file '" + file
          + "': its name must end in .json, .yaml or .yml");
    }
    requireJackson(yaml);
    byte[] content;
    try (InputStream in = Files.newInputStream(file)) {
      content = in.readNBytes(MAX_FILE_SIZE + 1);
    }
    if (content.length > MAX_FILE_SIZE) {
      throw tooLarge(name, "bytes");
    }
    if (yaml) {
      checkRuns(name, content.length, i -> content[i]);
    }
    return read(name, () -> JacksonTreeReader.read(content, yaml, MAX_DEPTH, MAX_VALUES));
  }

  /** See {@link AlertRules#parse(String, String, boolean)}. */
  static AlertRules parse(String content, String name, boolean yaml) {
    requireJackson(yaml);
    if (content.length() > MAX_FILE_SIZE) {
      throw tooLarge(name, "characters");
    }
    String text = content.startsWith("\uFEFF") ? content.substring(1) : content;
    if (yaml) {
      checkRuns(name, text.length(), text::charAt);
    }
    return read(name, () -> JacksonTreeReader.read(text, yaml, MAX_DEPTH, MAX_VALUES));
  }

  /** See {@link AlertRules#parse(Map, String)}. */
  static AlertRules parse(Map<String, ?> document, String origin) {
    return new Checker(origin, true).file(tree(document, 1, new int[1], origin));
  }

  /** Turns maps, lists and scalars into a tree without places, checking the limits. */
  private static DocNode tree(Object value, int depth, int[] values, String origin) {
    if (++values[0] > MAX_VALUES) {
      throw new InvalidAlertRuleException(origin, List.of(new Problem(DOCUMENT, "(size)",
          "holds more than the limit of " + MAX_VALUES + " values")));
    }
    if (value instanceof Map<?, ?> map) {
      checkDepth(depth, origin);
      List<Field> fields = new ArrayList<>();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        fields.add(new Field(String.valueOf(e.getKey()), null,
            tree(e.getValue(), depth + 1, values, origin)));
      }
      return DocNode.object(null, fields);
    }
    if (value instanceof Iterable<?> || value instanceof Object[]) {
      checkDepth(depth, origin);
      Iterable<?> items = value instanceof Object[] array ? Arrays.asList(array)
          : (Iterable<?>) value;
      List<DocNode> elements = new ArrayList<>();
      for (Object item : items) {
        elements.add(tree(item, depth + 1, values, origin));
      }
      return DocNode.array(null, elements);
    }
    if (value == null) {
      return DocNode.scalar(Kind.NULL, null, null);
    }
    if (value instanceof CharSequence || value instanceof Enum<?>) {
      return DocNode.scalar(Kind.STRING, null, value.toString());
    }
    if (value instanceof Boolean) {
      return DocNode.scalar(Kind.BOOLEAN, null, value.toString());
    }
    if (value instanceof Integer || value instanceof Long || value instanceof Short
        || value instanceof Byte || value instanceof BigInteger) {
      return DocNode.integer(null, (Number) value);
    }
    if (value instanceof Number) {
      return DocNode.scalar(Kind.DECIMAL, null, value.toString());
    }
    return DocNode.scalar(Kind.OTHER, null, value.getClass().getSimpleName());
  }

  private static void checkDepth(int depth, String origin) {
    if (depth > MAX_DEPTH) {
      throw new InvalidAlertRuleException(origin, List.of(new Problem(DOCUMENT, "(depth)",
          "is nested more than the limit of " + MAX_DEPTH + " levels deep")));
    }
  }

  /** Throws an {@link IllegalStateException} naming the artifact to add if Jackson is missing. */
  static void requireJackson(boolean yaml) {
    if (!present("tools.jackson.core.JsonParser")) {
      throw new IllegalStateException("reading " + (yaml ? "YAML" : "JSON") + " alert rule files"
          + " needs Jackson 3 on the class path: add the dependency"
          + " tools.jackson.core:jackson-databind"
          + (yaml ? " and tools.jackson.dataformat:jackson-dataformat-yaml" : "")
          + " (version 3.x)");
    }
    if (yaml && !present("tools.jackson.dataformat.yaml.YAMLFactory")) {
      throw new IllegalStateException("reading YAML alert rule files needs Jackson 3's YAML module"
          + " on the class path: add the dependency"
          + " tools.jackson.dataformat:jackson-dataformat-yaml (version 3.x)");
    }
  }

  private static boolean present(String className) {
    try {
      Class.forName(className, false, RuleFileReader.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  private static InvalidAlertRuleException tooLarge(String origin, String unit) {
    return new InvalidAlertRuleException(origin, List.of(new Problem(DOCUMENT, "(size)",
        "is larger than the limit of " + MAX_FILE_SIZE + " " + unit)));
  }

  private static void checkRuns(String origin, int length, IntUnaryOperator charAt) {
    int line = 1;
    int run = 0;
    for (int i = 0; i < length; i++) {
      int c = charAt.applyAsInt(i);
      if (c == '\n') {
        line++;
        run = 0;
      } else if (c == ' ' || c == '\t' || c == '\r') {
        run = 0;
      } else if (++run > MAX_YAML_RUN) {
        throw new InvalidAlertRuleException(origin, List.of(new Problem(DOCUMENT, "(size)",
            "has more than " + MAX_YAML_RUN + " characters without a space or line break at line "
                + line + ", which YAML files may not have")));
      }
    }
  }

  private interface TreeSource {
    DocNode parse();
  }

  private static AlertRules read(String origin, TreeSource source) {
    DocNode root;
    try {
      root = source.parse();
    } catch (Malformed e) {
      throw new InvalidAlertRuleException(origin, List.of(new Problem(DOCUMENT, "(syntax)",
          e.getMessage() + (e.at() == null ? "" : " at " + e.at()))));
    }
    return new Checker(origin, false).file(root);
  }

  /**
   * Parses a duration: {@code 30s}, {@code 15m}, {@code 1h}, {@code 3d}, {@code 500ms}, several
   * such as {@code 1h30m}, or ISO-8601 such as {@code PT15M}.
   *
   * @throws IllegalArgumentException naming the value if it is none of these
   */
  static Duration duration(String s) {
    String t = s.strip();
    if (SHORT_DURATION.matcher(t).matches()) {
      Duration d = Duration.ZERO;
      Matcher m = DURATION_PART.matcher(t);
      while (m.find()) {
        long n = Long.parseLong(m.group(1));
        switch (m.group(2)) {
          case "ms": d = d.plusMillis(n); break;
          case "s": d = d.plusSeconds(n); break;
          case "m": d = d.plusMinutes(n); break;
          case "h": d = d.plusHours(n); break;
          default: d = d.plusDays(n); break;
        }
      }
      return d;
    }
    if (t.startsWith("P") || t.startsWith("p") || t.startsWith("-P") || t.startsWith("-p")) {
      try {
        return Duration.parse(t);
      } catch (DateTimeParseException e) {
        // reported below
      }
    }
    throw new IllegalArgumentException("'" + DocNode.clip(s, MAX_ECHO) + "' is not a duration"
        + " (such as 30s, 15m, 1h, 3d, 1h30m, 500ms or ISO-8601 PT15M)");
  }

  /** Parses a local time of day: {@code 03:00}, {@code 3:00} or {@code 22:30:15}. */
  static LocalTime timeOfDay(String s) {
    Matcher m = TIME_OF_DAY.matcher(s.strip());
    if (m.matches()) {
      try {
        return LocalTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
            m.group(3) == null ? 0 : Integer.parseInt(m.group(3)));
      } catch (DateTimeException e) {
        // reported below
      }
    }
    throw new IllegalArgumentException("'" + DocNode.clip(s, MAX_ECHO) + "' is not a time of day"
        + " (such as 03:00 or 22:30, quoted in YAML)");
  }

  /** Parses a day of the week: {@code SAT} or {@code SATURDAY}, in any case. */
  static DayOfWeek dayOfWeek(String s) {
    String upper = s.strip().toUpperCase(Locale.ROOT);
    for (DayOfWeek d : DayOfWeek.values()) {
      if (d.name().equals(upper) || d.name().substring(0, 3).equals(upper)) {
        return d;
      }
    }
    String hint = DocNode.suggestion(s, DAYS);
    throw new IllegalArgumentException("'" + DocNode.clip(s, MAX_ECHO) + "' is not a day of the"
        + " week" + (hint == null ? "" : " (" + hint + ")") + "; expected one of "
        + String.join(", ", DAYS));
  }

  /** Parses a time zone id such as {@code Europe/Paris}, {@code UTC} or {@code +02:00}. */
  static ZoneId zone(String s) {
    try {
      return ZoneId.of(s.strip());
    } catch (DateTimeException e) {
      String hint = s.length() > 64 ? null
          : DocNode.suggestion(s, new ArrayList<>(ZoneId.getAvailableZoneIds()));
      throw new IllegalArgumentException("'" + DocNode.clip(s, MAX_ECHO) + "' is not a time zone"
          + (hint == null ? " (such as Europe/Paris, UTC or +02:00)" : " (" + hint + ")"),
          e);
    }
  }

  /** Parses an instant with an offset: {@code 2026-01-01T00:00:00Z} or {@code …+01:00}. */
  static Instant instant(String s) {
    try {
      return OffsetDateTime.parse(s.strip()).toInstant();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("'" + DocNode.clip(s, MAX_ECHO) + "' is not an instant"
          + " (such as 2026-01-01T00:00:00Z or 2026-01-01T00:00:00+01:00)", e);
    }
  }

  /**
   * Parses a matcher from a label's value in a {@code matchers} object: {@code "=~re"} a regular
   * expression, {@code "!=v"} not equal, {@code "=v"} equal to {@code v}, anything else equal to
   * itself.
   */
  static Silence.Matcher matcher(String name, String value) {
    if (value.startsWith("=~")) {
      return new Silence.Matcher(name, Silence.Op.REGEX, value.substring(2));
    }
    if (value.startsWith("!=")) {
      return new Silence.Matcher(name, Silence.Op.NOT_EQUAL, value.substring(2));
    }
    if (value.startsWith("!~")) {
      throw new IllegalArgumentException("'" + DocNode.clip(value, MAX_ECHO) + "': '!~' (not"
          + " matching a regular expression) is not supported; use '=~' with a regular expression"
          + " or '!=' (write '=!~...' for a value that starts with '!~')");
    }
    return new Silence.Matcher(name, Silence.Op.EQUAL,
        value.startsWith("=") ? value.substring(1) : value);
  }

  private static Stat stat(String s) {
    String upper = s.toUpperCase(Locale.ROOT);
    if (upper.equals("PERCENTILE")) {
      throw new IllegalArgumentException("PERCENTILE is not a threshold stat: use"
          + " 'percentile: {q: 0.99, series: ...}' instead of 'threshold'");
    }
    if (!STATS.contains(upper)) {
      String hint = DocNode.suggestion(s, STATS);
      throw new IllegalArgumentException("'" + DocNode.clip(s, MAX_ECHO) + "' is not a stat"
          + (hint == null ? "" : " (" + hint + ")") + "; expected one of "
          + String.join(", ", STATS));
    }
    return Stat.valueOf(upper);
  }

  /** Parses a {@link Treatment}, in any case, as {@link Severity#parse} does severities. */
  static Treatment treatment(String s) {
    String upper = s.strip().toUpperCase(Locale.ROOT);
    if (!TREATMENTS.contains(upper)) {
      String hint = DocNode.suggestion(s, TREATMENTS);
      throw new IllegalArgumentException("'" + DocNode.clip(s, MAX_ECHO) + "' is not a treatment"
          + (hint == null ? "" : " (" + hint + ")") + "; expected one of "
          + String.join(", ", TREATMENTS));
    }
    return Treatment.valueOf(upper);
  }

  private static String mustBe(String expected, DocNode actual) {
    return "must be " + expected + " but was " + actual.describe(MAX_ECHO);
  }

  private static String at(DocNode n) {
    return n.at() == null ? "" : " at " + n.at();
  }

  /** The problems of one rule or SLO, named once its id is known. Not thread-safe. */
  private static final class Entry {
    private record Pending(String field, String reason, Loc at, int order) {}

    String name;
    /** Whether a string may stand for a number or a boolean (documents from properties). */
    final boolean lenient;
    final List<Pending> pending = new ArrayList<>();
    final Set<String> fieldsWithProblems = new HashSet<>();

    Entry(String name, boolean lenient) {
      this.name = name;
      this.lenient = lenient;
    }

    void add(String field, String reason, Loc at) {
      fieldsWithProblems.add(field);
      pending.add(new Pending(field, reason + (at == null ? "" : " at " + at), at,
          pending.size()));
    }

    boolean hasProblem(String field) {
      return fieldsWithProblems.contains(field);
    }

    /** Returns whether the field or a field inside it has a problem. */
    boolean hasProblemUnder(String field) {
      for (String f : fieldsWithProblems) {
        if (f.equals(field) || f.startsWith(field + ".")) {
          return true;
        }
      }
      return false;
    }

    List<Problem> problems() {
      List<Pending> sorted = new ArrayList<>(pending);
      sorted.sort(Comparator.comparingInt((Pending p) -> p.at() == null ? 0 : p.at().line())
          .thenComparingInt(p -> p.at() == null ? 0 : p.at().column())
          .thenComparingInt(Pending::order));
      List<Problem> out = new ArrayList<>();
      for (Pending p : sorted) {
        out.add(new Problem(name, p.field(), p.reason()));
      }
      return out;
    }
  }

  /** The fields of one object of the file, read with type checks. Not thread-safe. */
  private static final class Obj {
    final Entry entry;
    final String path;
    final DocNode node;
    final Map<String, Field> fields = new LinkedHashMap<>();

    Obj(Entry entry, String path, DocNode node, List<String> known) {
      this.entry = entry;
      this.path = path;
      this.node = node;
      for (Field f : node.fields()) {
        if (!known.contains(f.name())) {
          String hint = f.name().equalsIgnoreCase("pendingFor") && known.contains("for")
              ? "did you mean 'for'?" : DocNode.suggestion(f.name(), known);
          entry.add(p(DocNode.clip(f.name(), MAX_ECHO)), "is not a known field" + (hint != null
              ? " (" + hint + ")" : " (expected " + String.join(", ", known) + ")"), f.at());
          continue;
        }
        Field first = fields.putIfAbsent(f.name(), f);
        if (first != null) {
          entry.add(p(f.name()), "is given more than once (first at " + first.at() + ")",
              f.at());
        }
      }
    }

    String p(String name) {
      return path.isEmpty() ? name : path + "." + name;
    }

    boolean has(String name) {
      return fields.containsKey(name);
    }

    DocNode value(String name) {
      Field f = fields.get(name);
      return f == null ? null : f.value();
    }

    List<String> present(List<String> names) {
      List<String> out = new ArrayList<>();
      for (String name : fields.keySet()) {
        if (names.contains(name)) {
          out.add(name);
        }
      }
      return out;
    }

    /** Records a problem at the field's value, or at this object if the field is absent. */
    void problem(String name, String reason) {
      DocNode v = value(name);
      entry.add(p(name), reason, v == null ? node.at() : v.at());
    }

    void problemAtName(String name, String reason) {
      entry.add(p(name), reason, fields.get(name).at());
    }

    /** Records a problem of this object as a whole. */
    void problemHere(String reason) {
      entry.add(path, reason, node.at());
    }

    String string(String name, boolean required) {
      DocNode v = value(name);
      if (v == null) {
        if (required) {
          problem(name, "is missing");
        }
        return null;
      }
      if (v.kind() != Kind.STRING) {
        problem(name, mustBe("a string", v));
        return null;
      }
      return v.text();
    }

    Double number(String name, boolean required) {
      DocNode v = value(name);
      if (v == null) {
        if (required) {
          problem(name, "is missing");
        }
        return null;
      }
      if (v.kind() == Kind.INTEGER || v.kind() == Kind.DECIMAL
          || entry.lenient && v.kind() == Kind.STRING && DECIMAL.matcher(v.text()).matches()) {
        try {
          double d = Double.parseDouble(v.text().strip());
          if (Double.isFinite(d)) {
            return d;
          }
        } catch (NumberFormatException e) {
          // reported below
        }
      }
      problem(name, mustBe("a finite number", v));
      return null;
    }

    Integer integer(String name) {
      DocNode v = value(name);
      if (v == null) {
        return null;
      }
      BigInteger n;
      if (v.kind() == Kind.INTEGER) {
        n = v.number() instanceof BigInteger
            ? (BigInteger) v.number() : BigInteger.valueOf(v.number().longValue());
      } else if (entry.lenient && v.kind() == Kind.STRING && INTEGER.matcher(v.text()).matches()) {
        n = new BigInteger(v.text().strip());
      } else {
        problem(name, mustBe("an integer", v));
        return null;
      }
      if (n.bitLength() >= 32) {
        problem(name, "must be an integer from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE
            + " but was " + v.describe(MAX_ECHO));
        return null;
      }
      return n.intValue();
    }

    Boolean bool(String name) {
      DocNode v = value(name);
      if (v == null) {
        return null;
      }
      if (v.kind() == Kind.BOOLEAN) {
        return Boolean.valueOf(v.text());
      }
      if (entry.lenient && v.kind() == Kind.STRING
          && (v.text().strip().equalsIgnoreCase("true")
          || v.text().strip().equalsIgnoreCase("false"))) {
        return Boolean.valueOf(v.text().strip());
      }
      problem(name, mustBe("true or false", v));
      return null;
    }

    <T> T parsed(String name, boolean required, Function<String, T> parse) {
      String s = string(name, required);
      if (s == null) {
        return null;
      }
      try {
        return parse.apply(s);
      } catch (IllegalArgumentException e) {
        problem(name, DocNode.clip(e.getMessage(), 4 * MAX_ECHO + 100));
        return null;
      }
    }

    Duration duration(String name) {
      return parsed(name, false, RuleFileReader::duration);
    }

    /** Returns a string or an array of strings as a list, or null if absent or bad. */
    List<String> strings(String name) {
      DocNode v = value(name);
      if (v == null) {
        return null;
      }
      if (v.kind() == Kind.STRING) {
        return List.of(v.text());
      }
      if (v.kind() != Kind.ARRAY) {
        problem(name, mustBe("a string or an array of strings", v));
        return null;
      }
      List<String> out = new ArrayList<>();
      List<DocNode> elements = v.elements();
      for (int i = 0; i < elements.size(); i++) {
        DocNode e = elements.get(i);
        if (e.kind() == Kind.STRING) {
          out.add(e.text());
        } else {
          entry.add(p(name), "element [" + i + "] " + mustBe("a string", e), e.at());
        }
      }
      return out;
    }

    /** Returns an object of string values, in order, or null if absent or bad. */
    Map<String, String> stringMap(String name) {
      DocNode v = value(name);
      if (v == null) {
        return null;
      }
      if (v.kind() != Kind.OBJECT) {
        problem(name, mustBe("an object of strings", v));
        return null;
      }
      Map<String, String> out = new LinkedHashMap<>();
      for (Field f : v.fields()) {
        DocNode e = f.value();
        String key = p(name) + "." + DocNode.clip(f.name(), MAX_ECHO);
        if (e.kind() != Kind.STRING) {
          entry.add(key, mustBe("a string", e), e.at());
        } else if (out.putIfAbsent(f.name(), e.text()) != null) {
          entry.add(key, "is given more than once", f.at());
        }
      }
      return out;
    }

    /** Returns the nested object, or null if absent or not an object (a problem then). */
    Obj object(String name, List<String> known) {
      DocNode v = value(name);
      if (v == null) {
        return null;
      }
      if (v.kind() != Kind.OBJECT) {
        problem(name, mustBe("an object", v));
        return null;
      }
      return new Obj(entry, p(name), v, known);
    }
  }

  /** What the conditions share: filter, window, last samples, comparison, clear threshold. */
  private record Common(Map<String, String> where, Duration window, Integer lastSamples,
      Comparison comparison, Double threshold, Double clearAt) {}

  /** Checks one document's tree. Not thread-safe; one per document. */
  private static final class Checker {
    private final String origin;
    private final List<Problem> problems = new ArrayList<>();
    private final Map<String, String> seenIds = new HashMap<>();
    private final Map<String, String> seenWindowIds = new HashMap<>();
    private final boolean lenient;

    Checker(String origin, boolean lenient) {
      this.origin = origin;
      this.lenient = lenient;
    }

    AlertRules file(DocNode root) {
      List<AlertRule> rules = new ArrayList<>();
      List<Slo> slos = new ArrayList<>();
      List<MaintenanceWindow> windows = new ArrayList<>();
      List<InhibitRule> inhibitRules = new ArrayList<>();
      if (root.kind() != Kind.OBJECT) {
        throw new InvalidAlertRuleException(origin, List.of(new Problem(DOCUMENT, "(root)",
            mustBe("an object with 'rules', 'slos', 'maintenance' and/or 'inhibit'", root)
                + at(root))));
      }
      Entry doc = new Entry(DOCUMENT, lenient);
      Obj o = new Obj(doc, "", root, FILE_FIELDS);
      DocNode ruleArray = array(o, "rules");
      DocNode sloArray = array(o, "slos");
      DocNode windowArray = array(o, "maintenance");
      DocNode inhibitArray = array(o, "inhibit");
      if (!o.has("rules") && !o.has("slos") && !o.has("maintenance") && !o.has("inhibit")
          && !doc.hasProblem("rules")) {
        o.problem("rules", "is missing: an alert rule file holds 'rules', 'slos', 'maintenance'"
            + " and/or 'inhibit'");
      }
      int entries = (ruleArray == null ? 0 : ruleArray.elements().size())
          + (sloArray == null ? 0 : sloArray.elements().size())
          + (windowArray == null ? 0 : windowArray.elements().size())
          + (inhibitArray == null ? 0 : inhibitArray.elements().size());
      if (entries > MAX_ENTRIES) {
        doc.add("rules", "the file holds " + entries + " rules, SLOs, maintenance windows and"
            + " inhibit rules, more than the limit of " + MAX_ENTRIES, root.at());
        ruleArray = null;
        sloArray = null;
        windowArray = null;
        inhibitArray = null;
      }
      problems.addAll(doc.problems());
      if (ruleArray != null) {
        List<DocNode> elements = ruleArray.elements();
        for (int i = 0; i < elements.size() && problems.size() < MAX_PROBLEMS; i++) {
          AlertRule r = rule(elements.get(i), i);
          if (r != null) {
            rules.add(r);
          }
        }
      }
      if (sloArray != null) {
        List<DocNode> elements = sloArray.elements();
        for (int i = 0; i < elements.size() && problems.size() < MAX_PROBLEMS; i++) {
          Slo s = slo(elements.get(i), i);
          if (s != null) {
            slos.add(s);
          }
        }
      }
      if (windowArray != null) {
        List<DocNode> elements = windowArray.elements();
        for (int i = 0; i < elements.size() && problems.size() < MAX_PROBLEMS; i++) {
          MaintenanceWindow w = maintenance(elements.get(i), i);
          if (w != null) {
            windows.add(w);
          }
        }
      }
      if (inhibitArray != null) {
        List<DocNode> elements = inhibitArray.elements();
        for (int i = 0; i < elements.size() && problems.size() < MAX_PROBLEMS; i++) {
          InhibitRule r = inhibit(elements.get(i), i);
          if (r != null) {
            inhibitRules.add(r);
          }
        }
      }
      if (problems.size() >= MAX_PROBLEMS) {
        problems.subList(MAX_PROBLEMS, problems.size()).clear();
        problems.add(new Problem(DOCUMENT, "(problems)", "stopped checking after "
            + MAX_PROBLEMS + " problems; fix these and load the file again"));
      }
      if (!problems.isEmpty()) {
        throw new InvalidAlertRuleException(origin, problems);
      }
      return new AlertRules(origin, rules, slos, windows, inhibitRules);
    }

    private static DocNode array(Obj o, String name) {
      DocNode v = o.value(name);
      if (v != null && v.kind() != Kind.ARRAY) {
        o.problem(name, mustBe("an array", v));
        return null;
      }
      return v;
    }

    private void claimId(Obj o, String id, String position) {
      String first = seenIds.putIfAbsent(id, position);
      if (first != null) {
        o.problem("id", "'" + id + "' is used by more than one rule: " + first + " and "
            + position);
      }
    }

    /** Checks one rule; adds its problems; returns it if it has none. */
    private AlertRule rule(DocNode node, int index) {
      String position = "rules[" + index + "]";
      if (node.kind() != Kind.OBJECT) {
        problems.add(new Problem(position, "(rule)", mustBe("an object", node) + at(node)));
        return null;
      }
      Entry e = new Entry(position, lenient);
      Obj o = new Obj(e, "", node, RULE_FIELDS);
      String id = o.string("id", true);
      if (id != null && AlertRule.ID.matcher(id).matches()) {
        e.name = id;
      }
      AlertRule.Builder b = AlertRule.builder(id == null ? "" : id);

      List<String> kinds = o.present(CONDITIONS);
      if (kinds.isEmpty()) {
        e.add("condition", "is missing: a rule needs one of " + String.join(", ", CONDITIONS),
            node.at());
      }
      for (String extra : kinds.subList(Math.min(1, kinds.size()), kinds.size())) {
        o.problemAtName(extra, "cannot be combined with '" + kinds.get(0)
            + "': a rule has exactly one condition");
      }
      String kind = kinds.size() == 1 ? kinds.get(0) : null;
      Obj cond = kind == null ? null : o.object(kind, CONDITION_FIELDS.get(kind));
      Condition condition = cond == null ? null : condition(kind, cond);
      if (condition != null) {
        b.condition(condition);
      }

      Severity severity = o.parsed("severity", false, Severity::parse);
      if (severity != null) {
        b.severity(severity);
      }
      List<String> groupBy = o.strings("groupBy");
      if (groupBy != null) {
        b.groupBy(groupBy.toArray(new String[0]));
      }
      Duration pendingFor = o.duration("for");
      if (pendingFor != null) {
        b.pendingFor(pendingFor);
      }
      Duration keepFiringFor = o.duration("keepFiringFor");
      if (keepFiringFor != null) {
        b.keepFiringFor(keepFiringFor);
      }
      Duration interval = o.duration("interval");
      if (interval != null) {
        b.interval(interval);
      }
      Duration repeatInterval = o.duration("repeatInterval");
      if (repeatInterval != null) {
        b.repeatInterval(repeatInterval);
      }
      Map<String, String> labels = o.stringMap("labels");
      if (labels != null) {
        labels.forEach(b::label);
      }
      Map<String, String> annotations = o.stringMap("annotations");
      if (annotations != null) {
        annotations.forEach(b::annotation);
      }
      String runbook = o.string("runbook", false);
      if (runbook != null) {
        b.runbook(runbook);
      }
      Integer pendingEvaluations = o.integer("pendingEvaluations");
      if (pendingEvaluations != null) {
        b.pendingEvaluations(pendingEvaluations);
      }
      Obj flap = o.object("flapDetection", FLAP_FIELDS);
      if (flap != null) {
        Integer changes = flap.integer("changes");
        if (!flap.has("changes")) {
          flap.problem("changes", "is missing: how many fire and resolve changes make an alert"
              + " flap, such as 4");
        }
        Duration window = flap.duration("window");
        if (!flap.has("window")) {
          flap.problem("window", "is missing: the window the changes are counted in, such as 1h");
        }
        if (changes != null && window != null) {
          b.flapDetection(changes, window);
        }
      }
      Treatment onNoData = o.parsed("onNoData", false, RuleFileReader::treatment);
      if (onNoData != null) {
        b.onNoData(onNoData);
      }
      Treatment onError = o.parsed("onError", false, RuleFileReader::treatment);
      if (onError != null) {
        b.onError(onError);
      }
      Boolean evaluateOnEvent = o.bool("evaluateOnEvent");
      if (evaluateOnEvent != null) {
        b.evaluateOnEvent(evaluateOnEvent);
      }

      AlertRule rule = null;
      try {
        rule = b.build();
      } catch (InvalidAlertRuleException ex) {
        for (Problem p : ex.problems()) {
          String field = filePath(p.field(), kind, cond);
          if (field.equals("condition") && condition == null || e.hasProblem(field)) {
            continue; // already reported in the file's own terms
          }
          e.add(field, DocNode.clip(p.reason(), 4 * MAX_ECHO + 100), locate(node, field));
        }
      }
      if (id != null && !e.hasProblem("id")) {
        claimId(o, id, position);
      }
      problems.addAll(e.problems());
      return e.pending.isEmpty() ? rule : null;
    }

    /** Returns the file's path for a field the rule builder named. */
    private static String filePath(String field, String kind, Obj cond) {
      if (field.equals("pendingFor")) {
        return "for";
      }
      if (!field.startsWith("condition.") || kind == null) {
        return field;
      }
      String f = field.substring("condition.".length());
      switch (f) {
        case "threshold": {
          List<String> present = cond == null ? List.of() : cond.present(COMPARISONS);
          return kind + (present.isEmpty() ? "" : "." + present.get(0));
        }
        case "clearThreshold":
          return kind + ".clearAt";
        case "percentile":
          return kind + ".q";
        case "window":
          return kind + (cond != null && !cond.has("window") && cond.has("lastSamples")
              ? ".lastSamples" : ".window");
        default:
          return kind + "." + f;
      }
    }

    /** Returns where the value at a dotted path of a rule is, or the deepest object found. */
    private static Loc locate(DocNode node, String path) {
      DocNode current = node;
      for (String part : path.split("\\.")) {
        DocNode next = null;
        for (Field f : current.fields()) {
          if (f.name().equals(part)) {
            next = f.value();
            break;
          }
        }
        if (next == null) {
          break;
        }
        current = next;
      }
      return current.at();
    }

    private Condition condition(String kind, Obj o) {
      switch (kind) {
        case "threshold":
        case "percentile": {
          boolean percentile = kind.equals("percentile");
          Stat stat = percentile ? Stat.PERCENTILE : o.parsed("stat", true, RuleFileReader::stat);
          Double q = percentile ? o.number("q", true) : null;
          String series = o.string("series", true);
          Common c = common(o, true, true);
          if (stat == null || series == null || percentile && q == null) {
            return null;
          }
          ThresholdCondition t = percentile
              ? Condition.percentile(q, series) : Condition.threshold(stat, series);
          for (Map.Entry<String, String> w : c.where().entrySet()) {
            t = t.where(w.getKey(), w.getValue());
          }
          if (c.window() != null) {
            t = t.over(c.window());
          }
          if (c.lastSamples() != null) {
            t = t.lastSamples(c.lastSamples());
          }
          if (c.comparison() != null) {
            t = t.when(c.comparison(), c.threshold());
          }
          return c.clearAt() == null ? t : t.clearAt(c.clearAt());
        }
        case "ratio": {
          String numerator = o.string("numerator", true);
          List<String> denominator = o.strings("denominator");
          if (!o.has("denominator")) {
            o.problem("denominator", "is missing (a series, or an array of series)");
          }
          Double min = o.number("minDenominator", false);
          Common c = common(o, false, true);
          if (numerator == null || denominator == null) {
            return null;
          }
          RatioCondition r = Condition.ratio(numerator, denominator.toArray(new String[0]));
          for (Map.Entry<String, String> w : c.where().entrySet()) {
            r = r.where(w.getKey(), w.getValue());
          }
          if (c.window() != null) {
            r = r.over(c.window());
          }
          if (min != null) {
            r = r.minDenominator(min);
          }
          if (c.comparison() != null) {
            r = r.when(c.comparison(), c.threshold());
          }
          return c.clearAt() == null ? r : r.clearAt(c.clearAt());
        }
        case "events": {
          Severity min = o.parsed("minSeverity", true, Severity::parse);
          String category = o.string("category", false);
          String source = o.string("source", false);
          String fingerprint = o.string("fingerprint", false);
          Common c = common(o, false, true);
          if (min == null) {
            return null;
          }
          EventCountCondition ev = Condition.events(min);
          if (category != null) {
            ev = ev.category(category);
          }
          if (source != null) {
            ev = ev.source(source);
          }
          if (fingerprint != null) {
            ev = ev.fingerprint(fingerprint);
          }
          if (c.window() != null) {
            ev = ev.over(c.window());
          }
          if (c.comparison() != null) {
            ev = ev.when(c.comparison(), c.threshold());
          }
          return c.clearAt() == null ? ev : ev.clearAt(c.clearAt());
        }
        default: {
          String series = o.string("series", true);
          Common c = common(o, false, false);
          if (series == null) {
            return null;
          }
          AbsenceCondition a = Condition.absent(series);
          for (Map.Entry<String, String> w : c.where().entrySet()) {
            a = a.where(w.getKey(), w.getValue());
          }
          return c.window() == null ? a : a.over(c.window());
        }
      }
    }

    private static Common common(Obj o, boolean samples, boolean compares) {
      Map<String, String> where = o.has("where") ? o.stringMap("where") : null;
      Duration window = o.duration("window");
      Integer lastSamples = samples ? o.integer("lastSamples") : null;
      if (!o.has("window") && !(samples && o.has("lastSamples"))) {
        o.problem("window", "is missing: give a 'window' such as 15m"
            + (samples ? " (or 'lastSamples')" : ""));
      }
      Comparison comparison = null;
      Double threshold = null;
      if (compares) {
        List<String> present = o.present(COMPARISONS);
        if (present.isEmpty()) {
          o.problemHere("has no threshold: give one of 'above', 'atLeast', 'below' or 'atMost'");
        }
        for (String extra : present.subList(Math.min(1, present.size()), present.size())) {
          o.problemAtName(extra, "cannot be combined with '" + present.get(0)
              + "': give one threshold");
        }
        if (!present.isEmpty()) {
          threshold = o.number(present.get(0), true);
          if (threshold != null) {
            comparison = Comparison.values()[COMPARISONS.indexOf(present.get(0))];
          }
        }
      }
      Double clearAt = compares ? o.number("clearAt", false) : null;
      return new Common(where == null ? Map.of() : where, window, lastSamples, comparison,
          threshold, clearAt);
    }

    /** Checks one SLO; adds its problems; returns it if it has none. */
    private Slo slo(DocNode node, int index) {
      String position = "slos[" + index + "]";
      if (node.kind() != Kind.OBJECT) {
        problems.add(new Problem(position, "(slo)", mustBe("an object", node) + at(node)));
        return null;
      }
      Entry e = new Entry(position, lenient);
      Obj o = new Obj(e, "", node, SLO_FIELDS);
      String id = o.string("id", true);
      if (id != null && AlertRule.ID.matcher(id).matches()) {
        e.name = id;
      }
      List<String> kinds = o.present(List.of("availability", "latency"));
      if (kinds.isEmpty()) {
        e.add("availability", "is missing: an SLO needs 'availability' or 'latency'", node.at());
      } else if (kinds.size() > 1) {
        o.problemAtName(kinds.get(1), "cannot be combined with '" + kinds.get(0) + "'");
      }
      Double objective = o.number("objective", true);
      Duration period = o.duration("compliancePeriod");
      Double minTotal = o.number("minTotal", false);
      String kind = kinds.size() == 1 ? kinds.get(0) : null;
      Slo.Common<?> builder = null;
      if ("availability".equals(kind)) {
        Obj a = o.object(kind, AVAILABILITY_FIELDS);
        if (a != null) {
          Slo.AvailabilityBuilder ab = Slo.availability(id == null ? "" : id);
          String[] good = selector(a, "good");
          String[] bad = selector(a, "bad");
          String[] total = selector(a, "total");
          if (good != null) {
            ab.good(good[0], Arrays.copyOfRange(good, 1, good.length));
          }
          if (bad != null) {
            ab.bad(bad[0], Arrays.copyOfRange(bad, 1, bad.length));
          }
          if (total != null) {
            ab.total(total[0], Arrays.copyOfRange(total, 1, total.length));
          }
          builder = ab;
        }
      } else if ("latency".equals(kind)) {
        Obj l = o.object(kind, LATENCY_FIELDS);
        String series = l == null ? null : l.string("series", true);
        if (series != null) {
          Slo.LatencyBuilder lb = Slo.latency(id == null ? "" : id, series);
          Map<String, String> where = l.has("where") ? l.stringMap("where") : null;
          if (where != null) {
            where.forEach(lb::where);
          }
          Double below = l.number("below", true);
          if (below != null) {
            lb.below(below);
          }
          builder = lb;
        }
      }
      Slo slo = null;
      if (builder != null) {
        if (objective != null) {
          builder.objective(objective);
        }
        if (period != null) {
          builder.compliancePeriod(period);
        }
        if (minTotal != null) {
          builder.minTotal(minTotal);
        }
        try {
          slo = builder instanceof Slo.AvailabilityBuilder
              ? ((Slo.AvailabilityBuilder) builder).build()
              : ((Slo.LatencyBuilder) builder).build();
        } catch (IllegalArgumentException ex) {
          String message = String.valueOf(ex.getMessage());
          int colon = message.indexOf("': ");
          String reasons = colon < 0 ? message : message.substring(colon + 3);
          for (String reason : reasons.split("; ")) {
            String field = reason.startsWith("id ") ? "id"
                : reason.contains("objective") ? "objective"
                : reason.contains("compliance period") ? "compliancePeriod"
                : reason.startsWith("minTotal") ? "minTotal" : kind;
            if (!e.hasProblem(field)) {
              e.add(field, DocNode.clip(reason, 4 * MAX_ECHO + 100), locate(node, field));
            }
          }
        }
      }
      if (slo != null && !e.hasProblem("id")) {
        for (AlertRule r : slo.alertRules()) {
          claimId(o, r.id(), position);
        }
      }
      problems.addAll(e.problems());
      return e.pending.isEmpty() ? slo : null;
    }

    /** Checks one maintenance window; adds its problems; returns it if it has none. */
    private MaintenanceWindow maintenance(DocNode node, int index) {
      String position = "maintenance[" + index + "]";
      if (node.kind() != Kind.OBJECT) {
        problems.add(new Problem(position, "(maintenance)",
            mustBe("an object", node) + at(node)));
        return null;
      }
      Entry e = new Entry(position, lenient);
      Obj o = new Obj(e, "", node, MAINTENANCE_FIELDS);
      String id = o.string("id", true);
      if (id != null && AlertRule.ID.matcher(id).matches()) {
        e.name = id;
      }
      MaintenanceWindow.Builder b = MaintenanceWindow.builder(id == null ? "" : id);

      if (!o.has("matchers")) {
        o.problem("matchers", "is missing: a maintenance window matches at least one label,"
            + " such as {alertname: db-latency}");
      }
      matchers(o, "matchers", b::matching, b::notMatching, b::matchingRegex);

      List<String> schedules = o.present(List.of("daily", "weekly"));
      if (schedules.isEmpty()) {
        e.add("daily", "is missing: a maintenance window needs 'daily: \"03:00\"' or"
            + " 'weekly: {days: [SAT, SUN], at: \"03:00\"}'", node.at());
      } else if (schedules.size() > 1) {
        o.problemAtName(schedules.get(1), "cannot be combined with '" + schedules.get(0) + "'");
      }
      String schedule = schedules.size() == 1 ? schedules.get(0) : null;
      if ("daily".equals(schedule)) {
        LocalTime daily = time(o, "daily");
        if (daily != null) {
          b.daily(daily);
        }
      } else if ("weekly".equals(schedule)) {
        Obj w = o.object("weekly", WEEKLY_FIELDS);
        if (w != null) {
          LocalTime time = time(w, "at");
          if (!w.has("at")) {
            w.problem("at", "is missing: the local time occurrences start at, such as"
                + " \"03:00\"");
          }
          List<DayOfWeek> days = new ArrayList<>();
          List<String> names = w.strings("days");
          if (names == null) {
            if (!w.has("days")) {
              w.problem("days", "is missing: the days of the week, such as [SAT, SUN]");
            }
          } else {
            for (String name : names) {
              try {
                days.add(dayOfWeek(name));
              } catch (IllegalArgumentException ex) {
                w.problem("days", ex.getMessage());
              }
            }
            if (names.isEmpty()) {
              w.problem("days", "is empty: give at least one day of the week, such as [SAT]");
            }
          }
          if (time != null && !days.isEmpty()) {
            b.weekly(time, days.get(0), days.subList(1, days.size()).toArray(new DayOfWeek[0]));
          }
        }
      }
      ZoneId zone = o.parsed("zone", true, RuleFileReader::zone);
      if (zone != null) {
        b.zone(zone);
      }
      Duration duration = o.duration("duration");
      if (!o.has("duration")) {
        o.problem("duration", "is missing: how long each occurrence lasts, such as 1h");
      }
      if (duration != null) {
        b.duration(duration);
      }
      Instant from = o.parsed("from", false, RuleFileReader::instant);
      if (from != null) {
        b.from(from);
      }
      Instant until = o.parsed("until", false, RuleFileReader::instant);
      if (until != null) {
        b.until(until);
      }
      String createdBy = o.string("createdBy", false);
      if (createdBy != null) {
        b.createdBy(createdBy);
      }
      String comment = o.string("comment", false);
      if (comment != null) {
        b.comment(comment);
      }

      for (MaintenanceWindow.Builder.Issue issue : b.issues()) {
        String field = switch (issue.field()) {
          case "schedule" ->
              schedules.isEmpty() ? "daily" : schedules.get(schedules.size() - 1);
          default -> issue.field();
        };
        if (e.hasProblemUnder(field)) {
          continue; // already reported in the file's own terms
        }
        e.add(field, DocNode.clip(issue.reason(), 4 * MAX_ECHO + 100), locate(node, field));
      }
      if (id != null && !e.hasProblem("id")) {
        String first = seenWindowIds.putIfAbsent(id, position);
        if (first != null) {
          o.problem("id", "'" + id + "' is used by more than one maintenance window: " + first
              + " and " + position);
        }
      }
      problems.addAll(e.problems());
      return e.pending.isEmpty() ? b.build() : null;
    }

    /**
     * Reads an object of matchers (see {@link RuleFileReader#matcher}) and passes each to the
     * adder of its kind, in file order; reports the values that are not matchers. Returns the
     * matchers passed on.
     */
    private static List<Silence.Matcher> matchers(Obj o, String name,
        BiConsumer<String, String> equal, BiConsumer<String, String> notEqual,
        BiConsumer<String, String> regex) {
      List<Silence.Matcher> added = new ArrayList<>();
      Map<String, String> matchers = o.stringMap(name);
      if (matchers == null) {
        return added;
      }
      for (Field f : o.value(name).fields()) {
        String value = matchers.get(f.name());
        if (value == null) {
          continue; // not a string: reported
        }
        try {
          Silence.Matcher parsed = matcher(f.name(), value);
          BiConsumer<String, String> add = switch (parsed.op()) {
            case EQUAL -> equal;
            case NOT_EQUAL -> notEqual;
            case REGEX -> regex;
          };
          add.accept(parsed.name(), parsed.value());
          added.add(parsed);
        } catch (IllegalArgumentException ex) {
          o.entry.add(o.p(name) + "." + DocNode.clip(f.name(), MAX_ECHO), ex.getMessage(),
              f.value().at());
        }
      }
      return added;
    }

    /** Checks one inhibit rule, named {@code inhibit[i]}; adds its problems; returns it if none. */
    private InhibitRule inhibit(DocNode node, int index) {
      String position = "inhibit[" + index + "]";
      if (node.kind() != Kind.OBJECT) {
        problems.add(new Problem(position, "(inhibit)", mustBe("an object", node) + at(node)));
        return null;
      }
      Entry e = new Entry(position, lenient);
      Obj o = new Obj(e, "", node, INHIBIT_FIELDS);
      InhibitRule.Builder b = InhibitRule.builder();
      if (!o.has("source")) {
        o.problem("source", "is missing: the matchers of the alerts that inhibit, such as"
            + " {alertname: db-down}");
      }
      List<Silence.Matcher> source =
          matchers(o, "source", b::sourceMatching, b::sourceNotMatching, b::sourceMatchingRegex);
      if (!o.has("target")) {
        o.problem("target", "is missing: the matchers of the alerts inhibited, such as"
            + " {severity: WARN}");
      }
      List<Silence.Matcher> target =
          matchers(o, "target", b::targetMatching, b::targetNotMatching, b::targetMatchingRegex);
      List<String> equal = o.strings("equal");
      if (equal != null) {
        b.equal(equal.toArray(new String[0]));
      }
      InhibitRule rule = null;
      try {
        rule = b.build();
      } catch (IllegalArgumentException ex) {
        String message = String.valueOf(ex.getMessage());
        String prefix = "invalid inhibit rule: ";
        String reasons = message.startsWith(prefix) ? message.substring(prefix.length()) : message;
        for (String reason : reasons.split("; ")) {
          String field = inhibitField(reason, "source", source);
          if (field == null) {
            field = inhibitField(reason, "target", target);
          }
          if (field == null) {
            field = reason.contains("equal") ? "equal" : "source";
          }
          if (e.hasProblemUnder(field)) {
            continue; // already reported in the file's own terms
          }
          int dot = field.indexOf('.');
          if (dot > 0) {
            reason = reason.substring(dot + 1); // "source matcher x…" of field source.x
          }
          e.add(field, DocNode.clip(reason, 4 * MAX_ECHO + 100), locate(node, field));
        }
      }
      problems.addAll(e.problems());
      return e.pending.isEmpty() ? rule : null;
    }

    /**
     * Returns the file field of an {@link InhibitRule.Builder#build()} problem about the {@code
     * side} ({@code source} or {@code target}): the matcher's label, or the side itself; null if
     * the problem is not about that side.
     */
    private static String inhibitField(String reason, String side, List<Silence.Matcher> matchers) {
      for (Silence.Matcher m : matchers) {
        if (reason.startsWith(side + " matcher " + m + ":")) {
          return side + "." + DocNode.clip(m.name(), MAX_ECHO);
        }
      }
      return reason.startsWith(side + " ") || reason.startsWith("no " + side + " ") ? side : null;
    }

    private static LocalTime time(Obj o, String name) {
      DocNode v = o.value(name);
      if (v != null && v.kind() == Kind.INTEGER) {
        // YAML 1.1 reads an unquoted 03:00 as the sexagesimal number 180
        o.problem(name, mustBe("a time of day such as \"03:00\" (quote it in YAML)", v));
        return null;
      }
      return o.parsed(name, false, RuleFileReader::timeOfDay);
    }

    /** Reads an SLO's event selector: a series name, or {series, where}; {name, k, v...}. */
    private static String[] selector(Obj a, String name) {
      DocNode v = a.value(name);
      if (v == null) {
        return null;
      }
      if (v.kind() == Kind.STRING) {
        return new String[] {v.text()};
      }
      Obj s = a.object(name, SELECTOR_FIELDS);
      if (s == null) {
        return null;
      }
      String series = s.string("series", true);
      Map<String, String> where = s.has("where") ? s.stringMap("where") : null;
      if (series == null) {
        return null;
      }
      List<String> out = new ArrayList<>();
      out.add(series);
      if (where != null) {
        where.forEach((k, val) -> {
          out.add(k);
          out.add(val);
        });
      }
      return out.toArray(new String[0]);
    }
  }
}
