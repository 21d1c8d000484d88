package dev.vigil.notify.internal;

import java.util.function.Predicate;

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

  /**
   * Returns {@code s} if {@code fits} accepts it, else the longest {@link #truncate truncation}
   * of it that {@code fits} accepts ({@code ""} if none does). For limits that apply after
   * escaping or encoding: {@code fit(text, t -> escape(t).length() <= 3000)} cuts the raw text,
   * so an escape sequence is never cut in half. {@code fits} must be monotonic (a shorter text
   * fits if a longer one does); it is called about log2(length) times.
   */
  public static String fit(String s, Predicate<String> fits) {
    if (fits.test(s)) {
      return s;
    }
    int lo = 0; // truncate(s, lo) fits (or lo is 0)
    int hi = s.length(); // truncate(s, hi) does not fit
    while (hi - lo > 1) {
      int mid = (lo + hi) >>> 1;
      if (fits.test(truncate(s, mid))) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    String best = truncate(s, lo);
    return fits.test(best) ? best : "";
  }
}
