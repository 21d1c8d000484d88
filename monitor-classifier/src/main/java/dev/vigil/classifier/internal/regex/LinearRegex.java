package dev.vigil.classifier.internal.regex;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A regular expression compiled to DFAs, so that matching takes time linear in the input for
 * every pattern: the subset of java.util.regex syntax described in {@code package-info.java},
 * with leftmost-longest match extents.
 *
 * <p>Compiling builds three DFAs eagerly: an unanchored one for {@link #find}, and for {@link
 * #findFirst} an anchored one (to find the longest end from a start) and one for the reversed
 * regex (to find the leftmost start). A pattern whose first two automata would exceed the
 * budgets in {@link Dfa.Budget} is rejected, so compiling is bounded too; the reversed one is
 * dropped if it would, and findFirst then searches the start more slowly.
 *
 * <p>Immutable and thread-safe: one instance is meant to be shared by all threads. Matching
 * reads the text through {@link CharSequence#charAt} and allocates nothing.
 */
public final class LinearRegex {
  private final String pattern;
  private final List<String> requiredFactors;
  private final char[] ascii; // class of each ASCII char
  private final CharClasses classes;
  private final Dfa forward; // unanchored, stops at the first match
  private final Dfa reverse; // the reversed regex, unanchored: match starts; null if too big
  private final Dfa anchored; // match ends from a given start

  private LinearRegex(String pattern, List<String> requiredFactors, CharClasses classes,
      Dfa forward, Dfa reverse, Dfa anchored) {
    this.pattern = pattern;
    this.requiredFactors = requiredFactors;
    this.classes = classes;
    this.ascii = classes.asciiTable();
    this.forward = forward;
    this.reverse = reverse;
    this.anchored = anchored;
  }

  /**
   * Compiles {@code pattern}.
   *
   * @param caseInsensitive match as java.util.regex does with {@code CASE_INSENSITIVE |
   *     UNICODE_CASE}: chars are equal when their simple case folds are
   * @param wholeWord require the match to be neither preceded nor followed by a word char
   *     {@code [A-Za-z0-9_]}, like {@code (?<!\w)(?:pattern)(?!\w)}
   * @throws RegexSyntaxException if the pattern is malformed, uses syntax that cannot run in
   *     linear time, or is too complex for the automaton budget
   */
  public static LinearRegex compile(String pattern, boolean caseInsensitive, boolean wholeWord) {
    return compile(pattern, caseInsensitive, wholeWord, true);
  }

  /** {@link #compile}, optionally without the reversed DFA (for tests of the fallback). */
  static LinearRegex compile(String pattern, boolean caseInsensitive, boolean wholeWord,
      boolean withReverse) {
    Objects.requireNonNull(pattern, "pattern");
    Node root = Parser.parse(pattern, caseInsensitive);
    if (wholeWord) {
      root = new Node.Concat(List.of(new Node.Assert(Node.Assertion.NOT_AFTER_WORD), root,
          new Node.Assert(Node.Assertion.NOT_BEFORE_WORD)));
    }
    Nfa nfa = new Nfa(root);
    Nfa reversedNfa = new Nfa(Node.reverse(root));
    List<int[]> sets = new ArrayList<>(nfa.sets);
    if (nfa.hasWordAssertions) {
      sets.add(CharRanges.WORD); // so that each class is all word chars or none
    }
    CharClasses classes = new CharClasses(sets);
    int[][] setClasses = classes.classesOfSet;
    // the reversed NFA has the same set instances, numbered in its own order
    Map<int[], int[]> classesBySet = new IdentityHashMap<>();
    for (int i = 0; i < nfa.sets.size(); i++) {
      classesBySet.put(nfa.sets.get(i), setClasses[i]);
    }
    int[][] reversedSetClasses = new int[reversedNfa.sets.size()][];
    for (int i = 0; i < reversedSetClasses.length; i++) {
      reversedSetClasses[i] = classesBySet.get(reversedNfa.sets.get(i));
    }
    Dfa.Budget budget = new Dfa.Budget();
    int[] atBegin = {Dfa.AT_BEGIN};
    Dfa forward = Dfa.build(nfa, classes, setClasses, true, true, atBegin, budget);
    Dfa anchored = Dfa.build(nfa, classes, setClasses, false, false,
        new int[] {Dfa.AT_BEGIN, Dfa.AFTER_WORD, Dfa.AFTER_OTHER}, budget);
    Dfa reverse = null;
    if (withReverse) {
      try {
        reverse = Dfa.build(reversedNfa, classes, reversedSetClasses, true, false, atBegin, budget);
      } catch (RegexSyntaxException tooComplex) {
        // only findFirst needs it, and it can do without (slower): never reject a regex for it
      }
    }
    return new LinearRegex(pattern, FactorExtractor.extract(root, caseInsensitive), classes,
        forward, reverse, anchored);
  }

  /**
   * Whether a match exists within {@code text[0, end)}, treating {@code end} as the end of the
   * input (for {@code $}, {@code \b} and whole-word matching). Linear in {@code end}.
   *
   * @throws IndexOutOfBoundsException if {@code end} is negative or past the text
   */
  public boolean find(CharSequence text, int end) {
    return earliestEnd(text, end) >= 0;
  }

  /** Where the first match to end ends (not necessarily the leftmost match), or -1. */
  private int earliestEnd(CharSequence text, int end) {
    Objects.checkFromToIndex(0, end, text.length());
    Dfa dfa = forward;
    int[] delta = dfa.delta;
    char[] ascii = this.ascii;
    int s = dfa.starts[Dfa.AT_BEGIN];
    if (s < 0) {
      return -1;
    }
    for (int i = 0; i < end; i++) {
      char c = text.charAt(i);
      s = delta[s + (c < 128 ? ascii[c] : classes.upperClassOf(c))];
      if (s < 0) {
        return s == Dfa.MATCHED ? i : -1;
      }
    }
    return dfa.acceptsAtEnd(s) ? end : -1;
  }

  /**
   * The leftmost match within {@code text[0, end)} and, among those starting there, the longest,
   * as {@code (start << 32) | endExclusive}; -1 if there is none. Three linear passes, except
   * for the rare regex whose reversed automaton exceeded the budget: then it tries each start
   * up to the first match's end, which is quadratic in the worst case.
   *
   * @throws IndexOutOfBoundsException if {@code end} is negative or past the text
   */
  public long findFirst(CharSequence text, int end) {
    int firstEnd = earliestEnd(text, end);
    if (firstEnd < 0) {
      return -1;
    }
    if (reverse == null) {
      for (int start = 0; start <= firstEnd; start++) {
        int stop = longestEnd(text, start, end);
        if (stop >= 0) {
          return ((long) start << 32) | stop;
        }
      }
      throw new IllegalStateException("inconsistent automata for " + pattern);
    }
    int start = leftmostStart(text, end);
    int stop = start < 0 ? -1 : longestEnd(text, start, end);
    if (stop < start) {
      throw new IllegalStateException("inconsistent automata for " + pattern);
    }
    return ((long) start << 32) | stop;
  }

  /** Runs the reversed regex from {@code end} down to 0; the last place it accepts is the start. */
  private int leftmostStart(CharSequence text, int end) {
    int s = reverse.starts[Dfa.AT_BEGIN];
    int start = -1;
    for (int i = end; i > 0 && s >= 0; i--) {
      int k = classes.classOf(text.charAt(i - 1));
      if (reverse.acceptsBefore(s, k)) {
        start = i;
      }
      s = reverse.delta[s + k];
    }
    if (s >= 0 && reverse.acceptsAtEnd(s)) {
      start = 0;
    }
    return start;
  }

  /** Runs the anchored regex from {@code start}; the last place it accepts is the end, or -1. */
  private int longestEnd(CharSequence text, int start, int end) {
    int context = start == 0 ? Dfa.AT_BEGIN
        : classes.isWord[classes.classOf(text.charAt(start - 1))] ? Dfa.AFTER_WORD : Dfa.AFTER_OTHER;
    int s = anchored.starts[context];
    int stop = -1;
    for (int i = start; i < end && s >= 0; i++) {
      int k = classes.classOf(text.charAt(i));
      if (anchored.acceptsBefore(s, k)) {
        stop = i;
      }
      s = anchored.delta[s + k];
    }
    if (s >= 0 && anchored.acceptsAtEnd(s)) {
      stop = end;
    }
    return stop;
  }

  /**
   * Literal strings at least one of which occurs in every match: when the regex was compiled
   * case-insensitively, in folded form ({@code toLowerCase(toUpperCase(c))} per char), to be
   * looked for in text folded the same way. Empty when no useful set exists (then the regex
   * must run on every text). Sorted and unmodifiable.
   */
  public List<String> requiredFactors() {
    return requiredFactors;
  }

  /** The source pattern, as given to {@link #compile}. */
  public String pattern() {
    return pattern;
  }

  /** Number of states of the three DFAs together, for diagnostics and tests. */
  int dfaStates() {
    return forward.numStates() + (reverse == null ? 0 : reverse.numStates()) + anchored.numStates();
  }

  /** Whether findFirst has its linear reverse pass (false: it tries each start). */
  boolean hasReverse() {
    return reverse != null;
  }

  @Override
  public String toString() {
    return "LinearRegex{" + pattern + "}";
  }
}
