package dev.vigil.classifier;

import dev.vigil.classifier.internal.Chars;

/** Checks a candidate keyword occurrence against the exact rule semantics. Stateless. */
final class Matching {

  private Matching() {}

  /**
   * Returns whether {@code keyword} occurs at {@code text[start, end)} with the given case and
   * whole-word semantics, as if {@code text} ended at {@code windowEnd}.
   */
  static boolean verify(String keyword, boolean caseSensitive, boolean wholeWord,
      CharSequence text, int start, int end, int windowEnd) {
    if (start < 0 || end > windowEnd || end - start != keyword.length()) {
      return false;
    }
    for (int k = 0; k < keyword.length(); k++) {
      char a = text.charAt(start + k);
      char b = keyword.charAt(k);
      if (a != b && (caseSensitive || Chars.fold(a) != Chars.fold(b))) {
        return false;
      }
    }
    return !wholeWord || isBoundary(text, start, end, windowEnd);
  }

  /** Whether {@code [start, end)} has no word character just outside it in {@code [0, windowEnd)}. */
  static boolean isBoundary(CharSequence text, int start, int end, int windowEnd) {
    return (start == 0 || !Chars.isWordChar(text.charAt(start - 1)))
        && (end >= windowEnd || !Chars.isWordChar(text.charAt(end)));
  }
}
