package dev.vigil.internal.doc;

import java.util.List;
import java.util.Locale;

/**
 * Internal: one value of a parsed rule file (JSON or YAML) with the place it starts at. A plain
 * tree that {@link JacksonTreeReader} builds and the rule file readers (classifier rule packs,
 * alert rules) check, so that checking needs no
 * Jackson type. Object fields keep their order and their duplicates, which the checker reports.
 *
 * <p>Immutable after construction; not shared between threads.
 */
public final class DocNode {

  /** The kind of a value; {@link #noun} is how messages name it. */
  public enum Kind {
    OBJECT("an object"),
    ARRAY("an array"),
    STRING("a string"),
    INTEGER("an integer"),
    DECIMAL("a decimal number"),
    BOOLEAN("a boolean"),
    NULL("null"),
    /** A YAML alias ({@code *name}); never expanded, always reported. */
    ALIAS("a YAML alias"),
    /** Anything else a parser can report, such as YAML binary data. */
    OTHER("an unsupported value");

    /** How messages name the kind. */
    public final String noun;

    Kind(String noun) {
      this.noun = noun;
    }
  }

  /**
   * Thrown when a document cannot be read into a tree at all: a syntax error, or a limit on its
   * size or shape exceeded. The message names the reason, without the location.
   */
  public static final class Malformed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Loc at;

    Malformed(String reason, Loc at) {
      super(reason, null, false, false);
      this.at = at;
    }

    /** Returns where the problem is, or {@code null} if the parser did not say. */
    public Loc at() {
      return at;
    }
  }

  /** Where something starts in the document, 1-based. */
  public record Loc(int line, int column) {
    @Override
    public String toString() {
      return "line " + line + ", column " + column;
    }
  }

  /** One field of an object: its name, where the name starts, and its value. */
  public record Field(String name, Loc at, DocNode value) {}

  private final Kind kind;
  private final Loc at;
  private final String text;
  private final Number number;
  private final List<Field> fields;
  private final List<DocNode> elements;

  private DocNode(Kind kind, Loc at, String text, Number number, List<Field> fields,
      List<DocNode> elements) {
    this.kind = kind;
    this.at = at;
    this.text = text;
    this.number = number;
    this.fields = fields;
    this.elements = elements;
  }

  public static DocNode object(Loc at, List<Field> fields) {
    return new DocNode(Kind.OBJECT, at, null, null, List.copyOf(fields), List.of());
  }

  public static DocNode array(Loc at, List<DocNode> elements) {
    return new DocNode(Kind.ARRAY, at, null, null, List.of(), List.copyOf(elements));
  }

  /**
   * Returns a scalar: the string of a {@code STRING}, the literal of a number, {@code true} or
   * {@code false}, the anchor name of an {@code ALIAS}.
   */
  public static DocNode scalar(Kind kind, Loc at, String text) {
    return new DocNode(kind, at, text, null, List.of(), List.of());
  }

  public static DocNode integer(Loc at, Number value) {
    return new DocNode(Kind.INTEGER, at, value.toString(), value, List.of(), List.of());
  }

  public Kind kind() {
    return kind;
  }

  public Loc at() {
    return at;
  }

  /** Returns the text of a scalar (see {@link #scalar}), or {@code null} for a container. */
  public String text() {
    return text;
  }

  /** Returns the value of an {@code INTEGER}, otherwise {@code null}. */
  public Number number() {
    return number;
  }

  public List<Field> fields() {
    return fields;
  }

  public List<DocNode> elements() {
    return elements;
  }

  /** Describes this value for a message, echoing at most {@code maxEcho} characters of it. */
  public String describe(int maxEcho) {
    switch (kind) {
      case STRING:
        return "the string '" + clip(text, maxEcho) + "'";
      case INTEGER:
      case DECIMAL:
        return "the number " + clip(text, maxEcho);
      case BOOLEAN:
        return text;
      case ALIAS:
        return "the YAML alias *" + clip(text, maxEcho)
            + " (aliases are not supported)";
      default:
        return kind.noun;
    }
  }

  /** Returns {@code s}, or its first {@code max} characters and "...". */
  public static String clip(String s, int max) {
    if (s == null || s.length() <= max) {
      return s;
    }
    int end = Character.isHighSurrogate(s.charAt(max - 1)) ? max - 1 : max;
    return s.substring(0, end) + "...";
  }

  /**
   * Returns "did you mean 'x'?" for the known name closest to {@code name}, comparing without
   * case, '-' and '_', if it is close enough to be a typo; otherwise {@code null}.
   */
  public static String suggestion(String name, List<String> known) {
    String n = normalize(name);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String k : known) {
      int d = editDistance(n, normalize(k), 3);
      if (d < bestDistance) {
        best = k;
        bestDistance = d;
      }
    }
    int allowed = n.length() <= 4 ? 1 : n.length() <= 8 ? 2 : 3;
    return bestDistance <= allowed ? "did you mean '" + best + "'?" : null;
  }

  private static String normalize(String s) {
    return s.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
  }

  /** Returns the Levenshtein distance of a and b, or {@code limit + 1} if it is above limit. */
  public static int editDistance(String a, String b, int limit) {
    if (Math.abs(a.length() - b.length()) > limit || a.length() > 64 || b.length() > 64) {
      return limit + 1;
    }
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return Math.min(prev[b.length()], limit + 1);
  }
}
