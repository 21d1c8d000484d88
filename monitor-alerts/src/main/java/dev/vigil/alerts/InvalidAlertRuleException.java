package dev.vigil.alerts;

import java.util.List;
import java.util.Objects;

/**
 * Thrown when one or more alert rules are invalid. Carries every problem found, not just the
 * first, so that rules can be fixed in one pass.
 */
public final class InvalidAlertRuleException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  /**
   * One thing wrong with one rule.
   *
   * @param ruleId the id of the rule, as given (possibly empty)
   * @param field the field at fault, such as {@code pendingFor} or {@code condition.window}
   * @param reason why the value is wrong, naming the value
   */
  public record Problem(String ruleId, String field, String reason) {
    /** Checks that no component is null. */
    public Problem {
      Objects.requireNonNull(ruleId, "ruleId");
      Objects.requireNonNull(field, "field");
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String toString() {
      return "rule '" + ruleId + "', field '" + field + "': " + reason;
    }
  }

  private final transient List<Problem> problems;
  private final String origin;

  /**
   * Creates an exception for the given problems.
   *
   * @param problems at least one problem
   * @throws IllegalArgumentException if {@code problems} is empty
   */
  public InvalidAlertRuleException(List<Problem> problems) {
    this(null, problems);
  }

  /** Creates an exception for the problems of a rule file, {@code origin} such as its name. */
  InvalidAlertRuleException(String origin, List<Problem> problems) {
    super(message(origin, problems));
    this.problems = List.copyOf(problems);
    this.origin = origin;
  }

  /** Returns the rule file the problems are in, or {@code null} for rules built in code. */
  public String origin() {
    return origin;
  }

  /** Returns every problem found, in the order they were found; the list is unmodifiable. */
  public List<Problem> problems() {
    return problems;
  }

  private static String message(String origin, List<Problem> problems) {
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("an InvalidAlertRuleException needs at least one problem");
    }
    StringBuilder sb = new StringBuilder();
    sb.append(problems.size()).append(problems.size() == 1 ? " problem" : " problems")
        .append(" in alert rules")
        .append(origin == null ? "" : " of " + origin).append(':');
    for (Problem problem : problems) {
      sb.append("\n  ").append(problem);
    }
    return sb.toString();
  }
}
