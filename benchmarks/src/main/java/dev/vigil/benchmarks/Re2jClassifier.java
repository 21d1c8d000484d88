package dev.vigil.benchmarks;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * RE2/J. It has no lookaround, and its {@code (?i)} folds differently from Vigil (it does not match
 * İ or ı to {@code i}), so patterns are built exactly: each char of a case-insensitive keyword is
 * the class of all chars with the same fold ({@code [iIİı]}), and a whole-word keyword is
 * {@code (?:^|[^A-Za-z0-9_])keyword(?:[^A-Za-z0-9_]|$)}. Not thread-safe (matchers are reused).
 */
public final class Re2jClassifier implements LineClassifier {

  /** How the rules are compiled. */
  public enum Mode {
    /** One pattern per rule in precedence order; the first that finds a match wins. */
    LOOP,
    /**
     * One alternation of all keywords in precedence order with a group each, searched from every
     * match start + 1; the best group over all starts wins.
     */
    ALTERNATION
  }

  private final Mode mode;
  private final Matcher[] matchers;
  private final int[] rules;
  private final int[] rankOfGroup;
  private final int[] ruleOfRank;
  private final Text.View view = new Text.View();

  /** Compiles {@code table} for RE2/J in {@code mode}. */
  public Re2jClassifier(RuleTable table, Mode mode) {
    this.mode = mode;
    this.ruleOfRank = table.ruleOfRank;
    if (mode == Mode.LOOP) {
      int n = table.rules().size();
      matchers = new Matcher[n];
      rules = new int[n];
      for (int rank = 0, e = 0; rank < n; rank++) {
        List<String> alternatives = new ArrayList<>();
        int rule = table.ruleOfRank[rank];
        for (; e < table.entryCount() && table.entryRank[e] == rank; e++) {
          alternatives.add(keyword(table, e));
        }
        matchers[rank] = Pattern.compile(String.join("|", alternatives)).matcher("");
        rules[rank] = rule;
      }
      rankOfGroup = null;
    } else {
      StringBuilder sb = new StringBuilder();
      rankOfGroup = new int[table.entryCount() + 1];
      for (int e = 0; e < table.entryCount(); e++) {
        sb.append(e == 0 ? "(" : "|(").append(keyword(table, e)).append(')');
        rankOfGroup[e + 1] = table.entryRank[e];
      }
      matchers = new Matcher[] {Pattern.compile(sb.toString()).matcher("")};
      rules = null;
    }
  }

  /** The exact RE2 syntax of entry {@code e}. */
  static String keyword(RuleTable table, int e) {
    StringBuilder sb = new StringBuilder();
    if (table.wholeWord[e]) {
      sb.append("(?:^|[^A-Za-z0-9_])");
    }
    String k = table.keyword[e];
    for (int i = 0; i < k.length(); i++) {
      char c = k.charAt(i);
      List<Character> variants = table.caseSensitive[e] ? List.of(c) : Text.caseVariants(c);
      if (variants.size() > 1) {
        sb.append('[');
      }
      for (char v : variants) {
        sb.append(String.format(Locale.ROOT, "\\x{%x}", (int) v));
      }
      if (variants.size() > 1) {
        sb.append(']');
      }
    }
    if (table.wholeWord[e]) {
      sb.append("(?:[^A-Za-z0-9_]|$)");
    }
    return sb.toString();
  }

  /** Returns how the rules are compiled. */
  public Mode mode() {
    return mode;
  }

  @Override
  public int classify(String line) {
    int limit = Text.scanLength(line);
    CharSequence text = limit == line.length() ? line : view.of(line, limit, false);
    if (mode == Mode.LOOP) {
      for (int i = 0; i < matchers.length; i++) {
        if (matchers[i].reset(text).find()) {
          return rules[i];
        }
      }
      return -1;
    }
    Matcher m = matchers[0].reset(text);
    int best = Integer.MAX_VALUE;
    int from = 0;
    while (from < limit && m.find(from)) {
      int g = 1;
      while (m.start(g) < 0) {
        g++;
      }
      int rank = rankOfGroup[g];
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
}
