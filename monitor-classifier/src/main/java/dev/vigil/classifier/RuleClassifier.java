package dev.vigil.classifier;

import dev.vigil.Classification;
import dev.vigil.Classifier;
import dev.vigil.LogLevel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A {@link Classifier} driven by {@link Rule}s, compiled once into a single automaton.
 *
 * <p>Semantics: a line is examined up to its first {@link #maxScanLength()} characters, exactly as
 * if it ended there. Each rule either matches (its pattern occurs and its conditions hold) or not;
 * among the matching rules the winner is the one with the highest severity, then the highest
 * priority, then the one declared first. When the caller does not know the event's level, the
 * level stated in the line itself is used (the leftmost of {@code TRACE DEBUG INFO NOTICE WARN
 * WARNING ERROR SEVERE FATAL CRITICAL} as upper-case whole words, or {@code level=name} and
 * {@code "level":"name"} in any case).
 *
 * <p>Performance: keywords of all rules share one Aho-Corasick automaton with a q-gram filter in
 * front, so a line costs about the same with 10 or 10,000 keywords and lines matching nothing are
 * cheapest; regular expressions run only when one of their literal factors occurs, in linear time.
 * {@code classify} allocates nothing and never blocks.
 *
 * <p>Immutable and thread-safe: build one and share it.
 *
 * <pre>{@code
 * RuleClassifier classifier = RuleClassifier.builder()
 *     .add(RulePack.defaults())
 *     .add(Rule.keywords("payments.declined", "PaymentDeclined").classify(Severity.ERROR, "payments").build())
 *     .build();
 * Classification c = classifier.classify("ERROR PaymentDeclined for order 42");
 * }</pre>
 */
public final class RuleClassifier implements Classifier {

  /** The number of characters of a line examined unless configured otherwise. */
  public static final int DEFAULT_MAX_SCAN_LENGTH = 4096;

  private final List<Rule> rules;
  private final CompiledRules compiled;

  private RuleClassifier(List<Rule> rules, int maxScanLength) {
    this.rules = List.copyOf(rules);
    this.compiled = new CompiledRules(this.rules, maxScanLength);
  }

  /** Returns a builder with no rules. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns a classifier with the {@linkplain RulePack#defaults() default rule pack}. */
  public static RuleClassifier withDefaults() {
    return Holder.DEFAULTS;
  }

  @Override
  public Classification classify(CharSequence line) {
    return compiled.classify(Objects.requireNonNull(line, "line"), null, null, null);
  }

  @Override
  public Classification classify(CharSequence message, LogLevel level, String logger, String source) {
    return compiled.classify(Objects.requireNonNull(message, "message"), level, logger, source);
  }

  /** Explains how {@link #classify(CharSequence)} decides {@code line}; for debugging rules. */
  public Explanation explain(CharSequence line) {
    return compiled.explain(Objects.requireNonNull(line, "line"), null, null, null);
  }

  /** Explains how {@link #classify(CharSequence, LogLevel, String, String)} decides an event. */
  public Explanation explain(CharSequence message, LogLevel level, String logger, String source) {
    return compiled.explain(Objects.requireNonNull(message, "message"), level, logger, source);
  }

  /** Returns the rules in declaration order. */
  public List<Rule> rules() {
    return rules;
  }

  /** Returns how many characters of a line are examined. */
  public int maxScanLength() {
    return compiled.maxScanLength();
  }

  @Override
  public String toString() {
    return "RuleClassifier[" + rules.size() + " rules, maxScanLength=" + maxScanLength() + "]";
  }

  private static final class Holder {
    static final RuleClassifier DEFAULTS = builder().add(RulePack.defaults()).build();
  }

  /** Builds a {@link RuleClassifier}. Not thread-safe. */
  public static final class Builder {
    private final List<Rule> rules = new ArrayList<>();
    private int maxScanLength = DEFAULT_MAX_SCAN_LENGTH;

    private Builder() {}

    /** Adds a rule after those already added. */
    public Builder add(Rule rule) {
      rules.add(Objects.requireNonNull(rule, "rule"));
      return this;
    }

    /** Adds the rules of {@code pack}, in order, after those already added. */
    public Builder add(RulePack pack) {
      return addAll(Objects.requireNonNull(pack, "pack").rules());
    }

    /** Adds rules, in order, after those already added. */
    public Builder addAll(Iterable<Rule> rules) {
      for (Rule r : Objects.requireNonNull(rules, "rules")) {
        add(r);
      }
      return this;
    }

    /**
     * Sets how many characters at the start of each line are examined; default
     * {@value RuleClassifier#DEFAULT_MAX_SCAN_LENGTH}. Bounds the cost of a huge line.
     */
    public Builder maxScanLength(int maxScanLength) {
      if (maxScanLength < 1) {
        throw new IllegalArgumentException("maxScanLength must be positive but was " + maxScanLength);
      }
      this.maxScanLength = maxScanLength;
      return this;
    }

    /**
     * Compiles the rules.
     *
     * @throws InvalidRulesException if two rules share an id
     */
    public RuleClassifier build() {
      Set<String> ids = new HashSet<>();
      List<InvalidRulesException.Problem> problems = new ArrayList<>();
      for (Rule r : rules) {
        if (!ids.add(r.id())) {
          problems.add(new InvalidRulesException.Problem(r.id(), "id", "is used by more than one rule"));
        }
      }
      if (!problems.isEmpty()) {
        throw new InvalidRulesException(null, problems);
      }
      return new RuleClassifier(rules, maxScanLength);
    }
  }
}
