package dev.vigil.benchmarks;

import com.hankcs.algorithm.AhoCorasickDoubleArrayTrie;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code com.hankcs:aho-corasick-double-array-trie}: a double-array Aho-Corasick automaton over the
 * folded keywords (it has no case-insensitive mode), scanned through a reusable view that folds
 * each char on the fly (no copy), with its {@code parseText(CharSequence, IHit)} callback. Each
 * hit is checked against the original line (word boundaries, exact case for case-sensitive rules).
 * Allocates nothing per line. Not thread-safe (the callback keeps per-call state).
 */
public final class HankcsClassifier implements LineClassifier {

  private final AhoCorasickDoubleArrayTrie<int[]> trie = new AhoCorasickDoubleArrayTrie<>();
  private final RuleTable table;
  private final Text.View view = new Text.View();
  private final Hit hit = new Hit();

  /** Builds the automaton of {@code table}'s keywords. */
  public HankcsClassifier(RuleTable table) {
    this.table = table;
    Map<String, List<Integer>> byKeyword = new TreeMap<>();
    for (int e = 0; e < table.entryCount(); e++) {
      byKeyword.computeIfAbsent(table.folded[e], k -> new ArrayList<>()).add(e);
    }
    Map<String, int[]> entriesOf = new TreeMap<>();
    byKeyword.forEach((k, es) -> entriesOf.put(k, es.stream().mapToInt(Integer::intValue).toArray()));
    trie.build(entriesOf);
  }

  @Override
  public int classify(String line) {
    int limit = Text.scanLength(line);
    hit.line = line;
    hit.limit = limit;
    hit.best = Integer.MAX_VALUE;
    trie.parseText(view.of(line, limit, true), hit);
    return hit.best == Integer.MAX_VALUE ? -1 : table.ruleOfRank[hit.best];
  }

  private final class Hit implements AhoCorasickDoubleArrayTrie.IHit<int[]> {
    String line;
    int limit;
    int best;

    @Override
    public void hit(int begin, int end, int[] entries) {
      for (int e : entries) {
        int rank = table.entryRank[e];
        if (rank >= best) {
          return;
        }
        if (table.confirms(e, line, begin, limit)) {
          best = rank;
          return;
        }
      }
    }
  }
}
