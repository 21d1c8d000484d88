package dev.vigil.notify.channel;

import static java.util.Objects.requireNonNull;

import dev.vigil.alerts.Alert;
import dev.vigil.notify.Channel;
import dev.vigil.notify.DeliveryException;
import dev.vigil.notify.Notification;
import dev.vigil.notify.internal.Http;
import dev.vigil.notify.internal.Json;
import dev.vigil.notify.internal.Texts;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sends alerts to a PagerDuty service through the Events API v2: {@code POST
 * https://events.pagerduty.com/v2/enqueue}. FIRING, REMINDER, FLAPPING and TEST send {@code
 * trigger} events (PagerDuty folds the repeats into one alert by {@code dedup_key}),
 * ACKNOWLEDGED {@code acknowledge}, RESOLVED {@code resolve}.
 *
 * <pre>{@code
 * PagerDutyChannel.builder()
 *     .name("pagerduty")
 *     .routingKey(System.getenv("PAGERDUTY_ROUTING_KEY"))   // the integration key
 *     .source("checkout-service")
 *     .build();
 * }</pre>
 *
 * <p>The {@code dedup_key} is {@code vigil/} and the alert's key (at most 255 characters: longer
 * keys end in a hash). Summaries are cut to 1024 characters, other texts to 8192. A 202 is
 * delivered; a 400 (an invalid event) permanent; a 429 and 5xx retried. Immutable and
 * thread-safe; the routing key is a secret, never shown by {@link #toString()} nor in errors.
 */
public final class PagerDutyChannel implements Channel {

  /** Where events go by default. */
  public static final URI EVENTS_URL = URI.create("https://events.pagerduty.com/v2/enqueue");

  static final int MAX_SUMMARY = 1024;
  static final int MAX_DEDUP_KEY = 255;
  static final int MAX_DETAIL = 8192;

  private final String name;
  private final String routingKey;
  private final URI url;
  private final String source;
  private final Duration timeout;

  private PagerDutyChannel(Builder b) {
    this.name = b.name;
    this.routingKey = b.routingKey;
    this.url = b.url;
    this.source = b.source;
    this.timeout = b.timeout;
  }

  /** Returns a builder; a name and a routing key are required. */
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
    try {
      Http.post(url, "application/json", Json.write(event(notification)), Map.of(), timeout);
    } catch (DeliveryException e) {
      throw Incidents.scrub(e, routingKey);
    }
  }

  /** Returns the event for {@code n}: a map for {@link Json}. */
  Map<String, Object> event(Notification n) {
    Alert alert = n.alert();
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("routing_key", routingKey);
    event.put("dedup_key", dedupKey(alert));
    switch (n.kind()) {
      case ACKNOWLEDGED -> event.put("event_action", "acknowledge");
      case RESOLVED -> event.put("event_action", "resolve");
      default -> {
        event.put("event_action", "trigger");
        event.put("payload", payload(n));
        event.put("client", "Vigil");
        if (alert.runbook() != null) {
          event.put("links", List.of(Map.of("href", alert.runbook().toString(),
              "text", "Runbook")));
        }
      }
    }
    return event;
  }

  static String dedupKey(Alert alert) {
    return Incidents.stableId("vigil/", alert.key(), MAX_DEDUP_KEY);
  }

  private Map<String, Object> payload(Notification n) {
    Alert alert = n.alert();
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("summary", Texts.truncate(n.title().isBlank() ? alert.key() : n.title(), MAX_SUMMARY));
    String instance = alert.matchLabels().get("instance");
    p.put("source", cut(instance != null && !instance.isBlank() ? instance : source));
    p.put("severity", severity(alert));
    p.put("timestamp", Incidents.rfc3339(n.createdAt()));
    String component = alert.matchLabels().get("component");
    if (component != null && !component.isBlank()) {
      p.put("component", cut(component));
    }
    if (!alert.group().isEmpty()) {
      StringBuilder group = new StringBuilder();
      alert.group().forEach((k, v) -> group.append(group.length() == 0 ? "" : ",")
          .append(k).append('=').append(v));
      p.put("group", cut(group.toString()));
    }
    p.put("class", cut(alert.ruleId()));
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("text", cut(n.text()));
    details.put("labels", Incidents.labels(alert, false).entrySet().stream().collect(
        LinkedHashMap::new, (m, e) -> m.put(e.getKey(), cut(e.getValue())), Map::putAll));
    Map<String, String> annotations = new LinkedHashMap<>();
    alert.annotations().forEach((k, v) -> annotations.put(k, cut(v)));
    details.put("annotations", annotations);
    details.put("value", alert.value());
    details.put("state", alert.state().name());
    p.put("custom_details", details);
    return p;
  }

  private static String cut(String s) {
    return Texts.truncate(s, MAX_DETAIL);
  }

  static String severity(Alert alert) {
    return switch (alert.severity()) {
      case CRITICAL -> "critical";
      case ERROR -> "error";
      case WARN -> "warning";
      case INFO -> "info";
    };
  }

  @Override
  public String toString() {
    return "PagerDutyChannel[name=" + name + ", host=" + url.getHost() + "]";
  }

  /** Builds a {@link PagerDutyChannel}; {@link #build()} reports every problem. */
  public static final class Builder {
    private String name;
    private String routingKey;
    private URI url = EVENTS_URL;
    private String source = "vigil";
    private Duration timeout = Http.DEFAULT_TIMEOUT;

    Builder() {}

    /** Sets the channel's name (required). */
    public Builder name(String name) {
      this.name = requireNonNull(name, "name");
      return this;
    }

    /** Sets the integration's routing key (required; a secret, 32 characters). */
    public Builder routingKey(String routingKey) {
      this.routingKey = requireNonNull(routingKey, "routingKey");
      return this;
    }

    /** Sets the Events API URL; {@link #EVENTS_URL} by default (change it for tests, proxies). */
    public Builder url(URI url) {
      this.url = requireNonNull(url, "url");
      return this;
    }

    /**
     * Sets the {@code source} of events whose alert has no {@code instance} label (the affected
     * system, such as a host name); {@code vigil} by default.
     */
    public Builder source(String source) {
      this.source = requireNonNull(source, "source");
      return this;
    }

    /** Sets the time a request may take; 10 s by default. */
    public Builder timeout(Duration timeout) {
      this.timeout = requireNonNull(timeout, "timeout");
      return this;
    }

    /**
     * Builds the channel.
     *
     * @throws IllegalStateException naming every missing or invalid setting (never the key)
     */
    public PagerDutyChannel build() {
      List<String> problems = new ArrayList<>();
      Incidents.checkText("name", name, problems);
      Incidents.checkText("routingKey", routingKey, problems);
      Incidents.checkUrl("url", url, problems);
      Incidents.checkText("source", source, problems);
      Incidents.checkTimeout(timeout, problems);
      Incidents.report("PagerDuty channel " + (name == null ? "" : name), problems);
      return new PagerDutyChannel(this);
    }
  }
}
