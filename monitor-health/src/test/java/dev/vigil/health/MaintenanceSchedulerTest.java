package dev.vigil.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.vigil.health.MaintenanceRun.State;
import dev.vigil.health.MaintenanceRun.Trigger;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class MaintenanceSchedulerTest {

  private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

  /** A clock the test moves by hand. */
  static final class Clock implements InstantSource {
    private final AtomicReference<Instant> now;

    Clock(String instant) {
      now = new AtomicReference<>(Instant.parse(instant));
    }

    @Override
    public Instant instant() {
      return now.get();
    }

    void advance(Duration d) {
      now.updateAndGet(i -> i.plus(d));
    }

    void set(Instant instant) {
      now.set(instant);
    }
  }

  private final List<MaintenanceRun> finished = new CopyOnWriteArrayList<>();
  private final List<Instant> skipped = new CopyOnWriteArrayList<>();
  private final MaintenanceListener listener = new MaintenanceListener() {
    @Override
    public void onFinished(MaintenanceRun run) {
      finished.add(run);
    }

    @Override
    public void onSkipped(String task, Instant scheduledFor, MaintenanceRun blocking) {
      skipped.add(scheduledFor);
    }
  };

  private MaintenanceScheduler.Builder manual(Clock clock, MaintenanceTask... tasks) {
    MaintenanceScheduler.Builder b = MaintenanceScheduler.builder("test").clock(clock)
        .listener(listener).withoutThread(Runnable::run);
    for (MaintenanceTask t : tasks) {
      b.task(t);
    }
    return b;
  }

  private static MaintenanceTask task(String name, Schedule schedule, MaintenanceTask.Action a) {
    return MaintenanceTask.builder(name).schedule(schedule).action(a).build();
  }

  /** Ticks every minute from the clock's instant until {@code end}. */
  private static void tickUntil(MaintenanceScheduler s, Clock clock, Instant end) {
    while (clock.instant().isBefore(end)) {
      clock.advance(Duration.ofMinutes(1));
      s.tick();
    }
  }

  private static List<Instant> scheduledFor(List<MaintenanceRun> runs) {
    return runs.stream().map(MaintenanceRun::scheduledFor).toList();
  }

  @Test
  void dailyRunsOnceAtTheShiftedInstantOnSpringForward() {
    Clock clock = new Clock("2026-03-28T12:00:00Z");
    AtomicInteger count = new AtomicInteger();
    try (MaintenanceScheduler s = manual(clock,
        task("gap", Schedule.dailyAt(LocalTime.of(2, 30), PARIS), count::incrementAndGet),
        task("seed", Schedule.dailyAt(LocalTime.of(3, 0), PARIS), () -> {})).build()) {
      s.start();
      // 02:30 does not exist on 29 March: 03:30 CEST = 01:30Z
      assertThat(s.nextRun("gap")).contains(Instant.parse("2026-03-29T01:30:00Z"));
      tickUntil(s, clock, Instant.parse("2026-03-30T12:00:00Z"));

      assertThat(scheduledFor(runsOf(s, "gap"))).containsExactly(
          Instant.parse("2026-03-29T01:30:00Z"), Instant.parse("2026-03-30T00:30:00Z"));
      assertThat(runsOf(s, "gap")).extracting(MaintenanceRun::startedAt).containsExactly(
          Instant.parse("2026-03-29T01:30:00Z"), Instant.parse("2026-03-30T00:30:00Z"));
      assertThat(count).hasValue(2);
      // seed 003: 03:00 Paris, CET (02:00Z) on the 28th is before the start; CEST after
      assertThat(scheduledFor(runsOf(s, "seed"))).containsExactly(
          Instant.parse("2026-03-29T01:00:00Z"), Instant.parse("2026-03-30T01:00:00Z"));
      assertThat(s.runs()).allMatch(r -> r.state() == State.COMPLETED);
    }
  }

  @Test
  void dailyRunsOnceAtTheFirstOccurrenceOnFallBack() {
    Clock clock = new Clock("2026-10-24T12:00:00Z");
    try (MaintenanceScheduler s = manual(clock,
        task("overlap", Schedule.dailyAt(LocalTime.of(2, 30), PARIS), () -> {}),
        task("seed", Schedule.dailyAt(LocalTime.of(3, 0), PARIS), () -> {})).build()) {
      s.start();
      tickUntil(s, clock, Instant.parse("2026-10-26T12:00:00Z"));

      // 02:30 happens at 00:30Z (CEST) then 01:30Z (CET): only the first; then CET
      assertThat(scheduledFor(runsOf(s, "overlap"))).containsExactly(
          Instant.parse("2026-10-25T00:30:00Z"), Instant.parse("2026-10-26T01:30:00Z"));
      assertThat(scheduledFor(runsOf(s, "seed"))).containsExactly(
          Instant.parse("2026-10-25T02:00:00Z"), Instant.parse("2026-10-26T02:00:00Z"));
    }
  }

  @Test
  void dailyOnGivenDaysOnly() {
    Schedule weekends = Schedule.dailyAt(LocalTime.of(3, 0), PARIS, java.time.DayOfWeek.SUNDAY);
    // Sunday 2026-03-29 03:00 CEST, then Sunday 2026-04-05
    assertThat(weekends.nextAfter(Instant.parse("2026-03-25T00:00:00Z")))
        .isEqualTo(Instant.parse("2026-03-29T01:00:00Z"));
    assertThat(weekends.nextAfter(Instant.parse("2026-03-29T01:00:00Z")))
        .isEqualTo(Instant.parse("2026-04-05T01:00:00Z"));
  }

  @Test
  void fixedIntervalInElapsedTimeAndNoBurstAfterAPause() {
    Clock clock = new Clock("2026-03-29T00:00:00Z");
    try (MaintenanceScheduler s = manual(clock, MaintenanceTask.builder("vacuum")
        .schedule(Schedule.every(Duration.ofMinutes(10))).action(() -> {})
        .dedupWindow(Duration.ZERO).build()).build()) {
      s.start();
      // across the spring-forward gap: every 10 minutes of real time still
      tickUntil(s, clock, Instant.parse("2026-03-29T01:30:00Z"));
      assertThat(runsOf(s, "vacuum")).hasSize(9);
      assertThat(scheduledFor(runsOf(s, "vacuum")).get(8))
          .isEqualTo(Instant.parse("2026-03-29T01:30:00Z"));
      // the process slept 55 minutes: one run, then back on the grid
      clock.advance(Duration.ofMinutes(55));
      s.tick();
      assertThat(runsOf(s, "vacuum")).hasSize(10);
      assertThat(s.nextRun("vacuum")).contains(Instant.parse("2026-03-29T02:30:00Z"));
    }
  }

  @Test
  void disableStopsTheScheduleAndEnablePlansAfterNow() {
    Clock clock = new Clock("2026-05-01T00:00:00Z");
    try (MaintenanceScheduler s = manual(clock,
        task("t", Schedule.every(Duration.ofMinutes(5)), () -> {})).build()) {
      s.start();
      s.disable("t");
      assertThat(s.isEnabled("t")).isFalse();
      assertThat(s.nextRun("t")).isEmpty();
      tickUntil(s, clock, Instant.parse("2026-05-01T01:00:00Z"));
      assertThat(s.runs()).isEmpty();

      s.enable("t");
      assertThat(s.nextRun("t")).contains(Instant.parse("2026-05-01T01:05:00Z"));
      tickUntil(s, clock, Instant.parse("2026-05-01T01:05:00Z"));
      assertThat(s.runs()).hasSize(1);
      assertThatThrownBy(() -> s.enable("nope")).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("unknown maintenance task 'nope'");
    }
  }

  @Test
  void runNowTwiceWithinTheWindowGivesOneRun() {
    Clock clock = new Clock("2026-05-01T10:00:00Z");
    AtomicInteger count = new AtomicInteger();
    try (MaintenanceScheduler s = manual(clock,
        task("reboot", Schedule.dailyAt(LocalTime.of(3, 0), PARIS), count::incrementAndGet))
        .build()) {
      s.start();
      MaintenanceRun first = s.runNow("reboot");
      assertThat(first.state()).isEqualTo(State.PENDING);
      assertThat(first.trigger()).isEqualTo(Trigger.MANUAL);
      // pending: merged
      assertThat(s.runNow("reboot").id()).isEqualTo(first.id());
      s.tick();
      clock.advance(Duration.ofSeconds(119));
      MaintenanceRun again = s.runNow("reboot");
      assertThat(again.id()).isEqualTo(first.id());
      assertThat(again.state()).isEqualTo(State.COMPLETED);
      s.tick();
      assertThat(count).hasValue(1);
      assertThat(s.runs()).hasSize(1);

      clock.advance(Duration.ofSeconds(1)); // 2 minutes after the start
      MaintenanceRun later = s.runNow("reboot");
      assertThat(later.id()).isNotEqualTo(first.id());
      s.tick();
      assertThat(count).hasValue(2);
    }
  }

  @Test
  void scheduledRunRightAfterAManualOneIsSkipped() {
    Clock clock = new Clock("2026-05-01T00:59:30Z"); // 02:59:30 CEST
    AtomicInteger count = new AtomicInteger();
    try (MaintenanceScheduler s = manual(clock,
        task("reboot", Schedule.dailyAt(LocalTime.of(3, 0), PARIS), count::incrementAndGet))
        .build()) {
      s.start();
      s.runNow("reboot");
      s.tick();
      clock.set(Instant.parse("2026-05-01T01:00:00Z"));
      s.tick();
      assertThat(count).hasValue(1);
      assertThat(s.runs()).extracting(MaintenanceRun::trigger).containsExactly(Trigger.MANUAL);
      assertThat(skipped).containsExactly(Instant.parse("2026-05-01T01:00:00Z"));
      assertThat(s.nextRun("reboot")).contains(Instant.parse("2026-05-02T01:00:00Z"));
    }
  }

  @Test
  void aThrowingRunFailsWithDetailAndTheNextOneStillHappens() {
    Clock clock = new Clock("2026-05-01T00:00:00Z");
    AtomicInteger calls = new AtomicInteger();
    try (MaintenanceScheduler s = manual(clock,
        task("reboot", Schedule.dailyAt(LocalTime.of(3, 0), PARIS), () -> {
          if (calls.incrementAndGet() == 1) {
            throw new IllegalStateException("instance i-42 did not stop");
          }
        })).build()) {
      s.start();
      tickUntil(s, clock, Instant.parse("2026-05-02T12:00:00Z"));

      List<MaintenanceRun> runs = runsOf(s, "reboot");
      assertThat(runs).extracting(MaintenanceRun::state)
          .containsExactly(State.FAILED, State.COMPLETED);
      MaintenanceRun failed = runs.get(0);
      assertThat(failed.error())
          .isEqualTo("java.lang.IllegalStateException: instance i-42 did not stop");
      assertThat(failed.startedAt()).isEqualTo(Instant.parse("2026-05-01T01:00:00Z"));
      assertThat(failed.finishedAt()).isEqualTo(Instant.parse("2026-05-01T01:00:00Z"));
      assertThat(finished).extracting(MaintenanceRun::id)
          .containsExactly(runs.get(0).id(), runs.get(1).id());
    }
  }

  @Test
  void aHangingActionIsInterruptedAndFailedAtItsTimeout() throws Exception {
    Clock clock = new Clock("2026-05-01T00:00:00Z");
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch interrupted = new CountDownLatch(1);
    ExecutorService workers = Executors.newSingleThreadExecutor();
    try (MaintenanceScheduler s = MaintenanceScheduler.builder("test").clock(clock)
        .listener(listener).withoutThread(workers)
        .task(MaintenanceTask.builder("hang").schedule(Schedule.every(Duration.ofHours(1)))
            .timeout(Duration.ofMinutes(5)).action(() -> {
              started.countDown();
              try {
                new CountDownLatch(1).await();
              } catch (InterruptedException e) {
                interrupted.countDown();
                throw e;
              }
            }).build())
        .build()) {
      s.start();
      MaintenanceRun run = s.runNow("hang");
      s.tick();
      assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(s.runs().get(0).state()).isEqualTo(State.PROCESSING);

      clock.advance(Duration.ofMinutes(4));
      s.tick();
      assertThat(interrupted.getCount()).isEqualTo(1);
      clock.advance(Duration.ofMinutes(1));
      s.tick();
      assertThat(interrupted.await(10, TimeUnit.SECONDS)).isTrue();
      MaintenanceRun failed = s.runs().get(0);
      assertThat(failed.id()).isEqualTo(run.id());
      assertThat(failed.state()).isEqualTo(State.FAILED);
      assertThat(failed.error()).isEqualTo("timed out after PT5M");
      // the worker's own end does not overwrite it, nor notify twice
      await().atMost(Duration.ofSeconds(10)).until(() -> workers.submit(() -> true).get());
      assertThat(s.runs().get(0)).isEqualTo(failed);
      assertThat(finished).containsExactly(failed);
    } finally {
      workers.shutdownNow();
    }
  }

  @Test
  void aRunLeftProcessingByACrashIsFailedAndNotRunAgain() {
    Clock clock = new Clock("2026-05-01T01:20:00Z");
    MaintenanceQueue queue = MaintenanceQueue.inMemory();
    Instant due = Instant.parse("2026-05-01T01:00:00Z");
    MaintenanceRun crashed = new MaintenanceRun("r1", "reboot", Trigger.AUTOMATIC, due, due,
        State.PROCESSING, due, null, null);
    queue.add(crashed);
    AtomicInteger count = new AtomicInteger();
    try (MaintenanceScheduler s = manual(clock, MaintenanceTask.builder("reboot")
        .schedule(Schedule.dailyAt(LocalTime.of(3, 0), PARIS)).action(count::incrementAndGet)
        .timeout(Duration.ofMinutes(30)).build()).queue(queue).build()) {
      s.start();
      // younger than the timeout: left alone, and it blocks a manual run
      assertThat(s.runs().get(0).state()).isEqualTo(State.PROCESSING);
      assertThat(s.runNow("reboot").id()).isEqualTo("r1");

      clock.advance(Duration.ofMinutes(10));
      s.tick();
      MaintenanceRun failed = s.runs().get(0);
      assertThat(failed.state()).isEqualTo(State.FAILED);
      assertThat(failed.error()).startsWith("interrupted:");
      assertThat(failed.finishedAt()).isEqualTo(Instant.parse("2026-05-01T01:30:00Z"));
      assertThat(count).hasValue(0);
      assertThat(s.runs()).hasSize(1);
    }
  }

  @Test
  void onStartAnOldProcessingRunFailsAndAFreshPendingOneRuns() {
    Clock clock = new Clock("2026-05-01T12:00:00Z");
    MaintenanceQueue queue = MaintenanceQueue.inMemory();
    Instant old = Instant.parse("2026-05-01T01:00:00Z");
    queue.add(new MaintenanceRun("old", "a", Trigger.AUTOMATIC, old, old, State.PROCESSING, old,
        null, null));
    queue.add(new MaintenanceRun("stale", "b", Trigger.AUTOMATIC, old, old, State.PENDING, null,
        null, null));
    Instant fresh = Instant.parse("2026-05-01T11:59:00Z");
    queue.add(new MaintenanceRun("fresh", "c", Trigger.MANUAL, fresh, fresh, State.PENDING, null,
        null, null));
    AtomicInteger c = new AtomicInteger();
    Schedule daily = Schedule.dailyAt(LocalTime.of(3, 0), PARIS);
    try (MaintenanceScheduler s = manual(clock, task("a", daily, () -> {}),
        task("b", daily, () -> {}), task("c", daily, c::incrementAndGet)).queue(queue).build()) {
      s.start();
      assertThat(s.runs()).extracting(MaintenanceRun::id, MaintenanceRun::state).containsExactly(
          org.assertj.core.groups.Tuple.tuple("old", State.FAILED),
          org.assertj.core.groups.Tuple.tuple("stale", State.FAILED),
          org.assertj.core.groups.Tuple.tuple("fresh", State.COMPLETED));
      assertThat(s.runs().get(1).error()).startsWith("expired:");
      assertThat(c).hasValue(1);
    }
  }

  @Test
  void finishedRunsArePurgedAfterTheRetention() {
    Clock clock = new Clock("2026-05-01T00:00:00Z");
    try (MaintenanceScheduler s = manual(clock,
        task("reboot", Schedule.dailyAt(LocalTime.of(3, 0), PARIS), () -> {})).build()) {
      s.start();
      tickUntil(s, clock, Instant.parse("2026-05-10T00:00:00Z"));
      // runs finished before 2026-05-03T00:00Z are gone: 7 days kept (3rd..9th)
      assertThat(scheduledFor(s.runs())).first()
          .isEqualTo(Instant.parse("2026-05-03T01:00:00Z"));
      assertThat(s.runs()).hasSize(7);
    }
  }

  @Test
  void aQueueThatFailsDoesNotFailTheStartAndTheScheduleGoesOnWhenItWorksAgain() {
    Clock clock = new Clock("2026-05-01T00:00:00Z");
    java.util.concurrent.atomic.AtomicBoolean down =
        new java.util.concurrent.atomic.AtomicBoolean(true);
    MaintenanceQueue memory = MaintenanceQueue.inMemory();
    MaintenanceQueue database = new MaintenanceQueue() { // as a database that is down fails
      private <T> T up(java.util.function.Supplier<T> call) {
        if (down.get()) {
          throw new IllegalStateException("connection refused");
        }
        return call.get();
      }

      @Override
      public void add(MaintenanceRun run) {
        up(() -> {
          memory.add(run);
          return null;
        });
      }

      @Override
      public void update(MaintenanceRun run) {
        up(() -> {
          memory.update(run);
          return null;
        });
      }

      @Override
      public List<MaintenanceRun> runs() {
        return up(memory::runs);
      }

      @Override
      public int purge(Instant cutoff) {
        return up(() -> memory.purge(cutoff));
      }
    };
    AtomicInteger count = new AtomicInteger();
    try (MaintenanceScheduler s = manual(clock,
        task("reboot", Schedule.dailyAt(LocalTime.of(3, 0), PARIS), count::incrementAndGet))
        .queue(database).build()) {
      s.start();
      assertThatThrownBy(() -> s.runNow("reboot")).hasMessage("connection refused");

      down.set(false);
      tickUntil(s, clock, Instant.parse("2026-05-01T02:00:00Z"));

      assertThat(count).hasValue(1);
      assertThat(s.runs()).singleElement().satisfies(r -> {
        assertThat(r.state()).isEqualTo(State.COMPLETED);
        assertThat(r.scheduledFor()).isEqualTo(Instant.parse("2026-05-01T01:00:00Z"));
      });
    }
  }

  @Test
  void buildersReportEveryProblem() {
    assertThatThrownBy(() -> MaintenanceTask.builder(" ").timeout(Duration.ZERO)
        .dedupWindow(Duration.ofSeconds(-1)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("name is blank").hasMessageContaining("no action")
        .hasMessageContaining("no schedule").hasMessageContaining("dedupWindow must be zero")
        .hasMessageContaining("timeout must be positive");
    MaintenanceTask t = task("t", Schedule.every(Duration.ofMinutes(1)), () -> {});
    assertThatThrownBy(() -> MaintenanceScheduler.builder("a b").task(t).task(t)
        .retention(Duration.ZERO).build()).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("without spaces").hasMessageContaining("'t' used twice")
        .hasMessageContaining("retention must be positive");
    assertThatThrownBy(() -> Schedule.every(Duration.ZERO))
        .hasMessage("interval must be positive but was PT0S");
  }

  @Test
  void theRealThreadRunsAFastTaskRepeatedly() {
    List<String> threads = new CopyOnWriteArrayList<>();
    try (MaintenanceScheduler s = MaintenanceScheduler.builder("real").listener(listener)
        .task(MaintenanceTask.builder("tick").schedule(Schedule.every(Duration.ofMillis(200)))
            .dedupWindow(Duration.ZERO)
            .action(() -> threads.add(Thread.currentThread().getName())).build())
        .build()) {
      s.start();
      await().atMost(Duration.ofSeconds(10)).until(() -> finished.size() >= 3);
      assertThat(finished).allMatch(r -> r.state() == State.COMPLETED);
      assertThat(threads).allMatch(n -> n.startsWith("vigil-maintenance-real-run-"));
      List<Instant> due = new ArrayList<>(scheduledFor(finished));
      // on the 200 ms grid in real time (a late tick skips slots rather than bursting)
      for (int i = 1; i < due.size(); i++) {
        long gap = Duration.between(due.get(i - 1), due.get(i)).toMillis();
        assertThat(gap).isPositive().isEqualTo(gap / 200 * 200);
      }
      assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
          .contains("vigil-maintenance-real");
    }
  }

  private static List<MaintenanceRun> runsOf(MaintenanceScheduler s, String task) {
    return s.runs().stream().filter(r -> r.task().equals(task)).toList();
  }
}
