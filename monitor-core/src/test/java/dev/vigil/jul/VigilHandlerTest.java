package dev.vigil.jul;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.LogLevel;
import dev.vigil.Monitor;
import dev.vigil.MonitorEvent;
import dev.vigil.Severity;
import dev.vigil.store.EventQuery;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class VigilHandlerTest {

  @Test
  void capturesRecordsWithParametersAndThrowables() {
    Logger log = Logger.getLogger("com.acme.jul." + System.nanoTime());
    Logger own = Logger.getLogger("dev.vigil.jul.own");
    log.setUseParentHandlers(false);
    own.setUseParentHandlers(false);
    VigilHandler handler = new VigilHandler("jul-test");
    log.addHandler(handler);
    own.addHandler(handler);
    try (Monitor monitor = Monitor.builder().name("jul-test").storeThreshold(Severity.INFO)
        .build()) {
      log.log(Level.SEVERE, "Disk {0} is {1}% full", new Object[] {"/var", 97});
      log.log(Level.WARNING, "Retrying", new java.io.IOException("broken pipe"));
      log.fine("below INFO");
      own.severe("Vigil's own");
      await().until(() -> monitor.eventStore().size() == 2);
      MonitorEvent warn = monitor.events(EventQuery.all()).items().get(0);
      MonitorEvent severe = monitor.events(EventQuery.all()).items().get(1);
      assertThat(severe.message()).isEqualTo("Disk /var is 97% full");
      assertThat(severe.level()).isEqualTo(LogLevel.ERROR);
      assertThat(severe.logger()).isEqualTo(log.getName());
      assertThat(warn.level()).isEqualTo(LogLevel.WARN);
      assertThat(warn.exception().type()).isEqualTo("java.io.IOException");
    } finally {
      log.removeHandler(handler);
      own.removeHandler(handler);
    }
  }

  @Test
  void mapsEveryJulLevel() {
    assertThat(VigilHandler.level(Level.SEVERE)).isEqualTo(LogLevel.ERROR);
    assertThat(VigilHandler.level(Level.WARNING)).isEqualTo(LogLevel.WARN);
    assertThat(VigilHandler.level(Level.INFO)).isEqualTo(LogLevel.INFO);
    assertThat(VigilHandler.level(Level.CONFIG)).isEqualTo(LogLevel.INFO);
    assertThat(VigilHandler.level(Level.FINE)).isEqualTo(LogLevel.DEBUG);
    assertThat(VigilHandler.level(Level.FINEST)).isEqualTo(LogLevel.TRACE);
  }
}
