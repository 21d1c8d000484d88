package dev.vigil.benchmarks;

/**
 * The plain reference every engine is checked against: for each keyword in precedence order,
 * every occurrence found with {@code String.indexOf} in the folded (or, for case-sensitive rules,
 * original) line, with word boundaries checked on the original line. Obviously correct, not fast;
 * it allocates a folded copy of each line. Thread-safe.
 */
public final class ReferenceClassifier implements LineClassifier {

  private final RuleTable table;
  private final boolean regexWordCharQuirk;

  private ReferenceClassifier(RuleTable table, boolean regexWordCharQuirk) {
    this.table = table;
    this.regexWordCharQuirk = regexWordCharQuirk;
  }

  /** Returns the reference for {@code table}. */
  public static ReferenceClassifier of(RuleTable table) {
    return new ReferenceClassifier(table, false);
  }

  /**
   * Returns a variant that, for case-insensitive whole-word rules, also counts ſ, K, İ and ı as
   * word chars, as {@code (?<![A-Za-z0-9_])} does under {@code CASE_INSENSITIVE | UNICODE_CASE}.
   * Only used to recognise that known deviation of Vigil's naive engine.
   */
  static ReferenceClassifier withRegexWordCharQuirk(RuleTable table) {
    return new ReferenceClassifier(table, true);
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
        if (!table.wholeWord[e] || isWholeWord(window, i, i + needle.length(), limit,
            regexWordCharQuirk && !table.caseSensitive[e])) {
          return table.entryRule[e];
        }
      }
    }
    return -1;
  }

  private static boolean isWholeWord(String line, int start, int end, int limit, boolean quirk) {
    if (!quirk) {
      return Text.isWholeWord(line, start, end, limit);
    }
    return (start == 0 || !Text.isWordCharUnderUnicodeCaseInsensitiveRegex(line.charAt(start - 1)))
        && (end >= limit || !Text.isWordCharUnderUnicodeCaseInsensitiveRegex(line.charAt(end)));
  }
}
