package dev.vigil.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class TextTest {

  @Test
  void foldingIsJavaRegexUnicodeCaseInsensitiveMatchingOfSingleChars() {
    int flags = Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
    for (char k : "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_- ".toCharArray()) {
      var m = Pattern.compile(Pattern.quote(String.valueOf(k)), flags).matcher("");
      for (int c = 0; c <= Character.MAX_VALUE; c++) {
        if (Character.isSurrogate((char) c)) {
          continue;
        }
        boolean regex = m.reset(String.valueOf((char) c)).matches();
        assertThat(Text.fold((char) c) == Text.fold(k))
            .as("U+%04X vs '%s'", c, k).isEqualTo(regex);
      }
    }
  }

  @Test
  void exactlyFourNonAsciiCharsFoldToAscii() {
    assertThat(Text.nonAsciiFoldingToAscii()).isEqualTo("\u0130\u0131\u017F\u212A");
    assertThat(Text.caseVariants('s')).containsExactly('s', 'S', '\u017F');
    assertThat(Text.caseVariants('I')).containsExactlyInAnyOrder('I', 'i', '\u0130', '\u0131');
    assertThat(Text.caseVariants('-')).containsExactly('-');
  }

  @Test
  void wordCharsAreAsciiOnly() {
    assertThat(Text.isWordChar('a')).isTrue();
    assertThat(Text.isWordChar('_')).isTrue();
    assertThat(Text.isWordChar('-')).isFalse();
    assertThat(Text.isWordChar('\u017F')).isFalse();
    assertThat(Text.isWordChar('\u00E9')).isFalse();
    for (char c : Text.nonAsciiFoldingToAscii().toCharArray()) {
      assertThat(Text.isWordChar(c)).isFalse();
    }
  }

  @Test
  void wholeWordCountsTheScanLimitAsALineEnd() {
    assertThat(Text.isWholeWord("a 500 b", 2, 5, 7)).isTrue();
    assertThat(Text.isWholeWord("1500ms", 1, 4, 6)).isFalse();
    assertThat(Text.isWholeWord("500x", 0, 3, 3)).isTrue();
  }

  @Test
  void viewFoldsLazily() {
    Text.View v = new Text.View().of("AbC\u017Fd", 4, true);
    assertThat(v.length()).isEqualTo(4);
    assertThat(v.toString()).isEqualTo("abcs");
    assertThat(v.charAt(3)).isEqualTo('s');
  }
}
