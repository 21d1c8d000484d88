package dev.vigil.classifier;

import dev.vigil.classifier.internal.Chars;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * An Aho-Corasick automaton over case-folded keywords, compiled to a dense DFA in flat arrays, with
 * a q-gram filter that skips the text quickly while no keyword can be starting.
 *
 * <p>Characters map through {@link #classOf} to equivalence classes: each distinct folded character
 * that occurs in some keyword gets a class, every other character shares class 0. A transition
 * entry in {@link #delta} holds the next state's row offset ({@code state * classes}) shifted left
 * by two, plus two flags about the next state: {@link #OUTPUT} (some keyword ends here) and
 * {@link #SHALLOW} (depth below the gram length, so scanning may go back to the filter).
 *
 * <p>The filter: every keyword is at least {@link #gram} characters long, so each occurrence
 * starts with the first {@code gram} characters of its keyword. When every keyword is longer
 * still, only every {@link #stride}-th position needs a test, provided the grams at offsets 0 to
 * {@code stride - 1} of each keyword are known: one of them ends at a tested position. The grams
 * (of case-folded characters) are hashed into the
 * bitmap {@link #grams}, and kept exactly in a small hash set; while the gram ending at the
 * current position is not in the bitmap (or, rarely, is a false positive of it), no keyword can
 * start {@code gram - 1} characters back, and the DFA is not needed. Typical log lines
 * never leave the filter, which costs a few independent operations per character instead of the
 * DFA's dependent table walk.
 *
 * <p>Immutable after construction and safe to share between threads.
 */
final class Automaton {

  static final int OUTPUT = 1;
  static final int SHALLOW = 2;
  static final long GRAM_HASH = 0x9E3779B97F4A7C15L;
  private static final int MAX_GRAM = 4;
  private static final int MAX_STRIDE = 4;

  final char[] classOf;
  final int classes;
  final int[] delta;
  final int[] outStart;
  final int[] outPatterns;
  final int[] patternLength;
  final int gram;
  /** Test every {@code stride}-th position only; {@code gram + stride - 1} is the span. */
  final int stride;
  /** How many characters of every keyword the filter looks at: a keyword starts within them. */
  final int span;
  final long gramMask;
  final long[] grams;
  final int gramShift;
  private final long[] gramSet;
  private final int gramSetShift;
  private final boolean zeroGram;

  /** Builds the automaton of {@code patterns}, which must be non-empty strings. */
  Automaton(List<String> patterns) {
    int n = patterns.size();
    patternLength = new int[n];
    char[][] folded = new char[n][];
    int minLength = Integer.MAX_VALUE;
    for (int p = 0; p < n; p++) {
      String s = patterns.get(p);
      folded[p] = new char[s.length()];
      for (int k = 0; k < s.length(); k++) {
        folded[p][k] = Chars.fold(s.charAt(k));
      }
      patternLength[p] = s.length();
      minLength = Math.min(minLength, s.length());
    }

    // Character classes: one per distinct folded keyword character, 0 for all others.
    char[] classOfFolded = new char[Character.MAX_VALUE + 1];
    int next = 1;
    for (char[] f : folded) {
      for (char c : f) {
        if (classOfFolded[c] == 0) {
          classOfFolded[c] = (char) next++;
        }
      }
    }
    classes = next;
    classOf = new char[Character.MAX_VALUE + 1];
    for (int c = 0; c <= Character.MAX_VALUE; c++) {
      classOf[c] = classOfFolded[Chars.fold((char) c)];
    }

    // Trie with dense rows, then failure links and DFA completion in breadth-first order.
    List<int[]> go = new ArrayList<>();
    List<List<Integer>> own = new ArrayList<>();
    List<Integer> depth = new ArrayList<>();
    go.add(newRow());
    own.add(new ArrayList<>());
    depth.add(0);
    for (int p = 0; p < n; p++) {
      int s = 0;
      for (char c : folded[p]) {
        int cls = classOfFolded[c];
        int t = go.get(s)[cls];
        if (t < 0) {
          t = go.size();
          go.add(newRow());
          own.add(new ArrayList<>());
          depth.add(depth.get(s) + 1);
          go.get(s)[cls] = t;
        }
        s = t;
      }
      own.get(s).add(p);
    }
    int states = go.size();
    if ((long) states * classes * 4 > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("too many keywords: the automaton would have " + states
          + " states of " + classes + " character classes");
    }
    int[] fail = new int[states];
    int[][] out = new int[states][];
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    int[] rootRow = go.get(0);
    for (int c = 0; c < classes; c++) {
      if (rootRow[c] < 0) {
        rootRow[c] = 0;
      } else {
        fail[rootRow[c]] = 0;
        queue.add(rootRow[c]);
      }
    }
    out[0] = new int[0];
    while (!queue.isEmpty()) {
      int s = queue.poll();
      out[s] = merge(own.get(s), out[fail[s]]);
      int[] row = go.get(s);
      int[] failRow = go.get(fail[s]);
      for (int c = 0; c < classes; c++) {
        if (row[c] < 0) {
          row[c] = failRow[c];
        } else {
          fail[row[c]] = failRow[c];
          queue.add(row[c]);
        }
      }
    }

    gram = Math.min(MAX_GRAM, minLength);
    stride = Math.min(MAX_STRIDE, minLength - gram + 1); // above 1 only if gram == MAX_GRAM
    span = gram + stride - 1;
    delta = new int[states * classes];
    int outputs = 0;
    for (int[] o : out) {
      outputs += o.length;
    }
    outStart = new int[states + 1];
    outPatterns = new int[outputs];
    for (int s = 0, k = 0; s < states; s++) {
      outStart[s] = k;
      System.arraycopy(out[s], 0, outPatterns, k, out[s].length);
      k += out[s].length;
      int[] row = go.get(s);
      for (int c = 0; c < classes; c++) {
        int t = row[c];
        int flags = (out[t].length > 0 ? OUTPUT : 0) | (depth.get(t) < gram ? SHALLOW : 0);
        delta[s * classes + c] = (t * classes) << 2 | flags;
      }
    }
    outStart[states] = outputs;

    // The gram filter: a bitmap of the hashed grams at offsets 0 to stride - 1 of every keyword.
    Set<Long> distinct = new HashSet<>();
    for (char[] f : folded) {
      for (int offset = 0; offset < stride; offset++) {
        long g = 0;
        for (int k = offset; k < offset + gram; k++) {
          g = g << 16 | f[k];
        }
        distinct.add(g);
      }
    }
    // At most 2^16 bits (8 KB) to stay in the L1 cache; the exact set below catches the
    // bitmap's false positives before they wake the DFA, whose table may be large.
    int bits = 12;
    while (bits < 16 && (1L << bits) < distinct.size() * 64L) {
      bits++;
    }
    grams = new long[1 << (bits - 6)];
    gramShift = 64 - bits;
    gramMask = gram == 4 ? -1L : (1L << (16 * gram)) - 1;
    for (long g : distinct) {
      int h = (int) ((g * GRAM_HASH) >>> gramShift);
      grams[h >>> 6] |= 1L << h;
    }
    int setBits = 1;
    while ((1 << setBits) < distinct.size() * 2) {
      setBits++;
    }
    gramSet = new long[1 << setBits];
    gramSetShift = 64 - setBits;
    zeroGram = distinct.contains(0L);
    for (long g : distinct) {
      if (g == 0) {
        continue; // a keyword of NUL characters: 0 marks empty slots, so it is kept aside
      }
      int k = (int) ((g * GRAM_HASH) >>> gramSetShift);
      while (gramSet[k] != 0) {
        k = (k + 1) & (gramSet.length - 1);
      }
      gramSet[k] = g;
    }
  }

  /**
   * Returns the first tested position at or after {@code i} where the gram ending there may be one
   * of a keyword's grams, or a position at or after {@code n}. With a stride of 1 every position
   * is tested and {@code g} holds the folded characters before {@code i}; with a larger stride the
   * gram is read afresh at {@code i}, {@code i + stride}, and so on.
   */
  int skip(CharSequence text, int i, int n, long g) {
    final char[] fold = Chars.FOLD;
    final long[] grams = this.grams;
    final long mask = gramMask;
    final int shift = gramShift;
    if (stride == 1) {
      for (; i < n; i++) {
        g = g << 16 | fold[text.charAt(i)];
        int h = (int) (((g & mask) * GRAM_HASH) >>> shift);
        // Bit h of the bitmap, shifted into the sign bit (shift distances are taken mod 64).
        if ((grams[h >>> 6] << ~h) < 0) {
          return i;
        }
      }
      return n;
    }
    final int step = stride;
    for (i = Math.max(i, gram - 1); i < n; i += step) {
      g = (long) fold[text.charAt(i - 3)] << 48 | (long) fold[text.charAt(i - 2)] << 32
          | (long) fold[text.charAt(i - 1)] << 16 | fold[text.charAt(i)];
      int h = (int) ((g * GRAM_HASH) >>> shift);
      if ((grams[h >>> 6] << ~h) < 0) {
        return i;
      }
    }
    return n;
  }

  /** Returns the folded (up to {@link #gram}) characters ending at {@code end}. */
  long gramEndingAt(CharSequence text, int end) {
    long g = 0;
    for (int k = Math.max(0, end - gram + 1); k <= end; k++) {
      g = g << 16 | Chars.FOLD[text.charAt(k)];
    }
    return g;
  }

  /** Whether {@code g} (folded chars, masked) is the first gram of some keyword. */
  boolean isKeywordGram(long g) {
    if (g == 0) {
      return zeroGram;
    }
    for (int k = (int) ((g * GRAM_HASH) >>> gramSetShift); ; k = (k + 1) & (gramSet.length - 1)) {
      long entry = gramSet[k];
      if (entry == g) {
        return true;
      }
      if (entry == 0) {
        return false;
      }
    }
  }

  private int[] newRow() {
    int[] row = new int[classes];
    Arrays.fill(row, -1);
    return row;
  }

  private static int[] merge(List<Integer> own, int[] inherited) {
    int[] merged = new int[own.size() + inherited.length];
    for (int k = 0; k < own.size(); k++) {
      merged[k] = own.get(k);
    }
    System.arraycopy(inherited, 0, merged, own.size(), inherited.length);
    return merged;
  }

  /** Returns the state number of a row offset as found in {@link #delta} entries. */
  int state(int rowOffset) {
    return rowOffset / classes;
  }

  int states() {
    return outStart.length - 1;
  }
}
