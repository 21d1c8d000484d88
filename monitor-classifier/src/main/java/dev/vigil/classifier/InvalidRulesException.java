package dev.vigil.classifier;

import java.util.List;
import java.util.Objects;

/**
 * Thrown when one or more rules are invalid. Carries every problem found, not just the first, so
 * that a rule file can be fixed in one pass.
 */
public final class InvalidRulesException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  /**
   * One thing wrong with one rule.
   *
   * @param ruleId the id of the rule, or a position such as {@code rules[3]} if it has no valid id
   * @param field the field at fault, as it is named in rule files (such as {@code severity})
   * @param reason why the value is wrong, naming the value
   */
  public record Problem(String ruleId, String field, String reason) {
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

  /**
   * Creates an exception for the given problems.
   *
   * @param origin what was being loaded, such as a file name, or {@code null}
   * @param problems at least one problem
   */
  public InvalidRulesException(String origin, List<Problem> problems) {
    super(message(origin, problems));
    this.problems = List.copyOf(problems);
  }

  /** Returns every problem found, in the order of the rules. */
  public List<Problem> problems() {
    return problems;
  }

  private static String message(String origin, List<Problem> problems) {
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("an InvalidRulesException needs at least one problem");
    }
    StringBuilder sb = new StringBuilder();
    sb.append(problems.size()).append(problems.size() == 1 ? " problem" : " problems");
    if (origin != null) {
      sb.append(" in ").append(origin);
    }
    sb.append(':');
    for (Problem p : problems) {
      sb.append("\n  ").append(p);
    }
    return sb.toString();
  }
}
