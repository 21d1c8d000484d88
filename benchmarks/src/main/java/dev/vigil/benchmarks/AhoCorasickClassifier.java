package dev.vigil.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ahocorasick.trie.Emit;
import org.ahocorasick.trie.Trie;
import org.ahocorasick.trie.handler.EmitHandler;

/**
 * {@code org.ahocorasick:ahocorasick} (robert-bor): one {@link Trie} built with
 * {@code ignoreCase()} over the folded keywords, scanned with its callback API
 * ({@code parseText(CharSequence, EmitHandler)}); it allocates two emit objects per match and looks
 * each char up as a boxed {@code Character} (cached for ASCII), as it does.
 *
 * <p>Its own whole-word options use {@code Character.isLetterOrDigit}, so they are not used: every
 * emitted match is checked here against the original line (word boundaries, and exact case for
 * case-sensitive rules). Its {@code ignoreCase()} lower-cases each text char, which differs from
 * Vigil's folding for a few chars (ſ, ı, final sigma, ...); a line containing one is given to it as
 * a folded view, every other line as is. Not thread-safe (the handler keeps per-call state).
 */
public final class AhoCorasickClassifier implements LineClassifier {

  private final Trie trie;
  private final RuleTable table;
  /** Entries of each distinct folded keyword, in rank order. */
  private final Map<String, int[]> entriesOf;
  private final Text.View view = new Text.View();
  private final Handler handler = new Handler();

  /** Builds the trie of {@code table}'s keywords. */
  public AhoCorasickClassifier(RuleTable table) {
    this.table = table;
    Map<String, List<Integer>> byKeyword = new LinkedHashMap<>();
    for (int e = 0; e < table.entryCount(); e++) {
      byKeyword.computeIfAbsent(table.folded[e], k -> new ArrayList<>()).add(e);
    }
    entriesOf = new LinkedHashMap<>();
    byKeyword.forEach((k, es) -> entriesOf.put(k, es.stream().mapToInt(Integer::intValue).toArray()));
    trie = Trie.builder().ignoreCase().addKeywords(byKeyword.keySet()).build();
  }

  @Override
  public int classify(String line) {
    int limit = Text.scanLength(line);
    boolean mustFold = false;
    for (int i = 0; i < limit; i++) {
      char c = line.charAt(i);
      if (c >= 128 && Text.lowerCaseIsNotFold(c)) {
        mustFold = true;
        break;
      }
    }
    CharSequence text = !mustFold && limit == line.length() ? line : view.of(line, limit, mustFold);
    handler.line = line;
    handler.limit = limit;
    handler.best = Integer.MAX_VALUE;
    trie.parseText(text, handler);
    return handler.best == Integer.MAX_VALUE ? -1 : table.ruleOfRank[handler.best];
  }

  private final class Handler implements EmitHandler {
    String line;
    int limit;
    int best;

    @Override
    public boolean emit(Emit emit) {
      for (int e : entriesOf.get(emit.getKeyword())) {
        int rank = table.entryRank[e];
        if (rank >= best) {
          break;
        }
        if (table.confirms(e, line, emit.getStart(), limit)) {
          best = rank;
          break;
        }
      }
      return true;
    }
  }
}
