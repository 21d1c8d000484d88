package dev.vigil.tail;

import static dev.vigil.tail.TailFiles.append;
import static dev.vigil.tail.TailFiles.openDescriptors;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.tail.TailFiles.Collector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The polling thread, on real files: short awaits, no fixed sleeps. */
@Timeout(20) // a close() that no longer wakes the thread would otherwise hang, not fail
class LogTailThreadTest {

  private static final Duration FAST = Duration.ofMillis(10);

  @TempDir Path dir;

  private final Collector sink = new Collector();

  @Test
  void deliversALineAppendedAfterStartOnItsOwnNamedDaemonThread() throws IOException {
    Path log = dir.resolve("app.log");
    append(log, "existing\n");
    LogTail tail = LogTail.builder(log, "whatsapp-gateway").sink(sink).pollInterval(FAST).build();
    assertThat(tail.start()).isSameAs(tail);
    Thread thread = tail.thread();
    assertThat(thread.getName()).isEqualTo("vigil-tail-whatsapp-gateway");
    assertThat(thread.isDaemon()).isTrue();

    append(log, "appended after start\n");
    await().atMost(Duration.ofSeconds(5)).until(() -> !sink.lines.isEmpty());
    assertThat(sink.lines).containsExactly("appended after start");
    assertThat(sink.threads).containsOnly("vigil-tail-whatsapp-gateway");
    assertThat(tail.start()).isSameAs(tail);
    assertThat(tail.thread()).isSameAs(thread);

    tail.close();
    assertThat(thread.isAlive()).isFalse();
    assertThat(Thread.getAllStackTraces().keySet())
        .noneMatch(t -> t.getName().equals("vigil-tail-whatsapp-gateway"));
    assertThat(openDescriptors(log)).isZero();
  }

  @Test
  void closeWakesTheThreadInsteadOfWaitingForTheNextPoll() {
    Path log = dir.resolve("app.log");
    append(log, "");
    LogTail tail = LogTail.builder(log, "slow").sink(sink).pollInterval(Duration.ofHours(1))
        .build().start();
    Thread thread = tail.thread();
    long t0 = System.nanoTime();
    tail.close();
    long tookMillis = (System.nanoTime() - t0) / 1_000_000;
    assertThat(thread.isAlive()).isFalse();
    assertThat(tookMillis).isLessThan(2_000);
    tail.close();
  }

  @Test
  void followsARotationAndDeliversTheHeldRecordOnClose() throws IOException {
    Path log = dir.resolve("app.log");
    append(log, "");
    try (LogTail tail = LogTail.builder(log, "gw").sink(sink).pollInterval(FAST).build().start()) {
      append(log, "before rotation\n");
      await().atMost(Duration.ofSeconds(5)).until(() -> sink.lines.size() == 1);
      Files.move(log, dir.resolve("app.log.1"));
      append(log, "after rotation\n");
      await().atMost(Duration.ofSeconds(5)).until(() -> sink.lines.size() == 2);
      assertThat(sink.lines).containsExactly("before rotation", "after rotation");
      assertThat(tail.rotationsDetected()).isEqualTo(1);
    }
  }

  @Test
  void recordHeldForContinuationLinesIsDeliveredByTheThreadOnClose() {
    Path log = dir.resolve("app.log");
    append(log, "first\njava.lang.Error: boom\n\tat a.B.c(B.java:1)\n");
    LogTail tail = LogTail.builder(log, "gw").sink(sink).fromStart(true)
        .pollInterval(Duration.ofHours(1)).build().start();
    // The first poll delivers "first" and holds the trace; the next poll is an hour away.
    await().atMost(Duration.ofSeconds(5)).until(() -> sink.lines.size() == 1);
    tail.close();
    assertThat(sink.lines)
        .containsExactly("first", "java.lang.Error: boom\n\tat a.B.c(B.java:1)");
    assertThat(sink.threads).containsOnly("vigil-tail-gw");
  }

  @Test
  void firstPollOfTheThreadFlushesARecordReadBeforeStart() {
    Path log = dir.resolve("app.log");
    append(log, "java.lang.Error: boom\n\tat a.B.c(B.java:1)\n");
    LogTail tail = LogTail.builder(log, "gw").sink(sink).fromStart(true)
        .pollInterval(Duration.ofHours(1)).build();
    tail.pollOnce(); // reads the trace and holds it for continuation lines
    assertThat(sink.lines).isEmpty();
    tail.start(); // the thread's first poll finds nothing new and delivers it
    await().atMost(Duration.ofSeconds(5)).until(() -> sink.lines.size() == 1);
    assertThat(sink.lines).containsExactly("java.lang.Error: boom\n\tat a.B.c(B.java:1)");
    assertThat(sink.threads).containsOnly("vigil-tail-gw");
    tail.close();
  }

  @Test
  void sinkInterruptingTheThreadCostsOneRetriedPollAndNoLine() {
    Path log = dir.resolve("app.log");
    LineSink interrupting = (source, line) -> {
      sink.accept(source, line);
      if (line.equals("interrupt me")) {
        Thread.currentThread().interrupt(); // the next read closes the channel
      }
    };
    List<String> expected = new ArrayList<>();
    StringBuilder text = new StringBuilder("interrupt me\n");
    expected.add("interrupt me");
    for (int i = 0; i < 3000; i++) { // well past one 16 KiB read
      text.append("line ").append(i).append('\n');
      expected.add("line " + i);
    }
    append(log, text.toString()); // all there before the first pass, which spans three reads
    try (LogTail tail = LogTail.builder(log, "gw").sink(interrupting).multiline(false)
        .fromStart(true).pollInterval(FAST).build().start()) {
      await().atMost(Duration.ofSeconds(5)).until(() -> sink.lines.size() >= expected.size());
      assertThat(sink.lines).containsExactlyElementsOf(expected);
      assertThat(tail.ioErrors()).isEqualTo(1);
    }
  }
}
