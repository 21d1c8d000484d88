package dev.vigil.classifier.internal.regex;

import java.util.Arrays;

/**
 * Sets of BMP chars as sorted, disjoint, non-adjacent inclusive ranges {@code [lo0, hi0, lo1,
 * hi1, ...]} in an {@code int[]}: the representation of every character set in the AST.
 */
final class CharRanges {
  static final int MAX = Character.MAX_VALUE;
  static final int[] EMPTY = {};
  static final int[] ALL = {0, MAX};
  /** {@code [A-Za-z0-9_]}: what {@code \w}, {@code \b} and whole-word matching call a word char. */
  static final int[] WORD = {'0', '9', 'A', 'Z', '_', '_', 'a', 'z'};
  static final int[] DIGIT = {'0', '9'};
  static final int[] SPACE = {'\t', '\r', ' ', ' '};
  static final int[] HORIZONTAL_SPACE = new Builder().add(' ', ' ').add('\t', '\t')
      .add(0xA0, 0xA0).add(0x1680, 0x1680).add(0x180E, 0x180E).add(0x2000, 0x200A)
      .add(0x202F, 0x202F).add(0x205F, 0x205F).add(0x3000, 0x3000).build();
  static final int[] VERTICAL_SPACE = new Builder().add('\n', '\r').add(0x85, 0x85)
      .add(0x2028, 0x2029).build();
  /** What {@code .} matches: everything but the Java line terminators. */
  static final int[] DOT = complement(new Builder().add('\n', '\n').add('\r', '\r')
      .add(0x85, 0x85).add(0x2028, 0x2029).build());

  private CharRanges() {}

  static int[] complement(int[] set) {
    Builder b = new Builder();
    int next = 0;
    for (int i = 0; i < set.length; i += 2) {
      if (set[i] > next) {
        b.add(next, set[i] - 1);
      }
      next = set[i + 1] + 1;
    }
    if (next <= MAX) {
      b.add(next, MAX);
    }
    return b.build();
  }

  static boolean contains(int[] set, int c) {
    for (int i = 0; i < set.length && set[i] <= c; i += 2) {
      if (c <= set[i + 1]) {
        return true;
      }
    }
    return false;
  }

  /** Number of chars in the set. */
  static int size(int[] set) {
    int n = 0;
    for (int i = 0; i < set.length; i += 2) {
      n += set[i + 1] - set[i] + 1;
    }
    return n;
  }

  /** Accumulates ranges in any order; {@link #build} sorts and merges them. */
  static final class Builder {
    private int[] pairs = new int[8];
    private int size;

    Builder add(int lo, int hi) {
      if (size == pairs.length) {
        pairs = Arrays.copyOf(pairs, size * 2);
      }
      pairs[size++] = lo;
      pairs[size++] = hi;
      return this;
    }

    Builder addAll(int[] set) {
      for (int i = 0; i < set.length; i += 2) {
        add(set[i], set[i + 1]);
      }
      return this;
    }

    int[] build() {
      int n = size / 2;
      long[] sorted = new long[n];
      for (int i = 0; i < n; i++) {
        sorted[i] = ((long) pairs[2 * i] << 32) | pairs[2 * i + 1];
      }
      Arrays.sort(sorted);
      int[] out = new int[size];
      int m = 0;
      for (long p : sorted) {
        int lo = (int) (p >>> 32);
        int hi = (int) p;
        if (m > 0 && lo <= out[m - 1] + 1) {
          out[m - 1] = Math.max(out[m - 1], hi);
        } else {
          out[m++] = lo;
          out[m++] = hi;
        }
      }
      return Arrays.copyOf(out, m);
    }
  }
}
