package dev.vigil.notify;

import static java.util.Objects.requireNonNull;

import dev.vigil.alerts.Alert;
import java.time.Instant;
import java.util.List;

/**
 * One message about one alert for the channels: what happened ({@link Kind}), the alert as of
 * then, and the title and text rendered from the route's {@link MessageTemplate}. Channels format
 * it natively and escape the title, the text and every label for their medium: both may hold
 * text from logs.
 *
 * @param id the idempotency key of the (alert, transition), plus the escalation step when it is
 *     one: the same for every retry, so channels that support it never show a duplicate
 * @param kind what happened
 * @param alert the alert as of the transition (or reminder)
 * @param title a one-line title, plain text, not escaped
 * @param text the body, plain text with line breaks, not escaped
 * @param contact the person it is addressed to (escalation, on-call), or {@code null} for a
 *     team channel
 * @param createdAt when the transition happened
 * @param alerts every alert the notification tells of: {@code alert} alone, or, for a route that
 *     {@linkplain Route.Builder#groupBy groups} alerts, those that fell due together ({@code
 *     alert} first); unmodifiable
 */
public record Notification(String id, Kind kind, Alert alert, String title, String text,
    Contact contact, Instant createdAt, List<Alert> alerts) {

  /** What a notification tells. */
  public enum Kind {
    /** The alert started firing (or fired again after an acknowledgement expired or a mute). */
    FIRING,
    /** The alert is still firing: a reminder after the rule's repeat interval. */
    REMINDER,
    /** The alert fires and resolves too often: one notice, then quiet until it settles. */
    FLAPPING,
    /** Someone acknowledged the alert. */
    ACKNOWLEDGED,
    /** The alert resolved. */
    RESOLVED,
    /** A test sent by hand through {@link Notifier#sendTest}. */
    TEST
  }

  /** Checks that nothing but {@code contact} is null, and copies {@code alerts}. */
  public Notification {
    requireNonNull(id, "id");
    requireNonNull(kind, "kind");
    requireNonNull(alert, "alert");
    requireNonNull(title, "title");
    requireNonNull(text, "text");
    requireNonNull(createdAt, "createdAt");
    alerts = List.copyOf(requireNonNull(alerts, "alerts"));
    if (alerts.isEmpty() || alerts.get(0) != alert) {
      throw new IllegalArgumentException("alerts must start with alert");
    }
  }

  /** Creates a notification of one alert. */
  public Notification(String id, Kind kind, Alert alert, String title, String text,
      Contact contact, Instant createdAt) {
    this(id, kind, alert, title, text, contact, createdAt, List.of(alert));
  }

  /** Returns whether this notification tells of several alerts at once. */
  public boolean isGroup() {
    return alerts.size() > 1;
  }

  /** Returns whether this notification ends the alert (RESOLVED). */
  public boolean isResolution() {
    return kind == Kind.RESOLVED;
  }
}
