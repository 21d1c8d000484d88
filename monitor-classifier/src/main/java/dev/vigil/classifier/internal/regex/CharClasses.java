package dev.vigil.classifier.internal.regex;

import java.util.Arrays;
import java.util.List;

/**
 * Partitions the BMP into equivalence classes: chars that every set of a pattern (plus the word
 * chars) either all contain or all exclude, so the automata need one column per class rather
 * than per char. ASCII maps through a 128-entry table and the rest through a sorted range array,
 * so a regex never carries a 64K table. Immutable and thread-safe after construction.
 */
final class CharClasses {
  final int count;
  private final char[] ascii; // class of each ASCII char
  private final char[] upperStarts; // sorted starts of runs of non-ASCII chars in one class
  private final char[] upperClasses;
  /** Whether the chars of each class are word chars (the word set is one of the partitioned sets). */
  final boolean[] isWord;
  /** For each input set, in order, the sorted classes it is made of. */
  final int[][] classesOfSet;

  CharClasses(List<int[]> sets) {
    int[] starts = elementaryStarts(sets);
    int n = starts.length;
    int[] cls = new int[n]; // class of each elementary interval, refined set by set
    int classes = 1;
    boolean[] in = new boolean[n];
    for (int[] set : sets) {
      Arrays.fill(in, false);
      for (int r = 0; r < set.length; r += 2) {
        for (int j = Arrays.binarySearch(starts, set[r]); j < n && starts[j] <= set[r + 1]; j++) {
          in[j] = true;
        }
      }
      // each class splits into its chars in and out of the set; renumber by first appearance
      int[] renumber = new int[2 * classes];
      Arrays.fill(renumber, -1);
      int next = 0;
      for (int j = 0; j < n; j++) {
        int key = 2 * cls[j] + (in[j] ? 1 : 0);
        if (renumber[key] < 0) {
          renumber[key] = next++;
        }
        cls[j] = renumber[key];
      }
      classes = next;
    }
    this.count = classes;
    this.ascii = new char[128];
    char[] runStarts = new char[n];
    char[] runClasses = new char[n];
    int runs = 0;
    for (int j = 0; j < n; j++) {
      int end = j + 1 < n ? starts[j + 1] : CharRanges.MAX + 1;
      for (int c = starts[j]; c < Math.min(end, 128); c++) {
        ascii[c] = (char) cls[j];
      }
      if (end > 128 && (runs == 0 || cls[j] != runClasses[runs - 1])) {
        runStarts[runs] = (char) Math.max(starts[j], 128);
        runClasses[runs++] = (char) cls[j];
      }
    }
    this.upperStarts = Arrays.copyOf(runStarts, runs);
    this.upperClasses = Arrays.copyOf(runClasses, runs);
    this.isWord = new boolean[count];
    for (int c = 0; c < 128; c++) {
      isWord[ascii[c]] = CharRanges.contains(CharRanges.WORD, c);
    }
    this.classesOfSet = new int[sets.size()][];
    boolean[] member = new boolean[count];
    for (int s = 0; s < sets.size(); s++) {
      Arrays.fill(member, false);
      int[] set = sets.get(s);
      for (int i = 0; i < set.length; i += 2) {
        for (int j = Arrays.binarySearch(starts, set[i]); j < n && starts[j] <= set[i + 1]; j++) {
          member[cls[j]] = true;
        }
      }
      int m = 0;
      int[] list = new int[count];
      for (int k = 0; k < count; k++) {
        if (member[k]) {
          list[m++] = k;
        }
      }
      classesOfSet[s] = Arrays.copyOf(list, m);
    }
  }

  /** Sorted distinct starts of the intervals on which no set changes membership; starts with 0. */
  private static int[] elementaryStarts(List<int[]> sets) {
    CharRanges.Builder points = new CharRanges.Builder().add(0, 0);
    for (int[] set : sets) {
      for (int i = 0; i < set.length; i += 2) {
        points.add(set[i], set[i]);
        if (set[i + 1] < CharRanges.MAX) {
          points.add(set[i + 1] + 1, set[i + 1] + 1);
        }
      }
    }
    int[] merged = points.build(); // merges adjacent points into ranges: expand them back
    int total = 0;
    for (int i = 0; i < merged.length; i += 2) {
      total += merged[i + 1] - merged[i] + 1;
    }
    int[] starts = new int[total];
    int k = 0;
    for (int i = 0; i < merged.length; i += 2) {
      for (int c = merged[i]; c <= merged[i + 1]; c++) {
        starts[k++] = c;
      }
    }
    return starts;
  }

  /** The class of {@code c}. */
  int classOf(char c) {
    return c < 128 ? ascii[c] : upperClassOf(c);
  }

  int upperClassOf(char c) {
    char[] s = upperStarts;
    int lo = 0;
    int hi = s.length - 1;
    while (lo < hi) { // the last run starting at or before c
      int mid = (lo + hi + 1) >>> 1;
      if (s[mid] <= c) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return upperClasses[lo];
  }

  char[] asciiTable() {
    return ascii;
  }
}
