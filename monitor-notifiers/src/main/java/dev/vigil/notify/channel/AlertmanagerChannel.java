package dev.vigil.notify.channel;

import static java.util.Objects.requireNonNull;

import dev.vigil.alerts.Alert;
import dev.vigil.notify.Channel;
import dev.vigil.notify.DeliveryException;
import dev.vigil.notify.Notification;
import dev.vigil.notify.internal.Http;
import dev.vigil.notify.internal.Json;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends alerts to a Prometheus Alertmanager, as Prometheus does: {@code POST
 * {base}/api/v2/alerts} with a JSON array of postable alerts ({@code labels}, {@code
 * annotations}, {@code startsAt}, {@code endsAt}, {@code generatorURL}), so that its routing,
 * grouping, silences and receivers take over.
 *
 * <pre>{@code
 * AlertmanagerChannel.builder()
 *     .name("alertmanager")
 *     .baseUrl(URI.create("http://alertmanager:9093"))
 *     .resendInterval(Duration.ofMinutes(1))
 *     .build();
 * }</pre>
 *
 * <p>Alertmanager resolves an alert nobody refreshed before its {@code endsAt}, so the channel
 * keeps the firing alerts and re-posts them every {@code resendInterval} with {@code endsAt} =
 * now + 4 × {@code resendInterval}: if Vigil stops, its alerts resolve on their own. A RESOLVED
 * notification posts {@code endsAt} = now and ends the re-sending of that alert.
 *
 * <p>Threading: {@link #send} is called by the notifier, one notification at a time; the
 * re-sends run on one daemon thread ({@code vigil-alertmanager-<name>}), started by the first
 * firing alert and stopped by {@link #close()}. Posts are serialised by a lock so that a re-send
 * never overtakes a resolution. Re-sends are best effort: a failure is counted and the next
 * re-send tries again (the notifier retries the transitions themselves). {@link #toString()}
 * shows the name and host only.
 */
public final class AlertmanagerChannel implements Channel {

  private final String name;
  private final URI alertsUri;
  private final Duration resendInterval;
  private final Duration timeout;
  private final Map<String, String> headers;
  private final String generatorUrl;
  private final Clock clock;

  private final Object postLock = new Object();
  /** The firing alerts by key, without endsAt; guarded by postLock. */
  private final Map<String, Map<String, Object>> firing = new LinkedHashMap<>();
  private ScheduledExecutorService resender; // guarded by postLock
  private boolean closed; // guarded by postLock
  private final AtomicLong resends = new AtomicLong();
  private final AtomicLong resendFailures = new AtomicLong();

  private AlertmanagerChannel(Builder b) {
    this.name = b.name;
    String base = b.baseUrl.toString();
    this.alertsUri = URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base)
        + "/api/v2/alerts");
    this.resendInterval = b.resendInterval;
    this.timeout = b.timeout;
    this.headers = Map.copyOf(b.headers);
    this.generatorUrl = b.generatorUrl;
    this.clock = b.clock;
  }

  /** Returns a builder; a name and the base URL are required. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void send(Notification notification) throws DeliveryException {
    requireNonNull(notification, "notification");
    Alert alert = notification.alert();
    Map<String, Object> postable = postable(alert);
    synchronized (postLock) {
      Instant now = clock.instant();
      if (notification.isResolution()) {
        firing.remove(alert.key());
        post(List.of(withEnd(postable, now)));
        return;
      }
      post(List.of(withEnd(postable, now.plus(resendInterval.multipliedBy(4)))));
      // a test notification expires on its own; a real firing alert is kept fresh
      if (notification.kind() != Notification.Kind.TEST && !closed) {
        firing.put(alert.key(), postable);
        startResending();
      }
    }
  }

  private Map<String, Object> postable(Alert alert) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("labels", Incidents.labels(alert, true));
    p.put("annotations", Incidents.annotations(alert));
    p.put("startsAt", Incidents.rfc3339(WebhookChannel.startsAt(alert)));
    p.put("generatorURL", generatorUrl);
    return p;
  }

  private static Map<String, Object> withEnd(Map<String, Object> postable, Instant endsAt) {
    Map<String, Object> p = new LinkedHashMap<>(postable);
    p.put("endsAt", Incidents.rfc3339(endsAt));
    return p;
  }

  private void post(List<Map<String, Object>> alerts) throws DeliveryException {
    Http.post(alertsUri, "application/json", Json.write(alerts), headers, timeout);
  }

  private void startResending() {
    if (resender == null) {
      resender = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "vigil-alertmanager-" + name);
        t.setDaemon(true);
        return t;
      });
      long every = resendInterval.toMillis();
      resender.scheduleWithFixedDelay(this::resend, every, every, TimeUnit.MILLISECONDS);
    }
  }

  /** Re-posts every firing alert; counts a failure and carries on. Package-private for tests. */
  void resend() {
    synchronized (postLock) {
      if (firing.isEmpty() || closed) {
        return;
      }
      Instant endsAt = clock.instant().plus(resendInterval.multipliedBy(4));
      List<Map<String, Object>> alerts = new ArrayList<>(firing.size());
      firing.values().forEach(p -> alerts.add(withEnd(p, endsAt)));
      resends.incrementAndGet();
      try {
        post(alerts);
      } catch (DeliveryException | RuntimeException e) {
        resendFailures.incrementAndGet(); // best effort: the next re-send tries again
      }
    }
  }

  /** Returns the number of re-sends tried so far. */
  long resends() {
    return resends.get();
  }

  /** Returns the number of re-sends that failed so far. */
  long resendFailures() {
    return resendFailures.get();
  }

  /** Returns the number of alerts being kept fresh. */
  int firingCount() {
    synchronized (postLock) {
      return firing.size();
    }
  }

  /**
   * Stops re-sending (the alerts then resolve in Alertmanager after their {@code endsAt}).
   * Idempotent; never throws.
   */
  @Override
  public void close() {
    ScheduledExecutorService r;
    synchronized (postLock) {
      closed = true;
      firing.clear();
      r = resender;
      resender = null;
    }
    if (r != null) {
      r.shutdownNow();
    }
  }

  @Override
  public String toString() {
    return "AlertmanagerChannel[name=" + name + ", host=" + alertsUri.getHost()
        + ", resendInterval=" + resendInterval + "]";
  }

  /** Builds an {@link AlertmanagerChannel}; {@link #build()} reports every problem. */
  public static final class Builder {
    private String name;
    private URI baseUrl;
    private Duration resendInterval = Duration.ofMinutes(1);
    private Duration timeout = Http.DEFAULT_TIMEOUT;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private String generatorUrl = "";
    private Clock clock = Clock.systemUTC();

    Builder() {}

    /** Sets the channel's name (required). */
    public Builder name(String name) {
      this.name = requireNonNull(name, "name");
      return this;
    }

    /** Sets Alertmanager's base URL (required), such as {@code http://alertmanager:9093}. */
    public Builder baseUrl(URI baseUrl) {
      this.baseUrl = requireNonNull(baseUrl, "baseUrl");
      return this;
    }

    /** Sets how often firing alerts are re-posted; 1 minute by default. */
    public Builder resendInterval(Duration resendInterval) {
      this.resendInterval = requireNonNull(resendInterval, "resendInterval");
      return this;
    }

    /** Sets the time a request may take; 10 s by default. */
    public Builder timeout(Duration timeout) {
      this.timeout = requireNonNull(timeout, "timeout");
      return this;
    }

    /** Adds a header to every request (such as {@code Authorization}); never shown. */
    public Builder header(String name, String value) {
      headers.put(requireNonNull(name, "header name"), requireNonNull(value, "header value"));
      return this;
    }

    /** Sets each alert's {@code generatorURL} (a link back to the application); empty by default. */
    public Builder generatorUrl(String generatorUrl) {
      this.generatorUrl = requireNonNull(generatorUrl, "generatorUrl");
      return this;
    }

    /** Sets the clock of {@code endsAt}; the system's by default. */
    public Builder clock(Clock clock) {
      this.clock = requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Builds the channel.
     *
     * @throws IllegalStateException naming every missing or invalid setting
     */
    public AlertmanagerChannel build() {
      List<String> problems = new ArrayList<>();
      Incidents.checkText("name", name, problems);
      Incidents.checkUrl("baseUrl", baseUrl, problems);
      Incidents.checkTimeout(timeout, problems);
      if (resendInterval.compareTo(Duration.ofMillis(10)) < 0) {
        problems.add("resendInterval must be at least 10ms but was " + resendInterval);
      }
      headers.forEach((k, v) -> Incidents.checkHeader(k, v, problems));
      Incidents.report("Alertmanager channel " + (name == null ? "" : name), problems);
      return new AlertmanagerChannel(this);
    }
  }
}
