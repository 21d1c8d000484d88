package dev.vigil.alerts;

import static java.util.Objects.requireNonNull;

import dev.vigil.alerts.internal.LabelMatchers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Mutes target alerts while a source alert fires, as Alertmanager's inhibit rules: a firing
 * alert (FIRING, ACKNOWLEDGED, SILENCED or FLAPPING) whose labels match the source matchers
 * makes every other alert whose labels match the target matchers, and that has the same values
 * for the {@code equal} labels, SILENCED ({@link Muting.Kind#INHIBITION}) until the source
 * resolves. Labels are an alert's {@linkplain Alert#matchLabels() match labels}. Two alerts that
 * both match both sides do not inhibit each other; a FLAPPING alert whose condition is clear
 * inhibits nothing.
 *
 * <pre>{@code
 * // while the database is down, don't also page for the slow endpoints of the same cluster
 * InhibitRule rule = InhibitRule.builder()
 *     .sourceMatching("alertname", "database-down")
 *     .targetMatching("severity", "WARN")
 *     .equal("cluster")
 *     .build();
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class InhibitRule {

  private final LabelMatchers source;
  private final LabelMatchers target;
  private final List<String> equal;

  private InhibitRule(Builder b) {
    this.source = new LabelMatchers(b.source);
    this.target = new LabelMatchers(b.target);
    this.equal = List.copyOf(b.equal);
  }

  /** Returns a builder; at least one source and one target matcher are required. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns the matchers a source alert's labels must all match; unmodifiable. */
  public List<Silence.Matcher> sourceMatchers() {
    return source.matchers();
  }

  /** Returns the matchers a target alert's labels must all match; unmodifiable. */
  public List<Silence.Matcher> targetMatchers() {
    return target.matchers();
  }

  /** Returns the labels that must have the same value on source and target; unmodifiable. */
  public List<String> equal() {
    return equal;
  }

  /**
   * Returns whether an alert with labels {@code source} inhibits one with labels {@code target}
   * (a missing label is ""): the source matches the source matchers, the target the target
   * matchers, the {@code equal} labels are equal, and they do not both match both sides (as in
   * Alertmanager, alerts that match both sides do not inhibit each other, so that two of them
   * cannot mute each other for good).
   */
  public boolean inhibits(Map<String, String> source, Map<String, String> target) {
    requireNonNull(source, "source");
    requireNonNull(target, "target");
    return this.target.matches(target) && this.source.matches(source)
        && equalOn(source, target)
        && !(this.source.matches(target) && this.target.matches(source));
  }

  boolean sourceMatches(Map<String, String> labels) {
    return source.matches(labels);
  }

  boolean targetMatches(Map<String, String> labels) {
    return target.matches(labels);
  }

  /** Returns whether an alert with these labels and others still unknown may be a source. */
  boolean sourceMayMatch(Map<String, String> known) {
    return source.mayMatch(known);
  }

  boolean equalOn(Map<String, String> source, Map<String, String> target) {
    for (String label : equal) {
      if (!source.getOrDefault(label, "").equals(target.getOrDefault(label, ""))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return "InhibitRule{source " + source.matchers() + ", target " + target.matchers()
        + ", equal " + equal + "}";
  }

  /**
   * Builds an {@link InhibitRule}. Setters reject {@code null} at once; {@link #build()} reports
   * every other problem together. Not thread-safe.
   */
  public static final class Builder {
    private final List<Silence.Matcher> source = new ArrayList<>();
    private final List<Silence.Matcher> target = new ArrayList<>();
    private final List<String> equal = new ArrayList<>();

    Builder() {}

    /** Adds a source matcher: label {@code name} equals {@code value}. */
    public Builder sourceMatching(String name, String value) {
      source.add(new Silence.Matcher(name, Silence.Op.EQUAL, value));
      return this;
    }

    /** Adds a source matcher: label {@code name} does not equal {@code value}. */
    public Builder sourceNotMatching(String name, String value) {
      source.add(new Silence.Matcher(name, Silence.Op.NOT_EQUAL, value));
      return this;
    }

    /** Adds a source matcher: the whole label {@code name} matches the regular expression. */
    public Builder sourceMatchingRegex(String name, String regex) {
      source.add(new Silence.Matcher(name, Silence.Op.REGEX, regex));
      return this;
    }

    /** Adds a target matcher: label {@code name} equals {@code value}. */
    public Builder targetMatching(String name, String value) {
      target.add(new Silence.Matcher(name, Silence.Op.EQUAL, value));
      return this;
    }

    /** Adds a target matcher: label {@code name} does not equal {@code value}. */
    public Builder targetNotMatching(String name, String value) {
      target.add(new Silence.Matcher(name, Silence.Op.NOT_EQUAL, value));
      return this;
    }

    /** Adds a target matcher: the whole label {@code name} matches the regular expression. */
    public Builder targetMatchingRegex(String name, String regex) {
      target.add(new Silence.Matcher(name, Silence.Op.REGEX, regex));
      return this;
    }

    /** Adds labels that must be equal on source and target, such as {@code cluster}. */
    public Builder equal(String... labels) {
      requireNonNull(labels, "labels");
      for (String label : labels) {
        equal.add(requireNonNull(label, "label"));
      }
      return this;
    }

    /**
     * Builds the rule.
     *
     * @throws IllegalArgumentException listing every problem: no source or target matcher, a
     *     blank label name, a bad regular expression
     */
    public InhibitRule build() {
      List<String> problems = new ArrayList<>();
      if (source.isEmpty()) {
        problems.add("no source matcher (call sourceMatching)");
      } else {
        LabelMatchers.check(source, "the source", (m, p) -> problems.add("source " + p));
      }
      if (target.isEmpty()) {
        problems.add("no target matcher (call targetMatching)");
      } else {
        LabelMatchers.check(target, "the target", (m, p) -> problems.add("target " + p));
      }
      for (String label : equal) {
        if (label.isBlank()) {
          problems.add("an equal label is blank");
        }
      }
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException("invalid inhibit rule: " + String.join("; ",
            problems));
      }
      return new InhibitRule(this);
    }
  }
}
