package dev.vigil.notify.channel;

import java.util.regex.Pattern;

/**
 * Escapes plain text for the CommonMark-like markdown of Discord and of Adaptive Cards
 * (Teams): a backslash before every character that could start formatting, a link or a mention,
 * and before list markers at the start of a line, so the text shows as written. Stateless.
 */
final class Markdown {

  /** Characters escaped anywhere; CommonMark lets any ASCII punctuation be escaped. */
  private static final String SPECIAL = "\\*_~`|[]()<>#!";
  /** {@code -}, {@code +} or {@code 1.} starting a line, then a space, would make a list. */
  private static final Pattern LIST =
      Pattern.compile("(?m)^([ \t]*)(?:([-+])|(\\d{1,9})([.)]))(?=[ \t]|$)");

  private Markdown() {}

  /** Returns {@code s} with its markdown escaped, and plain broadcasts broken. */
  static String escape(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (SPECIAL.indexOf(c) >= 0) {
        sb.append('\\');
      }
      sb.append(c);
    }
    String lists = LIST.matcher(sb).replaceAll(m -> m.group(2) != null
        ? "$1\\\\$2" : "$1$3\\\\$4");
    return Chat.neutraliseMentions(lists);
  }
}
