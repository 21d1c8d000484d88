package dev.vigil.classifier;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A named, ordered list of {@link Rule}s: Vigil's {@linkplain #defaults() default pack}, one built
 * in code, or one loaded from a JSON or YAML file. Immutable and thread-safe.
 */
public final class RulePack {

  private final String name;
  private final List<Rule> rules;

  private RulePack(String name, List<Rule> rules) {
    this.name = Objects.requireNonNull(name, "name");
    this.rules = List.copyOf(rules);
  }

  /** Returns a pack of the given rules. Duplicate ids are reported when a classifier is built. */
  public static RulePack of(String name, List<Rule> rules) {
    return new RulePack(name, rules);
  }

  /**
   * Loads a rule pack from a JSON or YAML rule file, whose format the file name's extension tells:
   * {@code .json}, or {@code .yaml} or {@code .yml} (in any case). The format is described in the
   * module's README, "Rule files". The pack is named by the file's {@code name} field, or else
   * after the file.
   *
   * <p>Needs Jackson 3 on the class path ({@code tools.jackson.core:jackson-databind}, and for
   * YAML {@code tools.jackson.dataformat:jackson-dataformat-yaml}), an optional dependency of this
   * module. Files are limited to 10 MiB and 100,000 rules; YAML aliases are rejected and YAML tags
   * never construct objects.
   *
   * @param file the rule file
   * @return the pack, its rules in file order
   * @throws IOException if the file cannot be read
   * @throws InvalidRulesException listing every problem of the file, with the file name as origin:
   *     malformed JSON or YAML, wrong types, unknown or missing fields, bad values, duplicate ids,
   *     invalid rules and exceeded limits
   * @throws IllegalArgumentException if the file name has none of the extensions above
   * @throws IllegalStateException if Jackson (or, for YAML, its YAML module) is not on the class
   *     path; the message names the artifact to add
   */
  public static RulePack load(Path file) throws IOException {
    Objects.requireNonNull(file, "file");
    return RulePackReader.load(file);
  }

  /**
   * Parses a rule pack from the text of a rule file; see {@link #load(Path)}.
   *
   * @param content the text of the file, JSON or YAML
   * @param name what the text is, such as a file name: the origin in messages, and the pack's name
   *     if the text does not give one
   * @param yaml {@code true} if {@code content} is YAML, {@code false} if it is JSON
   * @throws InvalidRulesException listing every problem of the text
   * @throws IllegalStateException if Jackson is not on the class path
   */
  public static RulePack parse(String content, String name, boolean yaml) {
    Objects.requireNonNull(content, "content");
    Objects.requireNonNull(name, "name");
    return RulePackReader.parse(content, name, yaml);
  }

  /** Returns Vigil's default rule pack, documented in the module's README. */
  public static RulePack defaults() {
    return DefaultRules.PACK;
  }

  /** Returns the pack's name: given, read from its file, or the file's name. */
  public String name() {
    return name;
  }

  /** Returns the rules in declaration order. */
  public List<Rule> rules() {
    return rules;
  }

  @Override
  public String toString() {
    return "RulePack[" + name + ", " + rules.size() + " rules]";
  }
}
