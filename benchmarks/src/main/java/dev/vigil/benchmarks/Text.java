package dev.vigil.benchmarks;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The text semantics every engine shares: Vigil's case folding, its word characters and its scan
 * window.
 *
 * <p>Case-insensitive matching uses simple per-character folding: two UTF-16 chars are equal when
 * {@code Character.toLowerCase(Character.toUpperCase(c))} is, which is what {@code java.util.regex}
 * does with {@code CASE_INSENSITIVE | UNICODE_CASE}. Four non-ASCII chars fold onto ASCII letters
 * ({@code ſ} U+017F to {@code s}, {@code K} U+212A to {@code k}, {@code İ} U+0130 and {@code ı}
 * U+0131 to {@code i}); engines that fold themselves must handle them. Word characters are exactly
 * {@code [A-Za-z0-9_]}, whatever the case mode. Stateless and thread-safe.
 */
public final class Text {

  /** The number of chars of a line every engine examines (Vigil's default maxScanLength). */
  public static final int MAX_SCAN_LENGTH = 4096;

  private static final char[] FOLD = new char[Character.MAX_VALUE + 1];
  private static final boolean[] WORD = new boolean[128];
  /** Chars whose {@code Character.toLowerCase} differs from their fold. */
  private static final boolean[] LOWER_IS_NOT_FOLD = new boolean[Character.MAX_VALUE + 1];
  private static final String NON_ASCII_FOLDING_TO_ASCII;

  static {
    StringBuilder toAscii = new StringBuilder();
    for (int c = 0; c <= Character.MAX_VALUE; c++) {
      char f = Character.toLowerCase(Character.toUpperCase((char) c));
      FOLD[c] = f;
      LOWER_IS_NOT_FOLD[c] = Character.toLowerCase((char) c) != f;
      if (c >= 128 && f < 128) {
        toAscii.append((char) c);
      }
    }
    NON_ASCII_FOLDING_TO_ASCII = toAscii.toString();
    for (char c = 'a'; c <= 'z'; c++) {
      WORD[c] = true;
      WORD[Character.toUpperCase(c)] = true;
    }
    for (char c = '0'; c <= '9'; c++) {
      WORD[c] = true;
    }
    WORD['_'] = true;
  }

  private Text() {}

  /** Returns the case fold of {@code c}: {@code Character.toLowerCase(Character.toUpperCase(c))}. */
  public static char fold(char c) {
    return FOLD[c];
  }

  /** Returns {@code s} with every char folded. */
  public static String fold(String s) {
    char[] out = new char[s.length()];
    for (int i = 0; i < out.length; i++) {
      out[i] = FOLD[s.charAt(i)];
    }
    return new String(out);
  }

  /** Returns whether {@code Character.toLowerCase(c)} differs from {@link #fold(char) fold(c)}. */
  public static boolean lowerCaseIsNotFold(char c) {
    return LOWER_IS_NOT_FOLD[c];
  }

  /** Returns whether {@code c} is a word character, {@code [A-Za-z0-9_]}. */
  public static boolean isWordChar(char c) {
    return c < 128 && WORD[c];
  }

  /** Returns the non-ASCII chars whose fold is an ASCII char (ſ, K, İ, ı on current JDKs). */
  public static String nonAsciiFoldingToAscii() {
    return NON_ASCII_FOLDING_TO_ASCII;
  }

  /** Returns every char whose fold equals the fold of {@code c}, {@code c} itself first. */
  public static List<Character> caseVariants(char c) {
    List<Character> group = Variants.BY_FOLD.get(FOLD[c]);
    if (group == null) {
      return List.of(c);
    }
    List<Character> variants = new ArrayList<>(group.size());
    variants.add(c);
    for (Character x : group) {
      if (x != c) {
        variants.add(x);
      }
    }
    return variants;
  }

  private static final class Variants {
    /** The chars of each fold shared by more than one char, keyed by that fold. */
    static final Map<Character, List<Character>> BY_FOLD = new HashMap<>();

    static {
      Map<Character, List<Character>> all = new HashMap<>();
      for (int x = 0; x <= Character.MAX_VALUE; x++) {
        all.computeIfAbsent(FOLD[x], f -> new ArrayList<>()).add((char) x);
      }
      all.forEach((f, group) -> {
        if (group.size() > 1) {
          BY_FOLD.put(f, List.copyOf(group));
        }
      });
    }
  }

  /** Returns how many chars of {@code line} are examined. */
  public static int scanLength(CharSequence line) {
    return Math.min(line.length(), MAX_SCAN_LENGTH);
  }

  /**
   * Returns whether the match {@code [start, end)} stands as a whole word in the first
   * {@code limit} chars of {@code line}: the chars just before and just after it are not word chars
   * (the start of the line and {@code limit} count as non-word).
   */
  public static boolean isWholeWord(CharSequence line, int start, int end, int limit) {
    return (start == 0 || !isWordChar(line.charAt(start - 1)))
        && (end >= limit || !isWordChar(line.charAt(end)));
  }

  /** Returns whether every char of {@code s} is printable ASCII (space to tilde). */
  public static boolean isPrintableAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        return false;
      }
    }
    return true;
  }


  /**
   * A reusable, mutable view of the first chars of a string, optionally folded. Not thread-safe;
   * one per engine instance.
   */
  static final class View implements CharSequence {
    private String s = "";
    private int length;
    private boolean folded;

    View of(String s, int length, boolean folded) {
      this.s = s;
      this.length = length;
      this.folded = folded;
      return this;
    }

    @Override
    public int length() {
      return length;
    }

    @Override
    public char charAt(int index) {
      if (index >= length) {
        throw new IndexOutOfBoundsException(index);
      }
      char c = s.charAt(index);
      return folded ? FOLD[c] : c;
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return toString().substring(start, end);
    }

    @Override
    public String toString() {
      String w = s.substring(0, length);
      return folded ? fold(w) : w;
    }
  }
}
