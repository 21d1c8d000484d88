package dev.vigil.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.health.MaintenanceRun.State;
import dev.vigil.health.MaintenanceRun.Trigger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * What every {@link MaintenanceQueue} does, the in-memory one and the JDBC store's alike: each
 * implementation's test extends this class. Times are whole seconds, which every store keeps
 * exactly.
 */
public abstract class MaintenanceQueueContract {

  /** An instant the runs are scheduled around. */
  protected static final Instant T0 = Instant.parse("2026-05-01T01:00:00Z");

  /** Returns a new, empty queue holding at most {@code capacity} runs. */
  protected abstract MaintenanceQueue newQueue(int capacity);

  /**
   * Returns the runs of {@code queue} as another instance of the application sees them: a second
   * handle over the same database for a shared store, {@code queue} itself in memory.
   */
  protected abstract MaintenanceQueue sameRunsElsewhere(MaintenanceQueue queue);

  static MaintenanceRun pending(String id, String task, Trigger trigger, Instant scheduledFor) {
    return new MaintenanceRun(id, task, trigger, scheduledFor, scheduledFor, State.PENDING, null,
        null, null);
  }

  static MaintenanceRun finished(String id, String task, Instant at) {
    return new MaintenanceRun(id, task, Trigger.AUTOMATIC, at, at, State.COMPLETED, at, at, null);
  }

  @Test
  void keepsEveryFieldOfItsRunsInTheOrderTheyWereAdded() {
    MaintenanceQueue q = newQueue(10);
    MaintenanceRun failed = new MaintenanceRun("r-1", "nightly-reboot", Trigger.AUTOMATIC, T0,
        T0.plusSeconds(1), State.FAILED, T0.plusSeconds(2), T0.plusSeconds(62),
        "java.lang.IllegalStateException: instance i-42 did not stop ('é', \"quoted\")");
    MaintenanceRun processing = new MaintenanceRun("r-0", "vacuum", Trigger.MANUAL,
        T0.minusSeconds(5), T0.minusSeconds(4), State.PROCESSING, T0.minusSeconds(3), null, null);
    MaintenanceRun pending = pending("r-2", "nightly-reboot", Trigger.MANUAL, T0.plusSeconds(90));
    q.add(failed);
    q.add(processing);
    q.add(pending);

    assertThat(q.runs()).containsExactly(failed, processing, pending);
    assertThat(sameRunsElsewhere(q).runs()).containsExactly(failed, processing, pending);
    assertThatThrownBy(() -> q.runs().add(pending)).isInstanceOf(
        UnsupportedOperationException.class);
  }

  @Test
  void aRunIsAddedOnceAndUpdatedInPlace() {
    MaintenanceQueue q = newQueue(10);
    MaintenanceRun a = pending("a", "t", Trigger.AUTOMATIC, T0);
    MaintenanceRun b = pending("b", "u", Trigger.MANUAL, T0);
    q.add(a);
    q.add(b);
    assertThatThrownBy(() -> q.add(pending("a", "other", Trigger.MANUAL, T0)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a");

    MaintenanceRun done = a.processing(T0.plusSeconds(1)).completed(T0.plusSeconds(9));
    q.update(done);
    q.update(finished("gone", "t", T0)); // not there: nothing happens

    assertThat(q.runs()).containsExactly(done, b);
  }

  @Test
  void aFullQueueDropsItsOldestFinishedRunOrRefuses() {
    MaintenanceQueue q = newQueue(2);
    q.add(finished("1", "a", T0));
    q.add(pending("2", "a", Trigger.MANUAL, T0));
    q.add(pending("3", "b", Trigger.MANUAL, T0));
    assertThat(q.runs()).extracting(MaintenanceRun::id).containsExactly("2", "3");
    assertThatThrownBy(() -> q.add(pending("4", "c", Trigger.MANUAL, T0)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("maintenance queue full");
    assertThatThrownBy(() -> q.addIfAbsent(pending("4", "c", Trigger.AUTOMATIC, T0)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("maintenance queue full");
    assertThat(q.runs()).extracting(MaintenanceRun::id).containsExactly("2", "3");
  }

  @Test
  void purgeRemovesTheRunsFinishedBeforeTheCutoffOnly() {
    MaintenanceQueue q = newQueue(10);
    q.add(finished("old", "a", T0.minus(Duration.ofDays(8))));
    q.add(new MaintenanceRun("old-failed", "a", Trigger.MANUAL, T0.minus(Duration.ofDays(9)),
        T0.minus(Duration.ofDays(9)), State.FAILED, null, T0.minus(Duration.ofDays(9)),
        "expired: not started"));
    q.add(pending("old-pending", "b", Trigger.AUTOMATIC, T0.minus(Duration.ofDays(10))));
    q.add(new MaintenanceRun("old-processing", "c", Trigger.AUTOMATIC,
        T0.minus(Duration.ofDays(10)), T0.minus(Duration.ofDays(10)), State.PROCESSING,
        T0.minus(Duration.ofDays(10)), null, null));
    q.add(finished("at-cutoff", "a", T0.minus(Duration.ofDays(7))));
    q.add(finished("young", "a", T0));

    assertThat(q.purge(T0.minus(Duration.ofDays(7)))).isEqualTo(2);

    assertThat(q.runs()).extracting(MaintenanceRun::id)
        .containsExactly("old-pending", "old-processing", "at-cutoff", "young");
    assertThat(q.purge(T0.minus(Duration.ofDays(7)))).isZero();
  }

  @Test
  void purgeRemovesManyRuns() {
    MaintenanceQueue q = newQueue(1_000);
    for (int i = 0; i < 600; i++) { // more than a store may delete at once
      q.add(finished("r" + i, "t" + (i % 7), T0.plusSeconds(i)));
    }
    q.add(pending("p", "t0", Trigger.AUTOMATIC, T0));

    assertThat(q.purge(T0.plusSeconds(550))).isEqualTo(550);

    assertThat(q.runs()).hasSize(51);
    assertThat(q.runs().get(0).id()).isEqualTo("r550");
  }

  @Test
  void addIfAbsentAddsOneAutomaticRunPerTaskAndSlot() {
    MaintenanceQueue q = newQueue(10);
    MaintenanceQueue other = sameRunsElsewhere(q);
    assertThat(q.addIfAbsent(pending("a", "reboot", Trigger.AUTOMATIC, T0))).isTrue();

    assertThat(other.addIfAbsent(pending("b", "reboot", Trigger.AUTOMATIC, T0))).isFalse();
    assertThat(q.addIfAbsent(pending("c", "reboot", Trigger.AUTOMATIC, T0.plusSeconds(1))))
        .isTrue();
    assertThat(q.addIfAbsent(pending("d", "vacuum", Trigger.AUTOMATIC, T0))).isTrue();
    assertThat(q.addIfAbsent(pending("e", "reboot", Trigger.MANUAL, T0))).isTrue();
    assertThat(other.addIfAbsent(pending("f", "reboot", Trigger.MANUAL, T0))).isTrue();
    // a finished run still stands for its slot
    q.update(pending("a", "reboot", Trigger.AUTOMATIC, T0).processing(T0).completed(T0));
    assertThat(other.addIfAbsent(pending("g", "reboot", Trigger.AUTOMATIC, T0))).isFalse();
    assertThatThrownBy(() -> q.addIfAbsent(pending("d", "x", Trigger.MANUAL, T0)))
        .isInstanceOf(IllegalArgumentException.class);

    assertThat(q.runs()).extracting(MaintenanceRun::id).containsExactly("a", "c", "d", "e", "f");
  }

  @Test
  void aRunIsClaimedOnceFromPending() {
    MaintenanceQueue q = newQueue(10);
    MaintenanceQueue other = sameRunsElsewhere(q);
    MaintenanceRun run = pending("a", "reboot", Trigger.AUTOMATIC, T0);
    q.add(run);
    q.add(finished("done", "reboot", T0));

    Optional<MaintenanceRun> claimed = q.claim(run, T0.plusSeconds(3));

    MaintenanceRun processing = new MaintenanceRun("a", "reboot", Trigger.AUTOMATIC, T0, T0,
        State.PROCESSING, T0.plusSeconds(3), null, null);
    assertThat(claimed).contains(processing);
    assertThat(q.runs().get(0)).isEqualTo(processing);
    assertThat(other.claim(run, T0.plusSeconds(4))).isEmpty();
    assertThat(q.claim(run, T0.plusSeconds(4))).isEmpty();
    assertThat(q.claim(finished("done", "reboot", T0), T0)).isEmpty();
    assertThat(q.claim(pending("gone", "reboot", Trigger.MANUAL, T0), T0)).isEmpty();
    assertThat(q.runs().get(0)).isEqualTo(processing);
  }

  @Test
  void aConditionalUpdateAppliesFromTheExpectedStateOnly() {
    MaintenanceQueue q = newQueue(10);
    MaintenanceQueue other = sameRunsElsewhere(q);
    MaintenanceRun processing = pending("a", "reboot", Trigger.AUTOMATIC, T0).processing(T0);
    q.add(processing);
    MaintenanceRun completed = processing.completed(T0.plusSeconds(60));
    MaintenanceRun timedOut = processing.failed(T0.plusSeconds(61), "timed out after PT1M");

    assertThat(other.update(timedOut, State.PENDING)).isFalse();
    assertThat(q.update(completed, State.PROCESSING)).isTrue();
    assertThat(other.update(timedOut, State.PROCESSING)).isFalse();
    assertThat(q.update(finished("gone", "t", T0), State.COMPLETED)).isFalse();

    assertThat(q.runs()).containsExactly(completed);
  }

  @Test
  void twoInstancesClaimingAtOnceGetEachRunOnce() throws Exception {
    MaintenanceQueue q = newQueue(1_000);
    int runs = 300;
    for (int i = 0; i < runs; i++) {
      q.add(pending("r" + i, "task-" + i, i % 2 == 0 ? Trigger.AUTOMATIC : Trigger.MANUAL,
          T0.plusSeconds(i)));
    }
    List<MaintenanceQueue> instances = List.of(q, sameRunsElsewhere(q));
    Map<String, AtomicInteger> claims = new ConcurrentHashMap<>();
    CountDownLatch gate = new CountDownLatch(1);
    int threads = 4; // two per instance
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Integer>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        MaintenanceQueue mine = instances.get(t % 2);
        boolean reversed = t >= 2; // two threads race from each end
        done.add(pool.submit(() -> {
          gate.await();
          List<MaintenanceRun> seen = new ArrayList<>(mine.runs());
          if (reversed) {
            java.util.Collections.reverse(seen);
          }
          int mineClaimed = 0;
          for (MaintenanceRun r : seen) {
            if (mine.claim(r, T0.plusSeconds(1_000)).isPresent()) {
              claims.computeIfAbsent(r.id(), id -> new AtomicInteger()).incrementAndGet();
              mineClaimed++;
            }
          }
          return mineClaimed;
        }));
      }
      gate.countDown();
      int total = 0;
      for (Future<Integer> f : done) {
        total += f.get(60, TimeUnit.SECONDS);
      }
      assertThat(total).isEqualTo(runs);
    } finally {
      pool.shutdownNow();
    }
    assertThat(claims).hasSize(runs);
    assertThat(claims.values()).allMatch(c -> c.get() == 1);
    assertThat(q.runs()).allMatch(r -> r.state() == State.PROCESSING);
  }

  @Test
  void twoInstancesAddingOneSlotAtOnceAddItOnce() throws Exception {
    MaintenanceQueue q = newQueue(1_000);
    List<MaintenanceQueue> instances = List.of(q, sameRunsElsewhere(q));
    int slots = 100;
    CountDownLatch gate = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<Integer>> done = new ArrayList<>();
      for (int t = 0; t < 2; t++) {
        MaintenanceQueue mine = instances.get(t);
        String me = "i" + t;
        done.add(pool.submit(() -> {
          gate.await();
          int added = 0;
          for (int s = 0; s < slots; s++) {
            if (mine.addIfAbsent(pending(me + "-" + s, "reboot", Trigger.AUTOMATIC,
                T0.plus(Duration.ofDays(s))))) {
              added++;
            }
          }
          return added;
        }));
      }
      gate.countDown();
      assertThat(done.get(0).get(60, TimeUnit.SECONDS) + done.get(1).get(60, TimeUnit.SECONDS))
          .isEqualTo(slots);
    } finally {
      pool.shutdownNow();
    }
    assertThat(q.runs()).hasSize(slots)
        .extracting(MaintenanceRun::scheduledFor).doesNotHaveDuplicates();
  }
}
