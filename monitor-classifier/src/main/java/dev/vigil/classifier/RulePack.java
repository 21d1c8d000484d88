package dev.vigil.classifier;

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

  /** Returns Vigil's default rule pack, documented in the module's README. */
  public static RulePack defaults() {
    return DefaultRules.PACK;
  }

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
