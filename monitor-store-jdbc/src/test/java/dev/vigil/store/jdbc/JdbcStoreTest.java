package dev.vigil.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.vigil.Severity;
import dev.vigil.alerts.Alert;
import dev.vigil.alerts.AlertState;
import dev.vigil.alerts.Transition;
import dev.vigil.cluster.Leadership;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What holds for every store of a {@link JdbcStore}, whatever the application's pool. */
class JdbcStoreTest {

  private static final Instant T = Instant.parse("2026-03-02T10:00:00Z");

  private static Alert firing(String rule) {
    return Alert.builder().ruleId(rule).group(Map.of()).state(AlertState.FIRING)
        .severity(Severity.ERROR).value(5).activeSince(T).notifiedAt(T)
        .history(List.of(new Transition(null, AlertState.FIRING, T, "condition met", 5)))
        .build();
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void onAPoolWithoutAutoCommitEveryWriteIsCommittedAndOneInstanceLeads(TestDatabase.Kind kind) {
    try (TestDatabase db = TestDatabase.create(kind)) {
      // as Spring Boot applications often configure Hikari (auto-commit: false)
      DataSource pool = db.pool(config -> config.setAutoCommit(false));
      try (JdbcStore a = JdbcStore.builder(pool).initializeSchema(SchemaInitialization.ALWAYS)
              .instanceId("a").leaseDuration(Duration.ofSeconds(2)).build();
          JdbcStore b = JdbcStore.builder(pool).initializeSchema(SchemaInitialization.ALWAYS)
              .instanceId("b").leaseDuration(Duration.ofSeconds(2)).build();
          JdbcStore reader = db.store().build()) {
        Leadership la = a.leadership();
        Leadership lb = b.leadership();
        await().atMost(Duration.ofSeconds(5)).until(() -> la.isLeader() || lb.isLeader());
        long end = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        while (System.nanoTime() < end) { // longer than a lease: the leader's renewals count
          assertThat(la.isLeader() && lb.isLeader()).as("two leaders").isFalse();
        }

        a.alerts().save(firing("committed"));
        assertThat(reader.alerts().active()).extracting(Alert::ruleId)
            .containsExactly("committed");
      }
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void instancesStartingTogetherOnANewDatabaseAllCreateTheSchema(TestDatabase.Kind kind)
      throws Exception {
    int instances = 6;
    ExecutorService pool = Executors.newFixedThreadPool(instances);
    try {
      for (int round = 0; round < 5; round++) { // the race is lost now and then: several rounds
        try (TestDatabase db = TestDatabase.create(kind)) {
          CountDownLatch gate = new CountDownLatch(1);
          List<Future<?>> started = new ArrayList<>();
          for (int i = 0; i < instances; i++) {
            started.add(pool.submit(() -> {
              gate.await();
              try (JdbcStore store = db.store().build()) {
                store.alerts();
                store.outbox();
                store.maintenanceQueue();
                store.healthLog();
              }
              return null;
            }));
          }
          gate.countDown();
          for (Future<?> instance : started) {
            instance.get(60, TimeUnit.SECONDS); // throws if the instance could not start
          }
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
