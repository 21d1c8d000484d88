package dev.vigil.health;

import static java.util.Objects.requireNonNull;

import dev.vigil.Monitor;
import dev.vigil.cluster.Leadership;
import dev.vigil.internal.VigilThread;
import dev.vigil.metrics.SeriesKey;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * Runs health checks on a schedule, each with its {@link CheckOptions}: at its interval with
 * jitter, cut at its timeout even when it hangs, at most {@code maxConcurrency} at once, never
 * twice at once; records each run in the {@link HealthLogStore} (kept 30 days by default),
 * applies the thresholds, tells
 * the listeners and, with a {@link Monitor}, writes each check's status to the series the alert
 * rules of {@link HealthAlerts} read (DOWN fires, UP resolves).
 *
 * <pre>{@code
 * HealthMonitor health = HealthMonitor.builder()
 *     .monitor(monitor)
 *     .check(HttpCheck.builder("payments-api", URI.create("https://payments/health")).build(),
 *         CheckOptions.defaults().interval(Duration.ofMinutes(1)).failureThreshold(2))
 *     .check(MemoryCheck.builder("memory").minAvailable(100 * 1024 * 1024).build())
 *     .build()
 *     .start();
 * health.runNow("payments-api");                      // a manual run
 * health.stats("payments-api", Duration.ofDays(7));   // success rate, latency, uptime per day
 * }</pre>
 *
 * <p><b>Hanging checks.</b> A run that outlives its timeout is reported DOWN ({@link
 * FailureKind#TIMEOUT}), its thread is interrupted, and its slot of the concurrency limit is
 * freed, so other checks go on. While that thread has not returned, the check is not run again:
 * each of its runs is recorded DOWN ("still running since …") instead.
 *
 * <p><b>Cluster.</b> With a {@link Builder#leadership Leadership} (the JDBC store's lease), every
 * instance runs its checks and keeps its own statuses, meters, series and listeners, but only the
 * leader acts on what is shared: it alone hands the results to the {@link Recoverer} (one instance
 * restarts a service, not all of them), appends its scheduled runs to the {@link HealthLogStore}
 * (the shared history holds one series of records per check, not one per instance) and purges
 * it. A manual run ({@link #runNow}) is recorded by any instance, as MANUAL, and {@link
 * #recoverNow} acts on any instance: a person asked for them. The recoverer's attempts and
 * cooldowns are per instance: a new leader starts them afresh.
 *
 * <p><b>Meters</b> (tag {@code monitor}): {@code vigil.health.runs{check,status}}, {@code
 * vigil.health.latency{check}}, {@code vigil.health.status{check}} (0 UP, 1 DEGRADED, 2 DOWN, 3
 * UNKNOWN); removed on close. Thread-safe.
 */
public final class HealthMonitor implements AutoCloseable {

  /** The series of the checks' statuses, tag {@code check}: 0 UP, 1 DEGRADED, 2 DOWN. */
  public static final String STATUS_SERIES = "vigil.health.status";

  /** The series of the checks' recovery escalations, tag {@code check}: 1 escalated, 0 reset. */
  public static final String ESCALATED_SERIES = "vigil.health.escalated";

  private final String name;
  private final InstantSource clock;
  private final Monitor monitor;
  private final HealthLogStore store;
  private final List<HealthListener> listeners;
  private final Map<String, Entry> checks = new LinkedHashMap<>();
  private final Semaphore permits;
  private final ScheduledExecutorService scheduler;
  private final ExecutorService runners;
  private final MeterRegistry registry;
  private final List<Meter> meters = new ArrayList<>();
  private final LongAdder listenerFailures = new LongAdder();
  private final Duration retention;
  private final Recoverer recoverer;
  private final Leadership leadership;
  private volatile boolean started;
  private volatile boolean closed;

  /** One check and what the monitor knows of it. */
  private final class Entry {
    final HealthCheck check;
    final CheckOptions options;
    final Map<HealthStatus, Counter> runs = new EnumMap<>(HealthStatus.class);
    final Timer latency;
    CheckStatus status; // guarded by this
    Thread running; // guarded by this: the thread of the run under way, until it returns
    Instant runningSince; // guarded by this
    CompletableFuture<HealthRecord> current; // guarded by this: the run under way

    Entry(HealthCheck check, CheckOptions options) {
      this.check = check;
      this.options = options;
      this.status = new CheckStatus(check.name(), HealthStatus.UNKNOWN, clock.instant(), null, 0,
          0);
      for (HealthStatus s : HealthStatus.values()) {
        Counter c = Counter.builder("vigil.health.runs").description("Health check runs")
            .tag("monitor", name).tag("check", check.name()).tag("status", s.name())
            .register(registry);
        meters.add(c);
        runs.put(s, c);
      }
      latency = Timer.builder("vigil.health.latency").description("Health check run time")
          .tag("monitor", name).tag("check", check.name()).register(registry);
      meters.add(latency);
      meters.add(Gauge.builder("vigil.health.status", this, e -> e.statusValue())
          .description("0 UP, 1 DEGRADED, 2 DOWN, 3 UNKNOWN").tag("monitor", name)
          .tag("check", check.name()).register(registry));
    }

    synchronized double statusValue() {
      return status.status().ordinal();
    }
  }

  private HealthMonitor(Builder b) {
    this.name = b.name;
    this.clock = b.clock;
    this.monitor = b.monitor;
    this.store = b.store;
    this.listeners = List.copyOf(b.listeners);
    this.registry = b.registry;
    this.retention = b.retention;
    this.recoverer = b.recoverer;
    this.leadership = b.leadership;
    this.permits = new Semaphore(b.maxConcurrency);
    this.scheduler = Executors.newSingleThreadScheduledExecutor(
        VigilThread.factory("vigil-health-" + name));
    this.runners = Executors.newCachedThreadPool(
        VigilThread.factory("vigil-health-" + name + "-check"));
    b.checks.forEach((n, c) -> checks.put(n, new Entry(c, b.options.get(n))));
  }

  /** Returns a builder; at least one check is required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts running the checks on their schedules, each first after a random part of its interval
   * (so that they do not all run at once). Idempotent.
   *
   * @throws IllegalStateException if closed
   */
  public synchronized HealthMonitor start() {
    if (closed) {
      throw new IllegalStateException("the health monitor is closed");
    }
    if (started) {
      return this;
    }
    started = true;
    for (Entry e : checks.values()) {
      long interval = e.options.interval().toMillis();
      long first = (long) (interval * ThreadLocalRandom.current().nextDouble(0.1));
      scheduleNext(e, first);
    }
    scheduler.scheduleWithFixedDelay(() -> {
      if (leadership.isLeader()) { // the store is shared: one instance purges it
        purge();
      }
    }, 0, 1, TimeUnit.HOURS);
    return this;
  }

  /**
   * Deletes the records older than the retention; returns how many. The monitor calls it hourly
   * while it leads; a call by hand purges whether it leads or not.
   */
  public long purge() {
    try {
      return store.deleteBefore(clock.instant().minus(retention));
    } catch (RuntimeException storeDown) {
      listenerFailures.increment();
      return 0;
    }
  }

  private void scheduleNext(Entry e, long delayMillis) {
    try {
      scheduler.schedule(() -> {
        run(e, HealthRecord.Trigger.AUTOMATIC);
        long interval = e.options.interval().toMillis();
        double spread = e.options.jitter() * (2 * ThreadLocalRandom.current().nextDouble() - 1);
        scheduleNext(e, Math.max(1, Math.round(interval * (1 + spread))));
      }, delayMillis, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException closedNow) {
      // closing
    }
  }

  /**
   * Runs check {@code check} now, by hand, unless a run of it is under way (then returns that
   * run's future).
   *
   * @return completes with the run's record
   * @throws IllegalArgumentException if there is no such check
   */
  public CompletableFuture<HealthRecord> runNow(String check) {
    requireNonNull(check, "check");
    Entry e = checks.get(check);
    if (e == null) {
      throw new IllegalArgumentException("no check '" + check + "'; checks: " + checks.keySet());
    }
    return run(e, HealthRecord.Trigger.MANUAL);
  }

  /** Starts a run of {@code e}, or records that the previous one still hangs. */
  private CompletableFuture<HealthRecord> run(Entry e, HealthRecord.Trigger trigger) {
    CompletableFuture<HealthRecord> done;
    synchronized (e) {
      if (e.current != null) {
        return e.current; // a run is under way: never twice at once
      }
      if (e.running == null) {
        done = new CompletableFuture<>();
        e.current = done;
      } else { // timed out earlier, and its thread has not returned
        done = null;
      }
    }
    if (done == null) {
      Instant now = clock.instant();
      Instant since;
      synchronized (e) {
        since = e.runningSince == null ? now : e.runningSince;
      }
      HealthResult still = HealthResult.down(FailureKind.TIMEOUT, "still running since "
          + since + " (timeout " + e.options.timeout() + ")")
          .withLatency(Duration.between(since, now));
      try { // a recovery may take long: not on the scheduler's thread
        return CompletableFuture.supplyAsync(() -> complete(e, now, still, null, trigger),
            runners);
      } catch (RejectedExecutionException closedNow) {
        return CompletableFuture.failedFuture(
            new IllegalStateException("the health monitor is closed"));
      }
    }
    try {
      runners.execute(() -> execute(e, trigger, done));
    } catch (RejectedExecutionException closedNow) {
      synchronized (e) {
        e.current = null;
      }
      done.completeExceptionally(new IllegalStateException("the health monitor is closed"));
    }
    return done;
  }

  /** Runs {@code e}'s check on this thread, with its timeout enforced from the scheduler. */
  private void execute(Entry e, HealthRecord.Trigger trigger,
      CompletableFuture<HealthRecord> done) {
    try {
      permits.acquire();
    } catch (InterruptedException interrupted) {
      synchronized (e) {
        e.current = null;
      }
      done.completeExceptionally(interrupted);
      return;
    }
    AtomicBoolean finished = new AtomicBoolean();
    AtomicBoolean released = new AtomicBoolean();
    Instant start = clock.instant();
    long t0 = System.nanoTime();
    synchronized (e) {
      e.running = Thread.currentThread();
      e.runningSince = start;
    }
    Runnable release = () -> {
      if (released.compareAndSet(false, true)) {
        permits.release();
      }
    };
    java.util.concurrent.ScheduledFuture<?> timeout = null;
    try {
      timeout = scheduler.schedule(() -> {
        if (finished.compareAndSet(false, true)) {
          synchronized (e) { // under the lock: once the run clears e.running (and then its
            if (e.running != null) { // thread's interrupt flag), no interrupt can reach the next
              e.running.interrupt(); // task of that pool thread
            }
          }
          release.run(); // the others go on even if this one hangs
          HealthResult r = HealthResult.down(FailureKind.TIMEOUT, "no result within "
              + e.options.timeout()).withLatency(e.options.timeout());
          try { // recovery may take long: not on the scheduler's thread
            runners.execute(() -> finish(e, start, r, null, trigger, done));
          } catch (RejectedExecutionException closedNow) {
            finish(e, start, r, null, trigger, done);
          }
        }
      }, e.options.timeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException closedNow) {
      // closing: the run goes on without a timeout
    }
    HealthResult result;
    String error = null;
    try {
      result = e.check.check();
      if (result == null) {
        result = HealthResult.unknown("the check returned no result");
      }
    } catch (InterruptedException interrupted) {
      result = HealthResult.down(FailureKind.TIMEOUT, "interrupted");
    } catch (VirtualMachineError vm) {
      throw vm;
    } catch (Throwable t) {
      error = t.getClass().getName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
      result = HealthResult.down(FailureKind.ERROR, "the check threw " + error);
    } finally {
      synchronized (e) {
        e.running = null;
        e.runningSince = null;
      }
      Thread.interrupted(); // clear an interrupt that came late
      release.run();
      if (timeout != null) {
        timeout.cancel(false);
      }
    }
    if (finished.compareAndSet(false, true)) {
      if (result.latency() == null) {
        result = result.withLatency(Duration.ofNanos(System.nanoTime() - t0));
      }
      finish(e, start, result, error, trigger, done);
    }
  }

  private void finish(Entry e, Instant start, HealthResult result, String error,
      HealthRecord.Trigger trigger, CompletableFuture<HealthRecord> done) {
    HealthRecord record;
    try {
      record = complete(e, start, result, error, trigger);
    } finally {
      synchronized (e) {
        e.current = null;
      }
    }
    done.complete(record);
  }

  /** Records a run, applies the thresholds and tells everyone; returns the record. */
  private HealthRecord complete(Entry e, Instant at, HealthResult result, String error,
      HealthRecord.Trigger trigger) {
    HealthRecord record = new HealthRecord(e.check.name(), at, result.status(), result.failure(),
        result.detail(), result.latency(), error, trigger, false, null, false);
    boolean leader = leadership.isLeader();
    if (recoverer != null && leader) { // recovery acts on shared things: the leader's job
      record = recover(e, record, result);
    }
    CheckStatus before;
    CheckStatus after;
    synchronized (e) {
      before = e.status;
      after = next(before, record, e.options);
      e.status = after;
    }
    e.runs.get(result.status()).increment();
    e.latency.record(result.latency());
    if (monitor != null && after.status() != HealthStatus.UNKNOWN) {
      monitor.series().record(SeriesKey.of(STATUS_SERIES, "check", e.check.name()),
          Math.min(2, after.status().ordinal()));
    }
    if (leader || trigger == HealthRecord.Trigger.MANUAL) { // one series per check when shared
      try {
        store.append(record);
      } catch (RuntimeException storeDown) {
        listenerFailures.increment();
      }
    }
    for (HealthListener l : listeners) {
      try {
        l.onRun(record, after);
        if (before.status() != after.status()) {
          l.onChange(before, after);
        }
      } catch (RuntimeException failed) {
        listenerFailures.increment();
      }
    }
    return record;
  }

  /**
   * Hands {@code result} to the recoverer (which may act, verify by re-running the check within
   * its timeout, or escalate) and returns {@code record} with the outcome.
   */
  private HealthRecord recover(Entry e, HealthRecord record, HealthResult result) {
    RecoveryOutcome o;
    try {
      o = recoverer.onResult(e.check.name(), result, () -> recheck(e));
    } catch (RuntimeException failed) {
      listenerFailures.increment();
      return record;
    }
    RecoveryOutcome.Type type = o.type();
    if (type == RecoveryOutcome.Type.ESCALATED) {
      escalated(e.check.name(), 1);
    }
    Boolean succeeded = !o.acted() ? null : type == RecoveryOutcome.Type.ACTED_RECOVERED;
    boolean notified = type == RecoveryOutcome.Type.ESCALATED
        || type == RecoveryOutcome.Type.ALERT_ONLY;
    return record.withRecovery(o.acted(), succeeded, notified);
  }

  /** Runs {@code e}'s check once more, for a verification, within its timeout. */
  private HealthResult recheck(Entry e) throws InterruptedException {
    java.util.concurrent.Future<HealthResult> f = runners.submit(e.check::check);
    try {
      HealthResult r = f.get(e.options.timeout().toMillis(), TimeUnit.MILLISECONDS);
      return r == null ? HealthResult.unknown("the check returned no result") : r;
    } catch (java.util.concurrent.TimeoutException t) {
      f.cancel(true);
      return HealthResult.down(FailureKind.TIMEOUT, "no result within " + e.options.timeout());
    } catch (java.util.concurrent.ExecutionException failed) {
      return HealthResult.down(FailureKind.ERROR, "the check threw "
          + failed.getCause().getClass().getName());
    }
  }

  private void escalated(String check, int value) {
    if (monitor != null) {
      monitor.series().record(SeriesKey.of(ESCALATED_SERIES, "check", check), value);
    }
  }

  /**
   * Runs the recovery action of {@code check} now, at a person's request, on the monitor's run
   * threads (see {@link Recoverer#recover(String, java.util.concurrent.Callable, boolean)}: the
   * cooldown is ignored, the action verified by re-running the check within its timeout). Acts
   * whether this instance leads the cluster or not.
   *
   * @param force whether to act even on an escalated check
   * @return completes with what the recovery did
   * @throws IllegalArgumentException if there is no such check
   * @throws IllegalStateException if the monitor has no recoverer
   */
  public CompletableFuture<RecoveryOutcome> recoverNow(String check, boolean force) {
    requireNonNull(check, "check");
    Entry e = checks.get(check);
    if (e == null) {
      throw new IllegalArgumentException("no check '" + check + "'; checks: " + checks.keySet());
    }
    if (recoverer == null) {
      throw new IllegalStateException("health monitor '" + name + "' has no recoverer");
    }
    return CompletableFuture.supplyAsync(() -> {
      RecoveryOutcome o = recoverer.recover(check, () -> recheck(e), force);
      if (o.type() == RecoveryOutcome.Type.ESCALATED) {
        escalated(check, 1);
      }
      return o;
    }, runners);
  }

  /**
   * Resets the recovery of {@code check} after a human intervened: automatic recovery resumes,
   * and the escalation alert of {@link HealthAlerts#escalated()} resolves.
   *
   * @return whether the check was escalated
   * @throws IllegalStateException if the monitor has no recoverer
   */
  public boolean resetRecovery(String check) {
    requireNonNull(check, "check");
    if (recoverer == null) {
      throw new IllegalStateException("no recoverer: call Builder.recoverer(...)");
    }
    boolean was = recoverer.reset(check);
    escalated(check, 0);
    return was;
  }

  /** Returns the status after {@code record}, by the thresholds. */
  static CheckStatus next(CheckStatus s, HealthRecord record, CheckOptions options) {
    HealthStatus found = record.status();
    if (found == HealthStatus.UNKNOWN) { // cannot tell: nothing changes but the last run
      return new CheckStatus(s.check(), s.status(), s.since(), record, s.failuresInARow(),
          s.successesInARow());
    }
    boolean failed = found == HealthStatus.DOWN;
    int failures = failed ? s.failuresInARow() + 1 : 0;
    int successes = failed ? 0 : s.successesInARow() + 1;
    HealthStatus status = s.status();
    if (failed) {
      if (failures >= options.failureThreshold()) {
        status = HealthStatus.DOWN;
      }
    } else if (status != HealthStatus.DOWN || successes >= options.successThreshold()) {
      status = found; // UP or DEGRADED
    }
    Instant since = status == s.status() ? s.since() : record.checkedAt();
    return new CheckStatus(s.check(), status, since, record, failures, successes);
  }

  /** Returns the status of check {@code check}. */
  public CheckStatus status(String check) {
    Entry e = checks.get(requireNonNull(check, "check"));
    if (e == null) {
      throw new IllegalArgumentException("no check '" + check + "'");
    }
    synchronized (e) {
      return e.status;
    }
  }

  /** Returns the status of every check, in the order added. */
  public List<CheckStatus> statuses() {
    List<CheckStatus> all = new ArrayList<>();
    for (Entry e : checks.values()) {
      synchronized (e) {
        all.add(e.status);
      }
    }
    return List.copyOf(all);
  }

  /** Returns the statistics of {@code check} over the last {@code window}, days in UTC. */
  public HealthStats stats(String check, Duration window) {
    return stats(check, window, ZoneId.of("UTC"));
  }

  /** Returns the statistics of {@code check} over the last {@code window}, days in {@code zone}. */
  public HealthStats stats(String check, Duration window, ZoneId zone) {
    requireNonNull(window, "window");
    Instant now = clock.instant();
    return store.stats(requireNonNull(check, "check"), now.minus(window), now.plusNanos(1), zone);
  }

  /** Returns the store of the records. */
  public HealthLogStore store() {
    return store;
  }

  /** Returns how many times a listener or the store threw. */
  public long listenerFailures() {
    return listenerFailures.sum();
  }

  /**
   * Stops the schedules and interrupts the runs under way (waiting up to a second), and removes
   * the meters. Idempotent.
   */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    scheduler.shutdownNow();
    runners.shutdownNow();
    try {
      runners.awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    meters.forEach(registry::remove);
  }

  /** Builds a {@link HealthMonitor}. Setters reject {@code null} at once. Not thread-safe. */
  public static final class Builder {
    private String name = "health";
    private InstantSource clock = InstantSource.system();
    private Monitor monitor;
    private MeterRegistry registry;
    private HealthLogStore store;
    private int maxConcurrency = 4;
    private Duration retention = Duration.ofDays(30);
    private Recoverer recoverer;
    private Leadership leadership = Leadership.always();
    private final Map<String, HealthCheck> checks = new LinkedHashMap<>();
    private final Map<String, CheckOptions> options = new LinkedHashMap<>();
    private final List<HealthListener> listeners = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();

    Builder() {}

    /**
     * Takes the name, clock and meter registry of {@code monitor}, and writes the checks'
     * statuses to its series for {@link HealthAlerts}.
     */
    public Builder monitor(Monitor monitor) {
      this.monitor = requireNonNull(monitor, "monitor");
      this.name = monitor.name();
      this.clock = monitor.clock();
      this.registry = monitor.meterRegistry();
      return this;
    }

    /** Names the monitor (threads, meters); {@code health} by default. */
    public Builder name(String name) {
      this.name = requireNonNull(name, "name");
      return this;
    }

    /** Sets the clock of the records and statistics; the system clock by default. */
    public Builder clock(InstantSource clock) {
      this.clock = requireNonNull(clock, "clock");
      return this;
    }

    /** Sets the meter registry; a new {@code SimpleMeterRegistry} by default. */
    public Builder meterRegistry(MeterRegistry registry) {
      this.registry = requireNonNull(registry, "registry");
      return this;
    }

    /** Sets the store of the records; {@link HealthLogStore#inMemory()} by default. */
    public Builder store(HealthLogStore store) {
      this.store = requireNonNull(store, "store");
      return this;
    }

    /** Sets how long records are kept (purged hourly); 30 days by default. */
    public Builder retention(Duration retention) {
      requireNonNull(retention, "retention");
      if (retention.isNegative() || retention.isZero()) {
        throw new IllegalArgumentException("retention must be positive but was " + retention);
      }
      this.retention = retention;
      return this;
    }

    /** Sets how many checks may run at once; 4 by default, 1 to 64. */
    public Builder maxConcurrency(int n) {
      if (n < 1 || n > 64) {
        throw new IllegalArgumentException("maxConcurrency must be 1 to 64 but was " + n);
      }
      this.maxConcurrency = n;
      return this;
    }

    /** Adds a check with the default options; names must be unique. */
    public Builder check(HealthCheck check) {
      return check(check, CheckOptions.defaults());
    }

    /** Adds a check with its options; names must be unique. */
    public Builder check(HealthCheck check, CheckOptions options) {
      requireNonNull(check, "check");
      requireNonNull(options, "options");
      String n = requireNonNull(check.name(), "check.name()");
      if (n.isBlank()) {
        problems.add("a check's name is blank");
      } else if (checks.putIfAbsent(n, check) != null) {
        problems.add("two checks are named '" + n + "'");
      }
      this.options.put(n, options);
      return this;
    }

    /**
     * Sets the recoverer: after each run it decides, by the check's {@link RecoveryPolicy},
     * whether to act (on the run's thread), verifies, and escalates; the outcome is recorded in
     * the run's record, and an escalation is written for {@link HealthAlerts#escalated()}.
     */
    public Builder recoverer(Recoverer recoverer) {
      this.recoverer = requireNonNull(recoverer, "recoverer");
      return this;
    }

    /**
     * Sets the leadership of this instance in a cluster that shares the store: while it does not
     * lead, the monitor runs its checks but no recovery action, and appends only its manual runs
     * to the store (see the class comment). Default {@link Leadership#always()}, for an
     * application of one instance.
     */
    public Builder leadership(Leadership leadership) {
      this.leadership = requireNonNull(leadership, "leadership");
      return this;
    }

    /** Adds a listener of runs and status changes. */
    public Builder listener(HealthListener listener) {
      listeners.add(requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * Builds the monitor (not started: see {@link HealthMonitor#start()}).
     *
     * @throws IllegalArgumentException listing every problem, such as a duplicate name; a monitor
     *     without checks is valid and runs nothing
     */
    public HealthMonitor build() {
      List<String> found = new ArrayList<>(problems);
      if (!found.isEmpty()) {
        throw new IllegalArgumentException("invalid health monitor '" + name + "': "
            + String.join("; ", found));
      }
      if (store == null) {
        store = HealthLogStore.inMemory();
      }
      if (registry == null) {
        registry = new SimpleMeterRegistry();
      }
      return new HealthMonitor(this);
    }
  }
}
