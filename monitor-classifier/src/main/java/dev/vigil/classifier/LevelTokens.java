package dev.vigil.classifier;

import dev.vigil.LogLevel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The words by which a raw log line states its own level, so that rules with level conditions
 * work on lines whose level nobody told us.
 *
 * <p>The level of a line is that of its leftmost token, where a token is a whole word (see
 * {@link Rule}) that is either one of the upper-case level names below, matched case-sensitively,
 * or {@code level=NAME}, {@code "level":"NAME"} or {@code [NAME]} with a level name in any case
 * (logfmt, JSON logs, Apache and syslog). Upper case only for bare names, because "error" and
 * "info" are common words in messages.
 */
final class LevelTokens {

  private static final String[] NAMES = {
    "TRACE", "DEBUG", "INFO", "NOTICE", "WARN", "WARNING", "ERROR", "SEVERE", "FATAL", "CRITICAL"
  };
  /** Also accepted in the marked forms, where they cannot be ordinary words (syslog, Apache). */
  private static final String[] MARKED_ONLY = {"CRIT", "ALERT", "EMERG"};

  /** A token: its text, whether it must match case-sensitively, and the level it states. */
  record Token(String text, boolean caseSensitive, LogLevel level) {}

  static final List<Token> TOKENS = tokens();

  private LevelTokens() {}

  private static List<Token> tokens() {
    List<Token> tokens = new ArrayList<>();
    for (String name : NAMES) {
      tokens.add(new Token(name, true, LogLevel.parse(name)));
      addMarked(tokens, name);
    }
    for (String name : MARKED_ONLY) {
      addMarked(tokens, name);
    }
    return List.copyOf(tokens);
  }

  private static void addMarked(List<Token> tokens, String name) {
    LogLevel level = LogLevel.parse(name);
    String lower = name.toLowerCase(Locale.ROOT);
    tokens.add(new Token("level=" + lower, false, level));
    tokens.add(new Token("\"level\":\"" + lower, false, level));
    tokens.add(new Token("[" + lower + "]", false, level));
  }

  /** Returns the level stated by the leftmost token in {@code text[0, n)}, or {@code null}. */
  static LogLevel infer(CharSequence text, int n) {
    for (int start = 0; start < n; start++) {
      for (Token t : TOKENS) {
        int end = start + t.text().length();
        if (end <= n && Matching.verify(t.text(), t.caseSensitive(), true, text, start, end, n)) {
          return t.level();
        }
      }
    }
    return null;
  }
}
