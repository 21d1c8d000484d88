package dev.vigil;

import java.util.Objects;

/**
 * The verdict of a {@link Classifier} on one log event: the rule that decided it, a
 * {@link Severity} and a category (such as {@code database} or {@code memory}).
 *
 * <p>Classifiers return one constant instance per rule, so classifying allocates nothing;
 * {@link #NONE} stands for "no rule matched". Instances are immutable and thread-safe.
 */
public final class Classification {

  /** The result when no rule matched; its accessors return {@code null}. */
  public static final Classification NONE = new Classification(null, null, null);

  private final String ruleId;
  private final Severity severity;
  private final String category;

  private Classification(String ruleId, Severity severity, String category) {
    this.ruleId = ruleId;
    this.severity = severity;
    this.category = category;
  }

  /** Returns the classification a rule gives to the events it matches. */
  public static Classification of(String ruleId, Severity severity, String category) {
    return new Classification(
        Objects.requireNonNull(ruleId, "ruleId"),
        Objects.requireNonNull(severity, "severity"),
        Objects.requireNonNull(category, "category"));
  }

  /** Returns {@code true} unless this is {@link #NONE}. */
  public boolean matched() {
    return ruleId != null;
  }

  /** Returns the id of the rule that decided, or {@code null} for {@link #NONE}. */
  public String ruleId() {
    return ruleId;
  }

  /** Returns the severity, or {@code null} for {@link #NONE}. */
  public Severity severity() {
    return severity;
  }

  /** Returns the category, or {@code null} for {@link #NONE}. */
  public String category() {
    return category;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Classification)) {
      return false;
    }
    Classification that = (Classification) o;
    return Objects.equals(ruleId, that.ruleId)
        && severity == that.severity
        && Objects.equals(category, that.category);
  }

  @Override
  public int hashCode() {
    return Objects.hash(ruleId, severity, category);
  }

  @Override
  public String toString() {
    return matched() ? severity + "/" + category + " (rule " + ruleId + ")" : "NONE";
  }
}
