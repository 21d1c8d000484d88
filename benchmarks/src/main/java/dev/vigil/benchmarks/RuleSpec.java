package dev.vigil.benchmarks;

import dev.vigil.Severity;
import java.util.List;
import java.util.Objects;

/**
 * One rule, neutral: every engine compiles a list of these its own way.
 *
 * @param id the rule id, unique in its list (also Vigil's rule id)
 * @param keywords literal keywords; the rule matches when any occurs
 * @param severity the severity the rule gives
 * @param category the category the rule gives
 * @param priority breaks ties between matching rules of equal severity (higher wins)
 * @param wholeWord whether the chars around a match must be non-word chars
 * @param caseInsensitive whether case is ignored (simple per-char folding, see {@link Text})
 */
public record RuleSpec(String id, List<String> keywords, Severity severity, String category,
    int priority, boolean wholeWord, boolean caseInsensitive) {

  /** Checks the fields and copies the keywords. */
  public RuleSpec {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(category, "category");
    keywords = List.copyOf(keywords);
    if (keywords.isEmpty()) {
      throw new IllegalArgumentException("rule " + id + " has no keyword");
    }
    for (String k : keywords) {
      if (k.isEmpty()) {
        throw new IllegalArgumentException("rule " + id + " has an empty keyword");
      }
    }
  }
}
