package dev.vigil.alerts;

import static java.util.Objects.requireNonNull;

import dev.vigil.EventListener;
import dev.vigil.Monitor;
import dev.vigil.MonitorEvent;
import dev.vigil.Subscription;
import dev.vigil.alerts.internal.PassSeries;
import dev.vigil.cluster.Leadership;
import dev.vigil.internal.VigilThread;
import dev.vigil.metrics.SeriesStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
 * alert starts PENDING (or FIRING at once if the rule has neither a pending period nor more than
 * one {@linkplain AlertRule#pendingEvaluations() pending evaluation}). A pending alert fires once
 * the condition has breached at every evaluation for the pending period and at least that many
 * evaluations, and resolves if it stops breaching before. A firing alert resolves once its
 * condition has been clear (on the clear side of the clear threshold, if the condition has one)
 * for the rule's keep-firing period; a breach in between starts that period over. No data and
 * failed evaluations are treated as the rule's {@link AlertRule#onNoData()} and {@link
 * AlertRule#onError()} say. With {@linkplain AlertRule#flapThreshold() flap detection}, an alert
 * that fires and resolves too often becomes FLAPPING instead. Each transition is saved in the
 * store, then published to the listeners.
 *
 * <p><b>Acknowledgements, silences, reminders.</b> A FIRING alert can be {@linkplain #acknowledge
 * acknowledged} (ACKNOWLEDGED until the acknowledgement expires, then FIRING again if it still
 * holds) or {@linkplain #resolve resolved by hand}. A firing alert that an active {@linkplain
 * #silence(Silence) silence}, a {@linkplain Builder#maintenance(MaintenanceWindow) maintenance
 * window} or an {@linkplain Builder#inhibit(InhibitRule) inhibit rule} mutes becomes SILENCED,
 * and FIRING again when that ends.
 * An alert that stays FIRING is published again every {@linkplain AlertRule#repeatInterval()
 * repeat interval} as a {@linkplain Alert#isReminder() reminder}. An acknowledged or silenced
 * alert still resolves when its condition clears (after the keep-firing period).
 *
 * <p><b>Cluster.</b> When several instances of an application share one store (the JDBC store),
 * each builds its engine with the cluster's {@linkplain Builder#leadership(Leadership)
 * leadership}, so that one of them at a time evaluates: on the others, scheduled and
 * event-triggered evaluations do nothing, and {@link #evaluate()} evaluates nothing and returns
 * an empty list. {@link #acknowledge acknowledge}, {@link #resolve resolve}, {@link
 * #silence(Silence) silence} and {@link #expire expire} work on every instance: they are a
 * person's actions, written to the shared store, which the leader reads at its next evaluation.
 * The engine keeps no alert state of its own, so an instance that becomes the leader carries on
 * from the store: what fired does not fire again. The store refuses a write derived from an
 * alert that another instance changed meanwhile (see {@link AlertStore}): a stale evaluation never
 * undoes an acknowledgement, and a refused transition is not published.
 *
 * <p><b>Threading.</b> Thread-safe. Evaluations, acknowledgements, manual resolutions and
 * silence changes run one at a time (a lock): on the caller's thread for those and {@link
 * #evaluate()}, and on one daemon thread, {@code vigil-alerts-<monitor>-1}, once started. An
 * exception from a condition or the store is caught and counted ({@link
 * #evaluationFailures()}); the other rules are still evaluated, except when the silences cannot
 * be read (then no rule is, as a silenced alert could fire). Nothing is logged. A listener must
 * not acknowledge or resolve alerts on the evaluating thread (that throws): hand such calls to
 * another thread.
 *
 * <p><b>Meters.</b> The engine registers the meters of {@link AlertMeters} in the monitor's
 * {@linkplain Monitor#meterRegistry() registry} when it is built, tagged with the monitor's name,
 * and removes them when it is {@linkplain #close() closed}: rule evaluations by outcome, the time
 * of each {@link #evaluate()} pass (scheduled evaluations are counted, not timed), the active
 * alerts by state (read from the store when the gauge is read), and transitions by target state.
 */
public final class AlertEngine implements AutoCloseable {

  private final Monitor monitor;
  private final List<AlertRule> rules;
  private final List<AlertRule> evaluationOrder;
  private final AlertStore store;
  private final List<AlertListener> listeners;
  private final List<InhibitRule> inhibitRules;
  private final List<MaintenanceWindow> maintenance;
  private final Leadership leadership;
  private final ReentrantLock lock = new ReentrantLock();
  private final LongAdder evaluationFailures = new LongAdder();
  private final LongAdder listenerFailures = new LongAdder();
  private final LongAdder evaluations = new LongAdder();
  private final MeterRegistry registry;
  private final List<Meter> meters = new ArrayList<>();
  private final Timer evaluationTimer;
  private final Map<AlertState, Counter> transitions = new EnumMap<>(AlertState.class);
  private ScheduledExecutorService scheduler; // guarded by this
  private Subscription eventSubscription; // guarded by this
  private Mutes evaluating; // guarded by lock: the mutes of the evaluation under way, or null
  private final PassSeries.Indexes seriesIndexes = new PassSeries.Indexes(); // guarded by lock
  private boolean closed; // guarded by this

  private AlertEngine(Builder b) {
    this.monitor = b.monitor;
    this.rules = List.copyOf(b.rules.values());
    this.store = b.store != null ? b.store : AlertStore.inMemory();
    this.listeners = List.copyOf(b.listeners);
    this.inhibitRules = List.copyOf(b.inhibitRules);
    this.maintenance = List.copyOf(b.maintenance.values());
    this.leadership = b.leadership;
    this.evaluationOrder = sourcesFirst(rules, inhibitRules);
    this.registry = monitor.meterRegistry();
    String name = monitor.name();
    meters.add(FunctionCounter.builder(AlertMeters.EVALUATIONS, evaluations, LongAdder::sum)
        .description("Alert rule evaluations").tag("monitor", name).tag("outcome", "success")
        .register(registry));
    meters.add(FunctionCounter.builder(AlertMeters.EVALUATIONS, evaluationFailures,
            LongAdder::sum)
        .description("Alert rule evaluations").tag("monitor", name).tag("outcome", "failure")
        .register(registry));
    evaluationTimer = Timer.builder(AlertMeters.EVALUATION)
        .description("One evaluation pass over every alert rule").tag("monitor", name)
        .register(registry);
    meters.add(evaluationTimer);
    for (AlertState state : AlertState.values()) {
      if (state.isActive()) {
        meters.add(Gauge.builder(AlertMeters.ACTIVE, this, e -> e.countActive(state))
            .description("Active alerts in the store").tag("monitor", name)
            .tag("state", state.name()).register(registry));
      }
      Counter counter = Counter.builder(AlertMeters.TRANSITIONS)
          .description("Alert transitions published").tag("monitor", name)
          .tag("to", state.name()).register(registry);
      meters.add(counter);
      transitions.put(state, counter);
    }
  }

  /**
   * Returns {@code rules} with those whose alerts may inhibit others first (their labels known
   * before any group, {@code alertname}, {@code severity} and the rule's labels, do not rule it
   * out), so that a source and its targets breaching together mute the targets in the same pass.
   */
  private static List<AlertRule> sourcesFirst(List<AlertRule> rules, List<InhibitRule> inhibit) {
    if (inhibit.isEmpty()) {
      return rules;
    }
    List<AlertRule> sources = new ArrayList<>();
    List<AlertRule> others = new ArrayList<>();
    for (AlertRule rule : rules) {
      Map<String, String> known = new HashMap<>(rule.labels());
      known.put("severity", rule.severity().name());
      known.put("alertname", rule.id());
      boolean source = false;
      for (InhibitRule r : inhibit) {
        source |= r.sourceMayMatch(known);
      }
      (source ? sources : others).add(rule);
    }
    sources.addAll(others);
    return List.copyOf(sources);
  }

  /** Returns a builder; a monitor is required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Evaluates every rule now, saves and publishes the transitions, and returns them. On an
   * instance that does not {@linkplain Builder#leadership(Leadership) lead} the cluster, evaluates
   * nothing and returns an empty list, so that two instances never evaluate at once.
   *
   * @return the alerts that changed state, each as of after its change ({@link
   *     Alert#lastTransition()} is the change), in evaluation order (the rules in the order
   *     added, those whose alerts may {@linkplain Builder#inhibit inhibit} others first);
   *     unmodifiable
   */
  public List<Alert> evaluate() {
    if (!leadership.isLeader()) {
      return List.of();
    }
    long start = System.nanoTime();
    List<Alert> changed = new ArrayList<>();
    lock.lock();
    try {
      PassSeries pass = new PassSeries(monitor.series(), seriesIndexes);
      // one time, one read of the silences and one of the active alerts for the whole pass
      Instant now = monitor.clock().instant();
      Mutes mutes;
      try {
        mutes = new Mutes(now);
      } catch (RuntimeException e) {
        // without the silences no rule can be evaluated safely: each counts as failed
        evaluationFailures.add(rules.size());
        evaluationTimer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        return List.of();
      }
      Map<String, List<Alert>> activeByRule = activeByRule();
      evaluating = mutes;
      for (AlertRule rule : evaluationOrder) {
        evaluate(rule, pass, now, mutes, activeByRule, changed);
      }
    } finally {
      evaluating = null;
      lock.unlock();
    }
    evaluationTimer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    return Collections.unmodifiableList(changed);
  }

  /** Returns the active alerts by rule id, or null if the store fails (each rule reads then). */
  private Map<String, List<Alert>> activeByRule() {
    try {
      Map<String, List<Alert>> byRule = new HashMap<>();
      for (Alert alert : store.active()) {
        byRule.computeIfAbsent(alert.ruleId(), r -> new ArrayList<>(2)).add(alert);
      }
      return byRule;
    } catch (RuntimeException e) {
      return null;
    }
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
    ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(
        VigilThread.factory("vigil-alerts-" + monitor.name()));
    List<AlertRule> onEvent = new ArrayList<>();
    for (AlertRule rule : rules) {
      if (rule.evaluatesOnEvent()) {
        onEvent.add(rule);
      }
    }
    if (!onEvent.isEmpty()) {
      try {
        eventSubscription = monitor.subscribe(new EventTrigger(onEvent, executor));
      } catch (RuntimeException e) { // the monitor is closed
        executor.shutdownNow();
        throw e;
      }
    }
    scheduler = executor;
    for (AlertRule rule : rules) {
      long millis = rule.interval().toMillis();
      scheduler.scheduleWithFixedDelay(() -> evaluateScheduled(rule), 0, millis,
          TimeUnit.MILLISECONDS);
    }
    return this;
  }

  /**
   * Evaluates the rules {@linkplain AlertRule#evaluatesOnEvent() evaluated on events} when an
   * event they count is stored, on the engine's thread. Runs on the subscription's thread; an
   * evaluation already queued for a rule absorbs later events, so a burst costs one or two.
   */
  private final class EventTrigger implements EventListener {
    private final List<AlertRule> rules;
    private final List<AtomicBoolean> queued = new ArrayList<>();
    private final ScheduledExecutorService executor;

    EventTrigger(List<AlertRule> rules, ScheduledExecutorService executor) {
      this.rules = rules;
      this.executor = executor;
      for (int i = 0; i < rules.size(); i++) {
        queued.add(new AtomicBoolean());
      }
    }

    @Override
    public void onEvent(MonitorEvent event) {
      if (!leadership.isLeader()) {
        return; // the leader evaluates the rule: at its interval, or on the events it stores
      }
      for (int i = 0; i < rules.size(); i++) {
        AlertRule rule = rules.get(i);
        AtomicBoolean flag = queued.get(i);
        if (((EventCountCondition) rule.condition()).counts(event) && flag.compareAndSet(false,
            true)) {
          try {
            executor.execute(() -> {
              flag.set(false);
              evaluateScheduled(rule);
            });
          } catch (RejectedExecutionException closed) {
            return;
          }
        }
      }
    }
  }

  /**
   * Stops scheduled evaluation, waiting up to a second for a running one to finish, and removes
   * the engine's {@linkplain AlertMeters meters} from the registry. Does not close the monitor or
   * the store. Idempotent.
   */
  @Override
  public void close() {
    ScheduledExecutorService running;
    synchronized (this) {
      if (!closed) {
        meters.forEach(registry::remove);
      }
      closed = true;
      running = scheduler;
      scheduler = null;
      if (eventSubscription != null) {
        eventSubscription.close();
        eventSubscription = null;
      }
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

  /**
   * Acknowledges the FIRING alert {@code alertKey} for {@code expiry}: it becomes ACKNOWLEDGED
   * (saved, published, returned). If its condition still holds when the acknowledgement expires,
   * it returns to FIRING and is published again; if the condition clears first, it resolves as
   * usual. See {@link #acknowledge(String, String, String, Instant)}.
   *
   * @throws IllegalArgumentException if no active alert has that key, {@code who} is blank or
   *     {@code expiry} is not positive
   * @throws IllegalStateException if the alert is not FIRING, ACKNOWLEDGED or FLAPPING
   */
  public Alert acknowledge(String alertKey, String who, String comment, Duration expiry) {
    requireNonNull(expiry, "expiry");
    if (expiry.isNegative() || expiry.isZero()) {
      throw new IllegalArgumentException("the acknowledgement's expiry must be positive but was "
          + expiry);
    }
    lock.lock();
    try {
      return acknowledge(alertKey, who, comment, monitor.clock().instant().plus(expiry));
    } finally {
      lock.unlock();
    }
  }

  /**
   * Acknowledges the FIRING alert {@code alertKey} until {@code until} (or extends the
   * acknowledgement of an ACKNOWLEDGED one, or quiets a FLAPPING one): it becomes ACKNOWLEDGED,
   * with an {@link Alert#acknowledgement()} and a transition whose reason names {@code who} and
   * the comment; the alert is saved, published to the listeners (on the calling thread) and
   * returned. Reminders stop while it is acknowledged. Works on every instance of a cluster; if
   * another instance changes the alert's state meanwhile, it is acknowledged as it is then (when
   * that state can be acknowledged).
   *
   * @param alertKey the alert's {@linkplain Alert#key() key}, such as {@code
   *     oauth-failures{platform=tiktok}}
   * @param who who acknowledges; not blank
   * @param comment why; may be empty
   * @param until when the acknowledgement expires; after now
   * @throws IllegalArgumentException if no active alert has that key, {@code who} is blank or
   *     {@code until} is not after now
   * @throws IllegalStateException if the alert is not FIRING, ACKNOWLEDGED or FLAPPING, if
   *     called from a listener during an evaluation, or if another instance changed the alert's
   *     state at each of 3 attempts
   */
  public Alert acknowledge(String alertKey, String who, String comment, Instant until) {
    requireNonNull(alertKey, "alertKey");
    requireNonNull(who, "who");
    requireNonNull(comment, "comment");
    requireNonNull(until, "until");
    checkWho(who);
    lock.lock();
    try {
      checkNotEvaluating();
      Instant now = monitor.clock().instant();
      if (!until.isAfter(now)) {
        throw new IllegalArgumentException("the acknowledgement must end after now (" + now
            + ") but ends at " + until);
      }
      for (int attempt = 1; ; attempt++) {
        Alert alert = activeAlert(alertKey);
        if (alert.state() != AlertState.FIRING && alert.state() != AlertState.ACKNOWLEDGED
            && alert.state() != AlertState.FLAPPING) {
          throw new IllegalStateException("alert '" + alertKey + "' is " + alert.state()
              + ": only a FIRING, ACKNOWLEDGED (to extend) or FLAPPING alert can be "
              + "acknowledged");
        }
        Alert acked = alert.moveTo(AlertState.ACKNOWLEDGED, now, "acknowledged by " + who
            + " until " + until + withComment(comment), alert.value())
            .withAcknowledgement(new Acknowledgement(who, comment, now, until));
        Alert saved = publish(rule(alert), acked, new ArrayList<>());
        if (saved != null) {
          return saved;
        }
        checkAttempts(alertKey, attempt);
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Resolves the active alert {@code alertKey} by hand, whatever its state: it becomes RESOLVED
   * now with a transition whose reason names {@code who} and the comment, and is saved, published
   * (on the calling thread) and returned. If the condition still holds, the next evaluation opens
   * a new alert (PENDING first, if the rule has a pending period). Works on every instance of a
   * cluster; if another instance changes the alert's state meanwhile, it is resolved as it is
   * then.
   *
   * @throws IllegalArgumentException if no active alert has that key or {@code who} is blank
   * @throws IllegalStateException if called from a listener during an evaluation, or if another
   *     instance changed the alert's state at each of 3 attempts
   */
  public Alert resolve(String alertKey, String who, String comment) {
    requireNonNull(alertKey, "alertKey");
    requireNonNull(who, "who");
    requireNonNull(comment, "comment");
    checkWho(who);
    lock.lock();
    try {
      checkNotEvaluating();
      Instant now = monitor.clock().instant();
      for (int attempt = 1; ; attempt++) {
        Alert alert = activeAlert(alertKey);
        AlertRule rule = rule(alert);
        Alert resolved = alert.moveTo(AlertState.RESOLVED, now,
            "resolved by hand by " + who + withComment(comment), alert.value());
        if (rule.flapThreshold() > 0 && alert.state().hasFired()) {
          resolved = resolved.withChanges(withChange(rule, alert.changes(), now));
        }
        Alert saved = publish(rule, resolved, new ArrayList<>());
        if (saved != null) {
          return saved;
        }
        checkAttempts(alertKey, attempt);
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Adds {@code silence} to the store (replacing one with the same id), starting now if it has no
   * start. If it is in effect, the FIRING alerts it matches become SILENCED at once (saved and
   * published on the calling thread); otherwise from the evaluation after it starts. An alert that
   * another instance changes meanwhile is silenced by the leader's next evaluation instead.
   *
   * @return the silence as kept, with its start set
   * @throws IllegalArgumentException if the silence ends now or in the past
   * @throws IllegalStateException if called from a listener during an evaluation
   */
  public Silence silence(Silence silence) {
    requireNonNull(silence, "silence");
    lock.lock();
    try {
      checkNotEvaluating();
      Instant now = monitor.clock().instant();
      if (!silence.endsAt().isAfter(now)) {
        throw new IllegalArgumentException("the silence's endsAt " + silence.endsAt()
            + " is not after now (" + now + "): it would never be in effect");
      }
      Silence kept = silence.startsAt() == null ? silence.startingAt(now) : silence;
      store.saveSilence(kept);
      if (kept.isActiveAt(now)) { // mutes the firing alerts it matches now
        Muting muting = new Muting(Muting.Kind.SILENCE, kept.id());
        for (Alert alert : store.active()) {
          if (alert.state() == AlertState.FIRING && kept.matches(alert.matchLabels())) {
            publish(rule(alert), alert.moveTo(AlertState.SILENCED, now, "silenced by "
                + kept.createdBy() + " until " + kept.endsAt() + " (silence " + kept.id() + ")"
                + withComment(kept.comment()), alert.value()).withMuting(muting),
                new ArrayList<>());
          }
        }
      }
      return kept;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Returns the silences that have not ended, in effect or starting later, in the order they
   * were added; unmodifiable.
   */
  public List<Silence> silences() {
    Instant now = monitor.clock().instant();
    List<Silence> current = new ArrayList<>();
    for (Silence s : store.silences()) {
      if (now.isBefore(s.endsAt())) {
        current.add(s);
      }
    }
    return Collections.unmodifiableList(current);
  }

  /**
   * Ends the silence {@code silenceId} now, removing it from the store; from the next evaluation
   * on, the alerts it silenced return to FIRING if their condition still holds.
   *
   * @throws IllegalArgumentException if no silence that has not ended has that id
   */
  public void expire(String silenceId) {
    requireNonNull(silenceId, "silenceId");
    lock.lock();
    try {
      boolean known = false;
      for (Silence s : silences()) {
        known |= s.id().equals(silenceId);
      }
      if (!known) {
        throw new IllegalArgumentException("no silence with id '" + silenceId + "'");
      }
      store.removeSilence(silenceId);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Refuses a call from a listener during an evaluation (on the evaluating thread): the
   * evaluation would then save over it the alert as it read it before.
   */
  private void checkNotEvaluating() {
    if (evaluating != null) { // guarded by the lock, which the caller holds
      throw new IllegalStateException("alerts cannot be acknowledged, resolved or silenced "
          + "from a listener while the engine evaluates: hand the call to another thread");
    }
  }

  /**
   * Gives up after a few refused saves of a person's change: each refusal means the alert changed
   * state on another instance meanwhile, so the change is tried again on the alert as it is now.
   */
  private static void checkAttempts(String alertKey, int attempt) {
    if (attempt >= MAX_ATTEMPTS) {
      throw new IllegalStateException("alert '" + alertKey + "' changed on another instance at "
          + "each of " + MAX_ATTEMPTS + " attempts: try again");
    }
  }

  private static void checkWho(String who) {
    if (who.isBlank()) {
      throw new IllegalArgumentException("who must not be blank");
    }
  }

  private static String withComment(String comment) {
    return comment.isEmpty() ? "" : ": " + comment;
  }

  private Alert activeAlert(String key) {
    for (Alert alert : store.active()) {
      if (alert.key().equals(key)) {
        return alert;
      }
    }
    throw new IllegalArgumentException("no active alert with key '" + key + "'");
  }

  private AlertRule rule(Alert alert) {
    for (AlertRule rule : rules) {
      if (rule.id().equals(alert.ruleId())) {
        return rule;
      }
    }
    throw new IllegalArgumentException("alert '" + alert.key() + "' is of rule '"
        + alert.ruleId() + "', which is not in this engine");
  }

  /**
   * Evaluates one rule on the engine's thread; whatever it throws is counted, so that the rule's
   * schedule (which an exception would end) goes on.
   */
  private void evaluateScheduled(AlertRule rule) {
    if (!leadership.isLeader()) {
      return;
    }
    try {
      evaluate(rule, monitor.series(), new ArrayList<>());
    } catch (VirtualMachineError e) {
      throw e;
    } catch (Throwable e) {
      evaluationFailures.increment();
    }
  }

  /** Evaluates one rule on its own (scheduled, or on an event). */
  private void evaluate(AlertRule rule, SeriesStore series, List<Alert> changed) {
    lock.lock();
    try {
      Instant now = monitor.clock().instant();
      evaluating = new Mutes(now);
      evaluate(rule, series, now, evaluating, null, changed);
    } catch (RuntimeException e) {
      evaluationFailures.increment(); // the silences could not be read
    } finally {
      evaluating = null;
      lock.unlock();
    }
  }

  /**
   * Evaluates one rule at {@code now}; {@code activeByRule} holds the active alerts of a pass
   * (null: read the rule's from the store). Called with the lock held.
   */
  private void evaluate(AlertRule rule, SeriesStore series, Instant now, Mutes mutes,
      Map<String, List<Alert>> activeByRule, List<Alert> changed) {
    try {
      Map<SortedMap<String, String>, Reading> readings;
      try {
        readings = rule.condition().evaluate(series, monitor.eventStore(), now,
            rule.groupBy());
      } catch (RuntimeException e) {
        evaluationFailures.increment();
        try {
          treatError(rule, e, now, mutes, changed);
        } catch (RuntimeException storeFailure) {
          // counted once, above
        }
        return;
      }
      List<Alert> activeOfRule = activeByRule == null ? store.active(rule.id())
          : activeByRule.getOrDefault(rule.id(), List.of());
      if (activeOfRule.isEmpty()) {
        for (Map.Entry<SortedMap<String, String>, Reading> entry : readings.entrySet()) {
          step(rule, entry.getKey(), null, treatNoData(rule, entry.getValue()), now, mutes,
              changed);
        }
        evaluations.increment();
        return;
      }
      Map<Map<String, String>, Alert> active = new LinkedHashMap<>();
      for (Alert alert : activeOfRule) {
        active.put(alert.group(), alert);
      }
      for (Map.Entry<SortedMap<String, String>, Reading> entry : readings.entrySet()) {
        step(rule, entry.getKey(), active.remove(entry.getKey()),
            treatNoData(rule, entry.getValue()), now, mutes, changed);
      }
      if (!active.isEmpty()) {
        Reading vanished = treatNoData(rule, rule.condition().vanished());
        for (Alert alert : active.values()) {
          // the empty group of a grouped rule is the alert of a failed evaluation: it clears
          // once an evaluation succeeds, whatever the no-data treatment
          step(rule, alert.group(), alert, alert.group().isEmpty() && !rule.groupBy().isEmpty()
              ? RECOVERED : vanished, now, mutes, changed);
        }
      }
      evaluations.increment();
    } catch (RuntimeException e) {
      evaluationFailures.increment();
    }
  }

  /** How many times a person's change is tried on an alert that keeps changing meanwhile. */
  private static final int MAX_ATTEMPTS = 3;

  private static final Reading RECOVERED = new Reading(Double.NaN, false, true,
      "the rule's evaluation succeeds again");

  /** Returns {@code r}, or what the rule's no-data treatment makes of it when it has no value. */
  private static Reading treatNoData(AlertRule rule, Reading r) {
    if (!Double.isNaN(r.value()) || rule.onNoData() == Treatment.NOT_BREACHING
        || rule.condition() instanceof AbsenceCondition) {
      return r;
    }
    return rule.onNoData() == Treatment.BREACHING
        ? new Reading(Double.NaN, true, false, () -> r.description()
            + " (no data, treated as breaching)")
        : Reading.ignored(() -> r.description() + " (no data, ignored)");
  }

  /** Applies the rule's error treatment to its active alerts after its condition threw. */
  private void treatError(AlertRule rule, RuntimeException e, Instant now, Mutes mutes,
      List<Alert> changed) {
    if (rule.onError() == Treatment.IGNORE) {
      return;
    }
    boolean breaching = rule.onError() == Treatment.BREACHING;
    String description = "evaluation failed (" + e + "), treated as "
        + (breaching ? "breaching" : "not breaching");
    Reading r = new Reading(Double.NaN, breaching, !breaching, description);
    List<Alert> activeOfRule = store.active(rule.id());
    for (Alert alert : activeOfRule) {
      step(rule, alert.group(), alert, r, now, mutes, changed);
    }
    if (breaching && activeOfRule.isEmpty()) {
      step(rule, Collections.emptySortedMap(), null, r, now, mutes, changed);
    }
  }

  private void step(AlertRule rule, SortedMap<String, String> group, Alert alert, Reading r,
      Instant now, Mutes mutes, List<Alert> changed) {
    if (r.isIgnored()) {
      return;
    }
    if (alert == null) {
      if (r.breached()) {
        String reason = "condition met: " + r.description();
        List<Instant> changes = rule.flapThreshold() == 0 ? List.of()
            : recentChanges(rule, Alert.key(rule.id(), group), now);
        if (!rule.pendingFor().isZero() || rule.pendingEvaluations() > 1) {
          publish(rule, Alert.open(rule, group, AlertState.PENDING, now, reason, r.value())
              .withChanges(changes), changed);
        } else {
          publish(rule, fire(rule, Alert.open(rule, group, AlertState.PENDING, now, reason,
              r.value()).withChanges(changes), Firing.OPEN, now, reason, r.value(), mutes), changed);
        }
      }
      return;
    }
    switch (alert.state()) {
      case PENDING -> stepPending(rule, alert, r, now, mutes, changed);
      case FLAPPING -> stepFlapping(rule, alert, r, now, mutes, changed);
      default -> stepFired(rule, alert, r, now, mutes, changed);
    }
  }

  private void stepPending(AlertRule rule, Alert alert, Reading r, Instant now, Mutes mutes,
      List<Alert> changed) {
    if (!r.breached()) {
      publish(rule, alert.moveTo(AlertState.RESOLVED, now, "condition no longer met "
          + (rule.pendingFor().isZero() ? "while pending: " : "within the pending period of "
          + rule.pendingFor() + ": ") + r.description(), r.value()), changed);
      return;
    }
    int breaches = Math.min(alert.breaches() + 1, rule.pendingEvaluations());
    Alert current = alert.update(r.value(), null).withBreaches(breaches);
    if (!now.isBefore(alert.activeSince().plus(rule.pendingFor()))
        && breaches >= rule.pendingEvaluations()) {
      String held = rule.pendingEvaluations() == 1 ? "the pending period of "
          + rule.pendingFor() : rule.pendingFor().isZero() ? rule.pendingEvaluations()
          + " consecutive evaluations" : "the pending period of " + rule.pendingFor() + " and "
          + rule.pendingEvaluations() + " consecutive evaluations";
      publish(rule, fire(rule, current, Firing.FROM_PENDING, now, "condition met for " + held + ": "
          + r.description(), r.value(), mutes), changed);
      return;
    }
    if (breaches != alert.breaches()) {
      save(current);
    } else {
      saveIfChanged(alert, current);
    }
  }

  /**
   * Steps a FLAPPING alert: records each change between breaching and clear, and once there was
   * none for the flap window, settles it to FIRING (or SILENCED) or RESOLVED.
   */
  private void stepFlapping(AlertRule rule, Alert alert, Reading r, Instant now, Mutes mutes,
      List<Alert> changed) {
    Alert current = alert.update(r.value(), alert.clearingSince());
    boolean clear = alert.clearingSince() != null;
    if (clear && r.breached() || !clear && r.cleared()) {
      current = alert.update(r.value(), clear ? null : now)
          .withChanges(withChange(rule, alert.changes(), now));
    }
    List<Instant> changes = current.changes();
    Instant lastChange = changes.isEmpty() ? alert.lastTransition().at()
        : changes.get(changes.size() - 1);
    if (now.isBefore(lastChange.plus(rule.flapWindow()))) {
      saveIfChanged(alert, current);
      return;
    }
    String steady = "stopped flapping, the condition held steady for " + rule.flapWindow()
        + ": " + r.description();
    if (current.clearingSince() != null) {
      publish(rule, current.moveTo(AlertState.RESOLVED, now, steady, r.value()), changed);
    } else {
      publish(rule, fire(rule, current, Firing.RETURN, now, steady, r.value(), mutes), changed);
    }
  }

  /** Steps an alert that has fired: FIRING, ACKNOWLEDGED or SILENCED. */
  private void stepFired(AlertRule rule, Alert alert, Reading r, Instant now, Mutes mutes,
      List<Alert> changed) {
    Instant clearing = null;
    if (r.cleared()) {
      Instant since = alert.clearingSince() == null ? now : alert.clearingSince();
      Duration keep = rule.keepFiringFor();
      if (!now.isBefore(since.plus(keep))) {
        String reason = (keep.isZero() ? "condition cleared: "
            : "condition clear for the keep-firing period of " + keep + ": ") + r.description();
        List<Instant> changes = rule.flapThreshold() == 0 ? List.of()
            : withChange(rule, alert.changes(), now);
        // only a FIRING alert turns FLAPPING: a silenced one is quiet already, and an
        // acknowledged one has someone on it
        if (alert.state() == AlertState.FIRING && !changes.isEmpty()
            && changes.size() >= rule.flapThreshold()) {
          publish(rule, alert.moveTo(AlertState.FLAPPING, now, reason + "; " + flapping(rule,
              changes), r.value()).update(r.value(), now).withChanges(changes), changed);
        } else {
          publish(rule, alert.moveTo(AlertState.RESOLVED, now, reason, r.value())
              .withChanges(changes), changed);
        }
        return;
      }
      clearing = since;
    }
    Alert current = alert.update(r.value(), clearing);
    switch (current.state()) {
      case ACKNOWLEDGED -> {
        Acknowledgement ack = current.acknowledgement();
        if (ack == null || !now.isBefore(ack.until())) {
          String by = ack == null ? "unknown" : ack.by();
          publish(rule, fire(rule, current, Firing.RETURN, now, "acknowledgement by " + by
              + " expired: " + r.description(), r.value(), mutes), changed);
          return;
        }
      }
      case SILENCED -> {
        Muting m = mutes.find(current);
        if (m == null) {
          publish(rule, current.moveTo(AlertState.FIRING, now, current.mutedBy() + " ended: "
              + r.description(), r.value()), changed);
          return;
        }
        if (!m.equals(current.mutedBy())) {
          current = current.withMuting(m);
        }
      }
      case FIRING -> {
        Muting m = mutes.find(current);
        if (m != null) {
          publish(rule, current.moveTo(AlertState.SILENCED, now, mutes.describe(m),
              r.value()).withMuting(m), changed);
          return;
        }
        Duration repeat = rule.repeatInterval();
        if (repeat != null && !now.isBefore(current.notifiedAt().plus(repeat))) {
          Alert reminder = current.asReminder(now);
          if (save(reminder.update(reminder.value(), reminder.clearingSince()))) {
            notifyListeners(reminder);
          }
          return;
        }
      }
      default -> { }
    }
    saveIfChanged(alert, current);
  }

  /**
   * Saves {@code current}, the stored {@code alert} after an evaluation without transition, unless
   * it holds the same as {@code alert} (same value, clearing start, muting and changes): the
   * steady state of a firing alert then costs no store write.
   */
  private void saveIfChanged(Alert alert, Alert current) {
    if (alert.isReminder() || Double.compare(alert.value(), current.value()) != 0
        || !Objects.equals(alert.clearingSince(), current.clearingSince())
        || !Objects.equals(alert.mutedBy(), current.mutedBy())
        || alert.changes() != current.changes()) {
      save(current);
    }
  }

  /**
   * Returns {@code alert} (PENDING, ACKNOWLEDGED, FLAPPING…) moved to the state a firing alert
   * should be in now: SILENCED if something mutes it, else FLAPPING if this change makes too
   * many within the flap window, else FIRING.
   *
   * @param how whether {@code alert} is a new alert not yet published, a pending alert, or a
   *     fired alert returning to FIRING; the first two are changes counted by flap detection
   */
  private Alert fire(AlertRule rule, Alert alert, Firing how, Instant now, String reason,
      double value, Mutes mutes) {
    boolean change = how != Firing.RETURN;
    List<Instant> changes = rule.flapThreshold() == 0 || !change ? alert.changes()
        : withChange(rule, alert.changes(), now);
    Muting m = mutes.find(alert);
    AlertState to;
    String why = reason;
    if (m != null) {
      to = AlertState.SILENCED;
      why += "; " + mutes.describe(m);
    } else if (change && rule.flapThreshold() > 0 && changes.size() >= rule.flapThreshold()) {
      to = AlertState.FLAPPING;
      why += "; " + flapping(rule, changes);
    } else {
      to = AlertState.FIRING;
    }
    Alert fired = how == Firing.OPEN ? Alert.open(rule, alert.group(), to, now, why, value)
        : alert.moveTo(to, now, why, value);
    fired = m == null ? fired : fired.withMuting(m);
    return changes.isEmpty() ? fired : fired.withChanges(changes);
  }

  /** How {@link #fire} is reached. */
  private enum Firing {
    /** A new alert fires at once: the alert given only carries the group and changes. */
    OPEN,
    /** A pending alert fires. */
    FROM_PENDING,
    /** A fired alert returns to FIRING: acknowledgement expired, flapping stopped. */
    RETURN
  }

  private static String flapping(AlertRule rule, List<Instant> changes) {
    return "flapping: " + changes.size() + " changes within " + rule.flapWindow()
        + ", no notification until the condition holds steady for " + rule.flapWindow();
  }

  /** Returns {@code changes} within the rule's flap window before {@code now}, plus now. */
  private static List<Instant> withChange(AlertRule rule, List<Instant> changes, Instant now) {
    Instant cutoff = now.minus(rule.flapWindow());
    List<Instant> recent = new ArrayList<>(changes.size() + 1);
    for (Instant t : changes) {
      if (t.isAfter(cutoff)) {
        recent.add(t);
      }
    }
    recent.add(now);
    return List.copyOf(recent);
  }

  /** Returns the changes of the latest resolved alert of {@code key} within the flap window. */
  private List<Instant> recentChanges(AlertRule rule, String key, Instant now) {
    Alert resolved = store.lastResolved(key);
    if (resolved == null) {
      return List.of();
    }
    Instant cutoff = now.minus(rule.flapWindow());
    List<Instant> recent = new ArrayList<>();
    for (Instant t : resolved.changes()) {
      if (t.isAfter(cutoff)) {
        recent.add(t);
      }
    }
    return List.copyOf(recent);
  }

  /**
   * What mutes alerts at one evaluation: the silences in effect (ended ones are dropped from the
   * store) and, read only when first needed, the alerts that may inhibit others.
   */
  private final class Mutes {
    private final List<Silence> silences;
    private final List<MaintenanceWindow> windows; // those active now
    private Map<String, Alert> sources; // alerts that may inhibit, by key; read when first needed

    Mutes(Instant now) {
      List<Silence> stored = store.silences();
      List<Silence> active = stored.isEmpty() ? List.of() : new ArrayList<>();
      for (Silence s : stored) {
        if (!now.isBefore(s.endsAt())) {
          store.removeSilence(s.id());
        } else if (s.isActiveAt(now)) {
          active.add(s);
        }
      }
      this.silences = active;
      List<MaintenanceWindow> open = maintenance.isEmpty() ? List.of() : new ArrayList<>();
      for (MaintenanceWindow w : maintenance) {
        if (w.isActiveAt(now)) {
          open.add(w);
        }
      }
      this.windows = open;
    }

    /** Returns what mutes {@code alert} now, or null. */
    Muting find(Alert alert) {
      if (silences.isEmpty() && windows.isEmpty() && inhibitRules.isEmpty()) {
        return null;
      }
      Map<String, String> labels = alert.matchLabels();
      for (Silence s : silences) {
        if (s.matches(labels)) {
          return new Muting(Muting.Kind.SILENCE, s.id());
        }
      }
      for (MaintenanceWindow w : windows) {
        if (w.matches(labels)) {
          return new Muting(Muting.Kind.MAINTENANCE, w.id());
        }
      }
      for (InhibitRule rule : inhibitRules) {
        if (!rule.targetMatches(labels)) {
          continue;
        }
        String key = alert.key();
        for (Alert source : sources().values()) {
          if (!source.key().equals(key) && rule.inhibits(source.matchLabels(), labels)) {
            return new Muting(Muting.Kind.INHIBITION, source.key());
          }
        }
      }
      return null;
    }

    private Map<String, Alert> sources() {
      if (sources == null) {
        sources = new HashMap<>();
        for (Alert a : store.active()) {
          if (canInhibit(a)) {
            sources.put(a.key(), a);
          }
        }
      }
      return sources;
    }

    /** Keeps the sources current as {@code alert} is saved. */
    void saved(Alert alert) {
      if (sources == null) {
        return; // not read yet: they will be read from the store, this alert included
      }
      if (canInhibit(alert)) {
        sources.put(alert.key(), alert);
      } else {
        sources.remove(alert.key());
      }
    }

    /** An alert that has fired, and is not a FLAPPING one whose condition is clear. */
    private boolean canInhibit(Alert a) {
      if (!a.state().hasFired() || a.state() == AlertState.FLAPPING && a.clearingSince() != null) {
        return false;
      }
      for (InhibitRule rule : inhibitRules) {
        if (rule.sourceMatches(a.matchLabels())) {
          return true;
        }
      }
      return false;
    }

    /** Describes {@code m} for a transition's reason. */
    String describe(Muting m) {
      if (m.kind() == Muting.Kind.SILENCE) {
        for (Silence s : silences) {
          if (s.id().equals(m.id())) {
            return "silenced by " + s.createdBy() + " until " + s.endsAt() + " (silence "
                + s.id() + ")" + withComment(s.comment());
          }
        }
      }
      if (m.kind() == Muting.Kind.MAINTENANCE) {
        for (MaintenanceWindow w : windows) {
          if (w.id().equals(m.id())) {
            return "muted by maintenance window " + w.id() + " (" + w.describe() + ")";
          }
        }
      }
      return m.kind() == Muting.Kind.INHIBITION ? "inhibited by " + m.id() : "muted by " + m;
    }
  }

  /**
   * Saves {@code alert}, keeping the inhibiting alerts of the evaluation under way current;
   * returns whether the store took it (false: another instance changed the alert meanwhile).
   */
  private boolean save(Alert alert) {
    if (!store.save(alert)) {
      return false;
    }
    if (evaluating != null) {
      evaluating.saved(alert);
    }
    return true;
  }

  /**
   * Saves a transition, then hands it to every listener; returns it as saved, or null if the
   * store refused it as stale (then it is neither counted nor published).
   */
  private Alert publish(AlertRule rule, Alert transitioned, List<Alert> changed) {
    Alert alert = transitioned.withAnnotations(rule.renderAnnotations(transitioned));
    if (!save(alert)) {
      return null;
    }
    transitions.get(alert.state()).increment();
    changed.add(alert);
    notifyListeners(alert);
    return alert;
  }

  /** Returns the active alerts in {@code state}, for the gauge; NaN if the store fails. */
  private double countActive(AlertState state) {
    try {
      int n = 0;
      for (Alert alert : store.active()) {
        if (alert.state() == state) {
          n++;
        }
      }
      return n;
    } catch (RuntimeException e) {
      return Double.NaN;
    }
  }

  private void notifyListeners(Alert alert) {
    for (AlertListener listener : listeners) {
      try {
        listener.onTransition(alert);
      } catch (VirtualMachineError e) {
        throw e;
      } catch (Throwable e) { // an AssertionError of a test notifier must not stop the engine
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
    private final List<InhibitRule> inhibitRules = new ArrayList<>();
    private final Map<String, MaintenanceWindow> maintenance = new LinkedHashMap<>();
    private Leadership leadership = Leadership.always();

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

    /**
     * Adds an inhibit rule: while an alert matching its source has fired, the alerts matching its
     * target become SILENCED at their rule's evaluation (rules whose alerts may be sources are
     * evaluated first in a pass).
     */
    public Builder inhibit(InhibitRule rule) {
      inhibitRules.add(requireNonNull(rule, "rule"));
      return this;
    }

    /**
     * Adds a recurring maintenance window: while it is active, the alerts it matches are
     * SILENCED, and return to FIRING when it ends if they still hold. Window ids must be unique.
     */
    public Builder maintenance(MaintenanceWindow window) {
      requireNonNull(window, "window");
      if (maintenance.putIfAbsent(window.id(), window) != null) {
        problems.add(new InvalidAlertRuleException.Problem(window.id(), "id",
            "another maintenance window has the id '" + window.id() + "'"));
      }
      return this;
    }

    /** Adds maintenance windows; see {@link #maintenance(MaintenanceWindow)}. */
    public Builder maintenance(Iterable<MaintenanceWindow> windows) {
      requireNonNull(windows, "windows");
      for (MaintenanceWindow window : windows) {
        maintenance(window);
      }
      return this;
    }

    /** Adds inhibit rules; see {@link #inhibit(InhibitRule)}. */
    public Builder inhibit(Iterable<InhibitRule> rules) {
      requireNonNull(rules, "rules");
      for (InhibitRule rule : rules) {
        inhibit(rule);
      }
      return this;
    }

    /**
     * Sets the cluster leadership: while this instance does not lead, its engine evaluates
     * nothing (scheduled, event-triggered and {@link AlertEngine#evaluate()} alike) but still
     * acknowledges, resolves and silences. {@link Leadership#always()} by default: a single
     * instance. Give every instance the same shared {@link #store(AlertStore) store}.
     */
    public Builder leadership(Leadership leadership) {
      this.leadership = requireNonNull(leadership, "leadership");
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
