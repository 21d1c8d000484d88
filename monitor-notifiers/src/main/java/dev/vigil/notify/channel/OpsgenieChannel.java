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
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Sends alerts to Opsgenie, or to Jira Service Management through its Opsgenie-compatible alert
 * API: FIRING, REMINDER, FLAPPING and TEST create an alert ({@code POST /v2/alerts}; Opsgenie
 * folds repeats into one alert by {@code alias}), ACKNOWLEDGED acknowledges it and RESOLVED
 * closes it ({@code POST /v2/alerts/{alias}/acknowledge|close?identifierType=alias}), with the
 * header {@code Authorization: GenieKey <key>}.
 *
 * <pre>{@code
 * OpsgenieChannel.builder()
 *     .name("opsgenie")
 *     .apiKey(System.getenv("OPSGENIE_API_KEY"))        // an API integration's key
 *     .baseUrl(OpsgenieChannel.EU)                      // EU accounts
 *     .tag("checkout")
 *     .build();
 * }</pre>
 *
 * <p>Fields are cut to Opsgenie's limits: {@code message} 130 characters, {@code alias} 512
 * ({@code vigil/} and the alert's key; longer keys end in a hash), {@code description} 15000,
 * {@code source} 100, at most 20 tags of 50 characters, {@code details} 8000 characters in all,
 * notes 25000. Opsgenie answers 202 (processed asynchronously); other 4xx are permanent, 429
 * and 5xx retried. Immutable and thread-safe; the API key is never shown by {@link #toString()}
 * nor in errors.
 */
public final class OpsgenieChannel implements Channel {

  /** The default API, for accounts in the US region. */
  public static final URI US = URI.create("https://api.opsgenie.com");
  /** The API for accounts in the EU region. */
  public static final URI EU = URI.create("https://api.eu.opsgenie.com");

  static final int MAX_MESSAGE = 130;
  static final int MAX_ALIAS = 512;
  static final int MAX_DESCRIPTION = 15_000;
  static final int MAX_SOURCE = 100;
  static final int MAX_TAGS = 20;
  static final int MAX_TAG = 50;
  static final int MAX_DETAILS = 8000;
  static final int MAX_NOTE = 25_000;
  static final int MAX_USER = 100;

  private final String name;
  private final String apiKey;
  private final String base;
  private final String source;
  private final List<String> tags;
  private final Duration timeout;

  private OpsgenieChannel(Builder b) {
    this.name = b.name;
    this.apiKey = b.apiKey;
    String s = b.baseUrl.toString();
    this.base = s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    this.source = Texts.truncate(b.source, MAX_SOURCE);
    this.tags = List.copyOf(b.tags);
    this.timeout = b.timeout;
  }

  /** Returns a builder; a name and an API key are required. */
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
    String alias = alias(alert);
    URI uri;
    Map<String, Object> body = new LinkedHashMap<>();
    switch (notification.kind()) {
      case RESOLVED -> {
        uri = action(alias, "close");
        body.put("source", source);
        body.put("note", Texts.truncate(notification.title() + "\n" + notification.text(),
            MAX_NOTE));
      }
      case ACKNOWLEDGED -> {
        uri = action(alias, "acknowledge");
        body.put("source", source);
        if (alert.acknowledgement() != null) {
          body.put("user", Texts.truncate(alert.acknowledgement().by(), MAX_USER));
          body.put("note", Texts.truncate(alert.acknowledgement().comment(), MAX_NOTE));
        }
      }
      default -> {
        uri = URI.create(base + "/v2/alerts");
        body = create(notification, alias);
      }
    }
    try {
      Http.post(uri, "application/json", Json.write(body),
          Map.of("Authorization", "GenieKey " + apiKey), timeout);
    } catch (DeliveryException e) {
      throw Incidents.scrub(e, apiKey);
    }
  }

  static String alias(Alert alert) {
    return Incidents.stableId("vigil/", alert.key(), MAX_ALIAS);
  }

  private URI action(String alias, String action) {
    String encoded = URLEncoder.encode(alias, StandardCharsets.UTF_8).replace("+", "%20");
    return URI.create(base + "/v2/alerts/" + encoded + "/" + action + "?identifierType=alias");
  }

  private Map<String, Object> create(Notification n, String alias) {
    Alert alert = n.alert();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("message", Texts.truncate(n.title().isBlank() ? alert.key() : n.title(),
        MAX_MESSAGE));
    body.put("alias", alias);
    body.put("description", Texts.truncate(n.text(), MAX_DESCRIPTION));
    Set<String> all = new LinkedHashSet<>(tags);
    all.add("vigil");
    all.add(alert.ruleId());
    all.add(alert.severity().name().toLowerCase(java.util.Locale.ROOT));
    List<String> cut = new ArrayList<>();
    for (String tag : all) {
      String t = Texts.truncate(tag.strip(), MAX_TAG);
      if (!t.isEmpty() && !cut.contains(t) && cut.size() < MAX_TAGS) {
        cut.add(t);
      }
    }
    body.put("tags", cut);
    body.put("details", details(alert));
    body.put("priority", priority(alert));
    body.put("source", source);
    return body;
  }

  /** Labels, annotations and the value, as strings, while the 8000 characters last. */
  private static Map<String, String> details(Alert alert) {
    Map<String, String> all = new LinkedHashMap<>();
    all.put("value", String.valueOf(alert.value()));
    all.put("state", alert.state().name());
    if (alert.runbook() != null) {
      all.put("runbook", alert.runbook().toString());
    }
    alert.matchLabels().forEach((k, v) -> all.putIfAbsent(k, v));
    alert.annotations().forEach((k, v) -> all.putIfAbsent(k, v));
    Map<String, String> details = new LinkedHashMap<>();
    int left = MAX_DETAILS;
    for (Map.Entry<String, String> e : all.entrySet()) {
      String key = Texts.truncate(e.getKey(), 100);
      left -= key.length();
      if (left < 2) {
        break;
      }
      String value = Texts.truncate(e.getValue(), Math.min(left, 1000));
      left -= value.length();
      details.put(key, value);
    }
    return details;
  }

  static String priority(Alert alert) {
    return switch (alert.severity()) {
      case CRITICAL -> "P1";
      case ERROR -> "P2";
      case WARN -> "P3";
      case INFO -> "P5";
    };
  }

  @Override
  public String toString() {
    return "OpsgenieChannel[name=" + name + ", host=" + URI.create(base).getHost() + "]";
  }

  /** Builds an {@link OpsgenieChannel}; {@link #build()} reports every problem. */
  public static final class Builder {
    private String name;
    private String apiKey;
    private URI baseUrl = US;
    private String source = "Vigil";
    private final List<String> tags = new ArrayList<>();
    private Duration timeout = Http.DEFAULT_TIMEOUT;

    Builder() {}

    /** Sets the channel's name (required). */
    public Builder name(String name) {
      this.name = requireNonNull(name, "name");
      return this;
    }

    /** Sets the API integration's key (required; a secret). */
    public Builder apiKey(String apiKey) {
      this.apiKey = requireNonNull(apiKey, "apiKey");
      return this;
    }

    /** Sets the API's base URL; {@link #US} by default, {@link #EU} for EU accounts. */
    public Builder baseUrl(URI baseUrl) {
      this.baseUrl = requireNonNull(baseUrl, "baseUrl");
      return this;
    }

    /** Sets the alerts' {@code source}; {@code Vigil} by default. */
    public Builder source(String source) {
      this.source = requireNonNull(source, "source");
      return this;
    }

    /** Adds a tag to every alert (besides {@code vigil}, the rule id and the severity). */
    public Builder tag(String tag) {
      tags.add(requireNonNull(tag, "tag"));
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
    public OpsgenieChannel build() {
      List<String> problems = new ArrayList<>();
      Incidents.checkText("name", name, problems);
      Incidents.checkText("apiKey", apiKey, problems);
      Incidents.checkUrl("baseUrl", baseUrl, problems);
      Incidents.checkText("source", source, problems);
      Incidents.checkTimeout(timeout, problems);
      if (apiKey != null) {
        Incidents.checkHeader("Authorization", "GenieKey " + apiKey, problems);
      }
      Incidents.report("Opsgenie channel " + (name == null ? "" : name), problems);
      return new OpsgenieChannel(this);
    }
  }
}
