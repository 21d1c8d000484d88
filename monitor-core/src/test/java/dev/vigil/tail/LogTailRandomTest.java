package dev.vigil.tail;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.tail.TailFiles.Collector;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Seeded random writes against an oracle: lines of random length and characters (multi-byte
 * ones, CRLF, stack-trace continuations) written in random chunks, polls at random points
 * between chunks, and rename rotations with late lines (and a last line without its newline)
 * written to the old file after the rename, with polls between them. Every line must arrive
 * once, in order, cut at the limit, joined where the rule says.
 */
class LogTailRandomTest {

  private static final int LIMIT = 24;
  private static final Pattern CONTINUATION = Pattern.compile(
      "\t.*|\\s+at .*|\\s*(Caused by:|Suppressed:|\\.\\.\\. \\d+ (more|common frames omitted)).*",
      Pattern.DOTALL);
  private static final String[] PREFIXES = {"\tat ", "  at ", "Caused by: ", "\t... 3 more", ""};
  private static final char[] ALPHABET = "abcdefghij klmnop\tqrstéü€中".toCharArray();

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16})
  void everyLineArrivesOnceInOrder(long seed) throws IOException {
    Random r = new Random(seed);
    boolean multiline = seed % 2 == 0;
    Collector sink = new Collector();
    Path log = dir.resolve("app.log");
    List<String> expected = new ArrayList<>();
    List<String> fileLines = new ArrayList<>(); // lines of the current file, for joining
    int truncated = 0;
    int rotations = 0;
    try (LogTail tail = LogTail.builder(log, "gw").sink(sink).multiline(multiline)
        .maxLineLength(LIMIT).maxRecordLength(100_000).build()) {
      OutputStream out = Files.newOutputStream(log, StandardOpenOption.CREATE_NEW);
      tail.pollOnce();
      for (int i = 0; i < 300; i++) {
        String content = randomLine(r, multiline);
        String ending = r.nextInt(4) == 0 ? "\r\n" : "\n";
        writeInChunks(out, content + ending, r, tail);
        truncated += expect(content, fileLines);
        if (r.nextInt(30) == 0) {
          Files.move(log, dir.resolve("app.log." + rotations++));
          boolean created = r.nextBoolean();
          if (created) {
            Files.createFile(log); // the rotator creates the new file before the app reopens
          }
          for (int late = r.nextInt(4); late > 0; late--) {
            String c = randomLine(r, multiline);
            write(out, c + "\n");
            truncated += expect(c, fileLines);
            if (r.nextBoolean()) {
              tail.pollOnce(); // sees the rotation, reads the old file and stays on it
            }
          }
          if (r.nextBoolean()) {
            String partial = "p" + randomLine(r, false);
            write(out, partial);
            truncated += expect(partial, fileLines);
          }
          out.close();
          endFile(fileLines, expected, multiline);
          out = Files.newOutputStream(log, created
              ? StandardOpenOption.APPEND : StandardOpenOption.CREATE_NEW);
          // Two polls: drain the old file, then switch (rotations closer together than the
          // tail looks are not followed, as with tail -F).
          tail.pollOnce();
          tail.pollOnce();
        }
      }
      out.close();
      endFile(fileLines, expected, multiline);
      tail.pollOnce();
      tail.pollOnce();
      assertThat(sink.lines).as("seed %d", seed).containsExactlyElementsOf(expected);
      assertThat(tail.linesTruncated()).isEqualTo(truncated);
      assertThat(tail.rotationsDetected()).isEqualTo(rotations);
      assertThat(tail.ioErrors()).isZero();
    }
  }

  private static int expect(String content, List<String> fileLines) {
    fileLines.add(content.length() > LIMIT ? content.substring(0, LIMIT) : content);
    return content.length() > LIMIT ? 1 : 0;
  }

  /** The oracle: the lines of one file, joined where a continuation follows. */
  private static void endFile(List<String> fileLines, List<String> expected, boolean multiline) {
    StringBuilder record = null;
    for (String line : fileLines) {
      if (!multiline) {
        expected.add(line);
      } else if (record != null && CONTINUATION.matcher(line).matches()) {
        record.append('\n').append(line);
      } else {
        if (record != null) {
          expected.add(record.toString());
        }
        record = new StringBuilder(line);
      }
    }
    if (record != null) {
      expected.add(record.toString());
    }
    fileLines.clear();
  }

  private static String randomLine(Random r, boolean continuations) {
    StringBuilder sb = new StringBuilder();
    if (continuations && r.nextInt(3) == 0) {
      sb.append(PREFIXES[r.nextInt(PREFIXES.length)]);
    } else {
      sb.append((char) ('A' + r.nextInt(26))); // a plain line starts with a letter
    }
    int n = r.nextInt(r.nextInt(8) == 0 ? 80 : 20);
    for (int i = 0; i < n; i++) {
      sb.append(ALPHABET[r.nextInt(ALPHABET.length)]);
    }
    return sb.toString();
  }

  private static void writeInChunks(OutputStream out, String text, Random r, LogTail tail)
      throws IOException {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    int i = 0;
    while (i < b.length) {
      int n = Math.min(b.length - i, 1 + r.nextInt(12));
      out.write(b, i, n);
      out.flush();
      i += n;
      if (r.nextInt(3) == 0) {
        tail.pollOnce(); // may land inside a line, a CRLF or a multi-byte character
      }
    }
  }

  private static void write(OutputStream out, String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }
}
