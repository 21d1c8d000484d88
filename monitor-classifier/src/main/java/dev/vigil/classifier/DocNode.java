package dev.vigil.classifier;

import java.util.List;

/**
 * One value of a parsed rule file (JSON or YAML) with the place it starts at. A plain tree that
 * {@link JacksonTreeReader} builds and {@link RulePackReader} checks, so that checking needs no
 * Jackson type. Object fields keep their order and their duplicates, which the checker reports.
 *
 * <p>Immutable after construction; not shared between threads.
 */
final class DocNode {

  /** The kind of a value; {@link #noun} is how messages name it. */
  enum Kind {
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

    final String noun;

    Kind(String noun) {
      this.noun = noun;
    }
  }

  /**
   * Thrown when a document cannot be read into a tree at all: a syntax error, or a limit on its
   * size or shape exceeded. The message names the reason, without the location.
   */
  static final class Malformed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Loc at;

    Malformed(String reason, Loc at) {
      super(reason, null, false, false);
      this.at = at;
    }

    /** Returns where the problem is, or {@code null} if the parser did not say. */
    Loc at() {
      return at;
    }
  }

  /** Where something starts in the document, 1-based. */
  record Loc(int line, int column) {
    @Override
    public String toString() {
      return "line " + line + ", column " + column;
    }
  }

  /** One field of an object: its name, where the name starts, and its value. */
  record Field(String name, Loc at, DocNode value) {}

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

  static DocNode object(Loc at, List<Field> fields) {
    return new DocNode(Kind.OBJECT, at, null, null, List.copyOf(fields), List.of());
  }

  static DocNode array(Loc at, List<DocNode> elements) {
    return new DocNode(Kind.ARRAY, at, null, null, List.of(), List.copyOf(elements));
  }

  /**
   * Returns a scalar: the string of a {@code STRING}, the literal of a number, {@code true} or
   * {@code false}, the anchor name of an {@code ALIAS}.
   */
  static DocNode scalar(Kind kind, Loc at, String text) {
    return new DocNode(kind, at, text, null, List.of(), List.of());
  }

  static DocNode integer(Loc at, Number value) {
    return new DocNode(Kind.INTEGER, at, value.toString(), value, List.of(), List.of());
  }

  Kind kind() {
    return kind;
  }

  Loc at() {
    return at;
  }

  /** Returns the text of a scalar (see {@link #scalar}), or {@code null} for a container. */
  String text() {
    return text;
  }

  /** Returns the value of an {@code INTEGER}, otherwise {@code null}. */
  Number number() {
    return number;
  }

  List<Field> fields() {
    return fields;
  }

  List<DocNode> elements() {
    return elements;
  }

  /** Describes this value for a message, echoing at most {@code maxEcho} characters of it. */
  String describe(int maxEcho) {
    switch (kind) {
      case STRING:
        return "the string '" + RulePackReader.clip(text, maxEcho) + "'";
      case INTEGER:
      case DECIMAL:
        return "the number " + RulePackReader.clip(text, maxEcho);
      case BOOLEAN:
        return text;
      case ALIAS:
        return "the YAML alias *" + RulePackReader.clip(text, maxEcho)
            + " (aliases are not supported)";
      default:
        return kind.noun;
    }
  }
}
