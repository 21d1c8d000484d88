package dev.vigil.tail;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LineAssemblerTest {

  private final List<String> lines = new ArrayList<>();
  private int truncated;

  private LineAssembler assembler(int max) {
    return new LineAssembler(max, (line, cut) -> {
      lines.add(line);
      if (cut) {
        truncated++;
      }
    });
  }

  private static void feed(LineAssembler a, String s) {
    char[] c = s.toCharArray();
    a.accept(c, 0, c.length);
  }

  @Test
  void anyChunkingGivesTheSameLines() {
    String text = "alpha\r\nbeta is longer than ten\n\n\r\ngamma\rdelta\nexactly10!\r\nend";
    LineAssembler whole = assembler(10);
    feed(whole, text);
    whole.endOfInput();
    List<String> expected = List.copyOf(lines);
    int expectedTruncated = truncated;
    assertThat(expected).containsExactly("alpha", "beta is lo", "", "", "gamma\rdelt",
        "exactly10!", "end");
    assertThat(expectedTruncated).isEqualTo(2);

    Random random = new Random(7);
    char[] c = text.toCharArray();
    for (int round = 0; round < 200; round++) {
      lines.clear();
      truncated = 0;
      LineAssembler a = assembler(10);
      int i = 0;
      while (i < c.length) {
        int n = Math.min(c.length - i, 1 + random.nextInt(6));
        a.accept(c, i, i + n);
        i += n;
      }
      a.endOfInput();
      assertThat(lines).as("round %d", round).isEqualTo(expected);
      assertThat(truncated).isEqualTo(expectedTruncated);
    }
  }

  @Test
  void neverCutsASurrogatePairInHalf() {
    LineAssembler a = assembler(3);
    feed(a, "ab\uD83D\uDE00cd\n"); // "ab" + an emoji (two chars) + "cd"
    assertThat(lines).containsExactly("ab");
    assertThat(truncated).isEqualTo(1);
  }

  @Test
  void holdsAPartialLineUntilEndOfInput() {
    LineAssembler a = assembler(100);
    feed(a, "no newline yet");
    assertThat(lines).isEmpty();
    assertThat(a.hasPartialLine()).isTrue();
    a.endOfInput();
    assertThat(lines).containsExactly("no newline yet");
    assertThat(a.hasPartialLine()).isFalse();
    a.endOfInput();
    assertThat(lines).hasSize(1);
  }
}
