package dev.vigil.classifier;

import dev.vigil.Classification;
import dev.vigil.LogLevel;
import java.util.List;
import java.util.Objects;

/**
 * Why a {@link RuleClassifier} classified a line as it did: every rule whose pattern matched,
 * where, and whether its conditions held. For debugging rules; slower than {@code classify}.
 *
 * @param classification what {@code classify} returns for the same input
 * @param level the event's level as the rules saw it, or {@code null} if unknown
 * @param levelInferred whether {@code level} was read from the line's text rather than given
 * @param matches every match, ordered by start offset, then by rule precedence
 */
public record Explanation(
    Classification classification, LogLevel level, boolean levelInferred, List<Match> matches) {

  public Explanation {
    Objects.requireNonNull(classification, "classification");
    matches = List.copyOf(matches);
  }

  /**
   * One match of one rule's pattern.
   *
   * @param rule the rule
   * @param start the offset of the match's first character in the line
   * @param end the offset just past the match's last character
   * @param rejectedBecause why the rule's conditions did not hold, or {@code null} if they did
   */
  public record Match(Rule rule, int start, int end, String rejectedBecause) {
    public Match {
      Objects.requireNonNull(rule, "rule");
    }

    /** Returns whether the rule's conditions held, so that the rule could decide. */
    public boolean accepted() {
      return rejectedBecause == null;
    }
  }
}
