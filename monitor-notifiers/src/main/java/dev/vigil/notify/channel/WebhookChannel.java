package dev.vigil.notify.channel;

import static java.util.Objects.requireNonNull;

import dev.vigil.alerts.Alert;
import dev.vigil.alerts.Template;
import dev.vigil.notify.Channel;
import dev.vigil.notify.DeliveryException;
import dev.vigil.notify.Digest;
import dev.vigil.notify.MessageTemplate;
import dev.vigil.notify.Notification;
import dev.vigil.notify.internal.Http;
import dev.vigil.notify.internal.Json;
import dev.vigil.notify.internal.Texts;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A generic webhook: POSTs each notification to a URL, by default as the JSON of Prometheus
 * Alertmanager's webhook (version 4, one alert per call), so that anything that receives
 * Alertmanager webhooks receives Vigil's too. A body of one's own can be rendered from a {@link
 * Template} instead.
 *
 * <pre>{@code
 * WebhookChannel.builder()
 *     .name("ops-hook")
 *     .url(URI.create("https://hooks.example.com/vigil"))
 *     .secret(System.getenv("VIGIL_WEBHOOK_SECRET"))   // X-Vigil-Signature: sha256=<hex>
 *     .header("X-Team", "ops")
 *     .build();
 * }</pre>
 *
 * <p>Each request carries {@code Idempotency-Key} (the notification's id: the same for every
 * retry) and, with a secret, a signature header ({@code X-Vigil-Signature} by default) holding
 * {@code sha256=} and the lowercase hex HMAC-SHA256 of the body's bytes under the secret.
 *
 * <p>Immutable and thread-safe; {@link #toString()} shows the name and host only (webhook URLs,
 * header values and the secret may be secrets).
 */
public final class WebhookChannel implements Channel {

  /** What Alertmanager writes for the end of an alert that is still firing (Go's zero time). */
  static final String ZERO_TIME = "0001-01-01T00:00:00Z";

  /** How long one string variable of a custom body may be (before escaping). */
  static final int MAX_VARIABLE = 1024;

  private final String name;
  private final URI url;
  private final byte[] secret;
  private final String signatureHeader;
  private final Map<String, String> headers;
  private final Template body;
  private final String contentType;
  private final String externalUrl;
  private final Duration timeout;

  private WebhookChannel(Builder b) {
    this.name = b.name;
    this.url = b.url;
    this.secret = b.secret == null ? null : b.secret.getBytes(StandardCharsets.UTF_8);
    this.signatureHeader = b.signatureHeader;
    this.headers = Map.copyOf(b.headers);
    this.body = b.body;
    this.contentType = b.contentType;
    this.externalUrl = b.externalUrl;
    this.timeout = b.timeout;
  }

  /** Returns a builder; a name and a URL are required. */
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
    String payload = body == null ? Json.write(alertmanagerPayload(notification))
        : custom(notification);
    Map<String, String> all = new LinkedHashMap<>(headers);
    all.put("Idempotency-Key", notification.id());
    if (secret != null) {
      all.put(signatureHeader, "sha256=" + hmac(payload));
    }
    try {
      Http.post(url, contentType, payload, all, timeout);
    } catch (DeliveryException e) {
      throw Incidents.scrub(e, secret == null ? null : new String(secret, StandardCharsets.UTF_8));
    }
  }

  /**
   * Posts {@code digest} as JSON, whatever the configured body: {@code {"kind":"digest", "id",
   * "title", "text", "createdAt", "receiver"}} (the text cut to 1 MB), with the
   * channel's headers, {@code Idempotency-Key} and, with a secret, the signature.
   */
  @Override
  public boolean sendDigest(Digest digest) throws DeliveryException {
    requireNonNull(digest, "digest");
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("kind", "digest");
    json.put("id", digest.id());
    json.put("title", Texts.truncate(digest.title(), MAX_VARIABLE));
    json.put("text", Texts.truncateUtf8(digest.text(), 1_000_000));
    json.put("createdAt", digest.createdAt().toString());
    json.put("receiver", name);
    String payload = Json.write(json);
    Map<String, String> all = new LinkedHashMap<>(headers);
    all.put("Idempotency-Key", digest.id());
    if (secret != null) {
      all.put(signatureHeader, "sha256=" + hmac(payload));
    }
    try {
      Http.post(url, "application/json; charset=utf-8", payload, all, timeout);
    } catch (DeliveryException e) {
      throw Incidents.scrub(e, secret == null ? null : new String(secret, StandardCharsets.UTF_8));
    }
    return true;
  }

  /** Returns the Alertmanager webhook (version 4) payload of {@code n}: a map for {@link Json}. */
  Map<String, Object> alertmanagerPayload(Notification n) {
    Alert alert = n.alert();
    String status = n.isResolution() ? "resolved" : "firing";
    Map<String, String> labels = Incidents.labels(alert, false);
    Map<String, String> annotations = Incidents.annotations(alert);
    Map<String, String> groupLabels = new LinkedHashMap<>();
    groupLabels.put("alertname", labels.get("alertname"));
    alert.group().keySet().forEach(k -> groupLabels.put(k, labels.get(k)));

    Map<String, Object> one = new LinkedHashMap<>();
    one.put("status", status);
    one.put("labels", labels);
    one.put("annotations", annotations);
    one.put("startsAt", Incidents.rfc3339(startsAt(alert)));
    one.put("endsAt", n.isResolution()
        ? Incidents.rfc3339(alert.resolvedAt() != null ? alert.resolvedAt() : n.createdAt())
        : ZERO_TIME);
    one.put("generatorURL", externalUrl);
    one.put("fingerprint", Incidents.fingerprint(labels));

    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("version", "4");
    payload.put("groupKey", groupKey(groupLabels));
    payload.put("truncatedAlerts", 0);
    payload.put("status", status);
    payload.put("receiver", name);
    payload.put("groupLabels", groupLabels);
    payload.put("commonLabels", labels);
    payload.put("commonAnnotations", annotations);
    payload.put("externalURL", externalUrl);
    payload.put("alerts", List.of(one));
    return payload;
  }

  static java.time.Instant startsAt(Alert alert) {
    return alert.firingSince() != null ? alert.firingSince() : alert.activeSince();
  }

  /** Alertmanager's form: {@code {}:{alertname="x", platform="tiktok"}}. */
  private static String groupKey(Map<String, String> groupLabels) {
    StringBuilder sb = new StringBuilder("{}:{");
    groupLabels.forEach((k, v) -> sb.append(sb.length() > 4 ? ", " : "").append(k).append("=\"")
        .append(v.replace("\\", "\\\\").replace("\"", "\\\"")).append('"'));
    return sb.append('}').toString();
  }

  private String custom(Notification n) throws DeliveryException {
    boolean json = contentType.toLowerCase(java.util.Locale.ROOT).contains("json");
    @SuppressWarnings("unchecked")
    Map<String, Object> vars = (Map<String, Object>) prepare(MessageTemplate.variables(n), json);
    String rendered = body.render(vars);
    if (rendered.length() >= Template.MAX_OUTPUT) {
      // the template engine cut it: a cut JSON document is not JSON
      throw DeliveryException.permanent("the body of webhook " + name + " exceeds "
          + Template.MAX_OUTPUT + " characters");
    }
    return rendered;
  }

  /** Cuts string values and, for JSON, escapes them to sit between quotes in the template. */
  @SuppressWarnings("unchecked")
  private static Object prepare(Object value, boolean json) {
    if (value instanceof String s) {
      String cut = Texts.truncate(s, MAX_VARIABLE);
      if (!json) {
        return cut;
      }
      String quoted = Json.write(cut);
      return quoted.substring(1, quoted.length() - 1);
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      ((Map<String, Object>) map).forEach((k, v) -> out.put(k, prepare(v, json)));
      return out;
    }
    return value;
  }

  private String hmac(String payload) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JDK has HmacSHA256", e);
    }
  }

  @Override
  public String toString() {
    return "WebhookChannel[name=" + name + ", host=" + url.getHost()
        + (secret != null ? ", signed" : "") + (body != null ? ", custom body" : "") + "]";
  }

  /** Builds a {@link WebhookChannel}; {@link #build()} reports every problem at once. */
  public static final class Builder {
    private String name;
    private URI url;
    private String secret;
    private String signatureHeader = "X-Vigil-Signature";
    private final Map<String, String> headers = new LinkedHashMap<>();
    private Template body;
    private String contentType = "application/json";
    private String externalUrl = "";
    private Duration timeout = Http.DEFAULT_TIMEOUT;

    Builder() {}

    /** Sets the channel's name (required); also the payload's {@code receiver}. */
    public Builder name(String name) {
      this.name = requireNonNull(name, "name");
      return this;
    }

    /** Sets the URL to POST to (required; http or https). */
    public Builder url(URI url) {
      this.url = requireNonNull(url, "url");
      return this;
    }

    /** Sets the secret of the HMAC-SHA256 signature header; none (no header) by default. */
    public Builder secret(String secret) {
      this.secret = requireNonNull(secret, "secret");
      return this;
    }

    /** Sets the name of the signature header; {@code X-Vigil-Signature} by default. */
    public Builder signatureHeader(String signatureHeader) {
      this.signatureHeader = requireNonNull(signatureHeader, "signatureHeader");
      return this;
    }

    /** Adds a header to every request (such as {@code Authorization}); its value is never shown. */
    public Builder header(String name, String value) {
      headers.put(requireNonNull(name, "header name"), requireNonNull(value, "header value"));
      return this;
    }

    /**
     * Replaces the Alertmanager payload with {@code body} rendered with the variables of {@link
     * MessageTemplate} plus {@code id}, {@code title} and {@code text}, sent as {@code
     * contentType}. Each string variable is cut to 1024 characters and, when the content type
     * contains {@code json}, escaped for a JSON string: write them between quotes, as in
     * <code>{"text": "{{ title }}", "severity": "{{ severity }}"}</code>. A body the template
     * engine had to cut ({@value Template#MAX_OUTPUT} characters) is a permanent failure.
     */
    public Builder body(Template body, String contentType) {
      this.body = requireNonNull(body, "body");
      this.contentType = requireNonNull(contentType, "contentType");
      return this;
    }

    /** Sets {@code externalURL} and each alert's {@code generatorURL}; empty by default. */
    public Builder externalUrl(String externalUrl) {
      this.externalUrl = requireNonNull(externalUrl, "externalUrl");
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
     * @throws IllegalStateException naming every missing or invalid setting
     */
    public WebhookChannel build() {
      List<String> problems = new ArrayList<>();
      Incidents.checkText("name", name, problems);
      Incidents.checkUrl("url", url, problems);
      Incidents.checkTimeout(timeout, problems);
      if (secret != null && secret.isEmpty()) {
        problems.add("secret must not be empty");
      }
      if (secret != null) {
        Incidents.checkHeader(signatureHeader, "sha256=0", problems);
      }
      headers.forEach((k, v) -> Incidents.checkHeader(k, v, problems));
      Incidents.checkHeader("Content-Type", contentType, problems);
      Incidents.report("webhook channel " + (name == null ? "" : name), problems);
      return new WebhookChannel(this);
    }
  }
}
