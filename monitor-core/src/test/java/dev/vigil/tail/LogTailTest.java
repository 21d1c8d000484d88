package dev.vigil.tail;

import static dev.vigil.tail.TailFiles.append;
import static dev.vigil.tail.TailFiles.appendBytes;
import static dev.vigil.tail.TailFiles.openDescriptors;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.tail.TailFiles.Collector;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Drives a {@link LogTail} deterministically with {@code pollOnce()} on real files. */
class LogTailTest {

  @TempDir Path dir;

  private final Collector sink = new Collector();

  private LogTail.Builder tail(Path file) {
    return LogTail.builder(file, "gw").sink(sink).multiline(false);
  }

  @Test
  void startsAtTheEndOfAnExistingFileByDefault() {
    Path log = dir.resolve("app.log");
    append(log, "old 1\nold 2\n");
    try (LogTail tail = tail(log).build()) {
      tail.pollOnce();
      assertThat(sink.lines).isEmpty();
      append(log, "new 1\n");
      tail.pollOnce();
      assertThat(sink.take()).containsExactly("new 1");
      assertThat(sink.sources).containsOnly("gw");
    }
  }

  @Test
  void fromStartReadsTheExistingContent() {
    Path log = dir.resolve("app.log");
    append(log, "one\ntwo\n");
    try (LogTail tail = tail(log).fromStart(true).build()) {
      tail.pollOnce();
      assertThat(sink.take()).containsExactly("one", "two");
      append(log, "three\n");
      tail.pollOnce();
      assertThat(sink.take()).containsExactly("three");
      assertThat(tail.linesDelivered()).isEqualTo(3);
    }
  }

  @Test
  void picksUpAppendsPollAfterPoll() {
    Path log = dir.resolve("app.log");
    append(log, "");
    try (LogTail tail = tail(log).build()) {
      tail.pollOnce();
      for (int i = 0; i < 5; i++) {
        append(log, "line " + i + "\n");
        tail.pollOnce();
        assertThat(sink.take()).containsExactly("line " + i);
      }
      tail.pollOnce();
      assertThat(sink.lines).isEmpty();
    }
  }

  @Test
  void holdsAPartialLineUntilItsNewlineArrives() {
    Path log = dir.resolve("app.log");
    append(log, "");
    try (LogTail tail = LogTail.builder(log, "gw").sink(sink).build()) { // multiline on
      tail.pollOnce();
      append(log, "hel");
      tail.pollOnce();
      tail.pollOnce(); // a quiet poll flushes a held record, never a partial line
      assertThat(sink.lines).isEmpty();
      append(log, "lo wor");
      tail.pollOnce();
      tail.pollOnce();
      assertThat(sink.lines).isEmpty();
      append(log, "ld\n");
      tail.pollOnce();
      tail.pollOnce();
      assertThat(sink.take()).containsExactly("hello world");
    }
  }

  @Test
  void renameRotationDeliversEveryLineOnceAndInOrder() throws IOException {
    Path log = dir.resolve("app.log");
    Path rotated = dir.resolve("app.log.1");
    OutputStream writer = Files.newOutputStream(log, StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
    try (LogTail tail = tail(log).build()) {
      tail.pollOnce();
      write(writer, "1\n2\n");
      tail.pollOnce();
      assertThat(sink.take()).containsExactly("1", "2");

      // The rotator renames the file and creates a new one; the application has not yet noticed
      // and keeps writing to the old file, ending with a line it never finishes.
      Files.move(log, rotated, StandardCopyOption.ATOMIC_MOVE);
      write(writer, "3\n");
      append(log, "5\n");
      write(writer, "4\npart");
      tail.pollOnce(); // reads the old file's new lines, stays on it while it grows
      assertThat(sink.take()).containsExactly("3", "4");
      assertThat(tail.rotationsDetected()).isZero();

      writer.close();
      writer = Files.newOutputStream(log, StandardOpenOption.APPEND);
      write(writer, "6\n");
      tail.pollOnce(); // the old file stayed quiet: its partial line, then the new file
      assertThat(sink.take()).containsExactly("part", "5", "6");
      assertThat(tail.rotationsDetected()).isEqualTo(1);
      assertThat(openDescriptors(rotated)).isZero();

      write(writer, "7\n");
      tail.pollOnce();
      assertThat(sink.take()).containsExactly("7");
      assertThat(tail.linesDelivered()).isEqualTo(8);
      assertThat(tail.ioErrors()).isZero();
    } finally {
      writer.close();
    }
  }

  @Test
  void renameRotationSwitchesAtOnceWhenTheOldFileIsQuiet() throws IOException {
    Path log = dir.resolve("app.log");
    append(log, "");
    try (LogTail tail = tail(log).build()) {
      tail.pollOnce();
      append(log, "a\n");
      Files.move(log, dir.resolve("app.log.1"));
      append(log, "b\n");
      tail.pollOnce(); // "a" was written before the rename and is read now: old not quiet yet
      tail.pollOnce();
      assertThat(sink.take()).containsExactly("a", "b");
      assertThat(tail.rotationsDetected()).isEqualTo(1);
    }
  }

  @Test
  void copyTruncateRotationRereadsFromTheStart() throws IOException {
    Path log = dir.resolve("app.log");
    append(log, "");
    try (LogTail tail = tail(log).build()) {
      tail.pollOnce();
      append(log, "first line\nsecond line\nunfinished");
      tail.pollOnce();
      assertThat(sink.take()).containsExactly("first line", "second line");

      // logrotate copytruncate: copy, then truncate in place (same inode)
      Files.copy(log, dir.resolve("app.log.1"));
      try (FileChannel ch = FileChannel.open(log, StandardOpenOption.WRITE)) {
        ch.truncate(0);
      }
      append(log, "after\n");
      tail.pollOnce();
      assertThat(sink.take()).containsExactly("unfinished", "after");
      assertThat(tail.truncationsDetected()).isEqualTo(1);
      assertThat(tail.rotationsDetected()).isZero();

      append(log, "more\n");
      tail.pollOnce();
      assertThat(sink.take()).containsExactly("more");
    }
  }

  @Test
  void deletedFileIsReleasedAndARecreatedOneReadFromItsStart() throws IOException {
    Path log = dir.resolve("app.log");
    append(log, "before\n");
    try (LogTail tail = tail(log).build()) {
      tail.pollOnce();
      assertThat(openDescriptors(log)).isEqualTo(1);
      append(log, "last words\n");
      Files.delete(log);
      tail.pollOnce(); // the deleted file is still read through the open channel
      assertThat(sink.take()).containsExactly("last words");
      tail.pollOnce(); // quiet: closed, so its disk space can be freed
      assertThat(openDescriptors(log)).isZero();
      assertThat(tail.rotationsDetected()).isEqualTo(1);
      tail.pollOnce();
      tail.pollOnce();

      append(log, "reborn 1\nreborn 2\n");
      tail.pollOnce();
      assertThat(sink.take()).containsExactly("reborn 1", "reborn 2");
      assertThat(tail.ioErrors()).isZero();
    }
  }

  @Test
  void fileMissingAtStartIsReadFromItsStartWhenItAppears() {
    Path log = dir.resolve("later.log");
    try (LogTail tail = tail(log).build()) {
      tail.pollOnce();
      tail.pollOnce();
      append(log, "hello\n");
      tail.pollOnce();
      assertThat(sink.take()).containsExactly("hello");
      assertThat(tail.ioErrors()).isZero();
      assertThat(tail.rotationsDetected()).isZero();
    }
  }

  @Test
  void hugeLineIsCutAtTheLimitCountedAndTheNextLineIsIntact() {
    Path log = dir.resolve("app.log");
    append(log, "");
    try (LogTail tail = tail(log).build()) {
      tail.pollOnce();
      byte[] huge = new byte[1024 * 1024];
      java.util.Arrays.fill(huge, (byte) 'x');
      huge[0] = 'A';
      appendBytes(log, huge);
      tail.pollOnce();
      assertThat(sink.lines).isEmpty(); // still no newline
      appendBytes(log, huge);
      append(log, "\nnext line\n");
      tail.pollOnce();
      List<String> got = sink.take();
      assertThat(got).hasSize(2);
      assertThat(got.get(0)).hasSize(LogTail.DEFAULT_MAX_LINE_LENGTH).startsWith("Axxx")
          .matches("Ax+");
      assertThat(got.get(1)).isEqualTo("next line");
      assertThat(tail.linesTruncated()).isEqualTo(1);
    }
  }

  @Test
  void lineOfExactlyTheLimitIsNotTruncatedEvenWithCrlf() {
    Path log = dir.resolve("app.log");
    append(log, "");
    try (LogTail tail = tail(log).maxLineLength(5).build()) {
      tail.pollOnce();
      append(log, "12345\r\n123456\r\n1234\r\n12345");
      tail.pollOnce();
      append(log, "\r");
      tail.pollOnce();
      append(log, "\n");
      tail.pollOnce();
      assertThat(sink.take()).containsExactly("12345", "12345", "1234", "12345");
      assertThat(tail.linesTruncated()).isEqualTo(1);
    }
  }

  @Test
  void invalidUtf8IsReplacedAndACharacterSplitAcrossWritesIsDecoded() {
    Path log = dir.resolve("app.log");
    append(log, "");
    try (LogTail tail = tail(log).build()) {
      tail.pollOnce();
      appendBytes(log, new byte[] {'o', 'k', ' ', (byte) 0xFF, (byte) 0xC3, ' ', 'b', '\n'});
      appendBytes(log, new byte[] {'c', 'a', 'f', (byte) 0xC3}); // 'é' is C3 A9
      tail.pollOnce();
      appendBytes(log, new byte[] {(byte) 0xA9, '\n'});
      tail.pollOnce();
      assertThat(sink.take()).containsExactly("ok \uFFFD\uFFFD b", "café");
      assertThat(tail.ioErrors()).isZero();
    }
  }

  @Test
  void otherCharsetsSplitOnDecodedNewlines() {
    Path log = dir.resolve("app.log");
    appendBytes(log, "été\r\nnaïve\n".getBytes(StandardCharsets.UTF_16LE));
    try (LogTail tail = tail(log).fromStart(true).charset(StandardCharsets.UTF_16LE).build()) {
      tail.pollOnce();
      assertThat(sink.take()).containsExactly("été", "naïve");
    }
  }

  @Test
  void crlfLineEndingsAreStrippedAndALoneCrKept() {
    Path log = dir.resolve("app.log");
    append(log, "");
    try (LogTail tail = tail(log).build()) {
      tail.pollOnce();
      append(log, "a\r\nb\r\nx\ry\n\r\nc\r");
      tail.pollOnce();
      append(log, "\n");
      tail.pollOnce();
      assertThat(sink.take()).containsExactly("a", "b", "x\ry", "", "c");
    }
  }

  @Test
  void javaStackTraceIsJoinedIntoOneRecord() {
    Path log = dir.resolve("app.log");
    append(log, "");
    try (LogTail tail = LogTail.builder(log, "gw").sink(sink).build()) {
      tail.pollOnce();
      append(log, "10:00:00 ERROR request failed\n"
          + "java.lang.IllegalStateException: outer\n"
          + "\tat com.acme.A.run(A.java:10)\n"
          + "    at com.acme.B.run(B.java:20)\n"
          + "Caused by: java.io.IOException: inner\n"
          + "\t... 2 more\n"
          + "\tSuppressed: java.lang.RuntimeException: s\n"
          + "  ... 7 common frames omitted\n"
          + "10:00:01 INFO next\n"
          + "  indented text that is no frame\n"
          + "at the start, not a frame either\n");
      tail.pollOnce();
      assertThat(sink.take()).containsExactly(
          "10:00:00 ERROR request failed",
          "java.lang.IllegalStateException: outer\n"
              + "\tat com.acme.A.run(A.java:10)\n"
              + "    at com.acme.B.run(B.java:20)\n"
              + "Caused by: java.io.IOException: inner\n"
              + "\t... 2 more\n"
              + "\tSuppressed: java.lang.RuntimeException: s\n"
              + "  ... 7 common frames omitted",
          "10:00:01 INFO next",
          "  indented text that is no frame");
      tail.pollOnce(); // no new data: the last record is complete
      assertThat(sink.take()).containsExactly("at the start, not a frame either");
      assertThat(tail.linesDelivered()).isEqualTo(5);
    }
  }

  @Test
  void stackTraceSplitAcrossPollsStaysOneRecord() {
    Path log = dir.resolve("app.log");
    append(log, "");
    try (LogTail tail = LogTail.builder(log, "gw").sink(sink).build()) {
      tail.pollOnce();
      append(log, "java.lang.Error: x\n\tat a.B.c(B.java:1)\n");
      tail.pollOnce();
      append(log, "\tat a.B.d(B.java:2)\n");
      tail.pollOnce();
      assertThat(sink.lines).isEmpty();
      tail.pollOnce();
      assertThat(sink.take())
          .containsExactly("java.lang.Error: x\n\tat a.B.c(B.java:1)\n\tat a.B.d(B.java:2)");
    }
  }

  @Test
  void longStackTraceIsCutAtTheRecordLimit() {
    Path log = dir.resolve("app.log");
    append(log, "");
    try (LogTail tail = LogTail.builder(log, "gw").sink(sink)
        .maxLineLength(30).maxRecordLength(70).build()) {
      tail.pollOnce();
      StringBuilder trace = new StringBuilder("java.lang.StackOverflowError\n");
      for (int i = 0; i < 1000; i++) {
        trace.append("\tat com.acme.Recursive.call(Recursive.java:").append(i).append(")\n");
      }
      append(log, trace + "after\n");
      tail.pollOnce();
      tail.pollOnce();
      List<String> got = sink.take();
      assertThat(got).hasSize(2);
      assertThat(got.get(0)).hasSize(70).startsWith("java.lang.StackOverflowError\n\tat com.acme");
      assertThat(got.get(1)).isEqualTo("after");
      // 1000 frame lines longer than 30 characters, plus the record cut once
      assertThat(tail.linesTruncated()).isEqualTo(1001);
    }
  }

  @Test
  void sinkThatThrowsIsCountedAndTheTailGoesOn() {
    Path log = dir.resolve("app.log");
    append(log, "");
    List<String> got = new ArrayList<>();
    LineSink flaky = (source, line) -> {
      if (line.startsWith("bad")) {
        throw new IllegalStateException("sink failed on " + line);
      }
      got.add(line);
    };
    try (LogTail tail = LogTail.builder(log, "gw").sink(flaky).multiline(false).build()) {
      tail.pollOnce();
      append(log, "good 1\nbad 1\ngood 2\n");
      tail.pollOnce();
      append(log, "bad 2\ngood 3\n");
      tail.pollOnce();
      assertThat(got).containsExactly("good 1", "good 2", "good 3");
      assertThat(tail.sinkFailures()).isEqualTo(2);
      assertThat(tail.linesDelivered()).isEqualTo(3);
    }
  }

  @Test
  void closeReleasesTheFileDeliversTheHeldRecordAndIsIdempotent() throws IOException {
    Path log = dir.resolve("app.log");
    append(log, "");
    LogTail tail = LogTail.builder(log, "gw").sink(sink).build();
    tail.pollOnce();
    append(log, "held record\npartial");
    tail.pollOnce();
    assertThat(sink.lines).isEmpty();
    assertThat(openDescriptors(log)).isEqualTo(1);
    tail.close();
    assertThat(sink.take()).containsExactly("held record");
    assertThat(openDescriptors(log)).isZero();
    tail.close();
    append(log, "\nafter close\n");
    tail.pollOnce();
    tail.start();
    assertThat(tail.thread()).isNull();
    assertThat(sink.lines).isEmpty();
  }

  @Test
  void sinkMayCloseTheTailDuringAPoll() throws IOException {
    Path log = dir.resolve("app.log");
    append(log, "");
    List<String> got = new ArrayList<>();
    LogTail[] self = new LogTail[1];
    LineSink closing = (source, line) -> {
      got.add(line);
      if (line.equals("stop")) {
        self[0].close();
      }
    };
    self[0] = LogTail.builder(log, "gw").sink(closing).multiline(false).build();
    self[0].pollOnce();
    append(log, "a\nstop\nb\n");
    self[0].pollOnce();
    assertThat(got).startsWith("a", "stop");
    assertThat(openDescriptors(log)).isZero();
    append(log, "c\n");
    self[0].pollOnce();
    assertThat(got).doesNotContain("c");
  }

  @Test
  void aDirectoryAtThePathIsWaitedOutWithoutErrors() throws IOException {
    Path log = dir.resolve("app.log");
    try (LogTail tail = tail(log).build()) {
      Files.createDirectory(log);
      tail.pollOnce();
      tail.pollOnce();
      Files.delete(log);
      append(log, "file now\n");
      tail.pollOnce();
      assertThat(sink.take()).containsExactly("file now");
      assertThat(tail.ioErrors()).isZero();
    }
  }

  private static void write(OutputStream out, String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }
}
