package dev.vigil.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.health.MaintenanceRun.State;
import dev.vigil.health.MaintenanceRun.Trigger;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Instances of an application sharing one {@link MaintenanceQueue}, each with its {@link
 * MaintenanceScheduler} and a {@link dev.vigil.cluster.Leadership} the test moves: a scheduled run
 * happens once for the cluster, whoever leads and whenever leadership moves. Each queue
 * implementation's test extends this class (schedulers of one process share the in-memory queue;
 * the JDBC store's instances share a database). Schedulers have no thread: the test ticks them
 * with a clock it moves.
 */
public abstract class MaintenanceClusterContract {

  private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
  private static final Instant MAY_1 = Instant.parse("2026-05-01T00:00:00Z");
  /** 03:00 in Paris (CEST) on 1 and 2 May 2026. */
  private static final Instant SLOT_1 = Instant.parse("2026-05-01T01:00:00Z");
  private static final Instant SLOT_2 = Instant.parse("2026-05-02T01:00:00Z");

  /** Returns a new, empty queue, as the first instance sees it. */
  protected abstract MaintenanceQueue newQueue();

  /**
   * Returns the runs of {@code queue} as another instance of the application sees them: a second
   * handle over the same database for a shared store, {@code queue} itself in memory.
   */
  protected abstract MaintenanceQueue sameRunsElsewhere(MaintenanceQueue queue);

  /** A clock the test moves; each instance may run ahead or behind it. */
  protected static final class Clock implements InstantSource {
    private final AtomicReference<Instant> now = new AtomicReference<>(MAY_1);

    @Override
    public Instant instant() {
      return now.get();
    }

    void set(Instant instant) {
      now.set(instant);
    }

    void advance(Duration d) {
      now.updateAndGet(i -> i.plus(d));
    }
  }

  /** One instance of the application: its scheduler, its leadership, what its actions did. */
  protected final class Instance {
    final String name;
    final AtomicBoolean leads = new AtomicBoolean();
    final Map<String, AtomicInteger> actions = new ConcurrentHashMap<>();
    final List<MaintenanceRun> skippedFor = new CopyOnWriteArrayList<>();
    final List<MaintenanceRun> finished = new CopyOnWriteArrayList<>();
    final MaintenanceScheduler scheduler;

    Instance(String name, MaintenanceQueue queue, InstantSource clock, Executor executor,
        List<MaintenanceTask.Builder> tasks) {
      this.name = name;
      MaintenanceScheduler.Builder b = MaintenanceScheduler.builder(name).clock(clock)
          .queue(queue).leadership(leads::get).withoutThread(executor)
          .listener(new MaintenanceListener() {
            @Override
            public void onFinished(MaintenanceRun run) {
              finished.add(run);
            }

            @Override
            public void onSkipped(String task, Instant scheduledFor, MaintenanceRun blocking) {
              skippedFor.add(blocking);
            }
          });
      for (MaintenanceTask.Builder task : tasks) {
        MaintenanceTask t = task.build();
        b.task(MaintenanceTask.builder(t.name()).schedule(t.schedule())
            .dedupWindow(t.dedupWindow()).timeout(t.timeout()).action(() -> {
              actions.computeIfAbsent(t.name(), n -> new AtomicInteger()).incrementAndGet();
              t.action().run();
            }).build());
      }
      this.scheduler = b.build();
      schedulers.add(scheduler);
    }

    int ran(String task) {
      AtomicInteger n = actions.get(task);
      return n == null ? 0 : n.get();
    }
  }

  private final List<MaintenanceScheduler> schedulers = new CopyOnWriteArrayList<>();

  @AfterEach
  void closeSchedulers() {
    schedulers.forEach(MaintenanceScheduler::close);
  }

  private static MaintenanceTask.Builder reboot() {
    return MaintenanceTask.builder("reboot")
        .schedule(Schedule.dailyAt(LocalTime.of(3, 0), PARIS)).action(() -> {});
  }

  private Instance instance(String name, MaintenanceQueue queue, InstantSource clock,
      MaintenanceTask.Builder... tasks) {
    return new Instance(name, queue, clock, Runnable::run, List.of(tasks));
  }

  /**
   * Ticks each instance every 10 minutes until {@code end} (a shared queue is a database: each
   * pass costs a query or two).
   */
  private static void tickUntil(Clock clock, Instant end, Instance... instances) {
    tickUntil(clock, end, Duration.ofMinutes(10), instances);
  }

  /** Ticks each instance every {@code step} until {@code end}. */
  private static void tickUntil(Clock clock, Instant end, Duration step, Instance... instances) {
    while (clock.instant().isBefore(end)) {
      clock.advance(step);
      for (Instance i : instances) {
        i.scheduler.tick();
      }
    }
  }

  private static List<Instant> scheduledFor(List<MaintenanceRun> runs) {
    return runs.stream().map(MaintenanceRun::scheduledFor).toList();
  }

  @Test
  void onlyTheLeaderRunsTheDailySlot() {
    Clock clock = new Clock();
    MaintenanceQueue queue = newQueue();
    Instance a = instance("a", queue, clock, reboot());
    Instance b = instance("b", sameRunsElsewhere(queue), clock, reboot());
    a.leads.set(true);
    a.scheduler.start();
    b.scheduler.start();

    tickUntil(clock, Instant.parse("2026-05-02T12:00:00Z"), a, b);

    assertThat(scheduledFor(queue.runs())).containsExactly(SLOT_1, SLOT_2);
    assertThat(queue.runs()).allMatch(r -> r.state() == State.COMPLETED);
    assertThat(a.ran("reboot")).isEqualTo(2);
    assertThat(b.ran("reboot")).isZero();
    assertThat(b.skippedFor).isEmpty();
    assertThat(b.scheduler.nextRun("reboot")).contains(Instant.parse("2026-05-03T01:00:00Z"));
  }

  @Test
  void leadershipMovingMidDayRunsNoSecondRunOfTheDaysSlot() {
    Clock clock = new Clock();
    MaintenanceQueue queue = newQueue();
    Instance a = instance("a", queue, clock, reboot());
    Instance b = instance("b", sameRunsElsewhere(queue), clock, reboot());
    a.leads.set(true);
    a.scheduler.start();
    b.scheduler.start();
    // b does not tick all morning (paused: a long GC, a stuck thread): its plan is still 03:00
    tickUntil(clock, Instant.parse("2026-05-01T10:00:00Z"), a);

    a.leads.set(false);
    b.leads.set(true);
    tickUntil(clock, Instant.parse("2026-05-02T12:00:00Z"), a, b);

    assertThat(scheduledFor(queue.runs())).containsExactly(SLOT_1, SLOT_2);
    assertThat(a.ran("reboot")).isEqualTo(1);
    assertThat(b.ran("reboot")).isEqualTo(1);
    assertThat(b.skippedFor).extracting(MaintenanceRun::scheduledFor).containsExactly(SLOT_1);
  }

  @Test
  void aSlotThatPassesWhileTheLeaderIsBeingReplacedIsRunByTheNewLeader() {
    Clock clock = new Clock();
    clock.set(SLOT_1.minus(Duration.ofMinutes(10)));
    MaintenanceQueue queue = newQueue();
    Instance a = instance("a", queue, clock, reboot());
    Instance b = instance("b", sameRunsElsewhere(queue), clock, reboot());
    a.leads.set(true);
    a.scheduler.start();
    b.scheduler.start();
    tickUntil(clock, SLOT_1.minusSeconds(10), Duration.ofSeconds(10), a, b);

    // a dies 10 s before 03:00; its lease runs out 20 s later, and only then does b lead
    tickUntil(clock, SLOT_1.plusSeconds(10), Duration.ofSeconds(10), b);
    assertThat(queue.runs()).isEmpty();
    b.leads.set(true);
    tickUntil(clock, SLOT_1.plus(Duration.ofMinutes(10)), Duration.ofSeconds(10), b);

    assertThat(scheduledFor(queue.runs())).containsExactly(SLOT_1);
    assertThat(b.ran("reboot")).isEqualTo(1);
    assertThat(b.skippedFor).isEmpty();
    tickUntil(clock, SLOT_2.plus(Duration.ofHours(1)), b);
    assertThat(scheduledFor(queue.runs())).containsExactly(SLOT_1, SLOT_2);
  }

  @Test
  void aSlotNobodyLedForLongerThanItsTimeoutIsNotRunLate() {
    Clock clock = new Clock();
    clock.set(SLOT_1.minus(Duration.ofMinutes(10)));
    MaintenanceQueue queue = newQueue();
    Instance b = instance("b", queue, clock, reboot().timeout(Duration.ofMinutes(30)));
    b.scheduler.start();
    tickUntil(clock, SLOT_1.plus(Duration.ofMinutes(30)), Duration.ofMinutes(1), b);

    b.leads.set(true); // a reboot half an hour late is not what was asked for
    tickUntil(clock, SLOT_1.plus(Duration.ofHours(2)), Duration.ofMinutes(1), b);

    assertThat(queue.runs()).isEmpty();
    tickUntil(clock, SLOT_2.plus(Duration.ofHours(1)), b);
    assertThat(scheduledFor(queue.runs())).containsExactly(SLOT_2);
  }

  @Test
  void aNewLeaderWhoseClockIsBehindDoesNotRunTheSlotAgain() {
    Clock clock = new Clock();
    InstantSource behind = () -> clock.instant().minus(Duration.ofMinutes(5));
    MaintenanceQueue queue = newQueue();
    Instance a = instance("a", queue, clock, reboot().dedupWindow(Duration.ZERO));
    Instance b = instance("b", sameRunsElsewhere(queue), behind,
        reboot().dedupWindow(Duration.ZERO));
    a.leads.set(true);
    a.scheduler.start();
    b.scheduler.start();
    // a ran 03:00; b's clock says 02:56
    tickUntil(clock, SLOT_1.plusSeconds(60), Duration.ofMinutes(1), a, b);

    a.leads.set(false);
    b.leads.set(true);
    tickUntil(clock, Instant.parse("2026-05-01T12:00:00Z"), a, b);

    assertThat(scheduledFor(queue.runs())).containsExactly(SLOT_1);
    assertThat(b.ran("reboot")).isZero();
  }

  @Test
  void twoInstancesThatBothLeadStillRunEachDailySlotOnce() {
    Clock clock = new Clock();
    MaintenanceQueue queue = newQueue();
    Instance a = instance("a", queue, clock, reboot().dedupWindow(Duration.ZERO));
    Instance b = instance("b", sameRunsElsewhere(queue), clock,
        reboot().dedupWindow(Duration.ZERO));
    a.leads.set(true);
    b.leads.set(true);
    a.scheduler.start();
    b.scheduler.start();

    tickUntil(clock, Instant.parse("2026-05-02T12:00:00Z"), a, b);

    assertThat(scheduledFor(queue.runs())).containsExactly(SLOT_1, SLOT_2);
    assertThat(a.ran("reboot") + b.ran("reboot")).isEqualTo(2);
  }

  @Test
  void twoLeadersTickingAtOnceRunEachTaskOnce() throws Exception {
    Clock clock = new Clock();
    clock.set(SLOT_1.minusSeconds(1));
    MaintenanceQueue queue = newQueue();
    List<MaintenanceTask.Builder> tasks = new ArrayList<>();
    int n = 40;
    for (int i = 0; i < n; i++) {
      tasks.add(MaintenanceTask.builder("task-" + i)
          .schedule(Schedule.dailyAt(LocalTime.of(3, 0), PARIS)).action(() -> {}));
    }
    Instance a = new Instance("a", queue, clock, Runnable::run, tasks);
    Instance b = new Instance("b", sameRunsElsewhere(queue), clock, Runnable::run, tasks);
    a.leads.set(true);
    b.leads.set(true);
    a.scheduler.start();
    b.scheduler.start();
    clock.set(SLOT_1);

    CountDownLatch gate = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (Instance i : List.of(a, b)) {
        done.add(pool.submit(() -> {
          gate.await();
          for (int pass = 0; pass < 3; pass++) {
            i.scheduler.tick();
          }
          return null;
        }));
      }
      gate.countDown();
      for (Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(queue.runs()).hasSize(n).allMatch(r -> r.state() == State.COMPLETED)
        .extracting(MaintenanceRun::task).doesNotHaveDuplicates();
    for (int i = 0; i < n; i++) {
      assertThat(a.ran("task-" + i) + b.ran("task-" + i)).as("task-" + i).isEqualTo(1);
    }
    assertThat(a.finished.size() + b.finished.size()).isEqualTo(n);
  }

  @Test
  void anIntervalTaskGoesOnFromThePreviousLeadersRuns() {
    Clock clock = new Clock();
    MaintenanceQueue queue = newQueue();
    MaintenanceTask.Builder vacuum = MaintenanceTask.builder("vacuum")
        .schedule(Schedule.every(Duration.ofMinutes(10))).dedupWindow(Duration.ZERO)
        .action(() -> {});
    Instance a = instance("a", queue, clock, vacuum);
    Instance b = instance("b", sameRunsElsewhere(queue), clock, vacuum);
    a.leads.set(true);
    a.scheduler.start(); // 00:10, 00:20, ...
    clock.advance(Duration.ofMinutes(5));
    b.scheduler.start(); // 00:15, 00:25, ...
    tickUntil(clock, MAY_1.plus(Duration.ofMinutes(12)), Duration.ofMinutes(1), a, b);

    a.leads.set(false);
    b.leads.set(true);
    tickUntil(clock, MAY_1.plus(Duration.ofMinutes(40)), Duration.ofMinutes(1), a, b);

    assertThat(scheduledFor(queue.runs())).containsExactly(
        MAY_1.plus(Duration.ofMinutes(10)), MAY_1.plus(Duration.ofMinutes(20)),
        MAY_1.plus(Duration.ofMinutes(30)), MAY_1.plus(Duration.ofMinutes(40)));
    assertThat(a.ran("vacuum")).isEqualTo(1);
    assertThat(b.ran("vacuum")).isEqualTo(3);
  }

  @Test
  void aRunLeftByAnInstanceThatDiedIsFailedByTheLeaderAfterItsTimeoutAndNotRunAgain() {
    Clock clock = new Clock();
    MaintenanceQueue queue = newQueue();
    // a's executor never runs the action: a dies as the run starts
    Instance a = new Instance("a", queue, clock, r -> {}, List.of(reboot()));
    Instance b = instance("b", sameRunsElsewhere(queue), clock, reboot());
    Instance c = instance("c", sameRunsElsewhere(queue), clock, reboot());
    a.leads.set(true);
    a.scheduler.start();
    b.scheduler.start();
    c.scheduler.start();
    tickUntil(clock, SLOT_1, a, b, c);
    assertThat(queue.runs()).singleElement()
        .satisfies(r -> assertThat(r.state()).isEqualTo(State.PROCESSING));

    a.leads.set(false); // a is gone; b takes the lease over
    b.leads.set(true);
    tickUntil(clock, SLOT_1.plus(Duration.ofMinutes(29)), Duration.ofMinutes(1), b, c);
    assertThat(queue.runs().get(0).state()).isEqualTo(State.PROCESSING);
    tickUntil(clock, SLOT_1.plus(Duration.ofMinutes(30)), Duration.ofMinutes(1), b, c);

    MaintenanceRun failed = queue.runs().get(0);
    assertThat(failed.state()).isEqualTo(State.FAILED);
    assertThat(failed.error()).startsWith("interrupted: still PROCESSING after the timeout");
    assertThat(failed.finishedAt()).isEqualTo(SLOT_1.plus(Duration.ofMinutes(30)));
    assertThat(b.finished).containsExactly(failed);
    assertThat(c.finished).isEmpty();
    tickUntil(clock, Instant.parse("2026-05-02T12:00:00Z"), b, c);
    assertThat(scheduledFor(queue.runs())).containsExactly(SLOT_1, SLOT_2);
    assertThat(b.ran("reboot")).isEqualTo(1);
    assertThat(c.ran("reboot")).isZero();
  }

  @Test
  void aManualRunIsExecutedByTheInstanceAskedWhetherItLeadsOrNot() {
    Clock clock = new Clock();
    clock.set(Instant.parse("2026-05-01T10:00:00Z"));
    MaintenanceQueue queue = newQueue();
    Instance a = instance("a", queue, clock, reboot().dedupWindow(Duration.ZERO));
    Instance b = instance("b", sameRunsElsewhere(queue), clock,
        reboot().dedupWindow(Duration.ZERO));
    a.leads.set(true);
    a.scheduler.start();
    b.scheduler.start();

    MaintenanceRun asked = b.scheduler.runNow("reboot");
    assertThat(a.scheduler.runNow("reboot").id()).as("merged: one run pending")
        .isEqualTo(asked.id());
    b.scheduler.tick();
    a.scheduler.tick();
    assertThat(b.ran("reboot")).isEqualTo(1);
    assertThat(a.ran("reboot")).isZero();

    clock.advance(Duration.ofMinutes(1));
    MaintenanceRun second = a.scheduler.runNow("reboot");
    b.scheduler.tick(); // not b's: it asked for none and does not lead
    assertThat(queue.runs().get(1).state()).isEqualTo(State.PENDING);
    a.scheduler.tick();
    assertThat(a.ran("reboot")).isEqualTo(1);
    assertThat(queue.runs()).extracting(MaintenanceRun::id, MaintenanceRun::trigger,
        MaintenanceRun::state).containsExactly(
            org.assertj.core.groups.Tuple.tuple(asked.id(), Trigger.MANUAL, State.COMPLETED),
            org.assertj.core.groups.Tuple.tuple(second.id(), Trigger.MANUAL, State.COMPLETED));
  }

  @Test
  void anInstanceThatDoesNotLeadStillEndsItsOwnRunAtItsTimeout() throws Exception {
    Clock clock = new Clock();
    MaintenanceQueue queue = newQueue();
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch interrupted = new CountDownLatch(1);
    ExecutorService worker = Executors.newSingleThreadExecutor();
    try {
      Instance b = new Instance("b", queue, clock, worker, List.of(reboot()
          .timeout(Duration.ofMinutes(5)).action(() -> {
            started.countDown();
            try {
              new CountDownLatch(1).await();
            } catch (InterruptedException e) {
              interrupted.countDown();
              throw e;
            }
          })));
      b.scheduler.start();
      b.scheduler.runNow("reboot");
      b.scheduler.tick();
      assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

      clock.advance(Duration.ofMinutes(5));
      b.scheduler.tick();

      assertThat(interrupted.await(10, TimeUnit.SECONDS)).isTrue();
      MaintenanceRun failed = queue.runs().get(0);
      assertThat(failed.state()).isEqualTo(State.FAILED);
      assertThat(failed.error()).isEqualTo("timed out after PT5M");
      assertThat(b.finished).containsExactly(failed);
    } finally {
      worker.shutdownNow();
    }
  }
}
