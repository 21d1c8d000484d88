package dev.vigil.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.cluster.Leadership;
import dev.vigil.health.CheckOptions;
import dev.vigil.health.FailureKind;
import dev.vigil.health.HealthCheck;
import dev.vigil.health.HealthMonitor;
import dev.vigil.health.HealthRecord;
import dev.vigil.health.HealthResult;
import dev.vigil.health.HealthStatus;
import dev.vigil.health.MaintenanceRun;
import dev.vigil.health.MaintenanceScheduler;
import dev.vigil.health.MaintenanceTask;
import dev.vigil.health.MaintenanceTesting;
import dev.vigil.health.Recoverer;
import dev.vigil.health.RecoveryAction;
import dev.vigil.health.RecoveryPolicy;
import dev.vigil.health.RecoveryResult;
import dev.vigil.health.Schedule;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Two instances, each with its {@link JdbcStore} over one database and the store's own lease as
 * leadership: maintenance and recovery happen once, on the leader, and go on when it stops.
 */
class JdbcLeadershipTest {

  private static final Duration LEASE = Duration.ofSeconds(2);
  private static final Instant SLOT_1 = Instant.parse("2026-05-01T01:00:00Z"); // 03:00 Paris
  private static final Instant SLOT_2 = Instant.parse("2026-05-02T01:00:00Z");

  private static MaintenanceScheduler scheduler(String name, JdbcStore store,
      AtomicReference<Instant> clock, AtomicInteger ran) {
    return MaintenanceTesting.withoutThread(MaintenanceScheduler.builder(name)
        .clock(clock::get).queue(store.maintenanceQueue()).leadership(store.leadership())
        .task(MaintenanceTask.builder("reboot")
            .schedule(Schedule.dailyAt(LocalTime.of(3, 0), ZoneId.of("Europe/Paris")))
            .action(ran::incrementAndGet).build()), Runnable::run).build();
  }

  private static void tickUntil(AtomicReference<Instant> clock, Instant end,
      MaintenanceScheduler... schedulers) {
    while (clock.get().isBefore(end)) {
      clock.set(clock.get().plus(Duration.ofMinutes(10)));
      for (MaintenanceScheduler s : schedulers) {
        MaintenanceTesting.tick(s);
      }
    }
  }

  private static List<String> claimedBy(TestDatabase db) throws SQLException {
    List<String> owners = new ArrayList<>();
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(
            "SELECT claimed_by FROM vigil_maintenance_run ORDER BY scheduled_for")) {
      while (rs.next()) {
        owners.add(rs.getString(1));
      }
    }
    return owners;
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void aDailySlotRunsOnceOnTheLeaderAndTheNextOnTheInstanceThatTookOver(TestDatabase.Kind kind)
      throws SQLException {
    try (TestDatabase db = TestDatabase.create(kind);
        JdbcStore b = db.store().instanceId("b").leaseDuration(LEASE).build()) {
      JdbcStore a = db.store().instanceId("a").leaseDuration(LEASE).build();
      await().atMost(Duration.ofSeconds(10)).until(a.leadership()::isLeader);
      Leadership lb = b.leadership();
      AtomicReference<Instant> clock =
          new AtomicReference<>(Instant.parse("2026-05-01T00:00:00Z"));
      AtomicInteger ranA = new AtomicInteger();
      AtomicInteger ranB = new AtomicInteger();
      MaintenanceScheduler sa = scheduler("a", a, clock, ranA);
      try (a; MaintenanceScheduler sb = scheduler("b", b, clock, ranB)) {
        sa.start();
        sb.start();
        tickUntil(clock, Instant.parse("2026-05-01T12:00:00Z"), sa, sb);
        assertThat(sb.runs()).extracting(MaintenanceRun::scheduledFor).containsExactly(SLOT_1);

        sa.close();
        a.close(); // gives the lease up
        await().atMost(Duration.ofSeconds(10)).until(lb::isLeader);
        tickUntil(clock, Instant.parse("2026-05-02T12:00:00Z"), sb);

        assertThat(sb.runs()).extracting(MaintenanceRun::scheduledFor)
            .containsExactly(SLOT_1, SLOT_2);
        assertThat(sb.runs()).allMatch(r -> r.state() == MaintenanceRun.State.COMPLETED);
        assertThat(ranA.get() + ranB.get()).isEqualTo(2);
        assertThat(claimedBy(db)).hasSize(2).last().isEqualTo("b");
      }
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void onlyTheLeaderRecoversAndWritesTheSharedHealthHistory(TestDatabase.Kind kind) {
    try (TestDatabase db = TestDatabase.create(kind);
        JdbcStore a = db.store().instanceId("a").leaseDuration(LEASE).build();
        JdbcStore b = db.store().instanceId("b").leaseDuration(LEASE).build()) {
      await().atMost(Duration.ofSeconds(10)).until(a.leadership()::isLeader);
      b.leadership();
      AtomicInteger restartsA = new AtomicInteger();
      AtomicInteger restartsB = new AtomicInteger();
      try (HealthMonitor ha = monitor("a", a, restartsA);
          HealthMonitor hb = monitor("b", b, restartsB)) {
        await().atMost(Duration.ofSeconds(20)).until(() -> restartsA.get() >= 2
            && hb.status("api").status() == HealthStatus.DOWN);

        List<HealthRecord> history = b.healthLog().find("api", Instant.EPOCH,
            Instant.now().plusSeconds(60));
        assertThat(history).isNotEmpty().allSatisfy(r -> {
          assertThat(r.detail()).isEqualTo("refused on a");
          assertThat(r.recoveryTriggered()).isTrue();
        });
        assertThat(restartsB).hasValue(0);
        assertThat(ha.status("api").status()).isEqualTo(HealthStatus.DOWN);
      }
    }
  }

  private static HealthMonitor monitor(String name, JdbcStore store, AtomicInteger restarts) {
    Recoverer recoverer = Recoverer.builder()
        .policy("api", RecoveryPolicy.builder()
            .act(RecoveryAction.of("restart", () -> {
              restarts.incrementAndGet();
              return RecoveryResult.ok("restarted");
            }), FailureKind.CONNECTION_REFUSED)
            .cooldown(Duration.ZERO).maxAttempts(1_000).verify(false)
            .build())
        .build();
    return HealthMonitor.builder().name(name).store(store.healthLog())
        .leadership(store.leadership()).recoverer(recoverer)
        .check(HealthCheck.of("api", () -> HealthResult.down(FailureKind.CONNECTION_REFUSED,
            "refused on " + name)), CheckOptions.defaults().interval(Duration.ofSeconds(1)))
        .build().start();
  }
}
