package dev.vigil.health;

import static java.util.Objects.requireNonNull;

import dev.vigil.health.MaintenanceRun.State;
import dev.vigil.health.MaintenanceRun.Trigger;
import dev.vigil.cluster.Leadership;
import dev.vigil.internal.VigilThread;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link MaintenanceTask}s on their schedules: each due run is first written to a {@link
 * MaintenanceQueue} as PENDING, then {@link MaintenanceQueue#claim claimed} (PROCESSING) and
 * executed on a worker thread, then COMPLETED or FAILED. Time comes from the injected {@link
 * InstantSource} only.
 *
 * <p><b>Dedup.</b> A run of a task is never started while another is PENDING or PROCESSING, nor
 * within the task's dedup window after another run <em>started</em> (whatever its outcome: a
 * failed reboot may have rebooted). {@link #runNow} is then merged: it returns the blocking run
 * and queues nothing. An automatic run so blocked is skipped, not written to the queue, and
 * reported to {@link MaintenanceListener#onSkipped}; the schedule moves on to its next instant
 * (a manual run at 02:59 stands for the 03:00 run).
 *
 * <p><b>Failures.</b> A run whose action throws is FAILED with the exception as its error; the
 * next scheduled run happens as usual. A run still PROCESSING at its task's timeout is
 * interrupted and FAILED {@code "timed out after ..."}. A run PROCESSING in the queue with no
 * worker here (the process, or the instance running it, stopped during the run) is FAILED {@code
 * "interrupted: ..."} once its timeout has passed, on {@link #start()} or later, and is
 * <em>not</em> run again: maintenance actions such as a reboot are not safe to repeat blindly. A
 * PENDING run found that was never started within its timeout is FAILED {@code "expired: ..."};
 * a younger one is executed. A run of a task this scheduler does not know (queued by another
 * instance during a rolling deploy, say) is left alone for {@link
 * MaintenanceTask#DEFAULT_TIMEOUT}, then FAILED {@code "unknown task: ..."}.
 *
 * <p><b>Missed runs.</b> While the scheduler is stopped or a task disabled, runs are not caught
 * up; a late tick runs a task once, not once per missed instant. Runs finished more than the
 * retention (7 days by default) ago are purged from the queue.
 *
 * <p><b>Cluster.</b> Instances of an application that share one queue (the JDBC store's) and a
 * {@link Leadership} (the JDBC store's lease) run each scheduled run once for the cluster:
 * <ul>
 *   <li>Only the leader queues and runs scheduled runs, fails the expired and interrupted runs of
 *       the others and purges the queue. An instance that does not lead plans its tasks' next runs
 *       but queues and runs nothing automatically. A slot that passes while it does not lead and
 *       that no run stands for when it becomes the leader (the leader died just before it, and
 *       its lease had not expired yet) is queued then, if that is within the task's timeout.
 *   <li>Dedup reads the shared queue: a leader does not queue a slot that an AUTOMATIC run already
 *       stands for, whoever queued it (a daily task's run of that day; on an interval, a run less
 *       than one interval old, whose grid the new leader then follows). {@link
 *       MaintenanceQueue#addIfAbsent} keeps one run per slot even if two instances believed they
 *       led at once.
 *   <li>A run is executed only by the instance that {@link MaintenanceQueue#claim claimed} it, so
 *       never twice; every later change is conditional on the state this instance saw.
 *   <li>{@link #runNow} works on any instance (a person asked for it): the run is executed by that
 *       instance, or by the leader if it claims the run first.
 *   <li>A run left PROCESSING by an instance that died is FAILED {@code "interrupted: ..."} by the
 *       leader once the task's timeout has passed since it started. The instances' clocks are
 *       assumed synchronized (NTP): the instance running it interrupts it at that moment too.
 * </ul>
 *
 * <p><b>Threads.</b> One daemon thread {@code vigil-maintenance-<name>} wakes at the next due
 * instant (at least every second) and queues and starts runs; actions run on daemon workers
 * {@code vigil-maintenance-<name>-run-N}, so a slow action delays no other task. Each pass of the
 * leader reads the queue once (one query with a shared queue; the leader also purges it at most
 * once a minute); an instance that does not lead reads it only while it has a run of its own. A
 * queue that fails is logged once (WARN), then quietly until it works again. All state is
 * guarded by one lock; listeners are called outside it. Thread-safe.
 */
public final class MaintenanceScheduler implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(MaintenanceScheduler.class);
  private static final long MAX_SLEEP_MILLIS = 1_000;
  /** How often the leader purges: a shared queue is a table, not worth a DELETE a second. */
  private static final Duration PURGE_INTERVAL = Duration.ofMinutes(1);

  private final String name;
  private final InstantSource clock;
  private final MaintenanceQueue queue;
  private final Leadership leadership;
  private final Duration retention;
  private final List<MaintenanceListener> listeners;
  private final boolean ownThread;
  private final Executor executor;
  private final ExecutorService ownedExecutor;

  private final Object lock = new Object();
  // guarded by lock
  private final Map<String, TaskState> tasks = new LinkedHashMap<>();
  private final Map<String, Execution> executions = new HashMap<>();
  /** The PENDING manual runs asked of this instance, which it runs even if it does not lead. */
  private final Set<String> requestedHere = new HashSet<>();
  private Instant lastPurge;
  private boolean started;
  private boolean closed;
  private Thread thread;

  private MaintenanceScheduler(Builder b) {
    this.name = b.name;
    this.clock = b.clock;
    this.queue = b.queue;
    this.leadership = b.leadership;
    this.retention = b.retention;
    this.listeners = List.copyOf(b.listeners);
    this.ownThread = b.ownThread;
    if (b.executor == null) {
      this.ownedExecutor = Executors.newCachedThreadPool(
          VigilThread.factory("vigil-maintenance-" + name + "-run"));
      this.executor = ownedExecutor;
    } else {
      this.ownedExecutor = null;
      this.executor = b.executor;
    }
    for (MaintenanceTask task : b.tasks) {
      tasks.put(task.name(), new TaskState(task));
    }
  }

  /** Returns a builder of a scheduler named {@code name}, as in its thread's name. */
  public static Builder builder(String name) {
    return new Builder(requireNonNull(name, "name"));
  }

  /**
   * Starts the scheduler: plans each enabled task's next run strictly after now, does a first
   * pass (on the leader, it fails the runs interrupted by a previous process: see above), and
   * starts the thread. A queue that fails (a database down) is logged, not thrown: the thread
   * tries again every second.
   *
   * @throws IllegalStateException if already started or closed
   */
  public void start() {
    synchronized (lock) {
      if (started || closed) {
        throw new IllegalStateException("maintenance scheduler " + name + " was already "
            + (closed ? "closed" : "started"));
      }
      started = true;
      Instant now = clock.instant();
      for (TaskState t : tasks.values()) {
        t.nextDue = t.enabled ? t.task.schedule().nextAfter(now) : null;
      }
    }
    tickOrReport(false);
    if (ownThread) {
      synchronized (lock) {
        thread = VigilThread.start("vigil-maintenance-" + name, this::loop);
      }
    }
  }

  /** Turns the schedule of task {@code task} on; its next run is planned strictly after now. */
  public void enable(String task) {
    synchronized (lock) {
      TaskState t = state(task);
      if (!t.enabled) {
        t.enabled = true;
        t.nextDue = started ? t.task.schedule().nextAfter(clock.instant()) : null;
        lock.notifyAll();
      }
    }
  }

  /**
   * Turns the schedule of task {@code task} off: no automatic run until {@link #enable}. A run
   * under way goes on; {@link #runNow} still works.
   */
  public void disable(String task) {
    synchronized (lock) {
      TaskState t = state(task);
      t.enabled = false;
      t.nextDue = null;
      t.owed = null;
    }
  }

  /** Returns whether the schedule of task {@code task} is on. */
  public boolean isEnabled(String task) {
    synchronized (lock) {
      return state(task).enabled;
    }
  }

  /** Returns when task {@code task} runs next, or empty if disabled or not started. */
  public Optional<Instant> nextRun(String task) {
    synchronized (lock) {
      return Optional.ofNullable(state(task).nextDue);
    }
  }

  /**
   * Asks for a run of task {@code task} now, subject to dedup: returns the new PENDING MANUAL run,
   * or, if a run is PENDING, PROCESSING or started within the dedup window, that run (nothing is
   * queued; compare the {@link MaintenanceRun#id() id}s to tell). Works whether this instance
   * leads or not: it executes the run itself, unless the leader claims it first.
   *
   * @throws IllegalStateException if the scheduler is not started, closed, or the queue is full
   */
  public MaintenanceRun runNow(String task) {
    synchronized (lock) {
      TaskState t = state(task);
      if (!started || closed) {
        throw new IllegalStateException("maintenance scheduler " + name + " is "
            + (closed ? "closed" : "not started"));
      }
      Instant now = clock.instant();
      MaintenanceRun blocking = blocking(t.task, now, queue.runs());
      if (blocking != null) {
        return blocking;
      }
      MaintenanceRun run = newRun(t.task, Trigger.MANUAL, now, now);
      queue.add(run);
      requestedHere.add(run.id());
      lock.notifyAll();
      return run;
    }
  }

  /** Returns the runs in the queue, oldest first. */
  public List<MaintenanceRun> runs() {
    return queue.runs();
  }

  /**
   * Does one pass at the clock's current instant: purges old runs, fails timed-out and
   * interrupted ones, queues the due runs and claims and starts the pending ones (what this
   * instance may do, by its leadership). The thread calls it; tests call it with a manual clock.
   */
  void tick() {
    boolean leader = leadership.isLeader(); // once: one pass acts on one answer
    List<MaintenanceRun> finished = new ArrayList<>();
    List<Runnable> skipped = new ArrayList<>();
    List<Runnable> toStart = new ArrayList<>();
    RuntimeException failure = null;
    synchronized (lock) {
      if (!started || closed) {
        return;
      }
      try {
        pass(leader, finished, skipped, toStart);
      } catch (RuntimeException e) {
        failure = e; // what was done before still gets started and reported
      }
    }
    skipped.forEach(Runnable::run);
    finished.forEach(this::fireFinished);
    for (Runnable start : toStart) {
      try {
        executor.execute(start);
      } catch (RuntimeException e) {
        LOG.warn("Vigil maintenance {}: could not start a run", name, e);
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  /**
   * The pass of {@link #tick()} under the lock: collects the runs to report and to start, which
   * {@code tick} does once the lock is released.
   */
  // guarded by lock
  private void pass(boolean leader, List<MaintenanceRun> finished, List<Runnable> skipped,
      List<Runnable> toStart) {
    Instant now = clock.instant();
    if (leader && (lastPurge == null || !now.isBefore(lastPurge.plus(PURGE_INTERVAL)))) {
      lastPurge = now;
      queue.purge(now.minus(retention));
    }
    // read once, and not at all by an instance with nothing to do there (a query saved on
    // every follower every second); this pass's own changes are applied to the copy
    boolean involved = leader || !requestedHere.isEmpty() || !executions.isEmpty();
    List<MaintenanceRun> runs = involved ? new ArrayList<>(queue.runs()) : new ArrayList<>();
    for (int i = 0; i < runs.size(); i++) {
      MaintenanceRun failed = failIfOverdue(runs.get(i), now, leader);
      if (failed != null) {
        runs.set(i, failed);
        finished.add(failed);
      }
    }
    for (TaskState t : tasks.values()) {
      Instant owed = t.owed;
      if (leader && owed != null) {
        t.owed = null;
        // a slot that passed while no instance led (the leader died just before it, its lease
        // not yet expired): run late, within the timeout a PENDING run would be started in
        if (owed.plus(t.task.timeout()).isAfter(now) && served(t.task, owed, runs) == null) {
          queueOrSkip(t, owed, now, runs, skipped);
        }
      }
      if (t.nextDue == null || t.nextDue.isAfter(now)) {
        continue;
      }
      Instant due = t.nextDue;
      t.nextDue = t.task.schedule().following(due, now);
      if (leader) {
        queueOrSkip(t, due, now, runs, skipped);
      } else { // the leader runs this slot, if there is one: owed until this instance leads
        t.owed = due;
      }
    }
    Set<String> busy = new HashSet<>();
    for (MaintenanceRun run : runs) {
      if (run.state() == State.PROCESSING) {
        busy.add(run.task());
      }
    }
    for (int i = 0; i < runs.size(); i++) {
      MaintenanceRun run = runs.get(i);
      if (run.state() != State.PENDING || !tasks.containsKey(run.task())
          || (!leader && !requestedHere.contains(run.id())) || !busy.add(run.task())) {
        continue;
      }
      Optional<MaintenanceRun> claimed = queue.claim(run, now);
      if (claimed.isPresent()) {
        runs.set(i, claimed.get());
        toStart.add(begin(claimed.get()));
      } // else another instance claimed it: the task is busy there
    }
    Set<String> pending = new HashSet<>();
    for (MaintenanceRun run : runs) {
      if (run.state() == State.PENDING) {
        pending.add(run.id());
      }
    }
    requestedHere.retainAll(pending);
  }

  /** Queues the run of {@code t} due at {@code due}, or reports it skipped (see queueDue). */
  // guarded by lock
  private void queueOrSkip(TaskState t, Instant due, Instant now, List<MaintenanceRun> runs,
      List<Runnable> skipped) {
    MaintenanceRun blocking = queueDue(t, due, now, runs);
    if (blocking != null) {
      String task = t.task.name();
      skipped.add(() -> listeners.forEach(l -> notify(() -> l.onSkipped(task, due, blocking))));
    }
  }

  /**
   * Queues the run of {@code t} due at {@code due} unless the shared queue already stands for that
   * slot or dedup blocks it; returns the run that blocks it, or {@code null}.
   */
  // guarded by lock
  private MaintenanceRun queueDue(TaskState t, Instant due, Instant now,
      List<MaintenanceRun> runs) {
    MaintenanceRun served = served(t.task, due, runs);
    if (served != null) { // queued by the instance that led then: go on from its run's slot
      t.nextDue = t.task.schedule().following(served.scheduledFor(), now);
      return served;
    }
    MaintenanceRun blocking = blocking(t.task, now, runs);
    if (blocking != null) {
      return blocking;
    }
    MaintenanceRun run = newRun(t.task, Trigger.AUTOMATIC, due, now);
    try {
      if (queue.addIfAbsent(run)) {
        runs.add(run);
        return null;
      }
      // another instance queued this slot at the same moment
      return served(t.task, due, queue.runs());
    } catch (RuntimeException e) {
      LOG.warn("Vigil maintenance {}: could not queue the run of {} due at {}", name,
          t.task.name(), due, e);
      return null;
    }
  }

  /** Stops the thread and interrupts the actions under way (their runs then fail). */
  @Override
  public void close() {
    Thread t;
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      t = thread;
      lock.notifyAll();
    }
    if (ownedExecutor != null) {
      ownedExecutor.shutdownNow();
    }
    if (t != null && t != Thread.currentThread()) {
      try {
        t.join(MAX_SLEEP_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public String toString() {
    synchronized (lock) {
      return "MaintenanceScheduler{" + name + ", tasks=" + tasks.keySet() + "}";
    }
  }

  private void loop() {
    boolean failing = false;
    while (true) {
      failing = tickOrReport(failing);
      synchronized (lock) {
        if (closed) {
          return;
        }
        try {
          lock.wait(sleepMillis(clock.instant()));
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }

  /**
   * Ticks; a queue failing (a database down) must not kill the thread: the next tick tries again.
   * Warns once per outage, then logs at DEBUG. Returns whether the tick failed.
   */
  private boolean tickOrReport(boolean failing) {
    try {
      tick();
    } catch (RuntimeException e) {
      if (failing) {
        LOG.debug("Vigil maintenance {}: tick failed again", name, e);
      } else {
        LOG.warn("Vigil maintenance {}: tick failed; retrying every second, quietly", name, e);
      }
      return true;
    }
    if (failing) {
      LOG.info("Vigil maintenance {}: ticks work again", name);
    }
    return false;
  }

  // guarded by lock: until the next due instant, at least 1 ms and at most a second
  private long sleepMillis(Instant now) {
    long millis = MAX_SLEEP_MILLIS;
    for (TaskState t : tasks.values()) {
      if (t.nextDue != null) {
        millis = Math.min(millis, Duration.between(now, t.nextDue).toMillis());
      }
    }
    return Math.max(1, millis);
  }

  // guarded by lock
  private static MaintenanceRun blocking(MaintenanceTask task, Instant now,
      List<MaintenanceRun> runs) {
    Instant windowStart = now.minus(task.dedupWindow());
    MaintenanceRun latest = null;
    for (MaintenanceRun run : runs) {
      if (!run.task().equals(task.name())) {
        continue;
      }
      if (!run.isFinished()) {
        return run;
      }
      if (run.startedAt() != null && run.startedAt().isAfter(windowStart)) {
        latest = run;
      }
    }
    return latest;
  }

  /** Returns the latest AUTOMATIC run of {@code task} standing for its run due at {@code due}. */
  private static MaintenanceRun served(MaintenanceTask task, Instant due,
      List<MaintenanceRun> runs) {
    MaintenanceRun latest = null;
    for (MaintenanceRun run : runs) {
      if (run.trigger() == Trigger.AUTOMATIC && run.task().equals(task.name())
          && task.schedule().covers(run.scheduledFor(), due)
          && (latest == null || run.scheduledFor().isAfter(latest.scheduledFor()))) {
        latest = run;
      }
    }
    return latest;
  }

  /**
   * Fails {@code run} if it is overdue and this instance is to say so: its own runs at their
   * timeout (interrupting the action), and as the leader the others' runs, which nobody else
   * will end. Returns the failed run, or {@code null}.
   */
  // guarded by lock
  private MaintenanceRun failIfOverdue(MaintenanceRun run, Instant now, boolean leader) {
    TaskState t = tasks.get(run.task());
    Duration timeout = t == null ? MaintenanceTask.DEFAULT_TIMEOUT : t.task.timeout();
    Execution ex = executions.get(run.id());
    if (ex != null) { // a run of this instance
      if (run.startedAt().plus(timeout).isAfter(now)) {
        return null;
      }
      executions.remove(run.id());
      ex.cancelled = true;
      if (ex.thread != null) {
        ex.thread.interrupt();
      }
      // already finished: another instance failed it (a clock ahead); stop the action all the same
      return run.isFinished() ? null : fail(run, now, "timed out after " + timeout);
    }
    if (!leader || run.isFinished()) {
      return null;
    }
    if (run.state() == State.PROCESSING) {
      Instant since = run.startedAt() == null ? run.queuedAt() : run.startedAt();
      if (since.plus(timeout).isAfter(now)) {
        return null;
      }
      return fail(run, now, t == null
          ? "unknown task: not in this scheduler, and still PROCESSING after " + timeout
          : "interrupted: still PROCESSING after the timeout of " + timeout
              + " with no worker (the instance running it stopped during the run)");
    }
    if (run.scheduledFor().plus(timeout).isAfter(now)) {
      return null;
    }
    return fail(run, now, t == null
        ? "unknown task: not in this scheduler, and not started within " + timeout
        : "expired: not started within the timeout of " + timeout);
  }

  // guarded by lock: fails the run unless another instance changed it first
  private MaintenanceRun fail(MaintenanceRun run, Instant now, String why) {
    MaintenanceRun failed = run.failed(now, why);
    return queue.update(failed, run.state()) ? failed : null;
  }

  // guarded by lock: registers the claimed run and returns what the worker does
  private Runnable begin(MaintenanceRun processing) {
    Execution ex = new Execution();
    executions.put(processing.id(), ex);
    MaintenanceTask.Action action = tasks.get(processing.task()).task.action();
    return () -> execute(processing, ex, action);
  }

  private void execute(MaintenanceRun run, Execution ex, MaintenanceTask.Action action) {
    synchronized (lock) {
      if (ex.cancelled) {
        return;
      }
      ex.thread = Thread.currentThread();
    }
    String error = null;
    try {
      action.run();
    } catch (Exception e) {
      error = e instanceof InterruptedException ? "interrupted" : describe(e);
    } catch (Error e) {
      finish(run, ex, describe(e));
      throw e;
    }
    finish(run, ex, error);
  }

  private void finish(MaintenanceRun run, Execution ex, String error) {
    MaintenanceRun done = null;
    synchronized (lock) {
      ex.thread = null;
      if (executions.remove(run.id()) != null) { // else already failed by its timeout
        Instant now = clock.instant();
        MaintenanceRun end = error == null ? run.completed(now) : run.failed(now, error);
        try {
          if (queue.update(end, State.PROCESSING)) {
            done = end;
          } else {
            LOG.warn("Vigil maintenance {}: run {} of {} ended ({}) after another instance had "
                + "ended it (its clock is ahead?); the queue keeps that instance's outcome", name,
                run.id(), run.task(), end.state());
          }
        } catch (RuntimeException e) {
          // the leader fails it as interrupted after its timeout; the listeners hear the truth
          LOG.warn("Vigil maintenance {}: could not record the end of run {} of {}", name,
              run.id(), run.task(), e);
          done = end;
        }
      }
    }
    // a timeout's interrupt must not leak into the worker's next run
    Thread.interrupted();
    if (done != null) {
      fireFinished(done);
    }
  }

  private void fireFinished(MaintenanceRun run) {
    for (MaintenanceListener l : listeners) {
      notify(() -> l.onFinished(run));
    }
  }

  private void notify(Runnable call) {
    try {
      call.run();
    } catch (RuntimeException e) {
      LOG.warn("Vigil maintenance {}: a listener failed", name, e);
    }
  }

  private static String describe(Throwable e) {
    return e.getMessage() == null ? e.getClass().getName()
        : e.getClass().getName() + ": " + e.getMessage();
  }

  private static MaintenanceRun newRun(MaintenanceTask task, Trigger trigger, Instant due,
      Instant now) {
    return new MaintenanceRun(UUID.randomUUID().toString(), task.name(), trigger, due, now,
        State.PENDING, null, null, null);
  }

  private TaskState state(String task) {
    requireNonNull(task, "task");
    TaskState t = tasks.get(task);
    if (t == null) {
      throw new IllegalArgumentException("unknown maintenance task '" + task + "' (known: "
          + tasks.keySet() + ")");
    }
    return t;
  }

  private static final class TaskState {
    final MaintenanceTask task;
    boolean enabled;
    Instant nextDue;
    /** The last slot that passed while this instance did not lead, or null. */
    Instant owed;

    TaskState(MaintenanceTask task) {
      this.task = task;
      this.enabled = task.enabled();
    }
  }

  private static final class Execution {
    Thread thread;
    boolean cancelled;
  }

  /** Builds a {@link MaintenanceScheduler}; not thread-safe. */
  public static final class Builder {
    private final String name;
    private InstantSource clock = InstantSource.system();
    private MaintenanceQueue queue;
    private Leadership leadership = Leadership.always();
    private Duration retention = Duration.ofDays(7);
    private final List<MaintenanceTask> tasks = new ArrayList<>();
    private final List<MaintenanceListener> listeners = new ArrayList<>();
    private boolean ownThread = true;
    private Executor executor;

    private Builder(String name) {
      this.name = name;
    }

    /** Adds a task; names must be unique. */
    public Builder task(MaintenanceTask task) {
      tasks.add(requireNonNull(task, "task"));
      return this;
    }

    /** Sets the clock; default the system clock. */
    public Builder clock(InstantSource clock) {
      this.clock = requireNonNull(clock, "clock");
      return this;
    }

    /** Sets the queue of runs; default {@link MaintenanceQueue#inMemory()}. */
    public Builder queue(MaintenanceQueue queue) {
      this.queue = requireNonNull(queue, "queue");
      return this;
    }

    /**
     * Sets the leadership of this instance in a cluster that shares the queue: only the leader
     * queues and runs scheduled runs (see the class comment); default {@link
     * Leadership#always()}, for an application of one instance.
     */
    public Builder leadership(Leadership leadership) {
      this.leadership = requireNonNull(leadership, "leadership");
      return this;
    }

    /** Sets how long finished runs are kept; default 7 days. */
    public Builder retention(Duration retention) {
      this.retention = requireNonNull(retention, "retention");
      return this;
    }

    /** Adds a listener of the runs' ends. */
    public Builder listener(MaintenanceListener listener) {
      listeners.add(requireNonNull(listener, "listener"));
      return this;
    }

    // for tests: no thread (they call tick()), and actions run on this executor
    Builder withoutThread(Executor executor) {
      this.ownThread = false;
      this.executor = requireNonNull(executor, "executor");
      return this;
    }

    /**
     * Builds the scheduler, not started.
     *
     * @throws IllegalArgumentException listing every problem: a name not fit for a thread name,
     *     no task, two tasks with one name, a retention not positive
     */
    public MaintenanceScheduler build() {
      List<String> problems = new ArrayList<>();
      if (name.isBlank() || name.chars().anyMatch(Character::isWhitespace)) {
        problems.add("name must be non-blank without spaces but was '" + name + "'");
      }
      if (tasks.isEmpty()) {
        problems.add("no task (call task)");
      }
      List<String> seen = new ArrayList<>();
      for (MaintenanceTask task : tasks) {
        if (seen.contains(task.name())) {
          problems.add("task name '" + task.name() + "' used twice");
        }
        seen.add(task.name());
      }
      if (retention.isZero() || retention.isNegative()) {
        problems.add("retention must be positive but was " + retention);
      }
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException("invalid maintenance scheduler '" + name + "': "
            + String.join("; ", problems));
      }
      if (queue == null) {
        queue = MaintenanceQueue.inMemory();
      }
      return new MaintenanceScheduler(this);
    }
  }
}
