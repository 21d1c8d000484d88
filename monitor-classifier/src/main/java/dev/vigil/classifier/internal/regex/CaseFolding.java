package dev.vigil.classifier.internal.regex;

import dev.vigil.classifier.internal.Chars;
import java.util.Arrays;

/**
 * Simple per-char case folding, the relation of {@code Pattern.CASE_INSENSITIVE | UNICODE_CASE}
 * within runs of literal characters: two BMP chars are equal iff their {@link #fold folds} are.
 *
 * <p>The equivalence classes with more than one member ("orbits", about 2,800 chars) are
 * precomputed once into two sorted arrays, so closing a set under the relation touches only the
 * cased chars it contains. Immutable and thread-safe.
 */
final class CaseFolding {
  /** Cased chars sorted ascending; {@code NEXT[i]} is the next member of {@code CHARS[i]}'s orbit. */
  private static final char[] CHARS;
  private static final char[] NEXT;

  static {
    int[] fold = new int[Character.MAX_VALUE + 1];
    int[] count = new int[Character.MAX_VALUE + 1];
    for (int c = 0; c <= Character.MAX_VALUE; c++) {
      fold[c] = fold((char) c);
      count[fold[c]]++;
    }
    // last[v] = the previous member seen of the orbit of fold value v, first[v] its smallest member
    int[] first = new int[Character.MAX_VALUE + 1];
    int[] last = new int[Character.MAX_VALUE + 1];
    Arrays.fill(first, -1);
    char[] next = new char[Character.MAX_VALUE + 1];
    int n = 0;
    for (int c = 0; c <= Character.MAX_VALUE; c++) {
      int v = fold[c];
      if (count[v] < 2) {
        continue;
      }
      n++;
      if (first[v] < 0) {
        first[v] = c;
      } else {
        next[last[v]] = (char) c;
      }
      last[v] = c;
      next[c] = (char) first[v]; // closes the cycle until a larger member comes along
    }
    CHARS = new char[n];
    NEXT = new char[n];
    int i = 0;
    for (int c = 0; c <= Character.MAX_VALUE; c++) {
      if (count[fold[c]] >= 2) {
        CHARS[i] = (char) c;
        NEXT[i++] = next[c];
      }
    }
  }

  private CaseFolding() {}

  /** The fold of {@code c}: {@code toLowerCase(toUpperCase(c))}, as java.util.regex computes it. */
  static char fold(char c) {
    return Chars.fold(c);
  }

  /** Returns {@code ranges} (see {@link CharRanges}) plus every char that folds like one of them. */
  static int[] close(int[] ranges) {
    CharRanges.Builder b = new CharRanges.Builder().addAll(ranges);
    for (int r = 0; r < ranges.length; r += 2) {
      int i = Arrays.binarySearch(CHARS, (char) ranges[r]);
      for (i = i < 0 ? -i - 1 : i; i < CHARS.length && CHARS[i] <= ranges[r + 1]; i++) {
        for (int j = i; ; ) {
          char c = NEXT[j];
          if (c == CHARS[i]) {
            break;
          }
          b.add(c, c);
          j = Arrays.binarySearch(CHARS, c);
        }
      }
    }
    return b.build();
  }
}
