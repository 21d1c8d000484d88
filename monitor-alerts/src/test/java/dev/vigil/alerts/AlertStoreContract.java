package dev.vigil.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.Severity;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link AlertStore}, which every implementation's test extends: what a save
 * keeps, what the reads return, the silences, the refusal of stale writes (several engines sharing
 * one store) and concurrent saves. Alerts are built with the public {@link Alert#builder()}, as a
 * persistent store restores them.
 */
public abstract class AlertStoreContract {

  /** An instant with nanoseconds, which a store must keep. */
  protected static final Instant T = Instant.parse("2026-03-02T10:00:00.123456789Z");

  /** The store under test, new for each test. */
  protected AlertStore store;

  /** Returns a new, empty store; called before each test. */
  protected abstract AlertStore newStore();

  @BeforeEach
  void createStore() {
    store = newStore();
  }

  /** Returns a new alert of {@code ruleId} for {@code group}: one transition to {@code to}. */
  protected static Alert opened(String ruleId, Map<String, String> group, AlertState to,
      Instant at) {
    return Alert.builder()
        .ruleId(ruleId)
        .group(group)
        .state(to)
        .severity(Severity.ERROR)
        .value(5)
        .activeSince(at)
        .firingSince(to.hasFired() ? at : null)
        .history(List.of(new Transition(null, to, at, "condition met: 5 > 3", 5)))
        .notifiedAt(at)
        .build();
  }

  /** Returns {@code alert} after one more transition, to {@code to} at {@code at}. */
  protected static Alert moved(Alert alert, AlertState to, Instant at, String reason) {
    List<Transition> history = new ArrayList<>(alert.history());
    history.add(new Transition(alert.state(), to, at, reason, alert.value()));
    return alert.toBuilder()
        .state(to)
        .history(history)
        .firingSince(alert.firingSince() != null || !to.hasFired() ? alert.firingSince() : at)
        .resolvedAt(to == AlertState.RESOLVED ? at : null)
        .notifiedAt(at)
        .build();
  }

  /** Returns {@code alert} with a new value: an update without transition. */
  protected static Alert updated(Alert alert, double value) {
    return alert.toBuilder().value(value).build();
  }

  /** Asserts that {@code actual} holds every property of {@code expected}. */
  protected static void assertSameAlert(Alert actual, Alert expected) {
    assertThat(actual).usingRecursiveComparison()
        .ignoringFields("matchLabels", "key") // caches, computed on first use
        .withComparatorForType(Double::compare, Double.class)
        .isEqualTo(expected);
  }

  private static Silence silence(String id, String comment) {
    return Silence.builder().id(id).matching("alertname", "db").createdBy("alice")
        .comment(comment).startsAt(T).endsAt(T.plus(Duration.ofHours(2))).build();
  }

  // --- saves and reads

  @Test
  void anActiveAlertIsReadBackWithEveryProperty() {
    Alert alert = opened("db-errors", Map.of("source", "orders-api", "zone", "eu"),
        AlertState.FIRING, T).toBuilder()
        .severity(Severity.CRITICAL)
        .labels(Map.of("team", "payments", "channel", "#ops"))
        .annotations(Map.of("summary", "5 errors in 5m", "description", "line 1\nline 2"))
        .runbook(URI.create("https://wiki.example.com/runbooks/db?x=1&y=2"))
        .value(Double.NaN)
        .clearingSince(T.plusNanos(1))
        .acknowledgement(new Acknowledgement("alice", "on it", T, T.plus(Duration.ofHours(1))))
        .mutedBy(new Muting(Muting.Kind.SILENCE, "s-1"))
        .breaches(3)
        .changes(List.of(T.minusSeconds(60), T))
        .build();

    assertThat(store.save(alert)).isTrue();

    assertThat(store.active()).singleElement().satisfies(a -> assertSameAlert(a, alert));
    assertThat(store.active("db-errors")).singleElement().satisfies(a -> {
      assertSameAlert(a, alert);
      assertThat(a.key()).isEqualTo("db-errors{source=orders-api,zone=eu}");
      assertThat(a.isReminder()).isFalse();
    });
    assertThat(store.resolved()).isEmpty();
  }

  @Test
  void eachKeyHasOneActiveAlertTheLatestSaved() {
    Alert pending = opened("latency", Map.of("route", "/upload"), AlertState.PENDING, T);
    store.save(pending);
    Alert higher = updated(pending, 7);
    assertThat(store.save(higher)).isTrue();
    Alert firing = moved(higher, AlertState.FIRING, T.plusSeconds(60), "held 1m");
    assertThat(store.save(firing)).isTrue();
    store.save(opened("latency", Map.of("route", "/login"), AlertState.FIRING, T));

    assertThat(store.active()).hasSize(2);
    assertThat(store.active()).filteredOn(a -> a.key().equals("latency{route=/upload}"))
        .singleElement().satisfies(a -> {
          assertSameAlert(a, firing);
          assertThat(a.value()).isEqualTo(7.0);
          assertThat(a.history()).hasSize(2);
        });
  }

  @Test
  void activeOfARuleHoldsOnlyThatRulesAlerts() {
    store.save(opened("a", Map.of("p", "1"), AlertState.FIRING, T));
    store.save(opened("a", Map.of("p", "2"), AlertState.PENDING, T));
    store.save(opened("ab", Map.of(), AlertState.FIRING, T));
    store.save(opened("b", Map.of("p", "1"), AlertState.FIRING, T));

    assertThat(store.active("a")).extracting(Alert::key)
        .containsExactlyInAnyOrder("a{p=1}", "a{p=2}");
    assertThat(store.active("ab")).extracting(Alert::key).containsExactly("ab");
    assertThat(store.active("c")).isEmpty();
    assertThat(store.active()).hasSize(4);
  }

  @Test
  void aResolvedAlertLeavesTheActiveAlertsForTheHistory() {
    Alert firing = opened("a", Map.of("p", "1"), AlertState.FIRING, T);
    store.save(firing);
    store.save(opened("a", Map.of("p", "2"), AlertState.FIRING, T));
    Alert resolved = moved(firing, AlertState.RESOLVED, T.plusSeconds(60), "cleared");

    assertThat(store.save(resolved)).isTrue();

    assertThat(store.active()).extracting(Alert::key).containsExactly("a{p=2}");
    assertThat(store.active("a")).extracting(Alert::key).containsExactly("a{p=2}");
    assertThat(store.resolved()).singleElement().satisfies(a -> assertSameAlert(a, resolved));
  }

  @Test
  void theHistoryIsMostRecentlyResolvedFirst() {
    for (String rule : List.of("first", "second", "third")) {
      Alert a = opened(rule, Map.of(), AlertState.FIRING, T);
      store.save(a);
      store.save(moved(a, AlertState.RESOLVED, T.plusSeconds(1), "cleared"));
    }
    // resolved again later: the history keeps both alerts of the key
    Alert again = opened("first", Map.of(), AlertState.FIRING, T.plusSeconds(2));
    store.save(again);
    store.save(moved(again, AlertState.RESOLVED, T.plusSeconds(3), "cleared"));

    assertThat(store.resolved()).extracting(Alert::ruleId)
        .containsExactly("first", "third", "second", "first");
    assertThat(store.resolved().get(0).activeSince()).isEqualTo(T.plusSeconds(2));
  }

  @Test
  void lastResolvedGivesTheLatestResolvedAlertOfAKeyWithItsChanges() {
    Map<String, String> group = Map.of("platform", "tiktok");
    Alert first = opened("flappy", group, AlertState.FIRING, T).toBuilder()
        .changes(List.of(T)).build();
    store.save(first);
    store.save(moved(first, AlertState.RESOLVED, T.plusSeconds(10), "cleared").toBuilder()
        .changes(List.of(T, T.plusSeconds(10))).build());
    Alert second = opened("flappy", group, AlertState.FIRING, T.plusSeconds(20)).toBuilder()
        .changes(List.of(T, T.plusSeconds(10), T.plusSeconds(20))).build();
    store.save(second);
    Alert last = moved(second, AlertState.RESOLVED, T.plusSeconds(30), "cleared").toBuilder()
        .changes(List.of(T, T.plusSeconds(10), T.plusSeconds(20), T.plusSeconds(30))).build();
    store.save(last);
    Alert other = opened("flappy", Map.of("platform", "x"), AlertState.FIRING, T);
    store.save(other);
    store.save(moved(other, AlertState.RESOLVED, T.plusSeconds(40), "cleared"));

    assertThat(store.lastResolved("flappy{platform=tiktok}")).satisfies(a -> {
      assertSameAlert(a, last);
      assertThat(a.changes()).containsExactly(T, T.plusSeconds(10), T.plusSeconds(20),
          T.plusSeconds(30));
    });
    assertThat(store.lastResolved("flappy")).isNull();
    assertThat(store.lastResolved("unknown{platform=tiktok}")).isNull();
  }

  // --- silences

  @Test
  void aSilenceSavedAgainReplacesTheFirstAndKeepsItsPlace() {
    Silence a = silence("a", "first");
    Silence b = silence("b", "second");
    Silence c = silence("c", "third");
    store.saveSilence(a);
    store.saveSilence(b);
    store.saveSilence(c);
    Silence b2 = Silence.builder().id("b").matchingRegex("team", "pay.*")
        .notMatching("env", "dev").createdBy("bob").comment("extended")
        .startsAt(T.plusNanos(7)).endsAt(T.plus(Duration.ofDays(1))).build();

    store.saveSilence(b2);

    assertThat(store.silences()).containsExactly(a, b2, c);
    assertThat(store.silences().get(1).matchers()).isEqualTo(b2.matchers());
  }

  @Test
  void aRemovedSilenceIsGoneAndRemovingItAgainSaysSo() {
    store.saveSilence(silence("a", "first"));
    store.saveSilence(silence("b", "second"));

    assertThat(store.removeSilence("a")).isTrue();
    assertThat(store.removeSilence("a")).isFalse();
    assertThat(store.removeSilence("never")).isFalse();
    assertThat(store.silences()).extracting(Silence::id).containsExactly("b");

    store.saveSilence(silence("a", "again")); // saved anew: now last
    assertThat(store.silences()).extracting(Silence::id).containsExactly("b", "a");
  }

  @Test
  void aSilenceWithoutAStartIsKeptAsSuch() {
    Silence open = Silence.builder().id("open").matching("alertname", "db").createdBy("alice")
        .endsAt(T).build();
    store.saveSilence(open);
    assertThat(store.silences()).singleElement().satisfies(s -> {
      assertThat(s).isEqualTo(open);
      assertThat(s.startsAt()).isNull();
    });
  }

  // --- snapshots

  @Test
  void readsAreUnmodifiableSnapshots() {
    Alert a = opened("a", Map.of(), AlertState.FIRING, T);
    store.save(a);
    Alert b = opened("b", Map.of(), AlertState.FIRING, T);
    store.save(b);
    store.save(moved(b, AlertState.RESOLVED, T.plusSeconds(1), "cleared"));
    store.saveSilence(silence("s", "x"));
    List<Alert> active = store.active();
    List<Alert> ofRule = store.active("a");
    List<Alert> resolved = store.resolved();
    List<Silence> silences = store.silences();

    store.save(opened("c", Map.of(), AlertState.FIRING, T));
    store.save(moved(a, AlertState.RESOLVED, T.plusSeconds(2), "cleared"));
    store.saveSilence(silence("t", "y"));

    assertThat(active).extracting(Alert::ruleId).containsExactly("a");
    assertThat(ofRule).extracting(Alert::ruleId).containsExactly("a");
    assertThat(resolved).extracting(Alert::ruleId).containsExactly("b");
    assertThat(silences).extracting(Silence::id).containsExactly("s");
    assertThatThrownBy(() -> active.add(a)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> ofRule.clear()).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> resolved.remove(0))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> silences.add(silence("u", "z")))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> store.active("a").add(a))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  // --- stale writes: several engines share the store

  @Test
  void anUpdateFromAStaleReadDoesNotUndoAStateChange() {
    Alert firing = opened("db", Map.of(), AlertState.FIRING, T);
    store.save(firing);
    Alert read = store.active().get(0); // the leader reads it ...
    Alert acked = moved(read, AlertState.ACKNOWLEDGED, T.plusSeconds(5), "acknowledged by bob");
    assertThat(store.save(acked)).isTrue(); // ... a person acknowledges it elsewhere ...

    assertThat(store.save(updated(read, 9))).isFalse(); // ... the leader's write is stale

    assertThat(store.active()).singleElement().satisfies(a -> assertSameAlert(a, acked));
  }

  @Test
  void ofTwoStateChangesFromOneReadOnlyTheFirstSavedIsKept() {
    Alert firing = opened("db", Map.of(), AlertState.FIRING, T);
    store.save(firing);
    Alert read = store.active().get(0);
    Alert acked = moved(read, AlertState.ACKNOWLEDGED, T.plusSeconds(5), "acknowledged by bob");
    Alert silenced = moved(read, AlertState.SILENCED, T.plusSeconds(5), "silenced");

    assertThat(store.save(acked)).isTrue();
    assertThat(store.save(silenced)).isFalse();
    assertThat(store.save(moved(read, AlertState.RESOLVED, T.plusSeconds(6), "cleared")))
        .as("a stale resolution").isFalse();

    assertThat(store.active()).singleElement().satisfies(a -> assertSameAlert(a, acked));
    assertThat(store.resolved()).isEmpty();
    assertThat(store.lastResolved("db")).isNull();
    // derived from what is stored now, the next change is saved
    Alert updatedAck = updated(store.active().get(0), 8);
    assertThat(store.save(updatedAck)).isTrue();
    assertThat(store.save(moved(updatedAck, AlertState.RESOLVED, T.plusSeconds(7), "cleared")))
        .isTrue();
    assertThat(store.active()).isEmpty();
  }

  @Test
  void aResolvedAlertIsNotBroughtBackByAStaleWrite() {
    Alert firing = opened("db", Map.of("p", "1"), AlertState.FIRING, T);
    store.save(firing);
    Alert read = store.active("db").get(0);
    Alert resolved = moved(read, AlertState.RESOLVED, T.plusSeconds(5), "resolved by hand");
    assertThat(store.save(resolved)).isTrue();

    assertThat(store.save(updated(read, 9))).isFalse();
    assertThat(store.save(moved(read, AlertState.SILENCED, T.plusSeconds(6), "silenced")))
        .isFalse();
    assertThat(store.save(moved(read, AlertState.RESOLVED, T.plusSeconds(6), "cleared")))
        .as("resolved twice").isFalse();
    assertThat(store.save(resolved)).as("the same resolution saved again").isFalse();

    assertThat(store.active()).isEmpty();
    assertThat(store.active("db")).isEmpty();
    assertThat(store.resolved()).singleElement().satisfies(a -> assertSameAlert(a, resolved));
  }

  @Test
  void anAlertResolvedAtTheInstantItOpenedOpensAgainThen() {
    // a clock standing still, as in a test: open, resolve and open again at one instant
    Alert first = opened("db", Map.of(), AlertState.PENDING, T);
    store.save(first);
    store.save(moved(first, AlertState.RESOLVED, T, "cleared"));
    assertThat(store.save(moved(first, AlertState.FIRING, T, "held")))
        .as("a stale state change of the resolved alert").isFalse();
    Alert again = opened("db", Map.of(), AlertState.PENDING, T);

    assertThat(store.save(again)).isTrue();
    assertThat(store.active()).singleElement().satisfies(a -> assertSameAlert(a, again));
  }

  @Test
  void aNewAlertIsRefusedWhileAnotherAlertOfItsKeyIsActive() {
    Alert first = opened("db", Map.of(), AlertState.PENDING, T);
    store.save(first);

    assertThat(store.save(opened("db", Map.of(), AlertState.FIRING, T.plusSeconds(1))))
        .isFalse();

    assertThat(store.active()).singleElement().satisfies(a -> assertSameAlert(a, first));
    // once it resolved, a new alert of the key opens
    store.save(moved(first, AlertState.RESOLVED, T.plusSeconds(2), "cleared"));
    Alert second = opened("db", Map.of(), AlertState.FIRING, T.plusSeconds(3));
    assertThat(store.save(second)).isTrue();
    assertThat(store.active()).singleElement().satisfies(a -> assertSameAlert(a, second));
  }

  @Test
  void anAlertWithSeveralTransitionsIsSavedOverTheAlertItDerivesFromOrWhereNoneIsActive() {
    Alert pending = opened("db", Map.of(), AlertState.PENDING, T);
    Alert firing = moved(pending, AlertState.FIRING, T.plusSeconds(1), "held");
    Alert acked = moved(firing, AlertState.ACKNOWLEDGED, T.plusSeconds(2), "acknowledged");
    store.save(pending);

    assertThat(store.save(acked)).as("two transitions further").isFalse();
    assertThat(store.save(firing)).isTrue();
    assertThat(store.save(acked)).isTrue();
    assertThat(store.active()).singleElement()
        .satisfies(a -> assertThat(a.history()).hasSize(3));

    // restored from elsewhere (an export, another store): nothing of the key is active
    Alert restored = moved(moved(opened("other", Map.of("p", "1"), AlertState.PENDING, T),
        AlertState.FIRING, T.plusSeconds(1), "held"), AlertState.RESOLVED, T.plusSeconds(9),
        "cleared");
    Alert restoredActive = moved(opened("other", Map.of("p", "2"), AlertState.PENDING, T),
        AlertState.FIRING, T.plusSeconds(1), "held");
    assertThat(store.save(restored)).isTrue();
    assertThat(store.save(restoredActive)).isTrue();
    assertThat(store.resolved()).singleElement().satisfies(a -> assertSameAlert(a, restored));
    assertThat(store.active("other")).singleElement()
        .satisfies(a -> assertSameAlert(a, restoredActive));
  }

  @Test
  void savingTheSameAlertTwiceIsHarmless() {
    Alert firing = opened("db", Map.of(), AlertState.FIRING, T);
    assertThat(store.save(firing)).isTrue();
    assertThat(store.save(firing)).isTrue();
    Alert acked = moved(firing, AlertState.ACKNOWLEDGED, T.plusSeconds(1), "acknowledged");
    assertThat(store.save(acked)).isTrue();
    assertThat(store.save(acked)).isTrue();

    assertThat(store.active()).singleElement().satisfies(a -> assertSameAlert(a, acked));
  }

  // --- concurrency

  @Test
  void concurrentSavesOfManyAlertsAreAllKept() throws InterruptedException {
    int threads = 8;
    int keysPerThread = 20;
    CountDownLatch start = new CountDownLatch(1);
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    AtomicInteger refused = new AtomicInteger();
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      String thread = "t" + t;
      Thread worker = new Thread(() -> {
        try {
          start.await();
          for (int k = 0; k < keysPerThread; k++) {
            Map<String, String> group = Map.of("thread", thread, "n", Integer.toString(k));
            Alert pending = opened("concurrent", group, AlertState.PENDING, T);
            Alert firing = moved(pending, AlertState.FIRING, T.plusSeconds(1), "held");
            Alert resolved = moved(firing, AlertState.RESOLVED, T.plusSeconds(2), "cleared");
            for (Alert a : List.of(pending, firing, resolved)) {
              if (!store.save(a)) {
                refused.incrementAndGet();
              }
            }
            // one alert per thread stays active
            if (k == keysPerThread - 1 && !store.save(opened("concurrent", group,
                AlertState.FIRING, T.plusSeconds(3)))) {
              refused.incrementAndGet();
            }
          }
        } catch (Throwable e) {
          failures.add(e);
        }
      });
      worker.start();
      workers.add(worker);
    }
    start.countDown();
    for (Thread worker : workers) {
      worker.join(TimeUnit.SECONDS.toMillis(60));
    }

    assertThat(failures).isEmpty();
    assertThat(refused).hasValue(0);
    assertThat(store.active()).hasSize(threads);
    assertThat(store.active("concurrent")).hasSize(threads)
        .allSatisfy(a -> assertThat(a.group()).containsEntry("n",
            Integer.toString(keysPerThread - 1)));
    assertThat(store.resolved()).hasSize(threads * keysPerThread)
        .allSatisfy(a -> assertThat(a.history()).hasSize(3));
    for (int t = 0; t < threads; t++) {
      for (int k = 0; k < keysPerThread; k++) {
        assertThat(store.lastResolved("concurrent{n=" + k + ",thread=t" + t + "}")).isNotNull();
      }
    }
  }

  @Test
  void ofConcurrentStateChangesFromOneReadExactlyOneIsSaved() throws InterruptedException {
    int threads = 8;
    int rounds = 10;
    store.save(opened("contended", Map.of(), AlertState.FIRING, T));
    for (int round = 0; round < rounds; round++) {
      Alert read = store.active().get(0);
      Instant at = T.plusSeconds(round + 1);
      CountDownLatch start = new CountDownLatch(1);
      List<Alert> saved = new CopyOnWriteArrayList<>();
      List<Throwable> failures = new CopyOnWriteArrayList<>();
      List<Thread> workers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        Alert change = moved(read, round % 2 == 0 ? AlertState.ACKNOWLEDGED : AlertState.FIRING,
            at, "changed by thread " + t);
        Thread worker = new Thread(() -> {
          try {
            start.await();
            if (store.save(change)) {
              saved.add(change);
            }
          } catch (Throwable e) {
            failures.add(e);
          }
        });
        worker.start();
        workers.add(worker);
      }
      start.countDown();
      for (Thread worker : workers) {
        worker.join(TimeUnit.SECONDS.toMillis(60));
      }

      assertThat(failures).isEmpty();
      assertThat(saved).as("round %d", round).hasSize(1);
      assertThat(store.active()).singleElement()
          .satisfies(a -> assertSameAlert(a, saved.get(0)));
    }
    assertThat(store.active().get(0).history()).hasSize(rounds + 1);
  }
}
