package dev.vigil.notify;

import static java.util.Objects.requireNonNull;

import dev.vigil.Monitor;
import dev.vigil.Severity;
import dev.vigil.alerts.Alert;
import dev.vigil.alerts.AlertListener;
import dev.vigil.alerts.AlertState;
import dev.vigil.alerts.Transition;
import dev.vigil.cluster.Leadership;
import dev.vigil.internal.VigilThread;
import dev.vigil.notify.OutboxEntry.State;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Delivers an {@link dev.vigil.alerts.AlertEngine}'s transitions: add it as a listener of the
 * engine, and each transition is routed, written to the {@link Outbox} and delivered by the
 * channels, off the engine's thread.
 *
 * <pre>{@code
 * Notifier notifier = Notifier.builder()
 *     .monitor(monitor)                                        // clock, meters and name
 *     .channel(SlackChannel.builder("slack", slackWebhook).build(),
 *         ChannelOptions.defaults().rateLimit(1, Duration.ofSeconds(1)).fallback("email"))
 *     .channel(EmailChannel.builder("email")...build())
 *     .route(Route.builder().minSeverity(Severity.ERROR).channels("slack").build())
 *     .build()
 *     .start();
 * AlertEngine engine = AlertEngine.builder().monitor(monitor).rules(rules)
 *     .listener(notifier).build().start();
 * }</pre>
 *
 * <p><b>What is sent.</b> A transition to FIRING (new, or again after an acknowledgement
 * expired or a mute ended), a reminder, FLAPPING, ACKNOWLEDGED, and RESOLVED for an alert that
 * fired; never PENDING or SILENCED. The routes decide where (see {@link Route}); a channel with
 * a {@linkplain Channel#minSeverity() minimum severity} gets nothing below it.
 *
 * <p><b>Delivery.</b> Each notification is saved in the outbox for each channel before the
 * first attempt; one thread pool ({@code vigil-notify-<name>-N}) sends, one notification at a time
 * per channel, the notifications of one alert in order. A retryable failure is retried with
 * backoff and jitter (after {@code Retry-After} if longer) by the {@link RetryPolicy}; a
 * permanent one, or too many attempts, moves it to the {@linkplain #deadLetters() dead letters}
 * (and to the channel's fallback, if any), from which it can be {@linkplain #replay replayed}.
 * After {@link ChannelOptions#breakerFailures()} failures in a row a channel's circuit breaker
 * opens for a while. On {@link #start()}, what the outbox holds pending is delivered, so with a
 * persistent outbox a restart loses nothing.
 *
 * <p><b>Cluster.</b> When several instances share one persistent outbox, give each notifier the
 * cluster's {@link Builder#leadership Leadership} (the JDBC store's lease): only the leader sends.
 * Every instance still routes its transitions and writes them to the outbox (an alert
 * acknowledged on any instance is notified), and the leader takes them from there. A notifier
 * sends only the entries it has {@linkplain Outbox claimed} under its {@linkplain Builder#owner
 * owner id}: on each tick (every second) the leader claims what no live notifier holds (written
 * by another instance, or left by a previous leader), renews the claims of what it holds, and
 * confirms its claim before each send, so no live notifier sends what another holds. A notifier
 * that stops leading stops sending, forgets what it held (which stays in the outbox) and releases
 * its claims; so does {@link #close()}, so that the next leader delivers at once; a crashed one's
 * claims expire after the {@linkplain Builder#claimDuration claim duration}. Delivery is at least
 * once: a crash between a send and the save of its outcome sends it again once the claim expires.
 *
 * <p><b>Meters</b> (tag {@code notifier}, the name): {@code vigil.notifications{channel,
 * outcome}} with outcomes {@code delivered}, {@code retried}, {@code dead}, {@code cancelled},
 * {@code muted} (dropped by a route's time window) and {@code unrouted} (no route matched;
 * channel {@code none}); {@code vigil.notifications.latency{channel}} (a successful send);
 * {@code vigil.notifications.queue{channel}} (entries waiting); {@code
 * vigil.notifications.breaker{channel}} (1 while open). Removed on close.
 *
 * <p>Thread-safe. {@link #onTransition} does no I/O with the in-memory outbox; a persistent
 * outbox writes there, on the engine's thread.
 */
public final class Notifier implements AlertListener, AutoCloseable {

  /**
   * How often every channel is woken to look for due entries (escalations, manual clocks), and
   * the leadership and the claims are looked at.
   */
  static final Duration TICK = Duration.ofSeconds(1);
  /** How many entries one claim asks the outbox for. */
  static final int CLAIM_BATCH = 500;
  /** How many entries one tick claims at most: a backlog is taken over several ticks. */
  static final int CLAIM_PER_TICK = 10_000;

  private final String name;
  private final InstantSource clock;
  private final Outbox outbox;
  private final Leadership leadership;
  private final String owner;
  private final Duration claimDuration;
  private final boolean hasEscalations;
  private final List<Route> routes;
  private final Map<String, Lane> lanes = new LinkedHashMap<>();
  private final MeterRegistry registry;
  private final List<Meter> meters = new ArrayList<>();
  private final Counter unrouted;
  private final Map<String, Counter> muted = new LinkedHashMap<>();
  private final Map<String, Counter> cancelled = new LinkedHashMap<>();
  private final Counter outboxFailures;
  /** The next notification time of each group (route, groupBy values). */
  private final Map<String, Instant> groups = new HashMap<>();
  private final ScheduledExecutorService executor;
  private volatile boolean started;
  private volatile boolean closed;
  /** Whether this notifier leads, as of its last look (start, ticks): what it holds it sends. */
  private volatile boolean leading;
  /** Serializes the looks at the leadership and the claims (start, ticks). */
  private final Object claims = new Object();
  private Instant nextRenewal = Instant.MIN; // guarded by claims

  private Notifier(Builder b) {
    this.name = b.name;
    this.clock = b.clock;
    this.outbox = b.outbox;
    this.leadership = b.leadership;
    this.owner = b.owner != null ? b.owner
        : b.name + "/" + UUID.randomUUID().toString().substring(0, 8);
    this.claimDuration = b.claimDuration;
    this.routes = List.copyOf(b.routes);
    this.hasEscalations = routes.stream().anyMatch(r -> r.escalation() != null);
    this.registry = b.registry;
    int threads = Math.max(1, Math.min(8, b.channels.size()));
    ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(threads,
        VigilThread.factory("vigil-notify-" + name));
    pool.setRemoveOnCancelPolicy(true);
    this.executor = pool;
    unrouted = counter("none", "unrouted");
    Counter failures = Counter.builder("vigil.notifications.outbox.failures")
        .description("Outbox operations that failed (what is held in memory is still delivered)")
        .tag("notifier", name).register(registry);
    meters.add(failures);
    this.outboxFailures = failures;
    for (Map.Entry<String, Channel> e : b.channels.entrySet()) {
      String ch = e.getKey();
      ChannelOptions options = b.options.getOrDefault(ch, ChannelOptions.defaults());
      Lane lane = new Lane(this, e.getValue(), options,
          options.retry() != null ? options.retry() : b.retry,
          counter(ch, "delivered"), counter(ch, "retried"), counter(ch, "dead"),
          counter(ch, "diverted"), timer(ch));
      lanes.put(ch, lane);
      muted.put(ch, counter(ch, "muted"));
      cancelled.put(ch, counter(ch, "cancelled"));
      meters.add(Gauge.builder("vigil.notifications.queue", lane, Lane::size)
          .description("Notifications waiting for delivery").tag("notifier", name)
          .tag("channel", ch).register(registry));
      meters.add(Gauge.builder("vigil.notifications.breaker", lane, l -> l.isOpen() ? 1 : 0)
          .description("1 while the channel's circuit breaker is open").tag("notifier", name)
          .tag("channel", ch).register(registry));
    }
  }

  private Counter counter(String channel, String outcome) {
    Counter c = Counter.builder("vigil.notifications").description("Notifications by outcome")
        .tag("notifier", name).tag("channel", channel).tag("outcome", outcome)
        .register(registry);
    meters.add(c);
    return c;
  }

  private Timer timer(String channel) {
    Timer t = Timer.builder("vigil.notifications.latency")
        .description("Time to deliver a notification (successful sends)")
        .tag("notifier", name).tag("channel", channel).register(registry);
    meters.add(t);
    return t;
  }

  /** Returns a builder; at least one channel is required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts delivering: first what the outbox holds pending (from before a restart), then every
   * new notification; in a cluster, only while this instance leads. Idempotent.
   *
   * @return this notifier
   * @throws IllegalStateException if closed
   */
  public synchronized Notifier start() {
    if (closed) {
      throw new IllegalStateException("the notifier is closed");
    }
    if (started) {
      return this;
    }
    synchronized (claims) { // before started: nothing goes out ahead of what was pending
      Instant now = now();
      leading = leads();
      if (leading) {
        claimPending(now);
        nextRenewal = now.plus(claimDuration.dividedBy(3));
      } else {
        dropHeld(); // queued before start(): in the outbox for the leader
      }
    }
    started = true;
    lanes.values().forEach(Lane::wake);
    long tick = TICK.toMillis();
    executor.scheduleWithFixedDelay(this::tick, tick, tick, TimeUnit.MILLISECONDS);
    return this;
  }

  /** Whether the leadership says this instance leads; a failing one says no. */
  private boolean leads() {
    try {
      return leadership.isLeader();
    } catch (RuntimeException e) {
      return false;
    }
  }

  /**
   * Every {@link #TICK}: follows the leadership (a new leader claims what is pending, a former
   * one lets go of what it held), renews the claims, and wakes every channel.
   */
  private void tick() {
    try {
      synchronized (claims) {
        if (closed) {
          return;
        }
        Instant now = now();
        leading = leads();
        if (leading) {
          if (!now.isBefore(nextRenewal)) {
            renewHeld(now);
            nextRenewal = now.plus(claimDuration.dividedBy(3));
          }
          claimPending(now);
        } else {
          dropHeld();
          nextRenewal = Instant.MIN; // renew at once when leading again
        }
      }
      lanes.values().forEach(Lane::wake);
    } catch (RuntimeException e) { // a failing tick must not end the ticks: the next one retries
      outboxFailures.increment();
    }
  }

  /**
   * Claims what no live notifier holds and queues it on its channel (a dead letter if this
   * notifier has no such channel). Called with the claims lock held.
   */
  private void claimPending(Instant now) {
    int taken = 0;
    while (taken < CLAIM_PER_TICK) {
      List<OutboxEntry> claimed;
      try {
        claimed = outbox.claim(owner, now, claimDuration, CLAIM_BATCH);
      } catch (RuntimeException e) {
        outboxFailures.increment();
        return;
      }
      Map<String, List<OutboxEntry>> byChannel = new LinkedHashMap<>();
      for (OutboxEntry e : claimed) {
        if (lanes.containsKey(e.channel())) {
          byChannel.computeIfAbsent(e.channel(), c -> new ArrayList<>()).add(e);
        } else { // kept visible (and replayable once the channel is back) rather than pending forever
          saved(e.with(State.DEAD, "channel '" + e.channel() + "' is not configured"));
        }
      }
      byChannel.forEach((ch, entries) -> lanes.get(ch).take(entries));
      taken += claimed.size();
      if (claimed.size() < CLAIM_BATCH) {
        return;
      }
    }
  }

  /**
   * Renews the claims of everything the channels hold, and forgets what is lost (handled by
   * another instance: cancelled, or claimed by another notifier). Called with the claims lock held.
   */
  private void renewHeld(Instant now) {
    List<String> held = new ArrayList<>();
    lanes.values().forEach(l -> held.addAll(l.heldIds()));
    if (held.isEmpty()) {
      return;
    }
    Set<String> lost;
    try {
      lost = outbox.renew(owner, held, now, claimDuration);
    } catch (RuntimeException e) {
      outboxFailures.increment();
      return;
    }
    if (!lost.isEmpty()) {
      lanes.values().forEach(l -> l.drop(lost));
    }
  }

  /** Forgets what the channels hold (not what is being sent) and releases its claims. */
  private void dropHeld() {
    List<String> dropped = new ArrayList<>();
    lanes.values().forEach(l -> dropped.addAll(l.dropAll()));
    release(dropped);
  }

  private void release(List<String> ids) {
    if (ids.isEmpty()) {
      return;
    }
    try {
      outbox.release(owner, ids);
    } catch (RuntimeException e) {
      outboxFailures.increment(); // the claims expire instead
    }
  }

  /**
   * Claims (or renews) {@code batch} just before it is sent; returns the ids this notifier must
   * not send. If the outbox cannot be reached, nothing is lost: a failing database must not stop
   * the alerts, and another instance could not claim them meanwhile either.
   */
  Set<String> confirm(List<OutboxEntry> batch) {
    List<String> ids = new ArrayList<>(batch.size());
    batch.forEach(e -> ids.add(e.id()));
    try {
      return outbox.renew(owner, ids, now(), claimDuration);
    } catch (RuntimeException e) {
      outboxFailures.increment();
      return Set.of();
    }
  }

  /**
   * Routes {@code alert}'s transition (or reminder) and queues it for delivery; see the class
   * description for what is sent. Fast: no I/O but the outbox's.
   */
  @Override
  public void onTransition(Alert alert) {
    requireNonNull(alert, "alert");
    Notification.Kind kind = kindOf(alert);
    if (kind == Notification.Kind.FIRING) { // steps left by an earlier alert of the key go
      cancelEscalation(alert.key(), e -> !sameAlert(e, alert));
    } else if (kind != Notification.Kind.REMINDER) { // someone is on it, or it is over
      cancelEscalation(alert.key(), e -> sameAlert(e, alert));
    }
    if (kind == null) {
      return;
    }
    Instant now = now();
    Set<String> queued = new HashSet<>();
    Set<String> mutedChannels = new LinkedHashSet<>();
    boolean matched = false;
    for (int i = 0; i < routes.size(); i++) {
      Route route = routes.get(i);
      if (!route.matches(alert)) {
        continue;
      }
      matched = true;
      String group = route.groupBy().isEmpty() ? null : group(i, route, alert);
      Instant due = null;
      boolean open = (route.activeDuring() == null || route.activeDuring().contains(now))
          && (route.mutedDuring() == null || !route.mutedDuring().contains(now));
      if (route.kinds().contains(kind)) {
        for (String ch : route.channels()) {
          Lane lane = lanes.get(ch);
          if (queued.contains(ch) || !accepts(lane, alert, null)) {
            continue;
          }
          if (!open) {
            mutedChannels.add(ch);
            continue;
          }
          queued.add(ch);
          if (due == null) {
            due = group == null ? now : groupDue(group, route, now);
          }
          queue(notification(route.template(), kind, alert, null, ""), lane, now, due, group);
        }
      }
      if (route.escalation() != null && kind == Notification.Kind.FIRING && open) {
        escalate(route, alert, now);
      }
      if (!route.continues()) {
        break;
      }
    }
    for (String ch : mutedChannels) {
      if (!queued.contains(ch)) {
        muted.get(ch).increment();
      }
    }
    if (!matched) {
      unrouted.increment();
    }
  }

  /** Returns the group of {@code alert} in route number {@code index}: its groupBy values. */
  private static String group(int index, Route route, Alert alert) {
    Map<String, String> labels = alert.matchLabels();
    StringBuilder key = new StringBuilder(route.name()).append('#').append(index).append('{');
    for (String l : route.groupBy()) {
      key.append(l).append('=').append(labels.getOrDefault(l, "")).append(',');
    }
    return key.append('}').toString();
  }

  /**
   * Returns when a notification of {@code group} queued now goes out: after the group wait for
   * a new (or long idle) group, with the pending one if there is one, else at the next group
   * interval.
   */
  private Instant groupDue(String group, Route route, Instant now) {
    synchronized (groups) {
      Instant next = groups.get(group);
      Instant due;
      if (next == null || now.isAfter(next.plus(route.groupInterval()))) {
        due = now.plus(route.groupWait());
      } else if (!now.isAfter(next)) {
        due = next;
      } else {
        due = next.plus(route.groupInterval());
      }
      groups.put(group, due);
      if (groups.size() > 10_000) { // forget groups idle for long
        groups.values().removeIf(t -> now.isAfter(t.plus(Duration.ofHours(1))));
      }
      return due;
    }
  }

  private static boolean sameAlert(OutboxEntry e, Alert alert) {
    return e.notification().alert().activeSince().equals(alert.activeSince());
  }

  /** Returns what a notification of {@code alert} would tell, or null if none is sent. */
  static Notification.Kind kindOf(Alert alert) {
    if (alert.isReminder()) {
      return Notification.Kind.REMINDER;
    }
    return switch (alert.state()) {
      case FIRING -> Notification.Kind.FIRING;
      case FLAPPING -> Notification.Kind.FLAPPING;
      case ACKNOWLEDGED -> Notification.Kind.ACKNOWLEDGED;
      case RESOLVED -> alert.firingSince() != null ? Notification.Kind.RESOLVED : null;
      default -> null; // PENDING, SILENCED
    };
  }

  /** Whether {@code lane}'s channel takes a notification of {@code alert} for {@code contact}. */
  private static boolean accepts(Lane lane, Alert alert, Contact contact) {
    Channel c = lane.channel;
    try {
      if (!alert.severity().isAtLeast(c.minSeverity())) {
        return false;
      }
      return contact == null
          || c.addressKind() != null && contact.address(c.addressKind()) != null;
    } catch (RuntimeException e) { // a channel's getter failing must not stop the routing
      return false;
    }
  }

  /** Writes the escalation's steps to the outbox, each due at its time. */
  private void escalate(Route route, Alert alert, Instant now) {
    Escalation escalation = route.escalation();
    List<Contact> order = escalation.order(alert.lastTransition().at());
    for (int step = 0; step < order.size(); step++) {
      Contact contact = order.get(step);
      Instant due = now.plus(escalation.every().multipliedBy(step));
      for (String ch : escalation.channels()) {
        Lane lane = lanes.get(ch);
        if (accepts(lane, alert, contact)) {
          queue(notification(route.template(), Notification.Kind.FIRING, alert, contact,
              "/escalation-" + step), lane, due, due, null); // its age counts from its due time
        }
      }
    }
  }

  /** Cancels the escalation steps of alert {@code key} not being sent that {@code which} selects. */
  private void cancelEscalation(String key, java.util.function.Predicate<OutboxEntry> which) {
    java.util.function.Predicate<OutboxEntry> step = entry ->
        entry.notification().contact() != null
            && entry.notification().alert().key().equals(key) && which.test(entry);
    for (Map.Entry<String, Lane> e : lanes.entrySet()) {
      for (OutboxEntry gone : e.getValue().cancel(step)) {
        saved(gone.with(State.CANCELLED));
        cancelled.get(e.getKey()).increment();
      }
    }
    boolean loaded;
    synchronized (this) {
      loaded = started;
    }
    // steps from before a restart, or held by the leader when this instance follows, are only
    // in the outbox here (the leader learns of the cancel when it renews its claim)
    if (!loaded || hasEscalations && !leading) {
      try {
        for (OutboxEntry entry : outbox.pending()) {
          if (step.test(entry) && lanes.containsKey(entry.channel())
              && !lanes.get(entry.channel()).holds(entry.id())) {
            saved(entry.with(State.CANCELLED));
            cancelled.get(entry.channel()).increment();
          }
        }
      } catch (RuntimeException e) {
        outboxFailures.increment();
      }
    }
  }

  private Notification notification(MessageTemplate template, Notification.Kind kind,
      Alert alert, Contact contact, String suffix) {
    Instant at = kind == Notification.Kind.REMINDER ? alert.notifiedAt()
        : alert.lastTransition().at();
    String id = alert.key() + "@" + alert.activeSince().toEpochMilli() + "#"
        + alert.history().size()
        + (kind == Notification.Kind.REMINDER ? "r" + alert.notifiedAt().toEpochMilli() : "")
        + suffix;
    String title;
    String text;
    try {
      title = template.title(kind, alert, contact);
      text = template.text(kind, alert, contact);
    } catch (RuntimeException e) { // a template is checked when built: should not happen
      title = MessageTemplate.DEFAULT.title(kind, alert, contact);
      text = MessageTemplate.DEFAULT.text(kind, alert, contact);
    }
    return new Notification(id, kind, alert, title, text, contact, at);
  }

  private void queue(Notification n, Lane lane, Instant created, Instant due, String group) {
    OutboxEntry entry = OutboxEntry.of(n, lane.channel.name(), created, due, group);
    saved(entry);
    offer(lane, entry);
  }

  /**
   * Queues {@code entry}, saved, on {@code lane}, unless this notifier follows: then the leader
   * takes it from the outbox. Before start() (or after close()) it waits there.
   */
  private void offer(Lane lane, OutboxEntry entry) {
    if (!started || leading) {
      lane.add(entry);
    }
  }

  /**
   * Queues {@code n} on the fallback channel {@code channel} (from a lane that gave up or whose
   * breaker is open), unless that channel takes nothing of its severity; returns whether queued.
   */
  boolean fallback(Notification n, String channel) {
    Lane lane = lanes.get(channel);
    if (lane == null) {
      return false;
    }
    try {
      if (!n.alert().severity().isAtLeast(lane.channel.minSeverity())) {
        return false;
      }
    } catch (RuntimeException e) {
      return false;
    }
    Instant now = now();
    queue(n, lane, now, now, null);
    return true;
  }

  /** Saves {@code entry} in the outbox; a failing outbox must not stop delivery (counted). */
  void saved(OutboxEntry entry) {
    try {
      outbox.save(entry);
    } catch (RuntimeException e) {
      outboxFailures.increment(); // still delivered from memory; only a restart could lose it
    }
  }

  boolean isStarted() {
    return started;
  }

  /** Whether this notifier sends what it holds now: started, not closed, and leading. */
  boolean isSending() {
    return started && !closed && leading && leads();
  }

  boolean isClosed() {
    return closed;
  }

  Instant now() {
    return clock.instant();
  }

  ScheduledExecutorService executor() {
    return executor;
  }

  /**
   * Sends a test notification to channel {@code channel} now, once, without retries and without
   * the outbox, in its turn after what the channel is sending.
   *
   * @return completes when it was delivered, or exceptionally with the {@link DeliveryException}
   * @throws IllegalArgumentException if there is no such channel
   * @throws IllegalStateException if the notifier is not started or closed
   */
  public CompletableFuture<Void> sendTest(String channel) {
    requireNonNull(channel, "channel");
    Lane lane = lanes.get(channel);
    if (lane == null) {
      throw new IllegalArgumentException("no channel '" + channel + "'; channels: "
          + lanes.keySet());
    }
    synchronized (this) {
      if (!started || closed) {
        throw new IllegalStateException("the notifier is " + (closed ? "closed" : "not started"));
      }
    }
    Instant now = now();
    Alert alert = Alert.builder()
        .ruleId("vigil-test")
        .state(AlertState.FIRING)
        .severity(Severity.INFO)
        .annotations(Map.of("summary", "Test notification from Vigil",
            "description", "If you read this, channel '" + channel + "' works."))
        .activeSince(now)
        .firingSince(now)
        .history(List.of(new Transition(null, AlertState.FIRING, now, "test", Double.NaN)))
        .notifiedAt(now)
        .build();
    Notification n = new Notification("vigil-test@" + now.toEpochMilli() + "#" + System.nanoTime(),
        Notification.Kind.TEST, alert, "Test notification from Vigil",
        "If you read this, channel '" + channel + "' works.", null, now);
    CompletableFuture<Void> done = new CompletableFuture<>();
    lane.addTest(OutboxEntry.of(n, channel, now, now, null), done);
    return done;
  }

  /**
   * Sends {@code digest} (a report) through channel {@code channel} now, on the calling thread,
   * once: no route, no outbox, no retries. Blocks for the channel's I/O (bounded by its
   * timeouts), so call it from a thread of your own, never from a request or logging thread.
   *
   * @return {@code true} if delivered, {@code false} if the channel does not take digests
   * @throws DeliveryException if the channel failed (its message holds no secret)
   * @throws IllegalArgumentException if there is no such channel
   * @throws IllegalStateException if the notifier is closed
   */
  public boolean sendDigest(String channel, Digest digest) throws DeliveryException {
    requireNonNull(channel, "channel");
    requireNonNull(digest, "digest");
    Lane lane = lanes.get(channel);
    if (lane == null) {
      throw new IllegalArgumentException("no channel '" + channel + "'; channels: "
          + lanes.keySet());
    }
    if (closed) {
      throw new IllegalStateException("the notifier is closed");
    }
    return lane.channel.sendDigest(digest);
  }

  /** Returns the dead letters, most recent first. */
  public List<OutboxEntry> deadLetters() {
    return outbox.deadLetters();
  }

  /**
   * Replays dead letter {@code id}: pending again with its attempts reset, delivered in its turn.
   *
   * @throws IllegalArgumentException if there is no dead letter with that id
   */
  public synchronized void replay(String id) {
    requireNonNull(id, "id");
    OutboxEntry entry = outbox.get(id);
    if (entry == null || entry.state() != State.DEAD) {
      throw new IllegalArgumentException("no dead letter with id '" + id + "'");
    }
    Lane lane = lanes.get(entry.channel());
    if (lane == null) {
      throw new IllegalArgumentException("dead letter '" + id + "' is for channel '"
          + entry.channel() + "', which this notifier does not have");
    }
    OutboxEntry again = entry.replayed(now());
    saved(again);
    offer(lane, again);
  }

  /**
   * Replays every dead letter of a configured channel, oldest first (so each alert's
   * notifications keep their order); returns how many.
   */
  public synchronized int replayAll() {
    List<OutboxEntry> oldestFirst = new ArrayList<>(deadLetters());
    Collections.reverse(oldestFirst);
    int n = 0;
    for (OutboxEntry e : oldestFirst) {
      OutboxEntry now = outbox.get(e.id());
      if (now != null && now.state() == State.DEAD && lanes.containsKey(e.channel())) {
        replay(e.id());
        n++;
      }
    }
    return n;
  }

  /** Returns the outbox. */
  public Outbox outbox() {
    return outbox;
  }

  /** Returns the id this notifier claims outbox entries as. */
  public String owner() {
    return owner;
  }

  /** Returns the channels' names, in the order added. */
  public Set<String> channels() {
    return Collections.unmodifiableSet(new LinkedHashSet<>(lanes.keySet()));
  }

  /**
   * Stops delivering, waiting up to 5 seconds for sends under way; what is not delivered stays in
   * the outbox (pending), its claims released so that another instance can deliver it at once
   * (but for a send still under way after the wait: its claim expires). Closes the channels and
   * removes the meters. Idempotent.
   */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    executor.shutdown();
    lanes.values().forEach(Lane::close);
    try {
      if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
    synchronized (claims) {
      List<String> held = new ArrayList<>();
      lanes.values().forEach(l -> held.addAll(l.idleIds()));
      release(held);
    }
    for (Lane lane : lanes.values()) {
      try {
        lane.channel.close();
      } catch (RuntimeException e) {
        // a channel's close must not throw; if it does, the others still close
      }
    }
    meters.forEach(registry::remove);
  }

  @Override
  public String toString() {
    return "Notifier{" + name + ", channels " + lanes.keySet() + "}";
  }

  /** Builds a {@link Notifier}. Setters reject {@code null} at once. Not thread-safe. */
  public static final class Builder {
    private String name = "notifier";
    private InstantSource clock = InstantSource.system();
    private MeterRegistry registry;
    private Outbox outbox;
    private Leadership leadership = Leadership.always();
    private String owner;
    private Duration claimDuration = Duration.ofSeconds(30);
    private RetryPolicy retry = RetryPolicy.DEFAULT;
    private final Map<String, Channel> channels = new LinkedHashMap<>();
    private final Map<String, ChannelOptions> options = new LinkedHashMap<>();
    private final List<Route> routes = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();

    Builder() {}

    /** Takes the name, clock and meter registry of {@code monitor}. */
    public Builder monitor(Monitor monitor) {
      requireNonNull(monitor, "monitor");
      this.name = monitor.name();
      this.clock = monitor.clock();
      this.registry = monitor.meterRegistry();
      return this;
    }

    /** Names the notifier (threads, meters); {@code notifier} by default. */
    public Builder name(String name) {
      this.name = requireNonNull(name, "name");
      return this;
    }

    /** Sets the clock of due times and retries; the system clock by default. */
    public Builder clock(InstantSource clock) {
      this.clock = requireNonNull(clock, "clock");
      return this;
    }

    /** Sets the registry of the meters; a new {@code SimpleMeterRegistry} by default. */
    public Builder meterRegistry(MeterRegistry registry) {
      this.registry = requireNonNull(registry, "registry");
      return this;
    }

    /** Sets the outbox; {@link Outbox#inMemory()} by default. */
    public Builder outbox(Outbox outbox) {
      this.outbox = requireNonNull(outbox, "outbox");
      return this;
    }

    /**
     * Sets the cluster's leadership: only while this instance leads does the notifier send (see
     * the class description); {@link Leadership#always()} by default, for an instance alone.
     */
    public Builder leadership(Leadership leadership) {
      this.leadership = requireNonNull(leadership, "leadership");
      return this;
    }

    /**
     * Sets the id this notifier claims outbox entries as: unique among the notifiers sharing the
     * outbox, and new for each run (a notifier restarted under the id of one that crashed waits
     * for that one's claims to expire). Default: the name and a random suffix. 1 to 200
     * characters.
     */
    public Builder owner(String owner) {
      requireNonNull(owner, "owner");
      if (owner.isBlank() || owner.length() > 200) {
        throw new IllegalArgumentException("owner must have 1 to 200 characters, not blank, but "
            + "was '" + owner + "'");
      }
      this.owner = owner;
      return this;
    }

    /**
     * Sets how long a claim on an outbox entry lasts without renewal (renewed every third of it):
     * how long the entries of a notifier that crashed wait before another instance sends them,
     * and how long a send may take before its claim could lapse. Default 30 s, at least 3 s.
     */
    public Builder claimDuration(Duration claimDuration) {
      requireNonNull(claimDuration, "claimDuration");
      if (claimDuration.compareTo(Duration.ofSeconds(3)) < 0) {
        throw new IllegalArgumentException("claimDuration must be at least 3s (it is renewed "
            + "every third of it, on ticks of 1s) but was " + claimDuration);
      }
      this.claimDuration = claimDuration;
      return this;
    }

    /** Sets the retry policy of the channels without their own; {@link RetryPolicy#DEFAULT}. */
    public Builder retry(RetryPolicy retry) {
      this.retry = requireNonNull(retry, "retry");
      return this;
    }

    /** Adds a channel with the default options; names must be unique. */
    public Builder channel(Channel channel) {
      return channel(channel, ChannelOptions.defaults());
    }

    /** Adds a channel with its options; names must be unique. */
    public Builder channel(Channel channel, ChannelOptions options) {
      requireNonNull(channel, "channel");
      requireNonNull(options, "options");
      String n = requireNonNull(channel.name(), "channel.name()");
      if (channels.putIfAbsent(n, channel) != null) {
        problems.add("two channels are named '" + n + "'");
      }
      this.options.put(n, options);
      return this;
    }

    /** Adds a route; routes are tried in the order added. */
    public Builder route(Route route) {
      routes.add(requireNonNull(route, "route"));
      return this;
    }

    /**
     * Builds the notifier (not started: see {@link Notifier#start()}).
     *
     * @throws IllegalArgumentException listing every problem: no channel, a duplicate channel
     *     name, a route naming an unknown channel, an escalation through a channel that does not
     *     reach people, an unknown or circular fallback
     */
    public Notifier build() {
      List<String> found = new ArrayList<>(problems);
      if (channels.isEmpty()) {
        found.add("no channel: call channel(...)");
      }
      for (Route r : routes) {
        for (String ch : r.channels()) {
          if (!channels.containsKey(ch)) {
            found.add("route '" + r.name() + "' names channel '" + ch + "', which is not added "
                + "(channels: " + channels.keySet() + ")");
          }
        }
        if (r.escalation() != null) {
          for (String ch : r.escalation().channels()) {
            Channel c = channels.get(ch);
            if (c == null) {
              found.add("route '" + r.name() + "' escalates through channel '" + ch
                  + "', which is not added");
            } else if (c.addressKind() == null) {
              found.add("route '" + r.name() + "' escalates through channel '" + ch
                  + "', which reaches a team, not people (no address kind)");
            }
          }
        }
      }
      options.forEach((ch, o) -> {
        Set<String> seen = new LinkedHashSet<>(List.of(ch));
        String next = o.fallback();
        while (next != null) {
          if (!channels.containsKey(next)) {
            found.add("channel '" + ch + "' falls back to '" + next + "', which is not added");
            break;
          }
          if (!seen.add(next)) {
            found.add("the fallbacks of channel '" + ch + "' go round in a circle: " + seen);
            break;
          }
          next = options.getOrDefault(next, ChannelOptions.defaults()).fallback();
        }
      });
      if (!found.isEmpty()) {
        throw new IllegalArgumentException("invalid notifier '" + name + "': "
            + String.join("; ", found));
      }
      if (outbox == null) {
        outbox = Outbox.inMemory();
      }
      if (registry == null) {
        registry = new SimpleMeterRegistry();
      }
      return new Notifier(this);
    }
  }
}
