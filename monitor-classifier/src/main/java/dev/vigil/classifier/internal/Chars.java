package dev.vigil.classifier.internal;

/**
 * The character semantics every rule shares: case folding and word characters.
 *
 * <p>Case folding is simple and per UTF-16 unit: two chars are equal when
 * {@code Character.toLowerCase(Character.toUpperCase(c))} is, the relation of
 * {@code java.util.regex} with {@code CASE_INSENSITIVE | UNICODE_CASE} in the Basic Multilingual
 * Plane; supplementary characters match only themselves. Word characters are exactly
 * {@code [A-Za-z0-9_]}, whatever the case folding.
 */
public final class Chars {

  /**
   * The fold of every char. A constant array of constant length, so that the JIT can drop the
   * bounds check of {@code FOLD[c]} in scan loops. Never modify it.
   */
  public static final char[] FOLD = new char[Character.MAX_VALUE + 1];

  static {
    for (int c = 0; c <= Character.MAX_VALUE; c++) {
      FOLD[c] = Character.toLowerCase(Character.toUpperCase((char) c));
    }
  }

  private Chars() {}

  /** Returns the case fold of {@code c}. */
  public static char fold(char c) {
    return FOLD[c];
  }

  /** Returns whether {@code c} is in {@code [A-Za-z0-9_]}. */
  public static boolean isWordChar(char c) {
    return c < 128 && (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_');
  }
}
