package dev.vigil.notify.channel;

import dev.vigil.alerts.Alert;
import dev.vigil.notify.Notification;
import dev.vigil.notify.internal.Texts;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToIntFunction;
import java.util.regex.Pattern;

/**
 * What the chat channels (Slack, Discord, Teams) share: the look of each kind of notification,
 * the facts shown beside the text, mention neutralising, and the checks of their settings.
 * Stateless.
 */
final class Chat {

  /** RESOLVED, on every medium. */
  static final int GREEN = 0x2EB886;
  /** ACKNOWLEDGED: someone is on it. */
  static final int BLUE = 0x439FE0;
  /** FLAPPING. */
  static final int PURPLE = 0x9B59B6;
  /** TEST. */
  static final int TEAL = 0x1ABC9C;
  /** INFO, firing. */
  static final int GREY = 0x9E9E9E;
  static final int ORANGE = 0xFFA500;
  static final int RED = 0xFF0000;
  static final int DARK_RED = 0x8B0000;

  /** {@code @channel}, {@code @here}, {@code @everyone} written plainly, any case. */
  private static final Pattern BROADCAST = Pattern.compile("@(channel|here|everyone)\\b",
      Pattern.CASE_INSENSITIVE);

  private Chat() {}

  /** Returns the colour of {@code n}: by kind, and by severity for FIRING and REMINDER. */
  static int colour(Notification n) {
    return switch (n.kind()) {
      case RESOLVED -> GREEN;
      case ACKNOWLEDGED -> BLUE;
      case FLAPPING -> PURPLE;
      case TEST -> TEAL;
      case FIRING, REMINDER -> switch (n.alert().severity()) {
        case INFO -> GREY;
        case WARN -> ORANGE;
        case ERROR -> RED;
        case CRITICAL -> DARK_RED;
      };
    };
  }

  /**
   * Splits {@code text} at line breaks into chunks whose {@code length} (measured after the
   * channel's escaping) is at most {@code max}; a line longer than that alone is cut. For the
   * text of a digest, which may be longer than one block of a chat message.
   */
  static List<String> chunks(String text, int max, ToIntFunction<String> length) {
    List<String> chunks = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : text.split("\\R", -1)) {
      String candidate = current.length() == 0 ? line : current + "\n" + line;
      if (length.applyAsInt(candidate) <= max) {
        current.setLength(0);
        current.append(candidate);
        continue;
      }
      if (current.length() > 0) {
        chunks.add(current.toString());
      }
      current.setLength(0);
      current.append(length.applyAsInt(line) <= max ? line
          : Texts.fit(line, t -> length.applyAsInt(t) <= max));
    }
    if (!current.toString().isBlank()) {
      chunks.add(current.toString());
    }
    return chunks;
  }

  /** Returns {@code #RRGGBB}. */
  static String hex(int rgb) {
    return String.format(Locale.ROOT, "#%06X", rgb);
  }

  /** Returns the emoji that starts the title of each kind, so kinds differ at a glance. */
  static String emoji(Notification.Kind kind) {
    return switch (kind) {
      case FIRING -> "🔥";
      case REMINDER -> "🔁";
      case FLAPPING -> "〰️";
      case ACKNOWLEDGED -> "👀";
      case RESOLVED -> "✅";
      case TEST -> "🧪";
    };
  }

  /** Returns the title as shown: the kind's emoji, then the notification's title. */
  static String title(Notification n) {
    return emoji(n.kind()) + " " + n.title();
  }

  /**
   * Returns the facts shown beside the text, in order: severity, state, labels (the rule's and
   * the group), value; plus who acknowledged. Values are raw (not escaped).
   */
  static Map<String, String> facts(Notification n) {
    Alert alert = n.alert();
    Map<String, String> facts = new LinkedHashMap<>();
    facts.put("Severity", alert.severity().name());
    facts.put("State", alert.state().name());
    Map<String, String> labels = new LinkedHashMap<>(alert.labels());
    labels.putAll(alert.group());
    StringBuilder sb = new StringBuilder();
    labels.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ").append(k).append('=')
        .append(v));
    facts.put("Labels", sb.length() == 0 ? "-" : sb.toString());
    facts.put("Value", value(alert.value()));
    if (alert.acknowledgement() != null) {
      facts.put("Acknowledged by", alert.acknowledgement().by());
    }
    return facts;
  }

  /** Returns {@code v} without trailing zeros ({@code 0.3}, {@code 12}), or {@code -} if NaN. */
  static String value(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return Double.isNaN(v) ? "-" : String.valueOf(v);
    }
    return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
  }

  /** Returns the runbook if it is an http(s) link (never {@code javascript:}…), else null. */
  static URI link(Alert alert) {
    URI runbook = alert.runbook();
    if (runbook == null || runbook.getScheme() == null || runbook.getHost() == null) {
      return null;
    }
    String scheme = runbook.getScheme().toLowerCase(Locale.ROOT);
    return scheme.equals("https") || scheme.equals("http") ? runbook : null;
  }

  /**
   * Breaks {@code @channel}, {@code @here} and {@code @everyone} written plainly with an
   * invisible WORD JOINER after the {@code @}, so no client reads them as a broadcast.
   */
  static String neutraliseMentions(String s) {
    return BROADCAST.matcher(s).replaceAll("@\u2060$1");
  }

  /**
   * Checks the settings every chat channel has and throws one exception naming all that are
   * wrong. The webhook must be an absolute https URI (http only to a loopback host, for tests
   * and local relays); messages name its host at most, never its path (it holds the secret).
   */
  static void check(String type, String name, URI webhookUri, Duration timeout) {
    List<String> problems = new ArrayList<>();
    if (name == null || name.isBlank()) {
      problems.add("name must not be blank");
    }
    if (webhookUri == null) {
      problems.add("webhookUri is required");
    } else {
      String scheme = webhookUri.getScheme() == null ? null
          : webhookUri.getScheme().toLowerCase(Locale.ROOT);
      String host = webhookUri.getHost();
      if (!webhookUri.isAbsolute() || host == null
          || !("https".equals(scheme) || "http".equals(scheme))) {
        problems.add("webhookUri must be an absolute https URI with a host");
      } else if ("http".equals(scheme) && !isLoopback(host)) {
        problems.add("webhookUri must use https (http only to localhost) but was http to "
            + host);
      }
    }
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      problems.add("timeout must be positive but was " + timeout);
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("invalid " + type
          + (name == null || name.isBlank() ? "" : " '" + name + "'") + ": "
          + String.join("; ", problems));
    }
  }

  private static boolean isLoopback(String host) {
    if (host.equalsIgnoreCase("localhost")) {
      return true;
    }
    String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    if (!h.matches("[0-9.]+|[0-9a-fA-F:]+")) {
      return false; // a name: never resolved here
    }
    try {
      return InetAddress.getByName(h).isLoopbackAddress(); // a literal: no lookup
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /** Returns what the channels' toString shows: the type, name and webhook host. */
  static String describe(String type, String name, URI webhookUri) {
    return type + "[name=" + name + ", host=" + webhookUri.getHost() + "]";
  }
}
