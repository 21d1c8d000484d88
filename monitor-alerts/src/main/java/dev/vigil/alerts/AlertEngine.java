package dev.vigil.alerts;

import static java.util.Objects.requireNonNull;

import dev.vigil.Monitor;
import dev.vigil.internal.VigilThread;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Evaluates alert rules against a {@link Monitor}'s series and keeps their alerts in an {@link
 * AlertStore}: on demand with {@link #evaluate()}, or on a schedule (each rule at its {@linkplain
 * AlertRule#interval() interval}) once {@link #start() started}.
 *
 * <pre>{@code
 * AlertEngine engine = AlertEngine.builder()
 *     .monitor(monitor)
 *     .rule(rule)
 *     .listener(alert -> System.out.println(alert.lastTransition()))
 *     .build()
 *     .start();
 * // ... at shutdown (the engine does not close the monitor):
 * engine.close();
 * }</pre>
 *
 * <p><b>Lifecycle.</b> When a rule's condition breaches for a group with no active alert, a new
 * alert starts PENDING (or FIRING at once if the rule's pending period is zero). A pending alert
 * fires once the condition has breached at every evaluation for the pending period, and resolves
 * if it stops breaching before. A firing alert resolves once its condition has been clear (on the
 * clear side of the clear threshold, if the condition has one) for the rule's keep-firing period;
 * a breach in between starts that period over. A group that disappears (no data) counts as clear.
 * Each transition is saved in the store, then published to the listeners.
 *
 * <p><b>Threading.</b> Thread-safe. Evaluations run one at a time (a lock), on the caller's thread
 * for {@link #evaluate()} and on one daemon thread, {@code vigil-alerts-<monitor>-1}, once started.
 * An exception from a condition or the store is caught and counted ({@link
 * #evaluationFailures()}); the other rules are still evaluated. Nothing is logged.
 */
public final class AlertEngine implements AutoCloseable {

  private final Monitor monitor;
  private final List<AlertRule> rules;
  private final AlertStore store;
  private final List<AlertListener> listeners;
  private final ReentrantLock lock = new ReentrantLock();
  private final LongAdder evaluationFailures = new LongAdder();
  private final LongAdder listenerFailures = new LongAdder();
  private ScheduledExecutorService scheduler; // guarded by this
  private boolean closed; // guarded by this

  private AlertEngine(Builder b) {
    this.monitor = b.monitor;
    this.rules = List.copyOf(b.rules.values());
    this.store = b.store != null ? b.store : AlertStore.inMemory();
    this.listeners = List.copyOf(b.listeners);
  }

  /** Returns a builder; a monitor is required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Evaluates every rule now, saves and publishes the transitions, and returns them.
   *
   * @return the alerts that changed state, each as of after its change ({@link
   *     Alert#lastTransition()} is the change), in rule order; unmodifiable
   */
  public List<Alert> evaluate() {
    List<Alert> changed = new ArrayList<>();
    for (AlertRule rule : rules) {
      evaluate(rule, changed);
    }
    return Collections.unmodifiableList(changed);
  }

  /**
   * Starts evaluating each rule at its interval, the first time at once, on a daemon thread named
   * {@code vigil-alerts-<monitor>-1}.
   *
   * @return this engine
   * @throws IllegalStateException if the engine was already started or is closed
   */
  public synchronized AlertEngine start() {
    if (closed) {
      throw new IllegalStateException("the alert engine is closed");
    }
    if (scheduler != null) {
      throw new IllegalStateException("the alert engine is already started");
    }
    scheduler = Executors.newSingleThreadScheduledExecutor(
        VigilThread.factory("vigil-alerts-" + monitor.name()));
    for (AlertRule rule : rules) {
      long millis = rule.interval().toMillis();
      scheduler.scheduleWithFixedDelay(() -> evaluate(rule, new ArrayList<>()), 0, millis,
          TimeUnit.MILLISECONDS);
    }
    return this;
  }

  /**
   * Stops scheduled evaluation, waiting up to a second for a running one to finish. Does not close
   * the monitor or the store. Idempotent.
   */
  @Override
  public void close() {
    ScheduledExecutorService running;
    synchronized (this) {
      closed = true;
      running = scheduler;
      scheduler = null;
    }
    if (running == null) {
      return;
    }
    running.shutdownNow();
    try {
      running.awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Returns the rules, in the order they were added; unmodifiable. */
  public List<AlertRule> rules() {
    return rules;
  }

  /** Returns the store the alerts are kept in. */
  public AlertStore store() {
    return store;
  }

  /** Returns the active alerts of all rules; a snapshot. */
  public List<Alert> activeAlerts() {
    return store.active();
  }

  /** Returns how many rule evaluations failed with an exception (condition or store). */
  public long evaluationFailures() {
    return evaluationFailures.sum();
  }

  /** Returns how many times a listener threw. */
  public long listenerFailures() {
    return listenerFailures.sum();
  }

  private void evaluate(AlertRule rule, List<Alert> changed) {
    lock.lock();
    try {
      Instant now = monitor.clock().instant();
      Map<SortedMap<String, String>, Reading> readings =
          rule.condition().evaluate(monitor.series(), rule.groupBy());
      Map<Map<String, String>, Alert> active = new LinkedHashMap<>();
      for (Alert alert : store.active(rule.id())) {
        active.put(alert.group(), alert);
      }
      for (Map.Entry<SortedMap<String, String>, Reading> entry : readings.entrySet()) {
        step(rule, entry.getKey(), active.remove(entry.getKey()), entry.getValue(), now, changed);
      }
      Reading noData = new Reading(Double.NaN, false, true, rule.condition().describe()
          + ": no data for the group");
      for (Alert alert : active.values()) {
        step(rule, alert.group(), alert, noData, now, changed);
      }
    } catch (RuntimeException e) {
      evaluationFailures.increment();
    } finally {
      lock.unlock();
    }
  }

  private void step(AlertRule rule, SortedMap<String, String> group, Alert alert, Reading r,
      Instant now, List<Alert> changed) {
    if (alert == null) {
      if (r.breached()) {
        AlertState to = rule.pendingFor().isZero() ? AlertState.FIRING : AlertState.PENDING;
        publish(rule, Alert.open(rule, group, to, now, "condition met: " + r.description(),
            r.value()), changed);
      }
      return;
    }
    if (alert.state() == AlertState.PENDING) {
      if (!r.breached()) {
        publish(rule, alert.moveTo(AlertState.RESOLVED, now, "condition no longer met within the "
            + "pending period of " + rule.pendingFor() + ": " + r.description(), r.value()),
            changed);
      } else if (!now.isBefore(alert.activeSince().plus(rule.pendingFor()))) {
        publish(rule, alert.moveTo(AlertState.FIRING, now, "condition met for the pending "
            + "period of " + rule.pendingFor() + ": " + r.description(), r.value()), changed);
      } else {
        store.save(alert.update(r.value(), null));
      }
      return;
    }
    if (!r.cleared()) {
      store.save(alert.update(r.value(), null));
      return;
    }
    Instant since = alert.clearingSince() == null ? now : alert.clearingSince();
    Duration keep = rule.keepFiringFor();
    if (!now.isBefore(since.plus(keep))) {
      publish(rule, alert.moveTo(AlertState.RESOLVED, now, (keep.isZero() ? "condition cleared: "
          : "condition clear for the keep-firing period of " + keep + ": ") + r.description(),
          r.value()), changed);
    } else {
      store.save(alert.update(r.value(), since));
    }
  }

  /** Saves a transition, then hands it to every listener. */
  private void publish(AlertRule rule, Alert transitioned, List<Alert> changed) {
    Alert alert = transitioned.withAnnotations(rule.renderAnnotations(transitioned));
    store.save(alert);
    changed.add(alert);
    for (AlertListener listener : listeners) {
      try {
        listener.onTransition(alert);
      } catch (RuntimeException e) {
        listenerFailures.increment();
      }
    }
  }

  /**
   * Builds an {@link AlertEngine}. Setters reject {@code null} at once. Not thread-safe.
   */
  public static final class Builder {
    private Monitor monitor;
    private final Map<String, AlertRule> rules = new LinkedHashMap<>();
    private final List<InvalidAlertRuleException.Problem> problems = new ArrayList<>();
    private AlertStore store;
    private final List<AlertListener> listeners = new ArrayList<>();

    Builder() {}

    /** Sets the monitor whose series the rules read and whose clock and name the engine uses. */
    public Builder monitor(Monitor monitor) {
      this.monitor = requireNonNull(monitor, "monitor");
      return this;
    }

    /** Adds a rule; rule ids must be unique. */
    public Builder rule(AlertRule rule) {
      requireNonNull(rule, "rule");
      if (rules.putIfAbsent(rule.id(), rule) != null) {
        problems.add(new InvalidAlertRuleException.Problem(rule.id(), "id",
            "another rule has the id '" + rule.id() + "'"));
      }
      return this;
    }

    /** Adds rules; see {@link #rule}. */
    public Builder rules(Iterable<AlertRule> rules) {
      requireNonNull(rules, "rules");
      for (AlertRule rule : rules) {
        rule(rule);
      }
      return this;
    }

    /** Sets the store; an {@linkplain AlertStore#inMemory() in-memory} one by default. */
    public Builder store(AlertStore store) {
      this.store = requireNonNull(store, "store");
      return this;
    }

    /** Adds a listener for every transition; see {@link AlertListener} for the contract. */
    public Builder listener(AlertListener listener) {
      listeners.add(requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * Builds the engine; it evaluates nothing until {@link AlertEngine#evaluate()} or {@link
     * AlertEngine#start()}.
     *
     * @throws IllegalStateException if no monitor was set
     * @throws InvalidAlertRuleException if two rules have the same id
     */
    public AlertEngine build() {
      if (monitor == null) {
        throw new IllegalStateException("no monitor set: call monitor(Monitor)");
      }
      if (!problems.isEmpty()) {
        throw new InvalidAlertRuleException(problems);
      }
      return new AlertEngine(this);
    }
  }
}
