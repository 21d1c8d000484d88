package dev.vigil.classifier.internal.regex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Hand-written cases for each syntax feature, each rejection and the documented semantics. */
class LinearRegexTest {

  private static boolean find(String pattern, String text) {
    return LinearRegex.compile(pattern, false, false).find(text, text.length());
  }

  private static boolean findCi(String pattern, String text) {
    return LinearRegex.compile(pattern, true, false).find(text, text.length());
  }

  /** findFirst as "start..end", or "none". */
  private static String first(String pattern, String text) {
    long r = LinearRegex.compile(pattern, false, false).findFirst(text, text.length());
    return r < 0 ? "none" : (r >>> 32) + ".." + (int) r;
  }

  @ParameterizedTest(name = "{0} finds in \"{1}\": {2}")
  @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
      abc              | xxabcxx        | true
      abc              | xxabxcx        | false
      a.c              | a-c            | true
      a.c              | 'a\nc'         | false
      a\\.c            | a-c            | false
      a\\.c            | a.c            | true
      \\t\\x41\\u0042\\x{43} | '\tABC'   | true
      \\0101\\cA       | 'A\u0001'      | true
      \\e\\a\\f        | '\u001b\u0007\f' | true
      \\Qa.b*\\E+      | a.b**          | true
      \\Qa.b*\\E+      | a.bb           | false
      [\\Qa-c\\E]      | b              | false
      [\\Qa-c\\E]      | '-'            | true
      [a-c]x           | bx             | true
      [^a-c]x          | bx             | false
      [^a-c]x          | dx             | true
      []a]             | ]              | true
      [a-]             | '-'            | true
      [a[0-9]]         | 5              | true
      [^a[0-9]]        | 5              | false
      [\\d\\s]         | ' '            | true
      \\d\\D\\w\\W\\s\\S | '1a_-xx'     | false
      \\d\\D\\w\\W\\s\\S | '1x_- x'     | true
      \\h\\v           | ' \n'          | true
      \\w              | é              | false
      (?:ab)+c         | ababc          | true
      (?<name>ab){2}   | abab           | true
      (ab){3,}         | ababab         | true
      (ab){3,}         | abab           | false
      a{2,3}b          | aab            | true
      ^a{2,3}b         | aaaab          | false
      a*?b+?c??        | bc             | true
      'cat|dog'        | hotdog         | true
      ^abc             | abcd           | true
      ^abc             | xabc           | false
      \\Aabc\\z        | abc            | true
      abc$             | xabc           | true
      abc$             | 'abc\n'        | false
      abc\\Z           | 'abc\n'        | false
      \\bcat\\b        | a cat!         | true
      \\bcat\\b        | concat         | false
      \\Bcat           | concat         | true
      \\Bcat           | cat            | false
      cat\\b           | cat_           | false
      \\bé              | aé             | true
      '(a|b)*abb'      | babababb       | true
      x*               | ''             | true
      ^$               | ''             | true
      ^$               | x              | false
      ]}               | ]}             | true
      """)
  void syntaxFeatures(String pattern, String text, boolean expected) {
    assertThat(find(pattern, text)).isEqualTo(expected);
  }

  @Test
  void caseInsensitiveFoldsLiteralsAndRangesButNotPredefinedClasses() {
    assertThat(findCi("error", "An ERROR")).isTrue();
    assertThat(findCi("k", "\u212A")).isTrue(); // Kelvin sign
    assertThat(findCi("s", "\u017F")).isTrue(); // long s
    assertThat(findCi("\u017F", "S")).isTrue();
    assertThat(findCi("é", "É")).isTrue();
    assertThat(findCi("[a-z]", "\u212A")).isTrue();
    assertThat(findCi("[J-L]", "\u212A")).isTrue(); // java.util.regex says false here
    assertThat(findCi("[^k]", "\u212A")).isFalse();
    assertThat(findCi("\\w", "\u212A")).isFalse();
    assertThat(findCi("ß", "\u1E9E")).isTrue(); // java.util.regex: only within a longer literal
    assertThat(find("error", "ERROR")).isFalse();
  }

  @Test
  void wholeWordNeedsNonWordCharsAround() {
    LinearRegex r = LinearRegex.compile("fail(ed)?", false, true);
    assertThat(r.find("it failed.", 10)).isTrue();
    assertThat(r.find("it failed_", 10)).isFalse();
    assertThat(r.find("unfailed", 8)).isFalse();
    assertThat(r.find("failé", 5)).isTrue(); // é is not a word char
    assertThat(r.findFirst("x failed", 8)).isEqualTo((2L << 32) | 8);
    // word chars are not case-folded: the Kelvin sign is not one, even case-insensitively
    LinearRegex ci = LinearRegex.compile("x", true, true);
    assertThat(ci.find("\u212Ax", 2)).isTrue();
    assertThat(ci.find("kx", 2)).isFalse();
  }

  @Test
  void endIsTheEndOfTheInput() {
    LinearRegex dollar = LinearRegex.compile("abc$", false, false);
    assertThat(dollar.find("abcdef", 3)).isTrue();
    assertThat(dollar.find("abcdef", 6)).isFalse();
    assertThat(dollar.find("abcdef", 2)).isFalse();
    LinearRegex word = LinearRegex.compile("abc", false, true);
    assertThat(word.find("abcdef", 3)).isTrue();
    assertThat(word.findFirst("abcdef", 3)).isEqualTo(3L);
    assertThat(LinearRegex.compile("def", false, false).find("abcdef", 5)).isFalse();
    assertThatThrownBy(() -> dollar.find("abc", 4)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void findFirstIsLeftmostLongest() {
    assertThat(first("abcd|c", "xabcd")).isEqualTo("1..5");
    assertThat(first("a|ab|abc", "xabcd")).isEqualTo("1..4");
    assertThat(first("a+?", "baaa")).isEqualTo("1..4");
    assertThat(first("x*", "abc")).isEqualTo("0..0");
    assertThat(first("\\bb+", "ab bb")).isEqualTo("3..5");
    assertThat(first("c$", "abc")).isEqualTo("2..3");
    assertThat(first("z", "abc")).isEqualTo("none");
  }

  @Test
  void countedRepetitionIsRepeatedConcatenation() {
    // java.util.regex stops a counted loop at its first empty iteration, so it finds nothing here
    assertThat(find("^(?:\\b\\w?){2}b", "ab")).isTrue();
    assertThat(find("^(?:\\b\\w?)(?:\\b\\w?)b", "ab")).isTrue();
  }

  @Test
  void supplementaryCharsAreTwoUnits() {
    String smile = "\uD83D\uDE00";
    assertThat(find("\\x{1F600}+", smile + smile)).isTrue();
    assertThat(first("\\x{1F600}+", "a" + smile + smile)).isEqualTo("1..5");
    assertThat(first(smile + "+", "a" + smile + smile)).isEqualTo("1..5");
    assertThat(find("^.$", smile)).isFalse(); // java.util.regex: true
  }

  @Test
  void emptyPatternMatchesEverywhere() {
    LinearRegex r = LinearRegex.compile("", false, false);
    assertThat(r.find("", 0)).isTrue();
    assertThat(r.findFirst("abc", 3)).isEqualTo(0L);
    assertThat(r.requiredFactors()).isEmpty();
  }

  @Test
  void aClassThatMatchesNothingNeverMatches() {
    LinearRegex r = LinearRegex.compile("a[^\\x00-\\x{FFFF}]", false, false);
    assertThat(r.find("abc", 3)).isFalse();
    assertThat(r.findFirst("abc", 3)).isEqualTo(-1L);
  }

  @Test
  void exactRejectionMessages() {
    assertRejected("error (\\d+) \\1", "backreferences (\\1) are not supported at index 12: they cannot run in linear time");
    assertRejected("a(?=b)", "lookahead groups (?=...) and (?!...) are not supported at index 1: they cannot run in linear time");
    assertRejected("a++", "possessive quantifiers (*+, ++, ?+, {n,m}+) are not supported at index 1: use the greedy form (*, +, ?, {n,m})");
    assertRejected("a{100000}", "repetition count 100000 is larger than the maximum of 1000 at index 2");
    assertRejected("[abc", "unclosed character class at index 0: '[' has no matching ']'");
    assertRejected("(?i)error", "inline flags like (?i) are not supported at index 0: set the rule's case sensitivity instead");
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
      a\\k<x>        | backreferences (\\k<name>) are not supported at index 1
      (?<=a)b        | lookbehind groups (?<=...) and (?<!...) are not supported at index 0
      (?<!a)b        | lookbehind groups
      (?!a)          | lookahead groups
      (?>a)          | atomic groups (?>...) are not supported at index 0
      a*+            | possessive quantifiers
      a?+            | possessive quantifiers
      a{2}+          | possessive quantifiers
      (?s).          | inline flags
      (?-i:a)        | inline flags
      (?#x)          | unknown group construct '(?' at index 0
      (?<1a>x)       | invalid group name at index 0
      \\p{Alpha}     | Unicode and POSIX classes (\\p{...}) are not supported at index 0
      \\P{L}         | Unicode and POSIX classes (\\P{...}) are not supported
      [a-z&&[^x]]    | class intersection '&&' is not supported at index 4
      [z-a]          | invalid character range z-a at index 1: its end comes before its start
      [a-\\d]        | invalid character range at index 1: a range cannot end with a predefined class
      [\\b]          | \\b is not allowed inside a character class at index 1
      '[\uD83D\uDE00]' | supplementary and surrogate characters are not supported in a character class at index 1
      \\G            | \\G (end of the previous match) is not supported at index 0
      \\R            | \\R (any line break) is not supported at index 0
      \\X            | \\X (grapheme cluster) is not supported
      \\N{DIGIT ONE} | named characters
      \\y            | unknown escape sequence \\y at index 0
      ab\\           | unfinished escape '\\' at the end of the pattern at index 2
      \\0            | invalid octal escape at index 0
      \\x4           | invalid hexadecimal escape at index 0
      \\x{110000}    | invalid hexadecimal escape at index 0
      \\u00e         | invalid Unicode escape at index 0
      *a             | quantifier '*' has nothing to repeat at index 0
      'a|+'          | quantifier '+' has nothing to repeat at index 2
      (?:{2})        | quantifier '{' has nothing to repeat at index 3
      a**            | quantifier '*' follows another quantifier at index 2
      a{2}{3}        | quantifier '{' follows another quantifier at index 4
      a{2            | malformed repetition '{' at index 1
      a{,2}          | malformed repetition '{' at index 1
      a{x}           | malformed repetition '{' at index 1
      a{3,2}         | repetition {3,2} has its maximum below its minimum at index 1
      a{1,1001}      | repetition count 1001 is larger than the maximum of 1000 at index 4
      (ab            | unclosed group at index 0: '(' has no matching ')'
      ab)            | unmatched ')' at index 2
      \\Qab\\E(      | unclosed group at index 6
      [a[b]          | unclosed character class at index 0
      """)
  void rejections(String pattern, String message) {
    assertThatThrownBy(() -> LinearRegex.compile(pattern, false, false))
        .isInstanceOf(RegexSyntaxException.class)
        .hasMessageContaining(message);
  }

  @Test
  void nestingIsBounded() {
    String deep = "(".repeat(150) + "a" + ")".repeat(150);
    assertRejected(deep, "groups and classes are nested more than 100 deep at index 100");
    assertThat(find("(".repeat(100) + "a" + ")".repeat(100), "a")).isTrue();
  }

  @Test
  void keepsThePattern() {
    assertThat(LinearRegex.compile("a|b", true, true).pattern()).isEqualTo("a|b");
  }

  private static void assertRejected(String pattern, String message) {
    assertThatThrownBy(() -> LinearRegex.compile(pattern, false, false))
        .isInstanceOf(RegexSyntaxException.class)
        .hasMessage(message);
  }
}
