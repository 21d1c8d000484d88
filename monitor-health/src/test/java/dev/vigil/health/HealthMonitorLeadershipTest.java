package dev.vigil.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** In a cluster, every instance checks, and only the leader repairs and writes the history. */
class HealthMonitorLeadershipTest {

  private static List<HealthRecord> all(HealthLogStore store) {
    return store.find("service", Instant.EPOCH, Instant.parse("3000-01-01T00:00:00Z"));
  }

  @Test
  void anInstanceThatDoesNotLeadChecksButRepairsNothingAndRecordsItsManualRunsOnly()
      throws Exception {
    AtomicBoolean leads = new AtomicBoolean(false);
    AtomicInteger runs = new AtomicInteger();
    AtomicInteger restarts = new AtomicInteger();
    HealthCheck service = HealthCheck.of("service", () -> {
      runs.incrementAndGet();
      return HealthResult.down(FailureKind.CONNECTION_REFUSED, "refused");
    });
    Recoverer recoverer = Recoverer.builder()
        .policy("service", RecoveryPolicy.builder()
            .act(RecoveryAction.of("restart", () -> {
              restarts.incrementAndGet();
              return RecoveryResult.ok("restarted");
            }), FailureKind.CONNECTION_REFUSED)
            .cooldown(Duration.ZERO).maxAttempts(1_000).verify(false)
            .build())
        .build();
    HealthLogStore store = HealthLogStore.inMemory();
    try (HealthMonitor health = HealthMonitor.builder().store(store).leadership(leads::get)
        .recoverer(recoverer)
        .check(service, CheckOptions.defaults().interval(Duration.ofSeconds(1)).jitter(0))
        .build().start()) {

      await().atMost(Duration.ofSeconds(10)).until(() -> runs.get() >= 3);
      // its own status goes on; the shared things are left to the leader
      assertThat(health.status("service").status()).isEqualTo(HealthStatus.DOWN);
      assertThat(restarts).hasValue(0);
      assertThat(recoverer.attempts("service")).isEmpty();
      assertThat(all(store)).isEmpty();

      // what a person asks for happens here
      HealthRecord manual = health.runNow("service").get(10, TimeUnit.SECONDS);
      assertThat(manual.trigger()).isEqualTo(HealthRecord.Trigger.MANUAL);
      assertThat(manual.recoveryTriggered()).isFalse();
      assertThat(all(store)).containsExactly(manual);
      RecoveryOutcome asked = health.recoverNow("service", false).get(10, TimeUnit.SECONDS);
      assertThat(asked.acted()).isTrue();
      assertThat(restarts).hasValue(1);

      leads.set(true);
      await().atMost(Duration.ofSeconds(10)).until(() -> all(store).stream()
          .anyMatch(r -> r.trigger() == HealthRecord.Trigger.AUTOMATIC));
      HealthRecord automatic = all(store).stream()
          .filter(r -> r.trigger() == HealthRecord.Trigger.AUTOMATIC).findFirst().orElseThrow();
      assertThat(automatic.recoveryTriggered()).isTrue();
      assertThat(automatic.recoverySucceeded()).isTrue();
      assertThat(restarts.get()).isGreaterThanOrEqualTo(2);
    }
  }

  @Test
  void onlyTheLeaderPurgesTheSharedHistoryOnItsOwn() {
    ManualClock clock = ManualClock.at("2026-03-02T10:00:00Z");
    HealthLogStore store = HealthLogStore.inMemory();
    store.append(new HealthRecord("service", clock.instant().minus(Duration.ofDays(40)),
        HealthStatus.UP, null, "ok", Duration.ofMillis(1), null, HealthRecord.Trigger.AUTOMATIC,
        false, null, false));
    HealthCheck ok = HealthCheck.of("service", () -> HealthResult.up("ok"));
    try (HealthMonitor follower = HealthMonitor.builder().name("follower").clock(clock)
        .store(store).leadership(() -> false).check(ok).build().start()) {
      // the hourly purge runs at start, on a leader: a follower leaves the shared store alone
      await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
          .until(() -> all(store).size() == 1);
      assertThat(follower.purge()).as("by hand, it purges").isEqualTo(1);
    }
    Instant old = clock.instant().minus(Duration.ofDays(31));
    store.append(new HealthRecord("service", old, HealthStatus.UP, null, "ok",
        Duration.ofMillis(1), null, HealthRecord.Trigger.AUTOMATIC, false, null, false));
    try (HealthMonitor leader = HealthMonitor.builder().name("leader").clock(clock)
        .store(store).check(ok).build().start()) {
      await().atMost(Duration.ofSeconds(10))
          .until(() -> all(store).stream().noneMatch(r -> r.checkedAt().equals(old)));
      assertThat(leader.listenerFailures()).isZero();
    }
  }
}
