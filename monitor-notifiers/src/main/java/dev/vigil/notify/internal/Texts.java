package dev.vigil.notify.internal;

/** Text helpers the channels share. */
public final class Texts {

  private Texts() {}

  /**
   * Returns {@code s} cut to at most {@code max} characters (UTF-16 units), the last being
   * {@code …}, without splitting a surrogate pair.
   */
  public static String truncate(String s, int max) {
    if (s.length() <= max) {
      return s;
    }
    if (max < 1) {
      return "";
    }
    int end = max - 1;
    if (end > 0 && Character.isHighSurrogate(s.charAt(end - 1))) {
      end--;
    }
    return s.substring(0, end) + '…';
  }

  /**
   * Returns {@code s} cut to at most {@code maxBytes} bytes of UTF-8, ending in {@code …} when
   * cut, without splitting a character.
   */
  public static String truncateUtf8(String s, int maxBytes) {
    int bytes = 0;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      int n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
      if (bytes + n > maxBytes - 3) { // room for the 3 bytes of …
        int rest = utf8Length(s, i);
        return bytes + rest <= maxBytes ? s : s.substring(0, i) + '…';
      }
      bytes += n;
      i += Character.charCount(cp);
    }
    return s;
  }

  private static int utf8Length(String s, int from) {
    int bytes = 0;
    for (int i = from; i < s.length(); ) {
      int cp = s.codePointAt(i);
      bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
      i += Character.charCount(cp);
    }
    return bytes;
  }
}
