package dev.vigil.tail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogTailBuilderTest {

  @TempDir Path dir;

  private final LineSink sink = (source, line) -> { };

  @Test
  void buildsWithDefaults() {
    LogTail tail = LogTail.builder(dir.resolve("a.log"), "gw").sink(sink).build();
    assertThat(tail.source()).isEqualTo("gw");
    assertThat(tail.file()).isEqualTo(dir.resolve("a.log"));
    assertThat(tail.thread()).isNull();
    assertThat(tail).hasToString("LogTail[gw <- " + dir.resolve("a.log") + "]");
    tail.close();
  }

  @Test
  void reportsEveryProblemAtOnce() {
    assertThatThrownBy(() -> LogTail.builder(dir, " ")
        .pollInterval(Duration.ZERO)
        .maxLineLength(0)
        .maxRecordLength(-1)
        .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("invalid LogTail for '" + dir + "': source must not be blank; file '" + dir
            + "' is a directory; pollInterval PT0S must be from 1 ms to 1 hour; maxLineLength 0"
            + " must be from 1 to 16777216; maxRecordLength -1 must be from 1 to 16777216;"
            + " sink is required");
  }

  @Test
  void checksLimitsAgainstEachOther() {
    assertThatThrownBy(() -> LogTail.builder(dir.resolve("a.log"), "gw").sink(sink)
        .maxLineLength(1000).maxRecordLength(999).build())
        .hasMessageEndingWith("maxRecordLength 999 must be at least maxLineLength 1000");
    assertThatThrownBy(() -> LogTail.builder(dir.resolve("a.log"), "gw").sink(sink)
        .maxLineLength(20_000_000).build())
        .hasMessageContaining("maxLineLength 20000000 must be from 1 to 16777216")
        .hasMessageContaining("maxRecordLength 20000000 must be from 1 to 16777216");
    assertThatThrownBy(() -> LogTail.builder(dir.resolve("a.log"), "gw").sink(sink)
        .pollInterval(Duration.ofHours(2)).build())
        .hasMessageEndingWith("pollInterval PT2H must be from 1 ms to 1 hour");
    // a longer line limit raises the default record limit with it
    LogTail.builder(dir.resolve("a.log"), "gw").sink(sink).maxLineLength(100_000).build();
  }

  @Test
  void rejectsSourcesThatCannotNameAThread() {
    assertThatThrownBy(() -> LogTail.builder(dir.resolve("a.log"), "g\nw").sink(sink).build())
        .hasMessageEndingWith("source 'g?w' must not contain control characters");
    assertThatThrownBy(() -> LogTail.builder(dir.resolve("a.log"), "x".repeat(101)).sink(sink)
        .build())
        .hasMessageEndingWith("source 'xxxxxxxxxxxxxxxxxxxx...' is longer than 100 characters");
  }

  @Test
  void rejectsNullsWhereTheyArePassed() {
    assertThatThrownBy(() -> LogTail.builder(null, "gw"))
        .isInstanceOf(NullPointerException.class).hasMessage("file");
    assertThatThrownBy(() -> LogTail.builder(dir, null))
        .isInstanceOf(NullPointerException.class).hasMessage("source");
    LogTail.Builder b = LogTail.builder(dir.resolve("a.log"), "gw");
    assertThatThrownBy(() -> b.sink(null)).hasMessage("sink");
    assertThatThrownBy(() -> b.charset(null)).hasMessage("charset");
    assertThatThrownBy(() -> b.pollInterval(null)).hasMessage("pollInterval");
  }
}
