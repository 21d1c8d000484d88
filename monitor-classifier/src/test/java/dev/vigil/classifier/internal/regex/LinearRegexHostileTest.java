package dev.vigil.classifier.internal.regex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Patterns that make backtracking engines explode either compile to small DFAs that run in
 * linear time or are rejected quickly. Wall-clock bounds here are generous safety nets against
 * hangs, not benchmarks.
 */
class LinearRegexHostileTest {
  private static final Duration COMPILE_BOUND = Duration.ofSeconds(5);
  private static final Duration RUN_BOUND = Duration.ofSeconds(5);

  @ParameterizedTest
  @ValueSource(strings = {
      "(a+)+$", "(a|aa)*b", "(.*a){20}", "(x+x+)+y", ".*.*.*=.*", "(a|a?)+$", "(\\w+\\s?)*$",
      "^(([a-z])+.)+[A-Z]([a-z])+$", "(.*a.*b.*c){100}", ".{0,1000}x", "(?:a?){1000}a{1000}",
      "\\b(?:\\w+\\b\\W*){1,300}", "(a|b)*a(a|b){8}"})
  void hostilePatternsRunInLinearTimeOrAreRejected(String pattern) {
    LinearRegex regex = compileWithin(pattern);
    if (regex == null) {
      return;
    }
    for (String unit : new String[] {"a", "x", "ab", "a ", "xxy"}) {
      String text = unit.repeat(100_000 / unit.length()) + "!";
      long t0 = System.nanoTime();
      regex.find(text, text.length());
      regex.find(text, 4096);
      regex.findFirst(text, 4096);
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).as(pattern + " on " + unit).isLessThan(RUN_BOUND);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "(a|b)*a(a|b){12}", "(a|b)*a(a|b){30}", ".*a.{20}", "\\w{1,1000}\\d{1,1000}",
      "(\\w+\\s?){1,1000}$", "([a-y]|z.{8}){0,30}$", "(?:abcdefghijklmnopqrstuvwxyz|[a-z0-9]{8}){1,40}"})
  void exponentialAutomataAreRejectedQuickly(String pattern) {
    long t0 = System.nanoTime();
    assertThatThrownBy(() -> LinearRegex.compile(pattern, false, false))
        .isInstanceOf(RegexSyntaxException.class)
        .hasMessageStartingWith("too complex to run in linear time")
        .hasMessageContaining("split it into several rules");
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(COMPILE_BOUND);
  }

  @Test
  void hugeRepetitionsAreRejected() {
    assertThatThrownBy(() -> LinearRegex.compile("a{100000}", false, false))
        .hasMessage("repetition count 100000 is larger than the maximum of 1000 at index 2");
    assertThatThrownBy(() -> LinearRegex.compile("(?:a{1000}){1000}", false, false))
        .hasMessageStartingWith("too large: its repetitions expand to more than 10000 automaton states");
    assertThatThrownBy(() -> LinearRegex.compile("((((a{1000}){1000}){1000}){1000}){1000}", false, false))
        .hasMessageStartingWith("too large");
  }

  @Test
  void aRegexWhoseReversedAutomatonIsTooBigStillFindsTheFirstMatch() {
    LinearRegex regex = LinearRegex.compile(".{0,30}x", false, false);
    assertThat(regex.hasReverse()).isFalse();
    String text = "y".repeat(50) + "xyy";
    assertThat(regex.findFirst(text, text.length())).isEqualTo((20L << 32) | 51);
    assertThat(regex.findFirst(text, 50)).isEqualTo(-1L);
    LinearRegex ab = LinearRegex.compile("[ab]{12}b.*", false, false);
    assertThat(ab.hasReverse()).isFalse();
    assertThat(ab.findFirst("cc" + "ab".repeat(8) + "c", 19)).isEqualTo((3L << 32) | 19);
  }

  private static LinearRegex compileWithin(String pattern) {
    long t0 = System.nanoTime();
    try {
      return LinearRegex.compile(pattern, false, false);
    } catch (RegexSyntaxException e) {
      assertThat(e).hasMessageStartingWith("too complex to run in linear time");
      return null;
    } finally {
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).as(pattern).isLessThan(COMPILE_BOUND);
    }
  }
}
