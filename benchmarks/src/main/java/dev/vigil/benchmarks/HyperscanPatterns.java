package dev.vigil.benchmarks;

import java.util.Locale;

/**
 * What both Hyperscan engines scan and compile, made so that Hyperscan's own matching is exactly
 * Vigil's and no match needs checking afterwards.
 *
 * <p>The line is encoded one byte per char, so offsets are unchanged: ASCII chars as themselves;
 * each of the few non-ASCII chars whose fold is an ASCII letter (ſ, K, İ, ı) as a sentinel control
 * byte of that letter ({@code 0x01}, {@code 0x02}, ...); every other char (non-ASCII, or an ASCII
 * char equal to a sentinel) as {@code 0x00}. All of these are non-word bytes and none can occur in
 * a keyword, which must be printable ASCII.
 *
 * <p>Each keyword is one expression: its chars as literals ({@code \xHH} unless alphanumeric), an
 * ASCII letter of a case-insensitive keyword that has a sentinel as {@code [s\x01]}, compiled with
 * {@code HS_FLAG_CASELESS} (ASCII folding) unless case-sensitive; whole-word as
 * {@code (?:^|[^A-Za-z0-9_])...(?:[^A-Za-z0-9_]|$)}, which Hyperscan can use because it reports
 * every match, overlapping or not. ({@code \b} would be wrong here: ſ is a non-word char that
 * matches {@code s}.) Each expression also gets {@code HS_FLAG_SINGLEMATCH}: one report per
 * keyword is all the classifier needs. Immutable and thread-safe.
 */
final class HyperscanPatterns {

  private static final byte[] ENCODE = new byte[Character.MAX_VALUE + 1];
  /** {@code SENTINEL[c]}: the sentinel byte of ASCII letter {@code c}, or 0 if it has none. */
  private static final byte[] SENTINEL = new byte[128];
  private static final int SENTINELS;

  static {
    int next = 1;
    for (char c : Text.nonAsciiFoldingToAscii().toCharArray()) {
      char ascii = Text.fold(c);
      if (SENTINEL[ascii] == 0) {
        SENTINEL[ascii] = (byte) next++;
      }
      ENCODE[c] = SENTINEL[ascii];
    }
    SENTINELS = next - 1;
    if (SENTINELS > 0x1f) {
      throw new IllegalStateException("too many non-ASCII chars fold to ASCII: "
          + Text.nonAsciiFoldingToAscii());
    }
    for (char c = 0x00; c < 0x80; c++) {
      ENCODE[c] = c >= 1 && c <= SENTINELS ? 0 : (byte) c;
    }
  }

  final String[] expressions;
  final boolean[] caseless;
  /** {@code rankOfId[id]}: the rank of the entry whose expression has id {@code id}. */
  final int[] rankOfId;
  final int[] ruleOfRank;

  HyperscanPatterns(RuleTable table) {
    int n = table.entryCount();
    expressions = new String[n];
    caseless = new boolean[n];
    rankOfId = new int[n];
    for (int e = 0; e < n; e++) {
      String k = table.keyword[e];
      if (!Text.isPrintableAscii(k)) {
        throw new IllegalArgumentException("the Hyperscan engines here take printable ASCII keywords"
            + " only; rule " + table.ruleId(table.entryRule[e]) + " has '" + k + "'");
      }
      caseless[e] = !table.caseSensitive[e];
      StringBuilder sb = new StringBuilder();
      if (table.wholeWord[e]) {
        sb.append("(?:^|[^A-Za-z0-9_])");
      }
      for (int i = 0; i < k.length(); i++) {
        char c = k.charAt(i);
        byte sentinel = SENTINEL[Text.fold(c)];
        if (caseless[e] && sentinel != 0) {
          sb.append('[').append(c).append(String.format(Locale.ROOT, "\\x%02x", sentinel)).append(']');
        } else if (Character.isLetterOrDigit(c)) {
          sb.append(c);
        } else {
          sb.append(String.format(Locale.ROOT, "\\x%02x", (int) c));
        }
      }
      if (table.wholeWord[e]) {
        sb.append("(?:[^A-Za-z0-9_]|$)");
      }
      expressions[e] = sb.toString();
      rankOfId[e] = table.entryRank[e];
    }
    ruleOfRank = table.ruleOfRank;
  }

  /** Returns the byte that stands for {@code c} in the scanned data. */
  static byte encode(char c) {
    return ENCODE[c];
  }

  /** Returns whether {@code c} is encoded as another char than itself. */
  static boolean isRecoded(char c) {
    return c >= 0x80 || ENCODE[c] != c;
  }
}
