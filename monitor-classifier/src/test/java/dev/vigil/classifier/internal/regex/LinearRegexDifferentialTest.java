package dev.vigil.classifier.internal.regex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Seeded random differential test against java.util.regex: thousands of random patterns over a
 * small alphabet (with the case-folding troublemakers), each on random and sampled texts, with
 * and without case folding and whole-word matching, and with truncated ends.
 */
class LinearRegexDifferentialTest {
  private static final long SEED = 20261121L;
  private static final int PATTERNS = 4000;
  private static final int TEXTS_PER_PATTERN = 12;

  @Test
  void agreesWithJavaUtilRegex() {
    // -Dregex.seed=N explores other patterns; failures print the pattern to add as a fixed case
    Random random = new Random(Long.getLong("regex.seed", SEED));
    int compared = 0;
    int matched = 0;
    int rejected = 0;
    int javaGaveUp = 0;
    for (int i = 0; i < PATTERNS; i++) {
      boolean caseInsensitive = random.nextBoolean();
      boolean wholeWord = random.nextInt(4) == 0;
      RandomPatterns gen = new RandomPatterns(random, caseInsensitive);
      RandomPatterns.Pat p = gen.pattern();
      String java = wholeWord ? RandomPatterns.wholeWord(p.java()) : p.java();
      Pattern expected = Pattern.compile(java, gen.javaFlags());
      LinearRegex actual;
      try {
        actual = LinearRegex.compile(p.ours(), caseInsensitive, wholeWord);
      } catch (RegexSyntaxException e) {
        assertThat(e).as(p.ours()).hasMessageContaining("too complex");
        rejected++;
        continue;
      }
      // every fourth pattern also checks findFirst's fallback, used when the reversed DFA is too big
      LinearRegex fallback = i % 4 == 0 ? LinearRegex.compile(p.ours(), caseInsensitive, wholeWord, false) : null;
      for (int t = 0; t < TEXTS_PER_PATTERN; t++) {
        String text = gen.text(p);
        int end = t % 3 == 2 && !text.isEmpty() ? random.nextInt(text.length() + 1) : text.length();
        String where = "pattern " + show(p.ours()) + " (java " + show(java) + ", ci=" + caseInsensitive
            + ", ww=" + wholeWord + ") on " + show(text) + " end " + end;
        Matcher m = expected.matcher(new Budgeted(text.substring(0, end)));
        boolean found;
        try {
          found = m.find();
        } catch (Budgeted.Exhausted e) {
          javaGaveUp++; // the oracle backtracks exponentially here: nothing to compare with
          continue;
        }
        assertThat(actual.find(text, end)).as(where).isEqualTo(found);
        long first = actual.findFirst(text, end);
        if (fallback != null) {
          assertThat(fallback.findFirst(text, end)).as(where).isEqualTo(first);
        }
        if (!found) {
          assertThat(first).as(where).isEqualTo(-1L);
          compared++;
          continue;
        }
        matched++;
        int start = (int) (first >>> 32);
        int stop = (int) first;
        assertThat(start).as(where).isEqualTo(m.start());
        assertThat(stop).as(where).isBetween(start, end);
        try {
          if (!matchesExactly(expected, text.substring(0, end), start, stop)) {
            fail("[%s] %d..%d is not a match", where, start, stop);
          }
          for (int longer = stop + 1; longer <= end; longer++) {
            if (matchesExactly(expected, text.substring(0, end), start, longer)) {
              fail("[%s] %d..%d is a longer match than %d..%d", where, start, longer, start, stop);
            }
          }
        } catch (Budgeted.Exhausted e) {
          javaGaveUp++;
        }
        compared++;
      }
    }
    assertThat(compared).isGreaterThan(PATTERNS * TEXTS_PER_PATTERN / 2);
    assertThat(matched).isGreaterThan(compared / 5);
    assertThat(rejected).isLessThan(PATTERNS / 100);
    assertThat(javaGaveUp).isLessThan(compared / 100);
  }

  /** Whether text[start, end) is a match, with lookaround seeing the text around it. */
  private static boolean matchesExactly(Pattern p, String text, int start, int end) {
    return p.matcher(new Budgeted(text)).region(start, end).useTransparentBounds(true).useAnchoringBounds(false).matches();
  }

  /** Text that stops java.util.regex after a million reads: some random patterns backtrack badly. */
  private static final class Budgeted implements CharSequence {
    private final String text;
    private int reads;

    Budgeted(String text) {
      this.text = text;
    }

    @Override
    public char charAt(int index) {
      if (++reads > 1_000_000) {
        throw new Exhausted();
      }
      return text.charAt(index);
    }

    @Override
    public int length() {
      return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return text.subSequence(start, end);
    }

    @Override
    public String toString() {
      return text;
    }

    static final class Exhausted extends RuntimeException {
      private static final long serialVersionUID = 1L;
    }
  }

  static String show(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c < 0x20 || c > 0x7E) {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.append('"').toString();
  }
}
