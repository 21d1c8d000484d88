package dev.vigil.classifier;

/**
 * The case folding all rules use: simple, per UTF-16 unit, the same relation as
 * {@code java.util.regex} with {@code CASE_INSENSITIVE | UNICODE_CASE} for the Basic Multilingual
 * Plane. Supplementary characters match only themselves.
 */
final class CaseFolding {

  private CaseFolding() {}

  static char fold(char c) {
    if (c < 128) {
      return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
    }
    return Character.toLowerCase(Character.toUpperCase(c));
  }

  static boolean isWordChar(char c) {
    return c < 128 && (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_');
  }
}
