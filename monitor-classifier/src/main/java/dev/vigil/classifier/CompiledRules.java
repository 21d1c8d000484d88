package dev.vigil.classifier;

import dev.vigil.Classification;
import dev.vigil.LogLevel;
import dev.vigil.classifier.internal.regex.LinearRegex;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The rules of a {@link RuleClassifier} compiled for speed: rules sorted by precedence (so that a
 * rule's rank, its index here, is all that is needed to pick a winner), and one {@link Automaton}
 * holding every keyword, the literal factors of every regex rule and, when some rule has a level
 * condition, the {@linkplain LevelTokens level tokens}.
 *
 * <p>Classifying scans the line once. A keyword hit is decided on the spot when it can be: case,
 * word boundaries, logger and source, and the level once it is known. Two kinds of hit cannot be
 * decided during the scan: a regex rule whose factor occurred (running the regex is the expensive
 * part, so only the best such candidate is run, after the scan) and a level-conditioned keyword
 * seen before the line's level token. The scan keeps only the best-ranked undecided candidate; if
 * it fails, the line is scanned again for the next one, above a rising floor. Lines with no
 * undecided candidate, nearly all of them, are scanned once; no call allocates.
 *
 * <p>The scan state travels in one {@code long} so that the hot loop needs no object: bits 0-20
 * the best accepted rank, bits 21-41 the best undecided rank, bits 42-44 the level (0 unknown,
 * otherwise ordinal + 1), bit 45 "level final" (given by the caller, or the first scan is over).
 *
 * <p>Immutable and thread-safe.
 */
final class CompiledRules {

  static final int MAX_RULES = (1 << 21) - 2;
  private static final int NONE = (1 << 21) - 1;
  private static final long RANK_MASK = NONE;
  private static final int DEFERRED_SHIFT = 21;
  private static final int LEVEL_SHIFT = 42;
  private static final long LEVEL_FINAL = 1L << 45;
  private static final long INITIAL = NONE | (long) NONE << DEFERRED_SHIFT;

  private static final byte KEYWORD = 0;
  private static final byte FACTOR = 1;
  private static final byte LEVEL = 2;

  private final int maxScanLength;
  private final Rule[] rules;
  private final Classification[] results;
  private final byte[] minLevel;
  private final byte[] maxLevel;
  private final String[] loggerPrefix;
  private final String[] source;
  private final LinearRegex[] regex;
  private final int[] alwaysRun;

  private final Automaton automaton;
  private final String[] patternText;
  private final byte[] patternKind;
  private final int[] patternOwner;
  private final boolean[] patternCaseSensitive;
  private final boolean[] patternWholeWord;

  CompiledRules(List<Rule> declared, int maxScanLength) {
    if (declared.size() > MAX_RULES) {
      throw new IllegalArgumentException("too many rules: " + declared.size() + " > " + MAX_RULES);
    }
    this.maxScanLength = maxScanLength;
    Rule[] sorted = declared.toArray(new Rule[0]);
    // Stable sort: declaration order breaks the remaining ties.
    Arrays.sort(sorted, Comparator.comparing(Rule::severity).reversed()
        .thenComparing(Comparator.comparingInt(Rule::priority).reversed()));
    int n = sorted.length;
    rules = sorted;
    results = new Classification[n];
    minLevel = new byte[n];
    maxLevel = new byte[n];
    loggerPrefix = new String[n];
    source = new String[n];
    regex = new LinearRegex[n];
    List<Integer> always = new ArrayList<>();
    List<String> texts = new ArrayList<>();
    List<Byte> kinds = new ArrayList<>();
    List<Integer> owners = new ArrayList<>();
    List<Boolean> cases = new ArrayList<>();
    List<Boolean> words = new ArrayList<>();
    boolean levelConditions = false;
    for (int r = 0; r < n; r++) {
      Rule rule = sorted[r];
      results[r] = rule.classification();
      minLevel[r] = code(rule.minLevel());
      maxLevel[r] = code(rule.maxLevel());
      levelConditions |= minLevel[r] != 0 || maxLevel[r] != 0;
      loggerPrefix[r] = rule.loggerPrefixOrNull();
      source[r] = rule.sourceOrNull();
      regex[r] = rule.compiledRegex();
      if (regex[r] == null) {
        for (String k : rule.keywords()) {
          texts.add(k);
          kinds.add(KEYWORD);
          owners.add(r);
          cases.add(rule.caseSensitive());
          words.add(rule.wholeWord());
        }
      } else {
        List<String> factors = rule.factors().isEmpty()
            ? regex[r].requiredFactors() : rule.factors();
        if (factors.isEmpty()) {
          always.add(r);
        }
        for (String f : factors) {
          texts.add(f);
          kinds.add(FACTOR);
          owners.add(r);
          cases.add(false);
          words.add(false);
        }
      }
    }
    if (levelConditions) {
      for (LevelTokens.Token t : LevelTokens.TOKENS) {
        texts.add(t.text());
        kinds.add(LEVEL);
        owners.add(t.level().ordinal());
        cases.add(t.caseSensitive());
        words.add(true);
      }
    }
    alwaysRun = always.stream().mapToInt(Integer::intValue).toArray();
    int p = texts.size();
    patternText = texts.toArray(new String[0]);
    patternKind = new byte[p];
    patternOwner = new int[p];
    patternCaseSensitive = new boolean[p];
    patternWholeWord = new boolean[p];
    for (int k = 0; k < p; k++) {
      patternKind[k] = kinds.get(k);
      patternOwner[k] = owners.get(k);
      patternCaseSensitive[k] = cases.get(k);
      patternWholeWord[k] = words.get(k);
    }
    automaton = p == 0 ? null : new Automaton(texts);
  }

  private static byte code(LogLevel level) {
    return level == null ? 0 : (byte) (level.ordinal() + 1);
  }

  int maxScanLength() {
    return maxScanLength;
  }

  Classification classify(CharSequence text, LogLevel level, String logger, String src) {
    int n = Math.min(text.length(), maxScanLength);
    long acc = level == null ? INITIAL : INITIAL | (long) code(level) << LEVEL_SHIFT | LEVEL_FINAL;
    int floor = -1;
    while (true) {
      acc |= RANK_MASK << DEFERRED_SHIFT;
      if (automaton != null) {
        acc = scan(text, n, logger, src, floor, acc);
      }
      acc |= LEVEL_FINAL;
      int best = (int) (acc & RANK_MASK);
      int candidate = (int) (acc >>> DEFERRED_SHIFT & RANK_MASK);
      for (int r : alwaysRun) {
        if (r >= best || r >= candidate) {
          break;
        }
        if (r > floor && staticConditionsHold(r, logger, src) && levelHolds(r, acc)) {
          candidate = r;
          break;
        }
      }
      if (candidate >= best) {
        return best == NONE ? Classification.NONE : results[best];
      }
      if (levelHolds(candidate, acc) && (regex[candidate] == null || regex[candidate].find(text, n))) {
        return results[candidate];
      }
      floor = candidate;
    }
  }

  /** The filter-then-DFA loop described in {@link Automaton}. */
  private long scan(CharSequence text, int n, String logger, String src, int floor, long acc) {
    final Automaton a = automaton;
    final char[] classOf = a.classOf;
    final int[] delta = a.delta;
    final long gramMask = a.gramMask;
    long g = 0;
    int i = 0;
    while (true) {
      i = a.skip(text, i, n, g);
      if (i >= n) {
        return acc;
      }
      g = a.gramEndingAt(text, i);
      if (!a.isKeywordGram(g & gramMask)) {
        i += a.stride;
        continue;
      }
      // A keyword may start up to span - 1 characters back: run the DFA from there until it is
      // shallow again (no keyword can be in progress that the filter would not see).
      int e = 0;
      int j = Math.max(0, i - a.span + 1);
      for (; j < n; j++) {
        e = delta[(e >>> 2) + classOf[text.charAt(j)]];
        if ((e & (Automaton.OUTPUT | Automaton.SHALLOW)) != 0) {
          if ((e & Automaton.OUTPUT) != 0) {
            acc = onOutputs(acc, a.state(e >>> 2), j + 1, text, n, logger, src, floor);
          }
          if ((e & Automaton.SHALLOW) != 0 && j >= i) {
            break;
          }
        }
      }
      if (j >= n) {
        return acc;
      }
      g = a.gramEndingAt(text, j);
      i = j + 1;
    }
  }

  private long onOutputs(long acc, int state, int end, CharSequence text, int n,
      String logger, String src, int floor) {
    final Automaton a = automaton;
    for (int k = a.outStart[state], last = a.outStart[state + 1]; k < last; k++) {
      int p = a.outPatterns[k];
      int start = end - a.patternLength[p];
      int owner = patternOwner[p];
      switch (patternKind[p]) {
        case KEYWORD:
          if (owner < (int) (acc & RANK_MASK) && verify(p, text, start, end, n)
              && staticConditionsHold(owner, logger, src)) {
            if (minLevel[owner] == 0 && maxLevel[owner] == 0) {
              acc = acc & ~RANK_MASK | owner;
            } else if (levelDecided(acc)) {
              if (levelHolds(owner, acc)) {
                acc = acc & ~RANK_MASK | owner;
              }
            } else {
              acc = defer(acc, owner, floor);
            }
          }
          break;
        case FACTOR:
          if (owner < (int) (acc & RANK_MASK) && staticConditionsHold(owner, logger, src)
              && (!levelDecided(acc) || levelHolds(owner, acc))) {
            acc = defer(acc, owner, floor);
          }
          break;
        default:
          if (!levelDecided(acc) && verify(p, text, start, end, n)) {
            acc |= (long) (owner + 1) << LEVEL_SHIFT;
          }
          break;
      }
    }
    return acc;
  }

  private static long defer(long acc, int rank, int floor) {
    long current = acc >>> DEFERRED_SHIFT & RANK_MASK;
    if (rank > floor && rank < current) {
      acc = acc & ~(RANK_MASK << DEFERRED_SHIFT) | (long) rank << DEFERRED_SHIFT;
    }
    return acc;
  }

  private boolean verify(int p, CharSequence text, int start, int end, int n) {
    return Matching.verify(patternText[p], patternCaseSensitive[p], patternWholeWord[p],
        text, start, end, n);
  }

  private static boolean levelDecided(long acc) {
    return (acc & (LEVEL_FINAL | 7L << LEVEL_SHIFT)) != 0;
  }

  private boolean levelHolds(int r, long acc) {
    int min = minLevel[r];
    int max = maxLevel[r];
    if (min == 0 && max == 0) {
      return true;
    }
    int level = (int) (acc >>> LEVEL_SHIFT & 7);
    return level != 0 && (min == 0 || level >= min) && (max == 0 || level <= max);
  }

  private boolean staticConditionsHold(int r, String logger, String src) {
    String prefix = loggerPrefix[r];
    String wanted = source[r];
    return (prefix == null || logger != null && logger.startsWith(prefix))
        && (wanted == null || wanted.equals(src));
  }

  /** The slow path behind {@link RuleClassifier#explain}: every rule's first match, with reasons. */
  Explanation explain(CharSequence text, LogLevel given, String logger, String src) {
    int n = Math.min(text.length(), maxScanLength);
    LogLevel level = given != null ? given : LevelTokens.infer(text, n);
    int[] start = new int[rules.length];
    int[] end = new int[rules.length];
    boolean[] factorSeen = new boolean[rules.length];
    Arrays.fill(start, -1);
    if (automaton != null) {
      int e = 0;
      for (int j = 0; j < n; j++) {
        e = automaton.delta[(e >>> 2) + automaton.classOf[text.charAt(j)]];
        if ((e & Automaton.OUTPUT) == 0) {
          continue;
        }
        int state = automaton.state(e >>> 2);
        for (int k = automaton.outStart[state]; k < automaton.outStart[state + 1]; k++) {
          int p = automaton.outPatterns[k];
          int r = patternOwner[p];
          int s = j + 1 - automaton.patternLength[p];
          if (patternKind[p] == KEYWORD && verify(p, text, s, j + 1, n)
              && (start[r] < 0 || s < start[r])) {
            start[r] = s;
            end[r] = j + 1;
          } else if (patternKind[p] == FACTOR) {
            factorSeen[r] = true;
          }
        }
      }
    }
    for (int r : alwaysRun) {
      factorSeen[r] = true;
    }
    List<Explanation.Match> matches = new ArrayList<>();
    Classification best = Classification.NONE;
    for (int r = 0; r < rules.length; r++) {
      if (factorSeen[r]) {
        long m = regex[r].findFirst(text, n);
        if (m >= 0) {
          start[r] = (int) (m >>> 32);
          end[r] = (int) m;
        }
      }
      if (start[r] < 0) {
        continue;
      }
      String why = rejection(rules[r], level, logger, src);
      matches.add(new Explanation.Match(rules[r], start[r], end[r], why));
      if (why == null && !best.matched()) {
        best = results[r];
      }
    }
    matches.sort(Comparator.comparingInt(Explanation.Match::start));
    return new Explanation(best, level, given == null && level != null, matches);
  }

  /** Why {@code rule}'s conditions fail for the event, or {@code null} if they hold. */
  static String rejection(Rule rule, LogLevel level, String logger, String src) {
    LogLevel min = rule.minLevel();
    LogLevel max = rule.maxLevel();
    if (min != null && (level == null || !level.isAtLeast(min))) {
      return level == null ? "level unknown, needs at least " + min
          : "level " + level + " is below " + min;
    }
    if (max != null && (level == null || level.compareTo(max) > 0)) {
      return level == null ? "level unknown, needs at most " + max
          : "level " + level + " is above " + max;
    }
    String prefix = rule.loggerPrefixOrNull();
    if (prefix != null && (logger == null || !logger.startsWith(prefix))) {
      return logger == null ? "logger unknown, needs " + prefix + "*"
          : "logger " + logger + " is not under " + prefix;
    }
    String wanted = rule.sourceOrNull();
    if (wanted != null && !wanted.equals(src)) {
      return src == null ? "source unknown, needs " + wanted
          : String.format(Locale.ROOT, "source %s is not %s", src, wanted);
    }
    return null;
  }
}
