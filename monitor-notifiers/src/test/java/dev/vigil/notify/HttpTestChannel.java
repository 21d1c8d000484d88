package dev.vigil.notify;

import dev.vigil.Severity;
import dev.vigil.notify.internal.Http;
import dev.vigil.notify.internal.Json;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A minimal channel for the notifier's own tests: posts {id, kind, key, contact} as JSON to a
 * real HTTP server, with the notification id as {@code Idempotency-Key}.
 */
final class HttpTestChannel implements Channel {

  private final String name;
  private final URI uri;
  private final Duration timeout;
  private final String addressKind;
  private final Severity minSeverity;
  private final boolean groups;

  HttpTestChannel(String name, URI uri, Duration timeout, String addressKind,
      Severity minSeverity) {
    this(name, uri, timeout, addressKind, minSeverity, false);
  }

  HttpTestChannel(String name, URI uri, Duration timeout, String addressKind,
      Severity minSeverity, boolean groups) {
    this.name = name;
    this.uri = uri;
    this.timeout = timeout;
    this.addressKind = addressKind;
    this.minSeverity = minSeverity;
    this.groups = groups;
  }

  HttpTestChannel grouping() {
    return new HttpTestChannel(name, uri, timeout, addressKind, minSeverity, true);
  }

  @Override
  public boolean groups() {
    return groups;
  }

  static HttpTestChannel to(String name, RecordingServer server) {
    return new HttpTestChannel(name, server.uri("/" + name), Duration.ofSeconds(5), null,
        Severity.INFO);
  }

  static HttpTestChannel people(String name, RecordingServer server, String addressKind) {
    return new HttpTestChannel(name, server.uri("/" + name), Duration.ofSeconds(5), addressKind,
        Severity.INFO);
  }

  HttpTestChannel timeout(Duration timeout) {
    return new HttpTestChannel(name, uri, timeout, addressKind, minSeverity);
  }

  HttpTestChannel minSeverity(Severity minSeverity) {
    return new HttpTestChannel(name, uri, timeout, addressKind, minSeverity);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String addressKind() {
    return addressKind;
  }

  @Override
  public Severity minSeverity() {
    return minSeverity;
  }

  @Override
  public void send(Notification n) throws DeliveryException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", n.id());
    body.put("kind", n.kind().name());
    body.put("key", n.alert().key());
    body.put("contact", n.contact() == null ? null : n.contact().name());
    body.put("title", n.title());
    body.put("alerts", n.alerts().size());
    body.put("text", n.text());
    Http.post(uri, "application/json", Json.write(body), Map.of("Idempotency-Key", n.id()),
        timeout);
  }
}
