package dev.vigil.notify.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.vigil.notify.Contact;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class ConsoleChannelTest {

  @Test
  void writesOneReadableBlock() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ConsoleChannel channel = ConsoleChannel.builder()
        .out(new PrintStream(bytes, true, StandardCharsets.UTF_8)).build();
    channel.send(People.to(People.firing(), Contact.of("Alice", "sms", "+33612345678")));
    String out = bytes.toString(StandardCharsets.UTF_8);
    String nl = System.lineSeparator();
    assertThat(out).startsWith("=== vigil FIRING CRITICAL · upload-errors{platform=tiktok} · "
        + "2026-03-02T10:00:00Z ===" + nl
        + "[FIRING] upload-errors{platform=tiktok}: Upload error rate 30% on tiktok" + nl
        + "  30 of 100 uploads failed in 15 minutes" + nl)
        .contains("  labels: team=social, platform=tiktok" + nl, "  to: Alice" + nl,
            "  id: upload-errors{platform=tiktok}/1")
        .doesNotContain("+33612345678")
        .endsWith(nl);
    assertThat(channel.addressKind()).isNull();
    assertThat(channel.toString()).isEqualTo("ConsoleChannel[console to a stream]");
  }

  @Test
  void showsTerminalEscapesAndNeverThrows() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ConsoleChannel channel = ConsoleChannel.builder()
        .out(new PrintStream(bytes, true, StandardCharsets.UTF_8)).build();
    channel.send(People.saying(People.firing(), "\u001b[31mred\u001b[0m", "a\u0007b"));
    assertThat(bytes.toString(StandardCharsets.UTF_8))
        .contains("\\u001b[31mred\\u001b[0m", "  a\\u0007b").doesNotContain("\u001b");

    PrintStream broken = new PrintStream(new OutputStream() {
      @Override
      public void write(int b) {
        throw new IllegalStateException("closed");
      }
    }) {
      @Override
      public void print(String s) {
        throw new IllegalStateException("closed");
      }
    };
    ConsoleChannel.builder().out(broken).build().send(People.firing()); // no exception
  }

  @Test
  void loggerMustBeOneVigilIgnores() {
    assertThat(ConsoleChannel.builder().logger("dev.vigil.notify.console").build().toString())
        .isEqualTo("ConsoleChannel[console to logger dev.vigil.notify.console]");
    Logger logger = (Logger) LoggerFactory.getLogger("dev.vigil.notify.console.test");
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    logger.addAppender(appender);
    Level level = logger.getLevel();
    logger.setLevel(Level.INFO);
    logger.setAdditive(false);
    try {
      ConsoleChannel.builder().logger("dev.vigil.notify.console.test").build()
          .send(People.firing());
    } finally {
      logger.detachAppender(appender);
      logger.setLevel(level);
      logger.setAdditive(true);
    }
    assertThat(appender.list).singleElement().satisfies(e -> {
      assertThat(e.getLevel()).isEqualTo(Level.INFO);
      assertThat(e.getLoggerName()).startsWith("dev.vigil.");
      assertThat(e.getFormattedMessage()).startsWith("=== vigil FIRING CRITICAL")
          .contains("30 of 100 uploads failed");
    });
    assertThatThrownBy(() -> ConsoleChannel.builder().logger("com.example.alerts"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("dev.vigil.notify").hasMessageContaining("com.example.alerts");
    assertThatThrownBy(() -> ConsoleChannel.builder().logger("dev.vigil.notifyx"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
