package dev.vigil.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.Severity;
import dev.vigil.alerts.Alert;
import dev.vigil.notify.OutboxEntry.State;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Outbox} does: the in-memory one and the JDBC store's pass it. A subclass
 * returns a new, empty outbox from {@link #newOutbox()} (called before each test) and closes what
 * it opened itself.
 */
public abstract class OutboxContract {

  /** When the tests' entries are created; whole seconds, which every database keeps exactly. */
  protected static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
  private static final Duration TTL = Duration.ofSeconds(10);

  protected Outbox outbox;

  /** Returns a new, empty outbox. */
  protected abstract Outbox newOutbox();

  @BeforeEach
  void createOutbox() {
    outbox = newOutbox();
  }

  /** A pending entry of a FIRING notification of rule {@code rule}, for channel "hook". */
  protected static OutboxEntry entry(String rule) {
    return entry(rule, T0);
  }

  /** A pending entry of a FIRING notification of rule {@code rule}, due at {@code due}. */
  protected static OutboxEntry entry(String rule, Instant due) {
    Alert alert = TestAlerts.firing(rule, Severity.ERROR);
    return OutboxEntry.of(TestAlerts.notification(Notification.Kind.FIRING, alert), "hook", T0,
        due, null);
  }

  private static List<String> ids(List<OutboxEntry> entries) {
    return entries.stream().map(OutboxEntry::id).toList();
  }

  /** Asserts that {@code actual} has every property of {@code expected}, alerts included. */
  protected static void assertSameEntry(OutboxEntry actual, OutboxEntry expected) {
    assertThat(actual).isNotNull();
    actual.notification().alerts().forEach(Alert::key); // computed on first use: on both sides
    expected.notification().alerts().forEach(Alert::key);
    assertThat(actual).usingRecursiveComparison()
        .withComparatorForType(Double::compare, Double.class).isEqualTo(expected);
  }

  @Test
  void aSavedEntryReadsBackWithEveryProperty() {
    Alert a = TestAlerts.firing("upload-errors", Severity.CRITICAL);
    Alert b = TestAlerts.firing("token-refresh", Severity.ERROR);
    Contact alice = new Contact("Alice", Map.of("sms", "+33600000001", "email", "a@example.com"));
    Notification n = new Notification("upload-errors@1#1/escalation-0", Notification.Kind.FIRING,
        a, "[FIRING] <b>2 alerts</b> \"quoted\" é ✓", "line 1\nline 2 <script>&amp;", alice,
        T0.plusMillis(7), List.of(a, b));
    OutboxEntry entry = new OutboxEntry(n.id() + "@sms", "sms", n, State.PENDING, 3, T0,
        T0.plusSeconds(90), "HTTP 503 from hooks.example.com", "route#0{platform=tiktok,}");

    outbox.save(entry);

    assertSameEntry(outbox.get(entry.id()), entry);
    assertThat(outbox.pending()).singleElement().satisfies(e -> assertSameEntry(e, entry));
    assertThat(outbox.get("no-such-id")).isNull();
  }

  @Test
  void pendingEntriesKeepTheOrderOfTheirFirstSave() {
    OutboxEntry a = entry("a");
    OutboxEntry b = entry("b");
    OutboxEntry c = entry("c");
    outbox.save(a);
    outbox.save(b);
    outbox.save(c);

    outbox.save(a.failed("HTTP 500", T0.plusSeconds(5)));

    assertThat(ids(outbox.pending())).containsExactly(a.id(), b.id(), c.id());
    assertThat(outbox.get(a.id()).attempts()).isEqualTo(1);
    assertThat(outbox.get(a.id()).dueAt()).isEqualTo(T0.plusSeconds(5));
    assertThat(outbox.get(a.id()).lastError()).isEqualTo("HTTP 500");
  }

  @Test
  void deliveredAndCancelledEntriesAreNeitherPendingNorDead() {
    OutboxEntry a = entry("a");
    OutboxEntry b = entry("b");
    outbox.save(a);
    outbox.save(b);

    outbox.save(a.with(State.DELIVERED));
    outbox.save(b.with(State.CANCELLED));

    assertThat(outbox.pending()).isEmpty();
    assertThat(outbox.deadLetters()).isEmpty();
    OutboxEntry kept = outbox.get(a.id());
    assertThat(kept == null || kept.state() == State.DELIVERED).as("dropped or kept delivered")
        .isTrue();
  }

  @Test
  void deadLettersComeMostRecentFirstAndAReplayPutsThemLastInLine() {
    OutboxEntry a = entry("a");
    OutboxEntry b = entry("b");
    OutboxEntry c = entry("c");
    outbox.save(a);
    outbox.save(b);
    outbox.save(c);

    outbox.save(b.with(State.DEAD, "HTTP 400"));
    outbox.save(a.with(State.DEAD, "HTTP 401"));

    assertThat(ids(outbox.deadLetters())).containsExactly(a.id(), b.id());
    assertThat(outbox.get(a.id()).lastError()).isEqualTo("HTTP 401");
    assertThat(ids(outbox.pending())).containsExactly(c.id());

    outbox.save(outbox.get(b.id()).replayed(T0.plusSeconds(60)));

    assertThat(ids(outbox.deadLetters())).containsExactly(a.id());
    assertThat(ids(outbox.pending())).containsExactly(c.id(), b.id());
    assertThat(outbox.get(b.id()).attempts()).isZero();

    outbox.save(outbox.get(b.id()).with(State.DEAD, "again"));
    assertThat(ids(outbox.deadLetters())).containsExactly(b.id(), a.id());
  }

  @Test
  void aClaimTakesWhatNoLiveOwnerHoldsDueOrNotInOrderUpToMax() {
    OutboxEntry a = entry("a");
    OutboxEntry b = entry("b");
    OutboxEntry later = entry("later", T0.plusSeconds(3_600)); // an escalation step, say
    outbox.save(a);
    outbox.save(b);
    outbox.save(later);

    assertThat(ids(outbox.claim("x", T0, TTL, 2))).containsExactly(a.id(), b.id());
    assertThat(ids(outbox.claim("y", T0, TTL, 10))).containsExactly(later.id());
    assertThat(outbox.claim("y", T0.plusSeconds(1), TTL, 10)).as("all held").isEmpty();
    assertThat(outbox.claim("x", T0.plusSeconds(1), TTL, 10)).as("not twice to its owner")
        .isEmpty();
    assertThat(outbox.pending()).as("claims do not change what is pending").hasSize(3);
  }

  @Test
  void aClaimThatExpiredIsTakenByAnother() {
    OutboxEntry a = entry("a");
    outbox.save(a);
    outbox.claim("x", T0, TTL, 10);

    assertThat(outbox.claim("y", T0.plus(TTL).minusMillis(1), TTL, 10)).isEmpty();
    assertThat(outbox.renew("y", List.of(a.id()), T0.plusSeconds(5), TTL))
        .as("lost to y: x holds it").containsExactly(a.id());
    assertThat(ids(outbox.claim("y", T0.plus(TTL).plusMillis(1), TTL, 10)))
        .containsExactly(a.id());
    assertThat(outbox.renew("x", List.of(a.id()), T0.plusSeconds(12), TTL))
        .as("lost to x: y holds it now").containsExactly(a.id());
  }

  @Test
  void aRenewedClaimLastsAndOnlyItsOwnerCanReleaseIt() {
    OutboxEntry a = entry("a");
    OutboxEntry b = entry("b");
    outbox.save(a);
    outbox.save(b);
    outbox.claim("x", T0, TTL, 10);

    assertThat(outbox.renew("x", List.of(a.id(), b.id()), T0.plusSeconds(8), TTL)).isEmpty();
    assertThat(outbox.claim("y", T0.plusSeconds(15), TTL, 10)).as("renewed until T0+18s")
        .isEmpty();

    outbox.release("y", List.of(a.id(), b.id()));
    assertThat(outbox.claim("y", T0.plusSeconds(15), TTL, 10)).as("not y's to release")
        .isEmpty();

    outbox.release("x", List.of(b.id()));
    assertThat(ids(outbox.claim("y", T0.plusSeconds(15), TTL, 10))).as("released at once")
        .containsExactly(b.id());
  }

  @Test
  void anEntryThatIsNoLongerPendingIsLostToItsOwner() {
    OutboxEntry a = entry("a");
    OutboxEntry b = entry("b");
    OutboxEntry c = entry("c");
    outbox.save(a);
    outbox.save(b);
    outbox.save(c);
    outbox.claim("x", T0, TTL, 10);

    outbox.save(a.with(State.CANCELLED)); // by another instance, say: an acknowledgement
    outbox.save(b.with(State.DEAD, "HTTP 400"));

    assertThat(outbox.renew("x", List.of(a.id(), b.id(), c.id()), T0.plusSeconds(1), TTL))
        .containsExactlyInAnyOrder(a.id(), b.id());
  }

  @Test
  void renewingClaimsAnUnclaimedEntryAndIgnoresAnUnknownOne() {
    OutboxEntry a = entry("a");
    outbox.save(a);

    assertThat(outbox.renew("x", List.of(a.id(), "never-saved@hook"), T0, TTL)).isEmpty();

    assertThat(outbox.claim("y", T0.plusSeconds(1), TTL, 10)).as("x claimed it").isEmpty();
  }

  @Test
  void aReplayedEntryIsFreeForAnyOwner() {
    OutboxEntry a = entry("a");
    outbox.save(a);
    outbox.claim("x", T0, TTL, 10);
    outbox.save(a.with(State.DEAD, "HTTP 400"));

    outbox.save(outbox.get(a.id()).replayed(T0.plusSeconds(1)));

    assertThat(ids(outbox.claim("y", T0.plusSeconds(2), TTL, 10))).containsExactly(a.id());
  }

  @Test
  void aFailedAttemptSavedByItsOwnerKeepsTheClaim() {
    OutboxEntry a = entry("a");
    outbox.save(a);
    outbox.claim("x", T0, TTL, 10);

    outbox.save(a.failed("HTTP 503", T0.plusSeconds(2)));

    assertThat(outbox.claim("y", T0.plusSeconds(1), TTL, 10)).isEmpty();
  }

  @Test
  void concurrentClaimersTakeEachEntryExactlyOnce() throws Exception {
    int entries = 300;
    for (int i = 0; i < entries; i++) {
      outbox.save(entry("rule-" + i));
    }
    int threads = 4;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch gate = new CountDownLatch(1);
    try {
      List<Future<List<String>>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        String owner = "owner-" + t;
        results.add(pool.submit(() -> {
          gate.await();
          List<String> mine = new ArrayList<>();
          List<OutboxEntry> got;
          do {
            got = outbox.claim(owner, T0, Duration.ofMinutes(1), 7);
            mine.addAll(ids(got));
          } while (!got.isEmpty());
          return mine;
        }));
      }
      gate.countDown();
      List<String> all = new ArrayList<>();
      for (Future<List<String>> mine : results) {
        all.addAll(mine.get(60, TimeUnit.SECONDS));
      }
      assertThat(all).hasSize(entries).doesNotHaveDuplicates();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void badClaimArgumentsAreRefusedWithTheReason() {
    assertThatThrownBy(() -> outbox.claim("x", T0, Duration.ZERO, 10))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ttl");
    assertThatThrownBy(() -> outbox.claim("x", T0, TTL, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("max");
    assertThatThrownBy(() -> outbox.renew("x", List.of("a"), T0, Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ttl");
    assertThatThrownBy(() -> outbox.claim(null, T0, TTL, 10))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("owner");
  }
}
