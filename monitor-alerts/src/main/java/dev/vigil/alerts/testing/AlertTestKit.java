package dev.vigil.alerts.testing;

import static java.util.Objects.requireNonNull;

import dev.vigil.Classifier;
import dev.vigil.LogLevel;
import dev.vigil.Monitor;
import dev.vigil.MonitorEvent;
import dev.vigil.Severity;
import dev.vigil.VigilMeters;
import dev.vigil.alerts.Alert;
import dev.vigil.alerts.AlertEngine;
import dev.vigil.alerts.AlertListener;
import dev.vigil.alerts.AlertRule;
import dev.vigil.alerts.AlertState;
import dev.vigil.alerts.AlertStore;
import dev.vigil.alerts.InhibitRule;
import dev.vigil.alerts.MaintenanceWindow;
import dev.vigil.store.EventGroup;
import dev.vigil.store.EventQuery;
import dev.vigil.store.EventStats;
import dev.vigil.store.EventStore;
import dev.vigil.store.Page;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs alert rules on a real {@link Monitor} whose clock only moves when the test moves it, and
 * records every notification, so that users unit-test their own rules:
 *
 * <pre>{@code
 * try (AlertTestKit kit = AlertTestKit.start(uploadErrors, tokenRefresh)) {
 *   kit.increment("upload.failure", 3, "platform", "tiktok");
 *   kit.increment("upload.success", 7, "platform", "tiktok");
 *   kit.advance(Duration.ofMinutes(1));                    // moves the clock, then evaluates
 *   kit.assertFiring("upload-error-rate", "platform", "tiktok");
 *   kit.assertNotified("upload-error-rate", AlertState.FIRING);
 * }
 * }</pre>
 *
 * <p><b>Time.</b> The clock starts at {@link #DEFAULT_START} (or {@link Builder#startAt}) and
 * stands still until {@link #advance(Duration)}; samples and events are recorded at the current
 * virtual time. The engine is never started: rules are evaluated only by {@link #evaluate()} and
 * {@link #advance}, each call evaluating every rule once (as one scheduled tick would). To
 * reproduce a scheduler that ticks every 30 seconds over ten minutes, use {@link
 * #advance(Duration, Duration)}.
 *
 * <p><b>Events.</b> {@link #log} and {@link #ingest} reach the {@code vigil.events} series
 * asynchronously, on the monitor's pipeline thread. The kit counts the events the monitor
 * accepted and, before it moves the clock, evaluates or asserts, waits until the monitor's {@code
 * vigil.events} counter has counted them all (at most {@link Builder#eventTimeout}, ten seconds by
 * default; an {@link AssertionError} otherwise). As the clock stands still meanwhile, every event
 * is counted at the virtual time it was captured at: tests stay deterministic without sleeping.
 * The events at or above the monitor's store threshold ({@code WARN}) are stored after they are
 * counted, on another thread; the kit waits for them to be in the event store as well, so that
 * conditions reading it (by fingerprint) see them too.
 *
 * <p><b>Selecting alerts.</b> The assertions take a rule id and optional tags as key/value pairs
 * ({@code "platform", "tiktok"}): they select the alerts of that rule whose group contains those
 * tags; no tags select every alert of the rule (the only one for a rule without group-by).
 *
 * <p><b>Threading.</b> Not thread-safe: use a kit from the test's thread. Each kit owns its
 * monitor and engine; {@link #close()} closes both.
 */
public final class AlertTestKit implements AutoCloseable {

  /** The instant the virtual clock starts at unless {@link Builder#startAt} says otherwise. */
  public static final Instant DEFAULT_START = Instant.parse("2026-01-05T09:00:00Z");

  private static final AtomicInteger NAMES = new AtomicInteger();
  private static final long POLL_NANOS = TimeUnit.MICROSECONDS.toNanos(100);
  /** The monitor's store threshold, set explicitly: the kit counts what reaches the store. */
  private static final Severity STORE_THRESHOLD = Severity.WARN;
  private static final int MAX_EVENTS = 20_000;

  private final VirtualClock clock;
  private final CountingEventStore events = new CountingEventStore(
      EventStore.inMemory(MAX_EVENTS));
  private final Monitor monitor;
  private final AlertEngine engine;
  private final Duration eventTimeout;
  private final List<Alert> notifications = Collections.synchronizedList(new ArrayList<>());
  private long capturedEvents;

  private AlertTestKit(Builder b) {
    this.clock = new VirtualClock(b.start);
    this.eventTimeout = b.eventTimeout;
    Monitor.Builder monitorBuilder = Monitor.builder()
        .name("alert-test-kit-" + NAMES.incrementAndGet())
        .clock(clock)
        .eventStore(events)
        .storeThreshold(STORE_THRESHOLD);
    if (b.classifier != null) {
      monitorBuilder.classifier(b.classifier);
    }
    this.monitor = monitorBuilder.build();
    try {
      AlertEngine.Builder engineBuilder = AlertEngine.builder()
          .monitor(monitor)
          .rules(b.rules)
          .listener(notifications::add);
      for (AlertListener listener : b.listeners) {
        engineBuilder.listener(listener);
      }
      if (b.store != null) {
        engineBuilder.store(b.store);
      }
      engineBuilder.maintenance(b.maintenance).inhibit(b.inhibitRules);
      this.engine = engineBuilder.build();
    } catch (RuntimeException e) {
      monitor.close();
      throw e;
    }
  }

  /**
   * Starts a kit for these rules with the defaults.
   *
   * @throws dev.vigil.alerts.InvalidAlertRuleException if two rules share an id
   */
  public static AlertTestKit start(AlertRule... rules) {
    return builder().rules(List.of(requireNonNull(rules, "rules"))).build();
  }

  /** Starts a kit for these rules, such as an SLO's {@code alertRules()}, with the defaults. */
  public static AlertTestKit start(Iterable<AlertRule> rules) {
    return builder().rules(rules).build();
  }

  /** Returns a builder for a kit with a start instant, a classifier, listeners or a store. */
  public static Builder builder() {
    return new Builder();
  }

  // ---- feeding ---------------------------------------------------------------------------------

  /** Adds one to a counter at the current virtual time; see {@link Monitor#increment}. */
  public AlertTestKit increment(String name, String... tags) {
    monitor.increment(name, tags);
    return this;
  }

  /** Adds {@code amount} to a counter at the current virtual time. */
  public AlertTestKit increment(String name, double amount, String... tags) {
    monitor.increment(name, amount, tags);
    return this;
  }

  /** Records a value of a distribution at the current virtual time. */
  public AlertTestKit record(String name, double value, String... tags) {
    monitor.record(name, value, tags);
    return this;
  }

  /** Records a duration (the series holds milliseconds) at the current virtual time. */
  public AlertTestKit time(String name, Duration duration, String... tags) {
    monitor.time(name, duration, tags);
    return this;
  }

  /**
   * Captures an event of the application's own at the current virtual time; it is counted in
   * {@code vigil.events} (by its classified severity and category) before the next evaluation.
   *
   * @throws AssertionError if the monitor dropped the event
   */
  public AlertTestKit log(LogLevel level, String message) {
    return accepted(monitor.log(level, message), message);
  }

  /** Captures an event of the application's own with an exception; see {@link #log}. */
  public AlertTestKit log(LogLevel level, String message, Throwable error) {
    return accepted(monitor.log(level, message, error), message);
  }

  /**
   * Captures a line another service logged at the current virtual time; see {@link
   * Monitor#ingest}.
   *
   * @throws AssertionError if the monitor dropped the line
   */
  public AlertTestKit ingest(String source, String line) {
    return accepted(monitor.ingest(source, line), line);
  }

  private AlertTestKit accepted(boolean queued, String what) {
    if (!queued) {
      throw new AssertionError("the monitor dropped the event '" + what + "' (capture queue full)");
    }
    capturedEvents++;
    return this;
  }

  // ---- time and evaluation ---------------------------------------------------------------------

  /** Returns the current virtual time. */
  public Instant now() {
    return clock.instant();
  }

  /** Returns the virtual clock (the monitor's), for code under test that reads time. */
  public InstantSource clock() {
    return clock;
  }

  /**
   * Waits until every captured event is counted, then evaluates every rule once at the current
   * virtual time.
   *
   * @return the alerts that changed state (as {@link AlertEngine#evaluate()}); reminders are not
   *     in it but in {@link #notifications()}
   */
  public List<Alert> evaluate() {
    awaitEvents();
    return engine.evaluate();
  }

  /**
   * Waits for captured events, moves the clock by {@code duration}, then evaluates once.
   *
   * @throws IllegalArgumentException if {@code duration} is negative
   */
  public List<Alert> advance(Duration duration) {
    requireNonNull(duration, "duration");
    if (duration.isNegative()) {
      throw new IllegalArgumentException("duration must not be negative but was " + duration);
    }
    awaitEvents();
    clock.advance(duration);
    return engine.evaluate();
  }

  /**
   * Moves the clock by {@code duration} in steps of {@code every} (the last one shorter if need
   * be), evaluating after each step, as a scheduler with that interval would.
   *
   * @return every alert that changed state, in order
   * @throws IllegalArgumentException if {@code duration} is negative or {@code every} not positive
   */
  public List<Alert> advance(Duration duration, Duration every) {
    requireNonNull(duration, "duration");
    requireNonNull(every, "every");
    if (duration.isNegative()) {
      throw new IllegalArgumentException("duration must not be negative but was " + duration);
    }
    if (every.isNegative() || every.isZero()) {
      throw new IllegalArgumentException("every must be positive but was " + every);
    }
    List<Alert> changed = new ArrayList<>();
    Duration left = duration;
    while (!left.isZero()) {
      Duration step = left.compareTo(every) < 0 ? left : every;
      changed.addAll(advance(step));
      left = left.minus(step);
    }
    return Collections.unmodifiableList(changed);
  }

  /**
   * Waits until the monitor's {@code vigil.events} counter has counted every event captured
   * through this kit. Called by every method that evaluates, moves the clock or asserts.
   *
   * @throws AssertionError if they are not all counted within the event timeout
   */
  public void awaitEvents() {
    long deadline = System.nanoTime() + eventTimeout.toNanos();
    long counted;
    while ((counted = countedEvents()) < capturedEvents) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("only " + counted + " of the " + capturedEvents
            + " events captured reached " + VigilMeters.EVENTS + " within " + eventTimeout
            + " (dropped by the monitor: " + meterTotal(VigilMeters.QUEUE_DROPPED)
            + ", pipeline failures: " + meterTotal(VigilMeters.PIPELINE_FAILURES) + ")");
      }
      LockSupport.parkNanos(POLL_NANOS);
    }
    long toStore = countedAtLeast(STORE_THRESHOLD);
    long stored;
    while ((stored = events.appended.get()) < toStore) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("only " + stored + " of the " + toStore + " events at or above "
            + STORE_THRESHOLD + " reached the event store within " + eventTimeout
            + " (pipeline failures: " + meterTotal(VigilMeters.PIPELINE_FAILURES) + ")");
      }
      LockSupport.parkNanos(POLL_NANOS);
    }
  }

  /** Returns how many events of at least {@code min} the {@code vigil.events} series counted. */
  private long countedAtLeast(Severity min) {
    double total = 0;
    for (FunctionCounter c : registry().find(VigilMeters.EVENTS).tag("monitor", monitor.name())
        .functionCounters()) {
      String severity = c.getId().getTag("severity");
      if (severity != null && Severity.parse(severity).isAtLeast(min)) {
        total += c.count();
      }
    }
    for (Counter c : registry().find(VigilMeters.EVENTS).tag("monitor", monitor.name())
        .counters()) {
      String severity = c.getId().getTag("severity");
      if (severity != null && Severity.parse(severity).isAtLeast(min)) {
        total += c.count();
      }
    }
    return (long) total;
  }

  /**
   * The monitor's {@code vigil.events} total: a function counter over the series' cumulative
   * count (one adder for both), so once it shows an event, alert conditions see it too.
   */
  private long countedEvents() {
    return meterTotal(VigilMeters.EVENTS);
  }

  private long meterTotal(String name) {
    double total = 0;
    for (FunctionCounter c : registry().find(name).tag("monitor", monitor.name())
        .functionCounters()) {
      total += c.count();
    }
    for (Counter c : registry().find(name).tag("monitor", monitor.name()).counters()) {
      total += c.count();
    }
    return (long) total;
  }

  private MeterRegistry registry() {
    return monitor.meterRegistry();
  }

  // ---- alerts and notifications ----------------------------------------------------------------

  /** Returns the active (not RESOLVED) alerts, after waiting for captured events. */
  public List<Alert> activeAlerts() {
    awaitEvents();
    return engine.activeAlerts();
  }

  /**
   * Returns every listener call so far, oldest first: each transition (as the alert after it)
   * and each {@linkplain Alert#isReminder() reminder}. A copy.
   */
  public List<Alert> notifications() {
    synchronized (notifications) {
      return List.copyOf(notifications);
    }
  }

  /** Returns the listener calls for alerts of this rule whose group contains these tags. */
  public List<Alert> notifications(String ruleId, String... tags) {
    Map<String, String> wanted = tags(ruleId, tags);
    List<Alert> matching = new ArrayList<>();
    for (Alert a : notifications()) {
      if (matches(a, ruleId, wanted)) {
        matching.add(a);
      }
    }
    return matching;
  }

  /** Forgets the notifications so far, so that a test can assert what comes next. */
  public AlertTestKit clearNotifications() {
    notifications.clear();
    return this;
  }

  /**
   * Asserts that exactly one active alert of the rule matches the tags and that it is PENDING.
   *
   * @return that alert
   */
  public Alert assertPending(String ruleId, String... tags) {
    return assertState(AlertState.PENDING, ruleId, tags);
  }

  /**
   * Asserts that exactly one active alert of the rule matches the tags and that it is FIRING (not
   * acknowledged or silenced: use {@link #assertState} for those).
   *
   * @return that alert
   */
  public Alert assertFiring(String ruleId, String... tags) {
    return assertState(AlertState.FIRING, ruleId, tags);
  }

  /**
   * Asserts that no active alert of the rule matches the tags and that one has resolved.
   *
   * @return the most recently resolved matching alert
   */
  public Alert assertResolved(String ruleId, String... tags) {
    return assertState(AlertState.RESOLVED, ruleId, tags);
  }

  /**
   * Asserts the state of the one alert of the rule that matches the tags: for an active state,
   * exactly one matching active alert in that state; for RESOLVED, no matching active alert and
   * at least one resolved.
   *
   * @return that alert (for RESOLVED, the most recently resolved)
   */
  public Alert assertState(AlertState state, String ruleId, String... tags) {
    requireNonNull(state, "state");
    Map<String, String> wanted = tags(ruleId, tags);
    List<Alert> active = matching(activeAlerts(), ruleId, wanted);
    String what = describe(ruleId, wanted);
    if (state == AlertState.RESOLVED) {
      if (!active.isEmpty()) {
        throw failure("expected " + what + " to be RESOLVED but it is active: " + summary(active));
      }
      Alert last = null;
      for (Alert a : matching(engine.store().resolved(), ruleId, wanted)) {
        if (last == null || a.resolvedAt().isAfter(last.resolvedAt())) {
          last = a;
        }
      }
      if (last == null) {
        throw failure("expected " + what + " to be RESOLVED but it never resolved");
      }
      return last;
    }
    if (active.isEmpty()) {
      throw failure("expected " + what + " to be " + state + " but there is no active alert");
    }
    if (active.size() > 1) {
      throw failure("expected one alert " + what + " to be " + state + " but " + active.size()
          + " match (" + summary(active) + "): give the group's tags");
    }
    Alert alert = active.get(0);
    if (alert.state() != state) {
      throw failure("expected " + what + " to be " + state + " but it is " + alert.state()
          + " (" + alert.lastTransition().reason() + ")");
    }
    return alert;
  }

  /** Asserts that no active alert of the rule matches the tags (a resolved one may). */
  public void assertNoAlert(String ruleId, String... tags) {
    Map<String, String> wanted = tags(ruleId, tags);
    List<Alert> active = matching(activeAlerts(), ruleId, wanted);
    if (!active.isEmpty()) {
      throw failure("expected no active alert " + describe(ruleId, wanted) + " but found "
          + summary(active));
    }
  }

  /** Asserts that there is no active alert at all. */
  public void assertNoActiveAlerts() {
    List<Alert> active = activeAlerts();
    if (!active.isEmpty()) {
      throw failure("expected no active alert but found " + summary(active));
    }
  }

  /**
   * Asserts that a listener was called for an alert of the rule matching the tags in that state
   * (a transition to it or, for FIRING, a reminder).
   *
   * @return the most recent such notification
   */
  public Alert assertNotified(String ruleId, AlertState state, String... tags) {
    requireNonNull(state, "state");
    Alert last = null;
    for (Alert a : notifications(ruleId, tags)) {
      if (a.state() == state) {
        last = a;
      }
    }
    if (last == null) {
      throw failure("expected a " + state + " notification " + describe(ruleId, tags(ruleId,
          tags)) + " but the notifications were " + summary(notifications()));
    }
    return last;
  }

  /** Asserts that no listener was called for an alert of the rule matching the tags in state. */
  public void assertNotNotified(String ruleId, AlertState state, String... tags) {
    requireNonNull(state, "state");
    for (Alert a : notifications(ruleId, tags)) {
      if (a.state() == state) {
        throw failure("expected no " + state + " notification " + describe(ruleId,
            tags(ruleId, tags)) + " but got " + summary(List.of(a)));
      }
    }
  }

  /** Asserts that no listener has been called (since the start or the last clear). */
  public void assertNoNotifications() {
    List<Alert> all = notifications();
    if (!all.isEmpty()) {
      throw failure("expected no notification but got " + summary(all));
    }
  }

  private static Map<String, String> tags(String ruleId, String... tags) {
    requireNonNull(ruleId, "ruleId");
    requireNonNull(tags, "tags");
    if (tags.length % 2 != 0) {
      throw new IllegalArgumentException("tags must be key/value pairs but " + tags.length
          + " were given");
    }
    Map<String, String> map = new TreeMap<>();
    for (int i = 0; i < tags.length; i += 2) {
      map.put(requireNonNull(tags[i], "tag key"), requireNonNull(tags[i + 1], "tag value"));
    }
    return map;
  }

  private static List<Alert> matching(List<Alert> alerts, String ruleId,
      Map<String, String> wanted) {
    List<Alert> out = new ArrayList<>();
    for (Alert a : alerts) {
      if (matches(a, ruleId, wanted)) {
        out.add(a);
      }
    }
    return out;
  }

  private static boolean matches(Alert a, String ruleId, Map<String, String> wanted) {
    return a.ruleId().equals(ruleId) && a.group().entrySet().containsAll(wanted.entrySet());
  }

  private static String describe(String ruleId, Map<String, String> wanted) {
    return wanted.isEmpty() ? "'" + ruleId + "'" : "'" + ruleId + "' with " + wanted;
  }

  private static String summary(List<Alert> alerts) {
    if (alerts.isEmpty()) {
      return "[]";
    }
    StringBuilder sb = new StringBuilder("[");
    for (Alert a : alerts) {
      if (sb.length() > 1) {
        sb.append(", ");
      }
      sb.append(a.key()).append(' ').append(a.state());
      if (a.isReminder()) {
        sb.append(" (reminder)");
      }
      sb.append(" value=").append(a.value());
    }
    return sb.append(']').toString();
  }

  private AssertionError failure(String message) {
    return new AssertionError(message + " at " + clock.instant());
  }

  // ---- access ----------------------------------------------------------------------------------

  /** Returns the kit's monitor, to feed it in ways the kit does not wrap. */
  public Monitor monitor() {
    return monitor;
  }

  /** Returns the kit's engine, to acknowledge, resolve or silence alerts. */
  public AlertEngine engine() {
    return engine;
  }

  /** Closes the engine, then the monitor and its event store. Idempotent. */
  @Override
  public void close() {
    try {
      engine.close();
    } finally {
      try {
        monitor.close();
      } finally {
        events.close();
      }
    }
  }

  /**
   * The monitor's event store, counting the events appended to it. Thread-safe as the store it
   * wraps; appends come from the monitor's store thread.
   */
  private static final class CountingEventStore implements EventStore {
    private final EventStore store;
    final AtomicLong appended = new AtomicLong();

    CountingEventStore(EventStore store) {
      this.store = store;
    }

    @Override
    public void append(List<MonitorEvent> batch) {
      store.append(batch);
      appended.addAndGet(batch.size()); // after: counted events are findable
    }

    @Override
    public Page<MonitorEvent> find(EventQuery query) {
      return store.find(query);
    }

    @Override
    public Page<EventGroup> groups(EventQuery query) {
      return store.groups(query);
    }

    @Override
    public EventStats stats(Instant from, Instant to, int topGroups) {
      return store.stats(from, to, topGroups);
    }

    @Override
    public long deleteBefore(Instant cutoff) {
      return store.deleteBefore(cutoff);
    }

    @Override
    public long size() {
      return store.size();
    }

    @Override
    public long groupCount() {
      return store.groupCount();
    }

    @Override
    public void close() {
      store.close();
    }
  }

  /** A clock that moves only when told. Thread-safe: the pipeline thread reads it. */
  private static final class VirtualClock implements InstantSource {
    private final AtomicLong millis;

    VirtualClock(Instant start) {
      this.millis = new AtomicLong(start.toEpochMilli());
    }

    void advance(Duration d) {
      millis.addAndGet(d.toMillis());
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis.get());
    }

    @Override
    public long millis() {
      return millis.get();
    }
  }

  /**
   * Builds an {@link AlertTestKit}. Setters validate at once. Not thread-safe.
   */
  public static final class Builder {
    private final List<AlertRule> rules = new ArrayList<>();
    private final List<AlertListener> listeners = new ArrayList<>();
    private final List<MaintenanceWindow> maintenance = new ArrayList<>();
    private final List<InhibitRule> inhibitRules = new ArrayList<>();
    private Instant start = DEFAULT_START;
    private Classifier classifier;
    private AlertStore store;
    private Duration eventTimeout = Duration.ofSeconds(10);

    private Builder() {}

    /** Adds a rule. */
    public Builder rule(AlertRule rule) {
      rules.add(requireNonNull(rule, "rule"));
      return this;
    }

    /** Adds rules, such as an SLO's {@code alertRules()}. */
    public Builder rules(Iterable<AlertRule> rules) {
      requireNonNull(rules, "rules");
      for (AlertRule rule : rules) {
        rule(rule);
      }
      return this;
    }

    /** Sets the instant the virtual clock starts at; default {@link #DEFAULT_START}. */
    public Builder startAt(Instant start) {
      this.start = requireNonNull(start, "start");
      return this;
    }

    /** Sets the monitor's classifier, to test event rules against your own classification. */
    public Builder classifier(Classifier classifier) {
      this.classifier = requireNonNull(classifier, "classifier");
      return this;
    }

    /** Adds a listener of your own (a notifier under test) after the kit's recording one. */
    public Builder listener(AlertListener listener) {
      listeners.add(requireNonNull(listener, "listener"));
      return this;
    }

    /** Adds a maintenance window to the engine, to test what it mutes and when. */
    public Builder maintenance(MaintenanceWindow window) {
      maintenance.add(requireNonNull(window, "window"));
      return this;
    }

    /** Adds an inhibit rule to the engine. */
    public Builder inhibit(InhibitRule rule) {
      inhibitRules.add(requireNonNull(rule, "rule"));
      return this;
    }

    /** Sets the engine's store; default a new in-memory one. */
    public Builder store(AlertStore store) {
      this.store = requireNonNull(store, "store");
      return this;
    }

    /**
     * Sets how long to wait at most for captured events to reach {@code vigil.events}; default
     * ten seconds.
     *
     * @throws IllegalArgumentException if not positive
     */
    public Builder eventTimeout(Duration eventTimeout) {
      requireNonNull(eventTimeout, "eventTimeout");
      if (eventTimeout.isNegative() || eventTimeout.isZero()) {
        throw new IllegalArgumentException("eventTimeout must be positive but was "
            + eventTimeout);
      }
      this.eventTimeout = eventTimeout;
      return this;
    }

    /**
     * Starts the kit: a monitor on the virtual clock and an engine for the rules (not started).
     *
     * @throws dev.vigil.alerts.InvalidAlertRuleException if two rules share an id
     */
    public AlertTestKit build() {
      return new AlertTestKit(this);
    }
  }
}
