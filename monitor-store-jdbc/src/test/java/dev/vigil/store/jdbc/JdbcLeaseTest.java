package dev.vigil.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.vigil.cluster.Leadership;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class JdbcLeaseTest {

  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void oneInstanceLeadsAndAnotherTakesOverWhenItStops(TestDatabase.Kind kind) {
    try (TestDatabase db = TestDatabase.create(kind);
        JdbcStore b = db.store().instanceId("b").leaseDuration(Duration.ofSeconds(2)).build()) {
      JdbcStore a = db.store().instanceId("a").leaseDuration(Duration.ofSeconds(2)).build();
      Leadership la = a.leadership();
      await().atMost(Duration.ofSeconds(5)).until(la::isLeader);
      Leadership lb = b.leadership();
      // b keeps trying for longer than a lease: a renews, so b never leads meanwhile
      long end = System.nanoTime() + Duration.ofSeconds(3).toNanos();
      while (System.nanoTime() < end) {
        assertThat(la.isLeader() && lb.isLeader()).as("two leaders").isFalse();
        assertThat(lb.isLeader()).isFalse();
      }
      a.close(); // gives the lease up
      assertThat(la.isLeader()).isFalse();
      await().atMost(Duration.ofSeconds(2)).until(lb::isLeader);
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void aLeaderThatDiesIsReplacedOnceItsLeaseExpires(TestDatabase.Kind kind) {
    try (TestDatabase db = TestDatabase.create(kind);
        JdbcStore b = db.store().instanceId("b").leaseDuration(Duration.ofSeconds(2)).build()) {
      b.db().initialize("lease");
      // a "dies": its row says it holds the lease for 2 more seconds, and nobody renews it
      db.execute("INSERT INTO vigil_lease (name, holder, expires_at, epoch) VALUES "
          + "('vigil', 'dead', CURRENT_TIMESTAMP + INTERVAL '2' SECOND, 1)");
      Leadership lb = b.leadership();
      long start = System.nanoTime();
      await().atMost(Duration.ofSeconds(5)).until(lb::isLeader);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(
          Duration.ofMillis(1_500), Duration.ofMillis(3_000));
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void aLeaderCutOffFromTheDatabaseStopsLeadingBeforeItsLeaseExpires(TestDatabase.Kind kind) {
    try (TestDatabase db = TestDatabase.create(kind);
        JdbcStore a = db.store().instanceId("a").leaseDuration(Duration.ofSeconds(2)).build()) {
      Leadership la = a.leadership();
      await().atMost(Duration.ofSeconds(5)).until(la::isLeader);
      db.execute("DROP TABLE vigil_lease"); // every renewal fails from now on
      long start = System.nanoTime();
      await().atMost(Duration.ofSeconds(3)).until(() -> !la.isLeader());
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void theSchemaCanBeCreatedTwice(TestDatabase.Kind kind) {
    try (TestDatabase db = TestDatabase.create(kind);
        JdbcStore a = db.store().build();
        JdbcStore b = db.store().build()) {
      a.leadership();
      b.leadership();
      await().atMost(Duration.ofSeconds(20))
          .until(() -> a.leadership().isLeader() ^ b.leadership().isLeader());
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void aBadPrefixOrDurationIsRefusedWithTheReason(TestDatabase.Kind kind) {
    try (TestDatabase db = TestDatabase.create(kind)) {
      assertThatThrownBy(() -> db.store().tablePrefix("x; DROP TABLE y"))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tablePrefix");
      assertThatThrownBy(() -> db.store().leaseDuration(Duration.ofMillis(10)))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("leaseDuration");
    }
  }
}
