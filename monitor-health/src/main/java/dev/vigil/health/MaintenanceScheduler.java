package dev.vigil.health;

import static java.util.Objects.requireNonNull;

import dev.vigil.health.MaintenanceRun.State;
import dev.vigil.health.MaintenanceRun.Trigger;
import dev.vigil.internal.VigilThread;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link MaintenanceTask}s on their schedules: each due run is first written to a {@link
 * MaintenanceQueue} as PENDING, then executed on a worker thread (PROCESSING, then COMPLETED or
 * FAILED). Time comes from the injected {@link InstantSource} only.
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
 * worker here (the process stopped during the run) is FAILED {@code "interrupted: ..."} once its
 * timeout has passed, on {@link #start()} or later, and is <em>not</em> run again: maintenance
 * actions such as a reboot are not safe to repeat blindly. A PENDING run found that was never
 * started within its timeout is FAILED {@code "expired: ..."}; a younger one is executed.
 *
 * <p><b>Missed runs.</b> While the scheduler is stopped or a task disabled, runs are not caught
 * up; a late tick runs a task once, not once per missed instant. Runs finished more than the
 * retention (7 days by default) ago are purged from the queue.
 *
 * <p><b>Threads.</b> One daemon thread {@code vigil-maintenance-<name>} wakes at the next due
 * instant (at least every second) and queues and starts runs; actions run on daemon workers
 * {@code vigil-maintenance-<name>-run-N}, so a slow action delays no other task. All state is
 * guarded by one lock; listeners are called outside it. Thread-safe.
 */
public final class MaintenanceScheduler implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(MaintenanceScheduler.class);
  private static final long MAX_SLEEP_MILLIS = 1_000;

  private final String name;
  private final InstantSource clock;
  private final MaintenanceQueue queue;
  private final Duration retention;
  private final List<MaintenanceListener> listeners;
  private final boolean ownThread;
  private final Executor executor;
  private final ExecutorService ownedExecutor;

  private final Object lock = new Object();
  // guarded by lock
  private final Map<String, TaskState> tasks = new LinkedHashMap<>();
  private final Map<String, Execution> executions = new HashMap<>();
  private boolean started;
  private boolean closed;
  private Thread thread;

  private MaintenanceScheduler(Builder b) {
    this.name = b.name;
    this.clock = b.clock;
    this.queue = b.queue;
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
   * Starts the scheduler: fails the runs interrupted by a previous process (see above), plans
   * each enabled task's next run strictly after now, and starts the thread.
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
    tick();
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
   * queued; compare the {@link MaintenanceRun#id() id}s to tell).
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
      MaintenanceRun blocking = blocking(t.task, now);
      if (blocking != null) {
        return blocking;
      }
      MaintenanceRun run = newRun(t.task, Trigger.MANUAL, now, now);
      queue.add(run);
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
   * interrupted ones, queues the due runs and starts the pending ones. The thread calls it;
   * tests call it with a manual clock.
   */
  void tick() {
    List<MaintenanceRun> finished = new ArrayList<>();
    List<Runnable> skipped = new ArrayList<>();
    List<Runnable> toStart = new ArrayList<>();
    synchronized (lock) {
      if (!started || closed) {
        return;
      }
      Instant now = clock.instant();
      queue.purge(now.minus(retention));
      for (MaintenanceRun run : queue.runs()) {
        if (run.state() == State.PROCESSING) {
          failIfOverdue(run, now, finished);
        } else if (run.state() == State.PENDING) {
          TaskState t = tasks.get(run.task());
          if (t == null) {
            finished.add(fail(run, now, "unknown task: not in this scheduler"));
          } else if (!run.scheduledFor().plus(t.task.timeout()).isAfter(now)) {
            finished.add(fail(run, now, "expired: not started within the timeout of "
                + t.task.timeout()));
          }
        }
      }
      for (TaskState t : tasks.values()) {
        if (t.nextDue == null || t.nextDue.isAfter(now)) {
          continue;
        }
        Instant due = t.nextDue;
        t.nextDue = t.task.schedule().following(due, now);
        MaintenanceRun blocking = blocking(t.task, now);
        if (blocking != null) {
          String task = t.task.name();
          skipped.add(() -> listeners.forEach(l -> notify(() -> l.onSkipped(task, due,
              blocking))));
          continue;
        }
        try {
          queue.add(newRun(t.task, Trigger.AUTOMATIC, due, now));
        } catch (RuntimeException e) {
          LOG.warn("Vigil maintenance {}: could not queue the run of {} due at {}", name,
              t.task.name(), due, e);
        }
      }
      for (MaintenanceRun run : queue.runs()) {
        if (run.state() == State.PENDING && !isProcessing(run.task())) {
          toStart.add(begin(run, now));
        }
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
    while (true) {
      try {
        tick();
      } catch (RuntimeException e) {
        // a queue failing must not kill the thread: try again at the next tick
        LOG.warn("Vigil maintenance {}: tick failed", name, e);
      }
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
  private MaintenanceRun blocking(MaintenanceTask task, Instant now) {
    Instant windowStart = now.minus(task.dedupWindow());
    MaintenanceRun latest = null;
    for (MaintenanceRun run : queue.runs()) {
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

  // guarded by lock
  private boolean isProcessing(String task) {
    for (MaintenanceRun run : queue.runs()) {
      if (run.task().equals(task) && run.state() == State.PROCESSING) {
        return true;
      }
    }
    return false;
  }

  // guarded by lock
  private void failIfOverdue(MaintenanceRun run, Instant now, List<MaintenanceRun> finished) {
    TaskState t = tasks.get(run.task());
    Execution ex = executions.get(run.id());
    if (t == null && ex == null) {
      finished.add(fail(run, now, "unknown task: not in this scheduler"));
      return;
    }
    if (t == null || run.startedAt().plus(t.task.timeout()).isAfter(now)) {
      return;
    }
    if (ex != null) {
      executions.remove(run.id());
      ex.cancelled = true;
      if (ex.thread != null) {
        ex.thread.interrupt();
      }
      finished.add(fail(run, now, "timed out after " + t.task.timeout()));
    } else {
      finished.add(fail(run, now, "interrupted: still PROCESSING after the timeout of "
          + t.task.timeout() + " with no worker (the executor stopped during the run)"));
    }
  }

  // guarded by lock
  private MaintenanceRun fail(MaintenanceRun run, Instant now, String why) {
    MaintenanceRun failed = run.failed(now, why);
    queue.update(failed);
    return failed;
  }

  // guarded by lock: marks the run PROCESSING and returns what the worker does
  private Runnable begin(MaintenanceRun run, Instant now) {
    MaintenanceRun processing = run.processing(now);
    queue.update(processing);
    Execution ex = new Execution();
    executions.put(run.id(), ex);
    MaintenanceTask.Action action = tasks.get(run.task()).task.action();
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
    MaintenanceRun done;
    synchronized (lock) {
      ex.thread = null;
      if (executions.remove(run.id()) == null) {
        done = null; // already failed by its timeout
      } else {
        Instant now = clock.instant();
        done = error == null ? run.completed(now) : run.failed(now, error);
        queue.update(done);
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
