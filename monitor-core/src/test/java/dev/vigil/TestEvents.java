package dev.vigil;

import java.time.Instant;
import java.util.Map;

/** Builds {@link MonitorEvent}s for store tests. */
public final class TestEvents {

  private TestEvents() {}

  public static MonitorEvent event(long id, Instant at, Severity severity, String source,
      String category, String message, String fingerprint) {
    return new MonitorEvent(id, at, source, severity, category, LogLevel.ERROR, message,
        "com.acme.Service", "main", null, Map.of(), Map.of(), null, fingerprint);
  }
}
