package dev.vigil.internal.doc;

import dev.vigil.internal.doc.DocNode.Field;
import dev.vigil.internal.doc.DocNode.Kind;
import dev.vigil.internal.doc.DocNode.Loc;
import dev.vigil.internal.doc.DocNode.Malformed;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.snakeyaml.engine.v2.api.LoadSettings;
import tools.jackson.core.ErrorReportConfiguration;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.TokenStreamFactory;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.dataformat.yaml.YAMLFactory;
import tools.jackson.dataformat.yaml.YAMLParser;

/**
 * Internal: turns the text of a JSON or YAML rule file into a {@link DocNode} tree with Jackson 3's
 * streaming parsers. The only class of the rule loader that touches Jackson: callers check that
 * Jackson is present first, and the YAML parts sit in a nested class so
 * that reading JSON never loads them.
 *
 * <p>Hostile input: the caller bounds the size; this class bounds the nesting depth and the number
 * of values, and caps what Jackson echoes of a bad token. YAML goes through Jackson's event-level
 * {@code YAMLParser}, which never constructs Java objects from tags (it only reports them as type
 * ids, which are ignored here) and never expands aliases (an alias arrives as its anchor name, and
 * becomes an {@link Kind#ALIAS} node that the checker rejects), so neither arbitrary type
 * construction nor alias bombs are possible.
 *
 * <p>Stateless; the factories are immutable and shared; thread-safe.
 */
public final class JacksonTreeReader {

  /**
   * The largest document Jackson itself accepts, in bytes or characters: 10 MiB. A backstop:
   * each caller checks its own, possibly smaller, limit before reading.
   */
  public static final int MAX_DOCUMENT_SIZE = 10 * 1024 * 1024;

  private static final int MAX_ERROR_TOKEN = 60;

  private JacksonTreeReader() {}

  /**
   * Parses a document whose encoding (UTF-8, UTF-16 or UTF-32) the parser detects.
   *
   * @throws Malformed if the content is not one well-formed document within the limits
   */
  public static DocNode read(byte[] content, boolean yaml, int maxDepth, int maxValues) {
    return read(f -> f.createParser(ObjectReadContext.empty(), content), yaml, maxDepth, maxValues);
  }

  /**
   * Parses a document given as text.
   *
   * @throws Malformed if the content is not one well-formed document within the limits
   */
  public static DocNode read(String content, boolean yaml, int maxDepth, int maxValues) {
    return read(f -> f.createParser(ObjectReadContext.empty(), content), yaml, maxDepth, maxValues);
  }

  private static DocNode read(Function<TokenStreamFactory, JsonParser> open, boolean yaml,
      int maxDepth, int maxValues) {
    try (JsonParser p = open.apply(yaml ? Yaml.factory() : Json.FACTORY)) {
      JsonToken first = p.nextToken();
      if (first == null) {
        throw new Malformed("the document is empty", new Loc(1, 1));
      }
      DocNode root = new TreeBuilder(p, yaml, maxDepth, maxValues).value(first, 1);
      if (p.nextToken() != null) {
        throw new Malformed(yaml
            ? "a rule file holds one YAML document, but another one follows"
            : "unexpected content after the end of the document", loc(p.currentTokenLocation()));
      }
      return root;
    } catch (JacksonException e) {
      throw new Malformed(describe(e), e.getLocation() == null ? null : loc(e.getLocation()));
    }
  }

  /** Returns the reason a parser gave, on one line, without YAML's source snippets. */
  static String describe(JacksonException e) {
    String message = e.getOriginalMessage();
    if (message == null) {
      return e.getClass().getSimpleName();
    }
    StringBuilder sb = new StringBuilder();
    for (String line : message.split("\\R")) {
      // YAML messages quote the source ("in reader, line 1, column 4:", the line, a caret), each
      // indented; the location is reported separately.
      if (line.isBlank() || Character.isWhitespace(line.charAt(0))) {
        continue;
      }
      if (sb.length() > 0) {
        sb.append("; ");
      }
      sb.append(line.strip());
    }
    String reason = sb.toString()
        .replaceAll("^(?:[a-z]+\\.)+[A-Za-z]+(?:Exception|Error): ", "")
        .replaceAll("\\[Source: [^;\\]]*; ", "[")
        .replaceAll(" ?\\(start marker at \\[[^\\]]*#UNKNOWN\\]\\)", "")
        .replaceAll(" ?\\(at char #\\d+, byte #-?\\d+\\)", "");
    return DocNode.clip(reason.isEmpty() ? e.getClass().getSimpleName() : reason, 300);
  }

  private static Loc loc(TokenStreamLocation l) {
    return l.getLineNr() > 0 ? new Loc(l.getLineNr(), Math.max(l.getColumnNr(), 1)) : null;
  }

  /** Builds the tree from a parser positioned on a value's first token. Not thread-safe. */
  private static final class TreeBuilder {
    private final JsonParser p;
    private final boolean yaml;
    private final int maxDepth;
    private final int maxValues;
    private int values;

    TreeBuilder(JsonParser p, boolean yaml, int maxDepth, int maxValues) {
      this.p = p;
      this.yaml = yaml;
      this.maxDepth = maxDepth;
      this.maxValues = maxValues;
    }

    DocNode value(JsonToken t, int depth) {
      Loc at = loc(p.currentTokenLocation());
      if (t == null) {
        throw new Malformed("unexpected end of the document", at);
      }
      if (++values > maxValues) {
        throw new Malformed("the document holds more than " + maxValues + " values", at);
      }
      switch (t) {
        case START_OBJECT: {
          checkDepth(depth, at);
          List<Field> fields = new ArrayList<>();
          for (JsonToken n = p.nextToken(); n != JsonToken.END_OBJECT; n = p.nextToken()) {
            String name = p.currentName();
            Loc nameAt = loc(p.currentTokenLocation());
            fields.add(new Field(name, nameAt, value(p.nextToken(), depth + 1)));
          }
          return DocNode.object(at, fields);
        }
        case START_ARRAY: {
          checkDepth(depth, at);
          List<DocNode> elements = new ArrayList<>();
          for (JsonToken n = p.nextToken(); n != JsonToken.END_ARRAY; n = p.nextToken()) {
            elements.add(value(n, depth + 1));
          }
          return DocNode.array(at, elements);
        }
        case VALUE_STRING:
          return DocNode.scalar(yaml && Yaml.isAlias(p) ? Kind.ALIAS : Kind.STRING, at, p.getString());
        case VALUE_NUMBER_INT:
          return DocNode.integer(at, p.getNumberValue());
        case VALUE_NUMBER_FLOAT:
          return DocNode.scalar(Kind.DECIMAL, at, p.getString());
        case VALUE_TRUE:
          return DocNode.scalar(Kind.BOOLEAN, at, "true");
        case VALUE_FALSE:
          return DocNode.scalar(Kind.BOOLEAN, at, "false");
        case VALUE_NULL:
          return DocNode.scalar(Kind.NULL, at, null);
        default:
          return DocNode.scalar(Kind.OTHER, at, null);
      }
    }

    private void checkDepth(int depth, Loc at) {
      if (depth > maxDepth) {
        throw new Malformed("the document nests deeper than " + maxDepth + " levels", at);
      }
    }
  }

  /** The JSON factory, in its own class so that it is built only when needed. */
  private static final class Json {
    static final JsonFactory FACTORY = JsonFactory.builder()
        .errorReportConfiguration(ErrorReportConfiguration.builder()
            .maxErrorTokenLength(MAX_ERROR_TOKEN).build())
        .streamReadConstraints(StreamReadConstraints.builder()
            .maxDocumentLength(MAX_DOCUMENT_SIZE).build())
        .build();
  }

  /** The YAML parts, in their own class so that reading JSON does not need the YAML module. */
  private static final class Yaml {
    private static final YAMLFactory FACTORY = YAMLFactory.builder()
        .errorReportConfiguration(ErrorReportConfiguration.builder()
            .maxErrorTokenLength(MAX_ERROR_TOKEN).build())
        .loadSettings(LoadSettings.builder()
            // snakeyaml-engine's default limit is 3 MiB, below the file size limit
            .setCodePointLimit(MAX_DOCUMENT_SIZE)
            // duplicate keys are reported by the checker as a problem of the rule, instead of
            // failing the whole file (disallowing them here turns on Jackson's detection)
            .setAllowDuplicateKeys(true)
            .build())
        .build();

    // Declared as TokenStreamFactory so that the caller's bytecode never names a YAML type: the
    // verifier would then load it even when only JSON is read.
    static TokenStreamFactory factory() {
      return FACTORY;
    }

    static boolean isAlias(JsonParser p) {
      return p instanceof YAMLParser && ((YAMLParser) p).isCurrentAlias();
    }
  }
}
