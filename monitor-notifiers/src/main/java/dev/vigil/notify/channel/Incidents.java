package dev.vigil.notify.channel;

import dev.vigil.alerts.Alert;
import dev.vigil.notify.DeliveryException;
import dev.vigil.notify.internal.Texts;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the incident-tool channels (webhook, Alertmanager, PagerDuty, Opsgenie) share: the
 * Prometheus-style labels and annotations of an alert, its fingerprint, stable per-alert ids, and
 * the checks of their builders. Stateless.
 */
final class Incidents {

  /** The most characters of one label or annotation value sent: the cap of template output. */
  static final int MAX_VALUE = dev.vigil.alerts.Template.MAX_OUTPUT;

  private Incidents() {}

  /**
   * Returns the alert's {@linkplain Alert#matchLabels() labels} ({@code alertname}, {@code
   * severity}, the rule's labels and group), sorted by name, values cut to {@link #MAX_VALUE};
   * with {@code prometheusNames}, names made valid for Prometheus ({@code [a-zA-Z_][a-zA-Z0-9_]*},
   * other characters becoming {@code _}) and empty values left out (Prometheus treats them as
   * absent).
   */
  static Map<String, String> labels(Alert alert, boolean prometheusNames) {
    Map<String, String> labels = new TreeMap<>();
    alert.matchLabels().forEach((name, value) -> {
      if (prometheusNames && value.isEmpty()) {
        return;
      }
      labels.put(prometheusNames ? labelName(name) : name, Texts.truncate(value, MAX_VALUE));
    });
    return labels;
  }

  private static String labelName(String name) {
    if (name.isEmpty()) {
      return "_";
    }
    StringBuilder sb = new StringBuilder(name.length());
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean ok = c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
          || (i > 0 && c >= '0' && c <= '9');
      sb.append(ok ? c : '_');
    }
    return sb.toString();
  }

  /**
   * Returns the alert's annotations, values cut to {@link #MAX_VALUE}, plus {@code runbook_url}
   * (the rule's runbook) unless an annotation of that name exists.
   */
  static Map<String, String> annotations(Alert alert) {
    Map<String, String> annotations = new LinkedHashMap<>();
    alert.annotations().forEach((k, v) -> annotations.put(k, Texts.truncate(v, MAX_VALUE)));
    if (alert.runbook() != null) {
      annotations.putIfAbsent("runbook_url", alert.runbook().toString());
    }
    return annotations;
  }

  /**
   * Returns the fingerprint of {@code labels} as Prometheus computes it (FNV-1a 64 over the names
   * and values sorted by name, each followed by a 0xFF byte), as 16 hex digits: Alertmanager
   * shows the same one.
   */
  static String fingerprint(Map<String, String> labels) {
    long hash = 0xcbf29ce484222325L;
    for (Map.Entry<String, String> e : new TreeMap<>(labels).entrySet()) {
      hash = fnv(fnv(hash, e.getKey()), e.getValue());
    }
    return String.format("%016x", hash);
  }

  private static long fnv(long hash, String s) {
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      hash ^= b & 0xff;
      hash *= 0x100000001b3L;
    }
    hash ^= 0xff; // Prometheus's separator byte
    hash *= 0x100000001b3L;
    return hash;
  }

  /**
   * Returns {@code prefix + key} if at most {@code max} characters, else a stable shorter form:
   * the start of it, {@code #}, and 32 hex digits of the SHA-256 of the key.
   */
  static String stableId(String prefix, String key, int max) {
    String id = prefix + key;
    if (id.length() <= max) {
      return id;
    }
    String hash = sha256Hex(key).substring(0, 32);
    return Texts.truncate(id, max - hash.length()).replace('…', '#') + hash;
  }

  static String sha256Hex(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /** Returns {@code at} in RFC 3339 (UTC), to the millisecond. */
  static String rfc3339(Instant at) {
    return at.truncatedTo(ChronoUnit.MILLIS).toString();
  }

  /** Returns {@code e} with {@code secret} masked in its message, in case a server echoed it. */
  static DeliveryException scrub(DeliveryException e, String secret) {
    String message = e.getMessage();
    if (secret == null || secret.isEmpty() || message == null || !message.contains(secret)) {
      return e;
    }
    String clean = message.replace(secret, "***");
    if (e.isPermanent()) {
      return DeliveryException.permanent(clean);
    }
    return e.retryAfter() == null ? DeliveryException.retryable(clean)
        : DeliveryException.retryable(clean, e.retryAfter());
  }

  /** Checks a builder's URL setting: present, absolute, http or https. Adds to {@code problems}. */
  static void checkUrl(String setting, URI uri, List<String> problems) {
    if (uri == null) {
      problems.add(setting + " is required");
    } else if (!"https".equalsIgnoreCase(uri.getScheme())
        && !"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
      problems.add(setting + " must be an absolute http or https URL with a host");
    }
  }

  /** Checks a builder's required text setting. */
  static void checkText(String setting, String value, List<String> problems) {
    if (value == null || value.isBlank()) {
      problems.add(setting + " is required");
    }
  }

  /** Checks a builder's timeout. */
  static void checkTimeout(Duration timeout, List<String> problems) {
    if (timeout.isNegative() || timeout.isZero()) {
      problems.add("timeout must be positive but was " + timeout);
    }
  }

  /** Checks that the JDK client accepts header {@code name: value}, naming it but not the value. */
  static void checkHeader(String name, String value, List<String> problems) {
    try {
      HttpRequest.newBuilder(URI.create("http://localhost/")).header(name, value);
    } catch (IllegalArgumentException e) {
      problems.add("header " + name + " is not allowed or its value is invalid");
    }
  }

  /** Throws one {@link IllegalStateException} listing every problem, if any. */
  static void report(String channel, List<String> problems) {
    if (!problems.isEmpty()) {
      throw new IllegalStateException("invalid " + channel + ": " + String.join("; ", problems));
    }
  }
}
