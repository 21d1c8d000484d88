package dev.vigil.notify.channel;

import dev.vigil.notify.Notification;
import dev.vigil.notify.internal.Texts;

/**
 * WhatsApp's message text, shared by its channels: the title in {@code *bold*}, a blank line,
 * the text. WhatsApp has no escape character, so the user's text cannot be escaped; instead
 * each formatting marker in it ({@code *}, {@code _}, {@code ~}, {@code `}) gets a zero-width
 * space (U+200B) on both sides, which keeps it visible but stops it from pairing with another
 * into bold, italics, strike-through or monospace. Stateless.
 */
final class WhatsAppText {

  static final char ZERO_WIDTH_SPACE = '\u200B';

  private WhatsAppText() {}

  /** Returns the message for {@code notification}, cut to {@code max} characters. */
  static String message(Notification notification, int max) {
    String title = neutralise(notification.title().strip().replaceAll("\\R", " "));
    return Texts.truncate("*" + title + "*\n\n" + neutralise(notification.text().strip()), max);
  }

  /** Returns {@code s} with its formatting markers neutralised, as the class describes. */
  static String neutralise(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '*' || c == '_' || c == '~' || c == '`') {
        sb.append(ZERO_WIDTH_SPACE).append(c).append(ZERO_WIDTH_SPACE);
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}
