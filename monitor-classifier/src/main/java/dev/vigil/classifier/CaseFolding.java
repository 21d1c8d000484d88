package dev.vigil.classifier;

/**
 * The case folding all rules use: simple, per UTF-16 unit, the same relation as
 * {@code java.util.regex} with {@code CASE_INSENSITIVE | UNICODE_CASE} for the Basic Multilingual
 * Plane. Supplementary characters match only themselves.
 */
final class CaseFolding {

  /**
   * The fold of every char. A constant array of constant length, so that the JIT can drop the
   * bounds check of {@code FOLD[c]} in the scan loop.
   */
  static final char[] FOLD = new char[Character.MAX_VALUE + 1];

  static {
    for (int c = 0; c <= Character.MAX_VALUE; c++) {
      FOLD[c] = Character.toLowerCase(Character.toUpperCase((char) c));
    }
  }

  private CaseFolding() {}

  static char fold(char c) {
    return FOLD[c];
  }

  static boolean isWordChar(char c) {
    return c < 128 && (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_');
  }
}
