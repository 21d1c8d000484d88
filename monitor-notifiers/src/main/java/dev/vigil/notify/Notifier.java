package dev.vigil.notify;

import static java.util.Objects.requireNonNull;

import dev.vigil.Monitor;
import dev.vigil.Severity;
import dev.vigil.alerts.Alert;
import dev.vigil.alerts.AlertListener;
import dev.vigil.alerts.AlertState;
import dev.vigil.alerts.Transition;
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

  /** How often every channel is woken to look for due entries (escalations, manual clocks). */
  static final Duration TICK = Duration.ofSeconds(1);

  private final String name;
  private final InstantSource clock;
  private final Outbox outbox;
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

  private Notifier(Builder b) {
    this.name = b.name;
    this.clock = b.clock;
    this.outbox = b.outbox;
    this.routes = List.copyOf(b.routes);
    this.registry = b.registry;
    int threads = Math.max(1, Math.min(8, b.channels.size()));
    ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(threads,
        VigilThread.factory("vigil-notify-" + name));
    pool.setRemoveOnCancelPolicy(true);
    this.executor = pool;
    unrouted = counter("none", "unrouted");
    Counter failures = Counter.builder("vigil.notifications.outbox.failures")
        .description("Outbox writes that failed (the notification is still delivered from memory)")
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
   * new notification. Idempotent.
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
    Map<String, List<OutboxEntry>> byChannel = new LinkedHashMap<>();
    for (OutboxEntry e : outbox.pending()) {
      if (lanes.containsKey(e.channel())) {
        byChannel.computeIfAbsent(e.channel(), c -> new ArrayList<>()).add(e);
      } else { // kept visible (and replayable once the channel is back) rather than pending forever
        saved(e.with(State.DEAD, "channel '" + e.channel() + "' is not configured"));
      }
    }
    byChannel.forEach((ch, entries) -> lanes.get(ch).load(entries));
    started = true;
    lanes.values().forEach(Lane::wake);
    long tick = TICK.toMillis();
    executor.scheduleWithFixedDelay(() -> lanes.values().forEach(Lane::wake), tick, tick,
        TimeUnit.MILLISECONDS);
    return this;
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
    if (!loaded) { // steps from before a restart are still only in the outbox
      try {
        for (OutboxEntry entry : outbox.pending()) {
          if (step.test(entry) && lanes.containsKey(entry.channel())) {
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
    lane.add(entry); // before start() (or after close()) it waits in the outbox
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
    lane.add(again);
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

  /** Returns the channels' names, in the order added. */
  public Set<String> channels() {
    return Collections.unmodifiableSet(new LinkedHashSet<>(lanes.keySet()));
  }

  /**
   * Stops delivering, waiting up to 5 seconds for sends under way; what is not delivered stays in
   * the outbox (pending). Closes the channels and removes the meters. Idempotent.
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
