package dev.vigil.boot.report;

import dev.vigil.LogLevel;
import dev.vigil.Monitor;
import dev.vigil.MonitorEvent;
import dev.vigil.Severity;
import dev.vigil.alerts.Alert;
import dev.vigil.alerts.AlertState;
import dev.vigil.alerts.AlertStore;
import dev.vigil.alerts.Transition;
import dev.vigil.health.FailureKind;
import dev.vigil.health.HealthCheck;
import dev.vigil.health.HealthLogStore;
import dev.vigil.health.HealthMonitor;
import dev.vigil.health.HealthRecord;
import dev.vigil.health.HealthResult;
import dev.vigil.health.HealthStatus;
import dev.vigil.store.EventStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A week of seeded data with known answers: Monday 2026-11-16 09:00 to Monday 2026-11-23 09:00
 * in Europe/Paris, events, two health checks and five alerts.
 */
final class ReportFixtures {

  static final ZoneId PARIS = ZoneId.of("Europe/Paris");
  static final Instant FROM = Instant.parse("2026-11-16T08:00:00Z");
  static final Instant TO = Instant.parse("2026-11-23T08:00:00Z");
  static final String HOSTILE = "HTTP 502 from upstream <script>alert(1)</script>\n<img src=x onerror=alert(2)>";

  /** A clock the test moves. */
  static final class MutableClock implements InstantSource {
    private volatile Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    void set(Instant now) {
      this.now = now;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  final MutableClock clock = new MutableClock(TO);
  final EventStore events = EventStore.inMemory(1_000);
  final HealthLogStore records = HealthLogStore.inMemory();
  final AlertStore alerts = AlertStore.inMemory();
  final Monitor monitor;
  final HealthMonitor health;
  private final AtomicLong ids = new AtomicLong();

  ReportFixtures() {
    List<MonitorEvent> list = new ArrayList<>();
    list.add(event(FROM.minusSeconds(60), Severity.ERROR, "api", "before the period", "fp-old"));
    for (int i = 0; i < 3; i++) {
      list.add(event(FROM.plus(Duration.ofHours(1 + i)), Severity.CRITICAL, "database",
          "Connection refused to db:5432", "fp-db"));
    }
    for (int i = 0; i < 5; i++) {
      list.add(event(FROM.plus(Duration.ofDays(1 + i)), Severity.ERROR, "api", HOSTILE, "fp-502"));
    }
    for (int i = 0; i < 2; i++) {
      list.add(event(FROM.plus(Duration.ofDays(2)).plusSeconds(i), Severity.WARN, "database",
          "slow query: 1500 ms", "fp-slow"));
    }
    list.add(event(TO, Severity.CRITICAL, "system", "at the end: not in the period", "fp-end"));
    events.append(list);

    monitor = Monitor.builder().name("shop").clock(clock).eventStore(events)
        .retention(Duration.ofDays(30))
        .meterRegistry(new SimpleMeterRegistry()).build();

    // api: 20 runs in the period, latencies 10..200 ms, the 7th DOWN; one run before the period
    records.append(record("api", FROM.minusSeconds(1), HealthStatus.DOWN, 5_000));
    for (int i = 1; i <= 20; i++) {
      records.append(record("api", FROM.plus(Duration.ofHours(6L * i)),
          i == 7 ? HealthStatus.DOWN : HealthStatus.UP, 10L * i));
    }
    // db: 10 runs, all UP (one DEGRADED counts as working), 5 ms
    for (int i = 0; i < 10; i++) {
      records.append(record("db", FROM.plus(Duration.ofHours(12L * i + 1)),
          i == 3 ? HealthStatus.DEGRADED : HealthStatus.UP, 5));
    }
    health = HealthMonitor.builder().monitor(monitor).store(records)
        .check(HealthCheck.of("api", () -> HealthResult.up("ok")))
        .check(HealthCheck.of("db", () -> HealthResult.up("ok")))
        .build(); // never started: the records above are all it has

    // CRITICAL db-down: 2 h inside the period
    alerts.save(alert("db-down", Severity.CRITICAL, FROM.plus(Duration.ofHours(1)),
        FROM.plus(Duration.ofHours(3)), "Database down"));
    // ERROR errors: fired 2 h before the period, resolved 30 min into it
    alerts.save(alert("errors", Severity.ERROR, FROM.minus(Duration.ofHours(2)),
        FROM.plus(Duration.ofMinutes(30)), "Error rate high"));
    // ERROR latency: fires since 1 h before the end, still firing
    alerts.save(alert("latency", Severity.ERROR, TO.minus(Duration.ofHours(1)), null, ""));
    // WARN slow: over before the period
    alerts.save(alert("slow", Severity.WARN, FROM.minus(Duration.ofHours(5)),
        FROM.minus(Duration.ofHours(4)), "Slow"));
    // pending, never fired
    alerts.save(Alert.builder().ruleId("pending").state(AlertState.RESOLVED)
        .severity(Severity.CRITICAL).activeSince(FROM.plusSeconds(10))
        .resolvedAt(FROM.plusSeconds(20)).notifiedAt(FROM.plusSeconds(20))
        .history(List.of(new Transition(null, AlertState.PENDING, FROM.plusSeconds(10), "x", 1),
            new Transition(AlertState.PENDING, AlertState.RESOLVED, FROM.plusSeconds(20), "y", 0)))
        .build());
  }

  ReportGenerator.Builder generator() {
    return ReportGenerator.builder(monitor).health(health).alerts(alerts).zone(PARIS);
  }

  void close() {
    health.close();
    monitor.close();
  }

  private MonitorEvent event(Instant at, Severity severity, String category, String message,
      String fingerprint) {
    return new MonitorEvent(ids.incrementAndGet(), at, "shop", severity, category,
        severity == Severity.WARN ? LogLevel.WARN : LogLevel.ERROR, message, "com.acme.Shop",
        "main", null, Map.of(), Map.of(), null, fingerprint);
  }

  private static HealthRecord record(String check, Instant at, HealthStatus status, long millis) {
    return new HealthRecord(check, at, status,
        status == HealthStatus.UP ? null : FailureKind.TIMEOUT, "detail",
        Duration.ofMillis(millis), null, HealthRecord.Trigger.AUTOMATIC, false, null, false);
  }

  private static Alert alert(String rule, Severity severity, Instant firing, Instant resolved,
      String summary) {
    List<Transition> history = new ArrayList<>();
    history.add(new Transition(null, AlertState.FIRING, firing, "breach", 1));
    if (resolved != null) {
      history.add(new Transition(AlertState.FIRING, AlertState.RESOLVED, resolved, "clear", 0));
    }
    return Alert.builder().ruleId(rule).state(resolved == null ? AlertState.FIRING
            : AlertState.RESOLVED).severity(severity)
        .annotations(summary.isEmpty() ? Map.of() : Map.of("summary", summary))
        .activeSince(firing).firingSince(firing).resolvedAt(resolved)
        .notifiedAt(resolved == null ? firing : resolved).history(history).build();
  }
}
