package dev.vigil.classifier;

import dev.vigil.LogLevel;
import dev.vigil.Severity;
import dev.vigil.classifier.InvalidRulesException.Problem;
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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.IntUnaryOperator;

/**
 * Reads {@link RulePack}s from JSON and YAML rule files (the format is described in the module's
 * README, "Rule files").
 *
 * <p>Parsing and checking are separate: {@link JacksonTreeReader} turns the text into a
 * {@link DocNode} tree, and this class checks the tree field by field, then lets
 * {@link Rule.Builder#build()} check each rule, collecting every problem of the file into one
 * {@link InvalidRulesException}. Each problem names the rule (its id, or its position such as
 * {@code rules[3]} when it has no valid id), the field, the reason and the place in the file.
 * Only {@code JacksonTreeReader} touches Jackson, and only after {@link #requireJackson} has
 * checked that it is there, so that this class and {@link RulePack} load without Jackson.
 *
 * <p>Stateless; thread-safe.
 */
final class RulePackReader {

  /** The largest rule file read, in bytes (or characters, for text given as a string). */
  static final int MAX_FILE_SIZE = 10 * 1024 * 1024;
  /** The most rules one file may hold. */
  static final int MAX_RULES = 100_000;
  /**
   * The longest run of characters without a space or line break in a YAML file: snakeyaml-engine
   * takes time quadratic in the length of such a run (seconds for a megabyte).
   */
  static final int MAX_YAML_RUN = 100_000;
  /** The most values (scalars, objects and arrays) one file may hold. */
  static final int MAX_VALUES = 2_000_000;
  /** The deepest nesting of objects and arrays; a rule file needs 4. */
  static final int MAX_DEPTH = 16;
  /** The most problems listed; checking stops after as many. */
  static final int MAX_PROBLEMS = 1_000;
  /** The most characters of a value that a message echoes. */
  static final int MAX_ECHO = 60;

  /** The rule id of problems that concern the whole document. */
  static final String DOCUMENT = "(document)";

  static final List<String> RULE_FIELDS = List.of("id", "keyword", "keywords", "regex",
      "factors", "severity", "category", "priority", "caseSensitive", "wholeWord", "levelAtLeast",
      "levelAtMost", "loggerPrefix", "source", "description");
  private static final List<String> PACK_FIELDS = List.of("name", "rules");
  private static final List<String> PATTERN_FIELDS = List.of("keyword", "keywords", "regex");

  private RulePackReader() {}

  /** See {@link RulePack#load(Path)}. */
  static RulePack load(Path file) throws IOException {
    Path fileName = file.getFileName();
    String name = fileName == null ? file.toString() : fileName.toString();
    String lower = name.toLowerCase(Locale.ROOT);
    boolean yaml;
    if (lower.endsWith(".json")) {
      yaml = false;
    } else if (lower.endsWith(".yaml") || lower.endsWith(".yml")) {
      yaml = true;
    } else {
      throw new IllegalArgumentException("cannot tell the format of rule file '" + file
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

  /** See {@link RulePack#parse(String, String, boolean)}. */
  static RulePack parse(String content, String name, boolean yaml) {
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

  /**
   * Throws an {@link IllegalStateException} naming the artifact to add if Jackson (for YAML, its
   * YAML module) is not on the class path.
   */
  static void requireJackson(boolean yaml) {
    if (!present("tools.jackson.core.JsonParser")) {
      throw new IllegalStateException("reading " + (yaml ? "YAML" : "JSON") + " rule files needs "
          + "Jackson 3 on the class path: add the dependency tools.jackson.core:jackson-databind"
          + (yaml ? " and tools.jackson.dataformat:jackson-dataformat-yaml" : "")
          + " (version 3.x)");
    }
    if (yaml && !present("tools.jackson.dataformat.yaml.YAMLFactory")) {
      throw new IllegalStateException("reading YAML rule files needs Jackson 3's YAML module on "
          + "the class path: add the dependency tools.jackson.dataformat:jackson-dataformat-yaml"
          + " (version 3.x)");
    }
  }

  private static boolean present(String className) {
    try {
      Class.forName(className, false, RulePackReader.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  private static InvalidRulesException tooLarge(String origin, String unit) {
    return new InvalidRulesException(origin, List.of(new Problem(DOCUMENT, "(size)",
        "is larger than the limit of " + MAX_FILE_SIZE + " " + unit)));
  }

  /** Throws if the text has a run longer than {@link #MAX_YAML_RUN}; see there. */
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
        throw new InvalidRulesException(origin, List.of(new Problem(DOCUMENT, "(size)",
            "has more than " + MAX_YAML_RUN + " characters without a space or line break at line "
                + line + ", which YAML files may not have")));
      }
    }
  }

  /** Something that parses a document into a tree, or throws {@link Malformed}. */
  private interface TreeSource {
    DocNode parse();
  }

  private static RulePack read(String origin, TreeSource source) {
    DocNode root;
    try {
      root = source.parse();
    } catch (Malformed e) {
      throw new InvalidRulesException(origin, List.of(new Problem(DOCUMENT, "(syntax)",
          e.getMessage() + (e.at() == null ? "" : " at " + e.at()))));
    }
    return new Checker(origin).pack(root);
  }

  /** Checks one document's tree. Not thread-safe; one per document. */
  private static final class Checker {
    private final String origin;
    private final List<Problem> problems = new ArrayList<>();

    Checker(String origin) {
      this.origin = origin;
    }

    RulePack pack(DocNode root) {
      String name = origin;
      DocNode rules = null;
      if (root.kind() == Kind.ARRAY) {
        rules = root;
      } else if (root.kind() == Kind.OBJECT) {
        ObjectFields f = new ObjectFields(root, PACK_FIELDS, "a field of a rule file", "");
        String n = f.string("name");
        if (n != null && n.isBlank()) {
          f.problemAtValue("name", "is blank");
        } else if (n != null) {
          name = n;
        }
        if (!f.has("rules")) {
          f.problemInObject("rules", f.hasUnknown("id")
              ? "is missing: a rule file holds {name, rules: [...]} or an array of rules,"
                  + " not a single rule"
              : "is missing (the array of rules)");
        } else {
          rules = f.array("rules", "an array of rules");
        }
        problems.addAll(f.problems(DOCUMENT));
      } else {
        problems.add(new Problem(DOCUMENT, "(root)", mustBe(
            "an object with 'name' and 'rules', or an array of rules", root) + at(root)));
      }

      List<Rule> built = new ArrayList<>();
      if (rules != null && rules.elements().size() > MAX_RULES) {
        problems.add(new Problem(DOCUMENT, "rules", "holds " + rules.elements().size()
            + " rules, more than the limit of " + MAX_RULES));
      } else if (rules != null) {
        Map<String, String> seenIds = new HashMap<>();
        List<DocNode> elements = rules.elements();
        for (int i = 0; i < elements.size() && problems.size() < MAX_PROBLEMS; i++) {
          Rule r = rule(elements.get(i), i, seenIds);
          if (r != null) {
            built.add(r);
          }
        }
        if (problems.size() >= MAX_PROBLEMS) {
          problems.subList(MAX_PROBLEMS, problems.size()).clear();
          problems.add(new Problem(DOCUMENT, "(problems)", "stopped checking after "
              + MAX_PROBLEMS + " problems; fix these and load the file again"));
        }
      }
      if (!problems.isEmpty()) {
        throw new InvalidRulesException(origin, problems);
      }
      return RulePack.of(name, built);
    }

    /** Checks one rule; adds its problems; returns it if it has none. */
    private Rule rule(DocNode node, int index, Map<String, String> seenIds) {
      String position = "rules[" + index + "]";
      if (node.kind() != Kind.OBJECT) {
        problems.add(new Problem(position, "(rule)", mustBe("an object", node) + at(node)));
        return null;
      }
      ObjectFields f = new ObjectFields(node, RULE_FIELDS, "a rule field",
          " in the rule at " + node.at());

      String id = f.string("id");
      List<String> present = f.present(PATTERN_FIELDS);
      boolean patternBad = present.size() != 1;
      if (present.isEmpty()) {
        f.problemInObject("keywords", "is missing: a rule needs 'keywords' (or 'keyword') or 'regex'");
      }
      for (String extra : present.subList(Math.min(1, present.size()), present.size())) {
        f.problemAtName(extra, "cannot be combined with '" + present.get(0)
            + "': give exactly one of 'keyword', 'keywords' or 'regex'");
      }
      Rule.Builder b;
      if (present.size() == 1 && present.get(0).equals("regex")) {
        b = Rule.regex(id, f.string("regex"));
      } else {
        List<String> keywords = new ArrayList<>();
        if (f.has("keyword")) {
          String k = f.string("keyword");
          if (k != null) {
            keywords.add(k);
          }
        }
        if (f.has("keywords")) {
          List<String> ks = f.strings("keywords");
          if (ks != null) {
            keywords.addAll(ks);
          }
        }
        b = Rule.keywords(id, keywords.toArray(new String[0]));
      }
      List<String> factors = f.strings("factors");
      if (factors != null) {
        b.factors(factors.toArray(new String[0]));
      }
      Severity severity = f.parsed("severity", Severity::parse);
      if (severity != null) {
        b.severity(severity);
      }
      String category = f.string("category");
      if (category != null) {
        b.category(category);
      }
      Integer priority = f.integer("priority");
      if (priority != null) {
        b.priority(priority);
      }
      Boolean caseSensitive = f.bool("caseSensitive");
      if (caseSensitive != null) {
        b.caseSensitive(caseSensitive);
      }
      Boolean wholeWord = f.bool("wholeWord");
      if (wholeWord != null) {
        b.wholeWord(wholeWord);
      }
      LogLevel atLeast = f.parsed("levelAtLeast", LogLevel::parse);
      if (atLeast != null) {
        b.levelAtLeast(atLeast);
      }
      LogLevel atMost = f.parsed("levelAtMost", LogLevel::parse);
      if (atMost != null) {
        b.levelAtMost(atMost);
      }
      String loggerPrefix = f.string("loggerPrefix");
      if (loggerPrefix != null) {
        b.loggerPrefix(loggerPrefix);
      }
      String source = f.string("source");
      if (source != null) {
        b.source(source);
      }
      String description = f.string("description");
      if (description != null) {
        b.description(description);
      }

      Rule rule = null;
      List<Problem> ruleProblems = List.of();
      try {
        rule = b.build();
      } catch (InvalidRulesException e) {
        ruleProblems = e.problems();
      }
      boolean idValid = id != null;
      for (Problem p : ruleProblems) {
        String field = p.field();
        if (field.equals("id")) {
          idValid = false;
        }
        if (field.equals("keywords") && f.has("keyword")) {
          field = "keyword";
        }
        if (f.hasProblem(field) || patternBad
            && (PATTERN_FIELDS.contains(field) || field.equals("factors"))) {
          continue; // already reported in the file's own terms
        }
        f.problemAtValue(field, f.clipValues(p.reason()));
      }
      if (idValid) {
        String first = seenIds.putIfAbsent(id, position);
        if (first != null) {
          f.problemAtValue("id", "is used by more than one rule: " + first + " and " + position);
        }
      }
      String ruleName = idValid ? id : position;
      problems.addAll(f.problems(ruleName));
      return f.problemCount() == 0 ? rule : null;
    }
  }

  /**
   * The fields of one object (a rule, or the document), read with type checks that record
   * problems in the file's terms, each with its place. Not thread-safe.
   */
  private static final class ObjectFields {
    private final DocNode object;
    private final String inObject;
    private final Map<String, Field> fields = new LinkedHashMap<>();
    private final Set<String> unknown = new HashSet<>();
    private final List<Pending> pending = new ArrayList<>();
    private final Set<String> fieldsWithProblems = new HashSet<>();

    private record Pending(String field, String reason, Loc at, int order) {}

    /**
     * @param known the names of the fields the object may have
     * @param what what such a field is, for "is not ..." messages
     * @param inObject how messages about a missing field say where the object is
     */
    ObjectFields(DocNode object, List<String> known, String what, String inObject) {
      this.object = object;
      this.inObject = inObject;
      for (Field f : object.fields()) {
        if (!known.contains(f.name())) {
          unknown.add(f.name());
          problemAt(DocNode.clip(f.name(), MAX_ECHO), unknown(f.name(), known, what), f.at());
          continue;
        }
        Field first = fields.putIfAbsent(f.name(), f);
        if (first != null) {
          problemAt(f.name(), "is given more than once (first at " + first.at() + ")", f.at());
        }
      }
    }

    /** Returns which of {@code names} the object has, in the object's order. */
    List<String> present(List<String> names) {
      List<String> out = new ArrayList<>();
      for (String name : fields.keySet()) {
        if (names.contains(name)) {
          out.add(name);
        }
      }
      return out;
    }

    boolean hasUnknown(String name) {
      return unknown.contains(name);
    }

    boolean has(String name) {
      return fields.containsKey(name);
    }

    boolean hasProblem(String name) {
      return fieldsWithProblems.contains(name);
    }

    int problemCount() {
      return pending.size();
    }

    /** Returns a string field, or {@code null} if absent or not a string (a problem then). */
    String string(String name) {
      DocNode v = value(name);
      if (v == null) {
        return null;
      }
      if (v.kind() != Kind.STRING) {
        problemAtValue(name, mustBe("a string", v));
        return null;
      }
      return v.text();
    }

    /** Returns an array field, or {@code null} if absent or not an array (a problem then). */
    DocNode array(String name, String expected) {
      DocNode v = value(name);
      if (v != null && v.kind() != Kind.ARRAY) {
        problemAtValue(name, mustBe(expected, v));
        return null;
      }
      return v;
    }

    /** Returns the strings of an array of strings, or {@code null} if absent or not an array. */
    List<String> strings(String name) {
      DocNode v = value(name);
      if (v == null) {
        return null;
      }
      if (v.kind() != Kind.ARRAY) {
        problemAtValue(name, mustBe("an array of strings", v));
        return null;
      }
      List<String> out = new ArrayList<>();
      List<DocNode> elements = v.elements();
      for (int i = 0; i < elements.size(); i++) {
        DocNode e = elements.get(i);
        if (e.kind() == Kind.STRING) {
          out.add(e.text());
        } else {
          problemAt(name, "element [" + i + "] " + mustBe("a string", e), e.at());
        }
      }
      return out;
    }

    Boolean bool(String name) {
      DocNode v = value(name);
      if (v == null) {
        return null;
      }
      if (v.kind() != Kind.BOOLEAN) {
        problemAtValue(name, mustBe("true or false", v));
        return null;
      }
      return Boolean.valueOf(v.text());
    }

    Integer integer(String name) {
      DocNode v = value(name);
      if (v == null) {
        return null;
      }
      if (v.kind() != Kind.INTEGER) {
        problemAtValue(name, mustBe("an integer", v));
        return null;
      }
      BigInteger n = v.number() instanceof BigInteger
          ? (BigInteger) v.number() : BigInteger.valueOf(v.number().longValue());
      if (n.bitLength() >= 32) {
        problemAtValue(name, "must be an integer from " + Integer.MIN_VALUE + " to "
            + Integer.MAX_VALUE + " but was " + v.describe(MAX_ECHO));
        return null;
      }
      return n.intValue();
    }

    /** Returns a string field parsed by {@code parse}, whose exception message is the reason. */
    <T> T parsed(String name, Function<String, T> parse) {
      String s = string(name);
      if (s == null) {
        return null;
      }
      try {
        return parse.apply(s);
      } catch (IllegalArgumentException e) {
        problemAtValue(name, clipValues(e.getMessage()));
        return null;
      }
    }

    private DocNode value(String name) {
      Field f = fields.get(name);
      return f == null ? null : f.value();
    }

    /** Replaces long values of this rule echoed in {@code reason} by their beginnings. */
    String clipValues(String reason) {
      String r = reason;
      for (Field f : fields.values()) {
        String t = f.value().text();
        if (f.value().kind() == Kind.STRING && t.length() > MAX_ECHO && r.contains(t)) {
          r = r.replace(t, DocNode.clip(t, MAX_ECHO));
        }
      }
      return DocNode.clip(r, 4 * MAX_ECHO + 100);
    }

    /** Records a problem located at the field's value, or at the rule if it is absent. */
    void problemAtValue(String name, String reason) {
      DocNode v = value(name);
      if (v == null) {
        problemInObject(name, reason);
      } else {
        problemAt(name, reason, v.at());
      }
    }

    void problemAtName(String name, String reason) {
      problemAt(name, reason, fields.get(name).at());
    }

    void problemInObject(String name, String reason) {
      fieldsWithProblems.add(name);
      pending.add(new Pending(name, reason + inObject, object.at(), pending.size()));
    }

    private void problemAt(String name, String reason, Loc at) {
      fieldsWithProblems.add(name);
      Loc where = at;
      if (where == null) {
        DocNode v = value(name);
        where = v == null ? object.at() : v.at();
      }
      pending.add(new Pending(name, reason + (at == null ? "" : " at " + at), where,
          pending.size()));
    }

    /** Returns the problems in the order of their places in the file. */
    List<Problem> problems(String ruleName) {
      List<Pending> sorted = new ArrayList<>(pending);
      sorted.sort(Comparator.comparingInt((Pending p) -> p.at() == null ? 0 : p.at().line())
          .thenComparingInt(p -> p.at() == null ? 0 : p.at().column())
          .thenComparingInt(Pending::order));
      List<Problem> out = new ArrayList<>();
      for (Pending p : sorted) {
        out.add(new Problem(ruleName, p.field(), p.reason()));
      }
      return out;
    }
  }

  private static String mustBe(String expected, DocNode actual) {
    return "must be " + expected + " but was " + actual.describe(MAX_ECHO);
  }

  private static String at(DocNode n) {
    return n.at() == null ? "" : " at " + n.at();
  }

  private static String unknown(String name, List<String> known, String what) {
    String hint = DocNode.suggestion(name, known);
    return "is not " + what + (hint != null
        ? " (" + hint + ")"
        : " (expected " + String.join(", ", known) + ")");
  }
}
