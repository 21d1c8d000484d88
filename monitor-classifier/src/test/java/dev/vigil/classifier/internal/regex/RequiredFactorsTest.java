package dev.vigil.classifier.internal.regex;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The prefilter factors: useful on common shapes, and never missing a match. */
class RequiredFactorsTest {

  @ParameterizedTest(name = "{0} (ci={1}) -> {2}")
  @CsvSource(delimiter = ';', quoteCharacter = '\'', textBlock = """
      error                        ; false ; [error]
      Error                        ; true  ; [error]
      'error|warn'                 ; false ; [error, warn]
      connection (refused|reset)   ; false ; [connection refused, connection reset]
      colou?r                      ; false ; [color, colour]
      timeout after \\d+ ms        ; false ; [timeout after ]
      \\d+ ms                      ; false ; [ ms]
      '(?:ab)+cdef'                ; false ; [cdef]
      '(ab){3}'                    ; false ; [ababab]
      '(ab){2,}x'                  ; false ; [abab]
      [ab]cd                       ; false ; [acd, bcd]
      [ab]cd                       ; true  ; [acd, bcd]
      \\bOOM\\b                    ; false ; [OOM]
      STRASSE|Kelvin               ; true  ; [kelvin, strasse]
      \\d+                         ; false ; []
      .*                           ; false ; []
      a                            ; false ; []
      'a|bc'                       ; false ; []
      'abc|\\d+'                   ; false ; []
      x*yz?                        ; false ; []
      '(error)?'                   ; false ; []
      '[a-z]+ failed'              ; false ; [ failed]
      'x(a|b|c|d|e)yz'             ; false ; [xayz, xbyz, xcyz, xdyz, xeyz]
      'x[a-e]yz'                   ; false ; [yz]
      """)
  void extractsFactors(String pattern, boolean caseInsensitive, String expected) {
    assertThat(LinearRegex.compile(pattern, caseInsensitive, false).requiredFactors()).hasToString(expected);
  }

  @Test
  void tooManyAlternativesGiveNoFactors() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 65; i++) {
      sb.append(i > 0 ? "|" : "").append("w").append(i).append('x');
    }
    assertThat(LinearRegex.compile(sb.toString(), false, false).requiredFactors()).isEmpty();
    assertThat(LinearRegex.compile("[a-d]{3}", false, false).requiredFactors()).hasSize(64);
    assertThat(LinearRegex.compile("[a-e]{3}", false, false).requiredFactors()).isEmpty();
  }

  @Test
  void everyMatchContainsAFactor() {
    Random random = new Random(99);
    int checked = 0;
    int withFactors = 0;
    for (int i = 0; i < 4000; i++) {
      boolean caseInsensitive = random.nextBoolean();
      boolean wholeWord = random.nextInt(4) == 0;
      RandomPatterns gen = new RandomPatterns(random, caseInsensitive);
      RandomPatterns.Pat p = gen.pattern();
      LinearRegex regex;
      try {
        regex = LinearRegex.compile(p.ours(), caseInsensitive, wholeWord);
      } catch (RegexSyntaxException e) {
        continue;
      }
      List<String> factors = regex.requiredFactors();
      if (factors.isEmpty()) {
        continue;
      }
      withFactors++;
      assertThat(factors).allSatisfy(f -> assertThat(f.length()).isGreaterThanOrEqualTo(2)).hasSizeLessThanOrEqualTo(64);
      for (int t = 0; t < 20; t++) {
        String text = gen.text(p);
        if (regex.find(text, text.length())) {
          String folded = caseInsensitive ? fold(text) : text;
          assertThat(factors).as("%s on %s", p.ours(), LinearRegexDifferentialTest.show(text))
              .anySatisfy(f -> assertThat(folded).contains(f));
          checked++;
        }
      }
    }
    assertThat(withFactors).isGreaterThan(500);
    assertThat(checked).isGreaterThan(2000);
  }

  private static String fold(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      sb.append(Character.toLowerCase(Character.toUpperCase(c)));
    }
    return sb.toString();
  }
}
