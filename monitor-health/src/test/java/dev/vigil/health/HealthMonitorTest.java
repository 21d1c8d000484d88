package dev.vigil.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.vigil.Monitor;
import dev.vigil.alerts.Alert;
import dev.vigil.alerts.AlertEngine;
import dev.vigil.alerts.AlertState;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HealthMonitorTest {

  private final List<AutoCloseable> toClose = new ArrayList<>();
  private final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void close() throws Exception {
    release.countDown();
    Collections.reverse(toClose);
    for (AutoCloseable c : toClose) {
      c.close();
    }
  }

  private <T extends AutoCloseable> T closing(T c) {
    toClose.add(c);
    return c;
  }

  /** A check that ignores interrupts and hangs until the test ends. */
  private HealthCheck hanging(String name) {
    return HealthCheck.of(name, () -> {
      while (true) {
        try {
          if (release.await(10, TimeUnit.SECONDS)) {
            return HealthResult.up("released");
          }
        } catch (InterruptedException ignored) {
          // hangs on, as some drivers do
        }
      }
    });
  }

  @Test
  void aHangingCheckIsCutAtItsTimeoutAndDoesNotStarveTheOthers() throws Exception {
    HealthMonitor health = closing(HealthMonitor.builder().maxConcurrency(1)
        .check(hanging("stuck"), CheckOptions.defaults().timeout(Duration.ofMillis(300)))
        .check(HealthCheck.of("fine", () -> HealthResult.up("ok")))
        .build().start());

    HealthRecord stuck = health.runNow("stuck").get(5, TimeUnit.SECONDS);
    HealthRecord fine = health.runNow("fine").get(5, TimeUnit.SECONDS);

    assertThat(stuck.status()).isEqualTo(HealthStatus.DOWN);
    assertThat(stuck.failure()).isEqualTo(FailureKind.TIMEOUT);
    assertThat(stuck.detail()).isEqualTo("no result within PT0.3S");
    assertThat(fine.status()).as("the only slot was freed at the timeout")
        .isEqualTo(HealthStatus.UP);
    HealthRecord again = health.runNow("stuck").get(1, TimeUnit.SECONDS);
    assertThat(again.detail()).as("never twice at once").startsWith("still running since ");
    assertThat(health.status("stuck").status()).isEqualTo(HealthStatus.DOWN);
  }

  @Test
  void aManualRunDuringARunReturnsThatRun() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    AtomicInteger runs = new AtomicInteger();
    HealthMonitor health = closing(HealthMonitor.builder()
        .check(HealthCheck.of("slow", () -> {
          runs.incrementAndGet();
          started.countDown();
          release.await();
          return HealthResult.up("ok");
        }))
        .build().start());

    var first = health.runNow("slow");
    assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
    var second = health.runNow("slow");
    release.countDown();

    assertThat(second).isSameAs(first);
    assertThat(first.get(5, TimeUnit.SECONDS).status()).isEqualTo(HealthStatus.UP);
    assertThat(runs).hasValue(1);
  }

  @Test
  void thresholdsKeepOneBadRunFromFlipping() {
    CheckOptions twoAndTwo = CheckOptions.defaults().failureThreshold(2).successThreshold(2);
    CheckStatus s = new CheckStatus("c", HealthStatus.UNKNOWN, Instant.EPOCH, null, 0, 0);
    List<HealthStatus> seen = new ArrayList<>();
    int t = 0;
    for (HealthStatus found : List.of(HealthStatus.UP, HealthStatus.DOWN, HealthStatus.UP,
        HealthStatus.DOWN, HealthStatus.DOWN, HealthStatus.UP, HealthStatus.DEGRADED,
        HealthStatus.UNKNOWN, HealthStatus.DOWN)) {
      s = HealthMonitor.next(s, new HealthRecord("c", Instant.ofEpochSecond(t++), found,
          found == HealthStatus.DOWN ? FailureKind.TIMEOUT : null, "", Duration.ZERO, null,
          HealthRecord.Trigger.AUTOMATIC, false, null, false), twoAndTwo);
      seen.add(s.status());
    }
    assertThat(seen).containsExactly(HealthStatus.UP, HealthStatus.UP, HealthStatus.UP,
        HealthStatus.UP, HealthStatus.DOWN, HealthStatus.DOWN, HealthStatus.DEGRADED,
        HealthStatus.DEGRADED, HealthStatus.DEGRADED);
    assertThat(s.since()).isEqualTo(Instant.ofEpochSecond(6));
  }

  @Test
  void aThrowingCheckIsDownWithItsError() throws Exception {
    HealthMonitor health = closing(HealthMonitor.builder()
        .check(HealthCheck.of("broken", () -> {
          throw new IllegalStateException("no config");
        }))
        .build().start());

    HealthRecord r = health.runNow("broken").get(5, TimeUnit.SECONDS);

    assertThat(r.status()).isEqualTo(HealthStatus.DOWN);
    assertThat(r.failure()).isEqualTo(FailureKind.ERROR);
    assertThat(r.error()).isEqualTo("java.lang.IllegalStateException: no config");
  }

  @Test
  void checksRunOnTheirSchedule() {
    AtomicInteger runs = new AtomicInteger();
    closing(HealthMonitor.builder()
        .check(HealthCheck.of("tick", () -> {
          runs.incrementAndGet();
          return HealthResult.up("ok");
        }), CheckOptions.defaults().interval(Duration.ofSeconds(1)).jitter(0))
        .build().start());

    await().atMost(Duration.ofSeconds(10)).until(() -> runs.get() >= 3);
  }

  @Test
  void statisticsPerCheckAndDay() throws Exception {
    AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-03-02T10:00:00Z"));
    AtomicReference<HealthResult> next = new AtomicReference<>();
    HealthMonitor health = closing(HealthMonitor.builder().clock(now::get)
        .check(HealthCheck.of("api", next::get)).build().start());
    int[] latencies = {10, 20, 30, 40, 500};
    for (int day = 0; day < 2; day++) {
      for (int i = 0; i < 5; i++) {
        boolean down = day == 1 && i < 2;
        next.set((down ? HealthResult.down(FailureKind.TIMEOUT, "t")
            : HealthResult.up("ok")).withLatency(Duration.ofMillis(latencies[i])));
        health.runNow("api").get(5, TimeUnit.SECONDS);
        now.set(now.get().plus(Duration.ofHours(1)));
      }
      now.set(now.get().plus(Duration.ofHours(19)));
    }

    HealthStats stats = health.stats("api", Duration.ofDays(7), ZoneOffset.UTC);

    assertThat(stats.runs()).isEqualTo(10);
    assertThat(stats.successRate()).isEqualTo(0.8);
    assertThat(stats.averageLatency()).isEqualTo(Duration.ofMillis(120));
    assertThat(stats.p95Latency()).isEqualTo(Duration.ofMillis(500));
    assertThat(stats.uptimeByDay()).containsExactly(
        java.util.Map.entry(LocalDate.of(2026, 3, 2), 1.0),
        java.util.Map.entry(LocalDate.of(2026, 3, 3), 0.6));
  }

  @Test
  void aDownCheckFiresAnAlertAndResolvesItWhenUp() throws Exception {
    Monitor monitor = closing(Monitor.builder().name("health-alerts-test").build());
    AtomicReference<HealthResult> next = new AtomicReference<>(
        HealthResult.down(FailureKind.CONNECTION_REFUSED, "refused"));
    HealthMonitor health = closing(HealthMonitor.builder().monitor(monitor)
        .check(HealthCheck.of("postgres", next::get)).build().start());
    List<Alert> heard = new ArrayList<>();
    AlertEngine engine = closing(AlertEngine.builder().monitor(monitor)
        .rule(HealthAlerts.down()).listener(heard::add).build());

    health.runNow("postgres").get(5, TimeUnit.SECONDS);
    engine.evaluate();
    next.set(HealthResult.up("ok"));
    health.runNow("postgres").get(5, TimeUnit.SECONDS);
    engine.evaluate();

    assertThat(heard).extracting(Alert::key, Alert::state).containsExactly(
        org.assertj.core.groups.Tuple.tuple("health-check-down{check=postgres}",
            AlertState.FIRING),
        org.assertj.core.groups.Tuple.tuple("health-check-down{check=postgres}",
            AlertState.RESOLVED));
    assertThat(heard.get(0).annotations()).containsEntry("summary",
        "Health check postgres is DOWN");
  }

  @Test
  void recordsOlderThanTheRetentionArePurged() throws Exception {
    AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-03-02T10:00:00Z"));
    HealthMonitor health = closing(HealthMonitor.builder().clock(now::get)
        .retention(Duration.ofDays(30))
        .check(HealthCheck.of("api", () -> HealthResult.up("ok"))).build().start());
    health.runNow("api").get(5, TimeUnit.SECONDS);
    now.set(now.get().plus(Duration.ofDays(20)));
    health.runNow("api").get(5, TimeUnit.SECONDS);
    now.set(now.get().plus(Duration.ofDays(11)));

    assertThat(health.purge()).isEqualTo(1);
    assertThat(health.stats("api", Duration.ofDays(60)).runs()).isEqualTo(1);
  }

  @Test
  void invalidConfigurationFailsAtBuild() {
    assertThatThrownBy(() -> HealthMonitor.builder()
        .check(HealthCheck.of("a", () -> HealthResult.up("")))
        .check(HealthCheck.of("a", () -> HealthResult.up(""))).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("invalid health monitor 'health': two checks are named 'a'");
    assertThatThrownBy(() -> CheckOptions.defaults().interval(Duration.ofMillis(10)))
        .hasMessage("interval must be at least 1 second but was PT0.01S");
  }
}
