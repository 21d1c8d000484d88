package dev.vigil.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.vigil.Severity;
import dev.vigil.alerts.Alert;
import dev.vigil.notify.Contact;
import dev.vigil.notify.Notification;
import dev.vigil.notify.Outbox;
import dev.vigil.notify.OutboxEntry;
import dev.vigil.notify.OutboxEntry.State;
import dev.vigil.notify.TestAlerts;
import dev.vigil.store.jdbc.internal.JdbcOutbox;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What the JDBC outbox does beyond the contract: SQL locks, retention, text columns, schema. */
class JdbcOutboxTest {

  private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
  private static final Duration TTL = Duration.ofSeconds(30);

  private static OutboxEntry entry(String rule) {
    Alert alert = TestAlerts.firing(rule, Severity.ERROR);
    return OutboxEntry.of(TestAlerts.notification(Notification.Kind.FIRING, alert), "hook", T0,
        T0, null);
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void aClaimSkipsTheRowsAnotherTransactionHoldsWithoutWaiting(TestDatabase.Kind kind)
      throws Exception {
    try (TestDatabase db = TestDatabase.create(kind); JdbcStore store = db.store().build()) {
      Outbox outbox = store.outbox();
      OutboxEntry a = entry("a");
      OutboxEntry b = entry("b");
      outbox.save(a);
      outbox.save(b);
      try (Connection c = db.dataSource().getConnection()) {
        c.setAutoCommit(false);
        try (PreparedStatement ps = c.prepareStatement(
            "SELECT id FROM vigil_outbox WHERE id = ? FOR UPDATE")) {
          ps.setString(1, a.id());
          try (ResultSet rs = ps.executeQuery()) {
            assertThat(rs.next()).isTrue(); // a is locked until this transaction ends
          }
        }

        List<OutboxEntry> claimed = assertTimeoutPreemptively(Duration.ofSeconds(5),
            () -> outbox.claim("x", T0, TTL, 10));

        assertThat(claimed).extracting(OutboxEntry::id).containsExactly(b.id());
        c.commit();
      }
      assertThat(outbox.claim("y", T0, TTL, 10)).extracting(OutboxEntry::id)
          .containsExactly(a.id());
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void retentionDeletesOldDeliveredAndCancelledEntriesInBatchesAndTheDeadBeyondTheBound(
      TestDatabase.Kind kind) {
    try (TestDatabase db = TestDatabase.create(kind); JdbcStore store = db.store().build()) {
      AtomicReference<Instant> now = new AtomicReference<>(T0);
      InstantSource clock = now::get;
      JdbcOutbox outbox = new JdbcOutbox(store.db(), clock, Duration.ofDays(7), 3);
      int old = 2_100; // more than two delete batches
      for (int i = 0; i < old; i++) {
        OutboxEntry e = entry("old-" + i);
        outbox.save(e.with(i % 2 == 0 ? State.DELIVERED : State.CANCELLED));
      }
      OutboxEntry waiting = entry("waiting");
      outbox.save(waiting);
      for (int i = 0; i < 5; i++) {
        outbox.save(entry("dead-" + i).with(State.DEAD, "HTTP 400"));
      }
      now.set(T0.plus(Duration.ofDays(6)));
      OutboxEntry recent = entry("recent");
      outbox.save(recent.with(State.DELIVERED));

      now.set(T0.plus(Duration.ofDays(7)).plusSeconds(1));
      int deleted = outbox.purge();

      assertThat(deleted).isEqualTo(old + 2);
      assertThat(count(db, "SELECT COUNT(*) FROM vigil_outbox")).isEqualTo(1 + 3 + 1);
      assertThat(outbox.get(entry("old-0").id())).isNull();
      assertThat(outbox.get(recent.id())).isNotNull();
      assertThat(outbox.pending()).extracting(OutboxEntry::id).containsExactly(waiting.id());
      assertThat(outbox.deadLetters()).extracting(OutboxEntry::id).containsExactly(
          entry("dead-4").id(), entry("dead-3").id(), entry("dead-2").id());
      assertThat(outbox.purge()).as("nothing more").isZero();
    }
  }

  private static long count(TestDatabase db, String sql) {
    try (Connection c = db.dataSource().getConnection();
        ResultSet rs = c.createStatement().executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void hostileTextSurvivesTheDatabase(TestDatabase.Kind kind) {
    String hostile = NotificationJsonTest.HOSTILE;
    try (TestDatabase db = TestDatabase.create(kind); JdbcStore store = db.store().build()) {
      Outbox outbox = store.outbox();
      Alert alert = TestAlerts.firing("r", Severity.ERROR).toBuilder()
          .group(Map.of("source", hostile)).annotations(Map.of("summary", hostile)).build();
      Notification n = new Notification(alert.key() + "@1#1", Notification.Kind.FIRING, alert,
          hostile, hostile, Contact.of(hostile, "sms", hostile), T0);
      OutboxEntry entry = new OutboxEntry(n.id() + "@hook", "hook", n, State.PENDING, 2, T0,
          T0.plusSeconds(5), hostile, "route#0{source=" + hostile + ",}");

      outbox.save(entry);

      OutboxEntry back = outbox.get(entry.id());
      assertThat(back).isNotNull();
      assertThat(back.id()).as("exact, from the notification").isEqualTo(entry.id());
      back.notification().alerts().forEach(Alert::key);
      n.alerts().forEach(Alert::key);
      assertThat(back.notification()).usingRecursiveComparison()
          .withComparatorForType(Double::compare, Double.class).isEqualTo(n);
      String stored = hostile.replace("\u0000", "\uFFFD").replace("\uD83D ", "\uFFFD ");
      assertThat(back.lastError()).as("a text column: NUL and lone surrogate replaced")
          .isEqualTo(stored);
      assertThat(back.group()).isEqualTo("route#0{source=" + stored + ",}");
      assertThat(outbox.renew("x", List.of(entry.id()), T0, TTL)).isEmpty();
      assertThat(outbox.claim("y", T0, TTL, 10)).as("x holds it").isEmpty();
      outbox.release("x", List.of(entry.id()));
      assertThat(outbox.claim("y", T0, TTL, 10)).extracting(OutboxEntry::id)
          .containsExactly(entry.id());
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void anEntryOfAnAlertWithALongGroupIsKeptClaimedAndPurgedLikeAnyOther(TestDatabase.Kind kind) {
    // a group's tag value (a URL, a message) of 4,000 characters that do not compress: longer
    // than an index entry may be in PostgreSQL (2,704 bytes); the alert store keeps such alerts
    Random random = new Random(8);
    StringBuilder url = new StringBuilder("https://example.com/?q=");
    while (url.length() < 4_000) {
      url.append((char) ('a' + random.nextInt(26)));
    }
    try (TestDatabase db = TestDatabase.create(kind); JdbcStore store = db.store().build()) {
      AtomicReference<Instant> now = new AtomicReference<>(T0);
      JdbcOutbox outbox = new JdbcOutbox(store.db(), now::get, Duration.ofDays(7), 3);
      Alert alert = TestAlerts.firing("r", Severity.ERROR).toBuilder()
          .group(Map.of("url", url.toString())).build();
      store.alerts().save(alert);
      OutboxEntry entry = OutboxEntry.of(TestAlerts.notification(Notification.Kind.FIRING, alert),
          "hook", T0, T0, null);

      outbox.save(entry);

      assertThat(outbox.get(entry.id())).isNotNull();
      assertThat(outbox.pending()).extracting(OutboxEntry::id).containsExactly(entry.id());
      assertThat(outbox.claim("x", T0, TTL, 10)).extracting(OutboxEntry::id)
          .containsExactly(entry.id());
      assertThat(outbox.renew("x", List.of(entry.id()), T0, TTL)).isEmpty();
      assertThat(outbox.renew("y", List.of(entry.id()), T0, TTL)).containsExactly(entry.id());
      outbox.release("x", List.of(entry.id()));
      assertThat(outbox.claim("y", T0, TTL, 10)).extracting(OutboxEntry::id)
          .containsExactly(entry.id());
      outbox.save(entry.with(State.DELIVERED));
      now.set(T0.plus(Duration.ofDays(8)));
      assertThat(outbox.purge()).isEqualTo(1);
      assertThat(outbox.get(entry.id())).isNull();
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void theStoreHandsOutOneOutboxAndItsSchemaCanBeCreatedTwice(TestDatabase.Kind kind) {
    try (TestDatabase db = TestDatabase.create(kind); JdbcStore b = db.store().build()) {
      JdbcStore a = db.store().build();
      try (a) {
        assertThat(a.outbox()).isSameAs(a.outbox());
        a.outbox().save(entry("r"));
        assertThat(b.outbox().pending()).hasSize(1);
      }
      assertThatThrownBy(a::outbox).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("closed");
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void aBadRetentionIsRefusedWithTheReason(TestDatabase.Kind kind) {
    try (TestDatabase db = TestDatabase.create(kind)) {
      assertThatThrownBy(() -> db.store().outboxRetention(Duration.ofSeconds(10)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("outboxRetention must be at least 1m but was PT10S");
    }
  }
}
