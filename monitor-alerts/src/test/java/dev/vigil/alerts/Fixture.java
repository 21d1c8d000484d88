package dev.vigil.alerts;

import dev.vigil.Monitor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** A real monitor on a manual clock, and a listener that records what it is given. */
final class Fixture implements AutoCloseable {

  private static final AtomicInteger NAMES = new AtomicInteger();

  final ManualClock clock = ManualClock.at("2026-03-02T10:00:00Z");
  final Monitor monitor = Monitor.builder()
      .name("alerts-test-" + NAMES.incrementAndGet())
      .clock(clock)
      .build();
  final List<Alert> published = Collections.synchronizedList(new ArrayList<>());

  AlertEngine.Builder engine(AlertRule... rules) {
    AlertEngine.Builder builder = AlertEngine.builder().monitor(monitor).listener(published::add);
    for (AlertRule rule : rules) {
      builder.rule(rule);
    }
    return builder;
  }

  @Override
  public void close() {
    monitor.close();
  }
}
