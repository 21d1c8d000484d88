package dev.vigil.benchmarks;

/**
 * The plain reference every engine is checked against: for each keyword in precedence order,
 * every occurrence found with {@code String.indexOf} in the folded (or, for case-sensitive rules,
 * original) line, with word boundaries checked on the original line. Obviously correct, not fast;
 * it allocates a folded copy of each line. Thread-safe.
 */
public final class ReferenceClassifier implements LineClassifier {

  private final RuleTable table;

  private ReferenceClassifier(RuleTable table) {
    this.table = table;
  }

  /** Returns the reference for {@code table}. */
  public static ReferenceClassifier of(RuleTable table) {
    return new ReferenceClassifier(table);
  }

  @Override
  public int classify(String line) {
    int limit = Text.scanLength(line);
    String window = line.substring(0, limit);
    String folded = Text.fold(window);
    for (int e = 0; e < table.entryCount(); e++) {
      String needle = table.needle[e];
      String text = table.caseSensitive[e] ? window : folded;
      for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
        if (!table.wholeWord[e] || Text.isWholeWord(window, i, i + needle.length(), limit)) {
          return table.entryRule[e];
        }
      }
    }
    return -1;
  }

}
