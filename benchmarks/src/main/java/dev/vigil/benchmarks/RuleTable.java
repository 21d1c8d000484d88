package dev.vigil.benchmarks;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A rule list flattened into keyword entries in precedence order, the form most engines compile.
 *
 * <p>Rules are ranked by severity (highest first), then priority (highest first), then declaration
 * order; rank 0 wins. Entry {@code e} is one keyword of rule {@link #entryRule}{@code [e]}; entries
 * are sorted by rank, then by keyword order within the rule, so an engine that finds the first
 * matching entry has found the winner. Immutable once built; the arrays must not be modified.
 */
public final class RuleTable {

  final String name;
  final List<RuleSpec> rules;
  /** {@code rankOfRule[rule]}: 0 for the rule that wins over all others. */
  final int[] rankOfRule;
  /** {@code ruleOfRank[rank]}: the inverse of {@link #rankOfRule}. */
  final int[] ruleOfRank;

  final String[] keyword;
  /** The keyword folded (see {@link Text#fold(String)}) for case-insensitive entries, else as is. */
  final String[] needle;
  /** The keyword folded, whatever the entry's case mode: what engines matching folded text look for. */
  final String[] folded;
  final int[] entryRule;
  final int[] entryRank;
  final boolean[] wholeWord;
  final boolean[] caseSensitive;

  private RuleTable(String name, List<RuleSpec> rules) {
    this.name = name;
    this.rules = List.copyOf(rules);
    int n = this.rules.size();
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      order.add(i);
    }
    order.sort(Comparator.<Integer, Integer>comparing(i -> -this.rules.get(i).severity().ordinal())
        .thenComparing(i -> -this.rules.get(i).priority())
        .thenComparing(i -> i));
    rankOfRule = new int[n];
    ruleOfRank = new int[n];
    int entries = 0;
    for (int rank = 0; rank < n; rank++) {
      int rule = order.get(rank);
      ruleOfRank[rank] = rule;
      rankOfRule[rule] = rank;
      entries += this.rules.get(rule).keywords().size();
    }
    keyword = new String[entries];
    needle = new String[entries];
    folded = new String[entries];
    entryRule = new int[entries];
    entryRank = new int[entries];
    wholeWord = new boolean[entries];
    caseSensitive = new boolean[entries];
    int e = 0;
    for (int rank = 0; rank < n; rank++) {
      int rule = ruleOfRank[rank];
      RuleSpec spec = this.rules.get(rule);
      for (String k : spec.keywords()) {
        keyword[e] = k;
        folded[e] = Text.fold(k);
        needle[e] = spec.caseInsensitive() ? folded[e] : k;
        entryRule[e] = rule;
        entryRank[e] = rank;
        wholeWord[e] = spec.wholeWord();
        caseSensitive[e] = !spec.caseInsensitive();
        e++;
      }
    }
  }

  /** Ranks and flattens {@code rules}. */
  public static RuleTable of(String name, List<RuleSpec> rules) {
    return new RuleTable(name, rules);
  }

  /** Returns the rule set's name, such as {@code seed}. */
  public String name() {
    return name;
  }

  /** Returns the rules in declaration order; engines return indexes into this list. */
  public List<RuleSpec> rules() {
    return rules;
  }

  /** Returns the number of keyword entries. */
  public int entryCount() {
    return keyword.length;
  }

  /** Returns the id of rule {@code index}, or {@code "-"} for -1 (no match). */
  public String ruleId(int index) {
    return index < 0 ? "-" : rules.get(index).id();
  }

  /**
   * Returns whether entry {@code e} occurs at {@code start} in the first {@code limit} chars of
   * {@code line}, given that its folded form does: checks the exact case of case-sensitive entries
   * and the word boundaries of whole-word entries against the original line.
   */
  boolean confirms(int e, String line, int start, int limit) {
    int end = start + keyword[e].length();
    if (caseSensitive[e] && !line.regionMatches(start, keyword[e], 0, keyword[e].length())) {
      return false;
    }
    return !wholeWord[e] || Text.isWholeWord(line, start, end, limit);
  }

  @Override
  public String toString() {
    return "RuleTable[" + name + ", " + rules.size() + " rules, " + keyword.length + " keywords]";
  }
}
