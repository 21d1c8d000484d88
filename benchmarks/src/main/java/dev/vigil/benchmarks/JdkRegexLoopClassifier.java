package dev.vigil.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loop of {@code java.util.regex} patterns, one per rule in precedence order; the first that
 * finds a match wins. Each pattern is the alternation of the rule's quoted keywords, compiled with
 * {@code CASE_INSENSITIVE | UNICODE_CASE} unless the rule is case-sensitive; a whole-word rule is
 * wrapped in {@code (?<!W)(?:...)(?!W)} where {@code W} is {@code (?-i:[A-Za-z0-9_])}: the class
 * must be case-sensitive, because under {@code UNICODE_CASE} the range {@code [A-Za-z]} also
 * accepts ſ, K, İ and ı. Matchers are reused, so an instance is not thread-safe.
 */
public final class JdkRegexLoopClassifier implements LineClassifier {

  static final String NOT_AFTER_WORD = "(?<!(?-i:[A-Za-z0-9_]))";
  static final String NOT_BEFORE_WORD = "(?!(?-i:[A-Za-z0-9_]))";

  private final Matcher[] matchers;
  private final int[] rules;

  /** Compiles one pattern per rule of {@code table}. */
  public JdkRegexLoopClassifier(RuleTable table) {
    int n = table.rules().size();
    matchers = new Matcher[n];
    rules = new int[n];
    for (int rank = 0; rank < n; rank++) {
      int rule = table.ruleOfRank[rank];
      RuleSpec spec = table.rules().get(rule);
      List<String> quoted = new ArrayList<>();
      for (String k : spec.keywords()) {
        quoted.add(Pattern.quote(k));
      }
      String body = "(?:" + String.join("|", quoted) + ")";
      if (spec.wholeWord()) {
        body = NOT_AFTER_WORD + body + NOT_BEFORE_WORD;
      }
      int flags = spec.caseInsensitive() ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0;
      matchers[rank] = Pattern.compile(body, flags).matcher("");
      rules[rank] = rule;
    }
  }

  @Override
  public int classify(String line) {
    CharSequence text = line.length() > Text.MAX_SCAN_LENGTH
        ? line.substring(0, Text.MAX_SCAN_LENGTH) : line;
    for (int i = 0; i < matchers.length; i++) {
      if (matchers[i].reset(text).find()) {
        return rules[i];
      }
    }
    return -1;
  }
}
