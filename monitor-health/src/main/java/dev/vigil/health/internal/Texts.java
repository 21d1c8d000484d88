package dev.vigil.health.internal;

/** Text helpers for recovery details. */
public final class Texts {

  private Texts() {}

  /** Returns the last {@code max} characters of {@code s}, starting with {@code …} when cut. */
  public static String tail(String s, int max) {
    String t = s.strip();
    if (t.length() <= max) {
      return t;
    }
    int start = t.length() - max + 1;
    if (Character.isLowSurrogate(t.charAt(start))) {
      start++;
    }
    return '…' + t.substring(start);
  }

  /** Returns the first {@code max} characters of {@code s}, ending with {@code …} when cut. */
  public static String head(String s, int max) {
    String t = s.strip();
    if (t.length() <= max) {
      return t;
    }
    int end = max - 1;
    if (Character.isHighSurrogate(t.charAt(end - 1))) {
      end--;
    }
    return t.substring(0, end) + '…';
  }

  /** Returns {@code s} on one line: line breaks become {@code " | "}. */
  public static String oneLine(String s) {
    return s.replaceAll("\\s*\\R\\s*", " | ");
  }
}
