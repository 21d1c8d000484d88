package dev.vigil.classifier.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LineReaderTest {

  static List<String> lines(byte[] input, int keep, int bufferSize) throws IOException {
    LineReader r = new LineReader(new ByteArrayInputStream(input), keep, bufferSize, () -> { });
    List<String> out = new ArrayList<>();
    for (String l = r.next(); l != null; l = r.next()) {
      out.add(l);
    }
    assertThat(r.next()).isNull();
    return out;
  }

  static List<String> lines(String input, int keep, int bufferSize) throws IOException {
    return lines(input.getBytes(StandardCharsets.UTF_8), keep, bufferSize);
  }

  /** The lines as a simple, whole-input implementation sees them. */
  static List<String> oracle(byte[] input, int keep) {
    String text = new String(input, StandardCharsets.UTF_8);
    List<String> out = new ArrayList<>();
    if (text.isEmpty()) {
      return out;
    }
    String[] parts = text.split("\n", -1);
    int n = text.endsWith("\n") ? parts.length - 1 : parts.length;
    for (int i = 0; i < n; i++) {
      String p = parts[i].endsWith("\r") ? parts[i].substring(0, parts[i].length() - 1) : parts[i];
      out.add(p.length() > keep ? p.substring(0, keep) : p);
    }
    return out;
  }

  @Test
  void splitsOnNewlineAndDropsACarriageReturnBeforeIt() throws IOException {
    assertThat(lines("a\nb\r\n\r\n\nc\rd\n", 100, 4)).containsExactly("a", "b", "", "", "c\rd");
  }

  @Test
  void theLastLineNeedsNoTerminator() throws IOException {
    assertThat(lines("a\r\nlast", 100, 4)).containsExactly("a", "last");
    assertThat(lines("a\nlast\r", 100, 4)).containsExactly("a", "last");
    assertThat(lines("\n", 100, 4)).containsExactly("");
    assertThat(lines("", 100, 4)).isEmpty();
  }

  @Test
  void keepsOnlyTheBeginningOfLongLines() throws IOException {
    assertThat(lines("abcdef\nabc\r\nab\r\nabcd\r\n", 3, 4))
        .containsExactly("abc", "abc", "ab", "abc");
    assertThat(lines("x".repeat(100_000) + "\r\ny", 5, 64)).containsExactly("xxxxx", "y");
    assertThat(lines("abc\r", 2, 4)).containsExactly("ab");
  }

  @Test
  void invalidUtf8BecomesReplacementCharacters() throws IOException {
    byte[] input = {'a', (byte) 0xFF, 'b', (byte) 0xC3, '\n', (byte) 0xE2, (byte) 0x82};
    assertThat(lines(input, 100, 4)).containsExactly("a\uFFFDb\uFFFD", "\uFFFD");
  }

  @Test
  void multiByteCharactersSplitAcrossReadsAreDecodedWhole() throws IOException {
    String text = "h\u00e9llo \u20ac \uD83D\uDE00 end\n\u00e9\u20ac\uD83D\uDE00";
    for (int size = 4; size < 12; size++) {
      assertThat(lines(text, 100, size)).containsExactly("h\u00e9llo \u20ac \uD83D\uDE00 end",
          "\u00e9\u20ac\uD83D\uDE00");
    }
  }

  @Test
  void nulIsAnOrdinaryCharacter() throws IOException {
    assertThat(lines("a\0b\n\0\n", 100, 4)).containsExactly("a\0b", "\0");
  }

  @Test
  void agreesWithAWholeInputOracleOnRandomBytes() throws IOException {
    Random random = new Random(42);
    byte[] alphabet = "ab \r\n\r\n\0\u00e9\u20ac".getBytes(StandardCharsets.UTF_8);
    for (int round = 0; round < 500; round++) {
      byte[] input = new byte[random.nextInt(300)];
      for (int i = 0; i < input.length; i++) {
        input[i] = random.nextInt(10) == 0 ? (byte) random.nextInt(256)
            : alphabet[random.nextInt(alphabet.length)];
      }
      int keep = 1 + random.nextInt(20);
      int bufferSize = 4 + random.nextInt(40);
      assertThat(lines(input, keep, bufferSize)).as("round %d", round)
          .isEqualTo(oracle(input, keep));
    }
  }

  @Test
  void runsTheHookBeforeAReadThatMayBlock() throws IOException {
    List<String> events = new ArrayList<>();
    InputStream in = new InputStream() {
      private final byte[] data = "one\ntwo\n".getBytes(StandardCharsets.UTF_8);
      private int pos;

      @Override
      public int read() {
        throw new UnsupportedOperationException();
      }

      @Override
      public int read(byte[] b, int off, int len) {
        events.add("read");
        if (pos == data.length) {
          return -1;
        }
        int end = pos == 0 ? 4 : data.length; // one line per read, as a pipe delivers it
        int n = Math.min(len, end - pos);
        System.arraycopy(data, pos, b, off, n);
        pos += n;
        return n;
      }
    };
    LineReader r = new LineReader(in, 100, 64, () -> events.add("flush"));

    assertThat(r.next()).isEqualTo("one");
    events.add("one");
    assertThat(r.next()).isEqualTo("two");
    events.add("two");
    assertThat(r.next()).isNull();
    assertThat(events).containsExactly("flush", "read", "one", "flush", "read", "two", "flush",
        "read");
  }

  @Test
  void rejectsBadSizes() {
    InputStream in = InputStream.nullInputStream();
    assertThatThrownBy(() -> new LineReader(in, 0, 64, () -> { }))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new LineReader(in, 1, 3, () -> { }))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
