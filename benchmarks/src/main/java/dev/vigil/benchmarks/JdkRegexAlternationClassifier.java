package dev.vigil.benchmarks;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code java.util.regex} alternation of every keyword, in precedence order, each alternative a
 * capturing group. A single {@code find()} only gives the leftmost match, so the classifier looks
 * for a match at every start position ({@code find(start + 1)} after each match): at a given start
 * the alternation takes the first alternative that matches there, which is the best entry there;
 * the winner is the best over all starts. Boundaries are lookarounds, so they consume nothing. The
 * matcher is reused, so an instance is not thread-safe.
 */
public final class JdkRegexAlternationClassifier implements LineClassifier {

  private final Matcher matcher;
  private final int groups;
  /** {@code rankOfGroup[g]}: the rank of the entry of capturing group {@code g}. */
  private final int[] rankOfGroup;
  private final int[] ruleOfRank;

  /** Compiles the alternation of {@code table}'s entries. */
  public JdkRegexAlternationClassifier(RuleTable table) {
    StringBuilder sb = new StringBuilder();
    groups = table.entryCount();
    rankOfGroup = new int[groups + 1];
    for (int e = 0; e < groups; e++) {
      if (e > 0) {
        sb.append('|');
      }
      sb.append('(');
      if (table.caseSensitive[e]) {
        sb.append("(?-i:");
      }
      if (table.wholeWord[e]) {
        sb.append(JdkRegexLoopClassifier.NOT_AFTER_WORD);
      }
      sb.append(Pattern.quote(table.keyword[e]));
      if (table.wholeWord[e]) {
        sb.append(JdkRegexLoopClassifier.NOT_BEFORE_WORD);
      }
      if (table.caseSensitive[e]) {
        sb.append(')');
      }
      sb.append(')');
      rankOfGroup[e + 1] = table.entryRank[e];
    }
    matcher = Pattern.compile(sb.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE)
        .matcher("");
    ruleOfRank = table.ruleOfRank;
  }

  @Override
  public int classify(String line) {
    CharSequence text = line.length() > Text.MAX_SCAN_LENGTH
        ? line.substring(0, Text.MAX_SCAN_LENGTH) : line;
    Matcher m = matcher.reset(text);
    int limit = text.length();
    int best = Integer.MAX_VALUE;
    int from = 0;
    while (from < limit && m.find(from)) {
      int rank = rankOfGroup[matchedGroup(m)];
      if (rank < best) {
        best = rank;
        if (rank == 0) {
          break;
        }
      }
      from = m.start() + 1;
    }
    return best == Integer.MAX_VALUE ? -1 : ruleOfRank[best];
  }

  private int matchedGroup(Matcher m) {
    for (int g = 1; g <= groups; g++) {
      if (m.start(g) >= 0) {
        return g;
      }
    }
    throw new IllegalStateException("a match without a matching alternative");
  }
}
