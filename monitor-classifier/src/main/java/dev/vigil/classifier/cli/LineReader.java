package dev.vigil.classifier.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads the lines of a UTF-8 byte stream in bounded memory, keeping only the beginning of each.
 *
 * <p>A line ends at {@code '\n'}; a {@code '\r'} just before it is dropped, and so is one at the
 * end of an unterminated last line. The last line needs no terminator; an empty stream has no
 * line. Bytes that are not valid UTF-8 become U+FFFD; NUL is an ordinary character. Decoding is
 * streaming: memory is two buffers of {@code bufferSize} and one of at most {@code keep + 1}
 * characters, however long a line is; characters of a line past the first {@code keep} are
 * decoded and dropped.
 *
 * <p>Before each read that may block, {@code beforeBlocking} runs, so that a caller can flush its
 * output while it waits for more input (as when following a live log through a pipe).
 *
 * <p>Not thread-safe; one reader per stream.
 */
final class LineReader {

  static final int DEFAULT_BUFFER_SIZE = 1 << 16;
  /** The most characters a line can keep. */
  static final int MAX_KEEP = Integer.MAX_VALUE - 16;

  private final InputStream in;
  private final Runnable beforeBlocking;
  private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
      .onMalformedInput(CodingErrorAction.REPLACE)
      .onUnmappableCharacter(CodingErrorAction.REPLACE);
  /** Bytes read and not yet decoded; in write mode (position = their count). */
  private final ByteBuffer bytes;
  /** Decoded characters; in read mode. */
  private final CharBuffer chars;
  /**
   * The kept beginning of the current line: up to keep characters and one for a '\r'. Grows as
   * long lines need it, up to keep + 1.
   */
  private char[] line;
  private final int keep;
  private int kept;
  private boolean inLine;
  private boolean overflowed;
  private boolean endOfInput;
  private boolean done;

  /**
   * @param keep how many characters of each line to keep, from 1 to {@link #MAX_KEEP}
   * @param bufferSize the size of the byte and character buffers, at least 4
   */
  LineReader(InputStream in, int keep, int bufferSize, Runnable beforeBlocking) {
    if (keep < 1 || keep > MAX_KEEP || bufferSize < 4) {
      throw new IllegalArgumentException("keep " + keep + " and bufferSize " + bufferSize);
    }
    this.in = in;
    this.keep = keep;
    this.beforeBlocking = beforeBlocking;
    this.bytes = ByteBuffer.allocate(bufferSize);
    this.chars = CharBuffer.allocate(bufferSize);
    this.chars.flip();
    this.line = new char[Math.min(keep + 1, 256)];
  }

  /**
   * Returns the next line without its terminator, cut to its first {@code keep} characters, or
   * {@code null} at the end of the stream.
   */
  String next() throws IOException {
    while (true) {
      char[] a = chars.array();
      int start = chars.position();
      int limit = chars.limit();
      int end = start;
      while (end < limit && a[end] != '\n') {
        end++;
      }
      if (end > start) {
        inLine = true;
        int wanted = (int) Math.min((long) kept + (end - start), keep + 1L);
        if (wanted > line.length) {
          line = Arrays.copyOf(line, (int) Math.min(Math.max(wanted, 2L * line.length), keep + 1L));
        }
        int n = Math.min(end - start, line.length - kept);
        System.arraycopy(a, start, line, kept, n);
        kept += n;
        if (n < end - start) {
          overflowed = true;
        }
      }
      if (end < limit) {
        chars.position(end + 1);
        return finishLine();
      }
      chars.position(limit);
      if (!fill()) {
        return inLine ? finishLine() : null;
      }
    }
  }

  private String finishLine() {
    int n = kept;
    if (!overflowed && n > 0 && line[n - 1] == '\r') {
      n--; // the whole line is kept, so this is its last character
    }
    String s = new String(line, 0, Math.min(n, keep));
    kept = 0;
    inLine = false;
    overflowed = false;
    return s;
  }

  /** Decodes more characters; returns false at the end of the stream. */
  private boolean fill() throws IOException {
    if (done) {
      return false;
    }
    chars.clear();
    while (chars.position() == 0 && !done) {
      if (!endOfInput && bytes.hasRemaining()) {
        if (in.available() <= 0) {
          beforeBlocking.run();
        }
        int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
        if (n < 0) {
          endOfInput = true;
        } else {
          bytes.position(bytes.position() + n);
        }
      }
      bytes.flip();
      decoder.decode(bytes, chars, endOfInput); // REPLACE: only underflow or overflow
      bytes.compact();
      if (endOfInput && bytes.position() == 0) {
        decoder.flush(chars);
        done = true;
      }
    }
    chars.flip();
    return chars.hasRemaining();
  }
}
