package dev.vigil.notify;

import static java.util.Objects.requireNonNull;

import dev.vigil.alerts.Alert;
import java.time.Instant;

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
 */
public record Notification(String id, Kind kind, Alert alert, String title, String text,
    Contact contact, Instant createdAt) {

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

  /** Checks that nothing but {@code contact} is null. */
  public Notification {
    requireNonNull(id, "id");
    requireNonNull(kind, "kind");
    requireNonNull(alert, "alert");
    requireNonNull(title, "title");
    requireNonNull(text, "text");
    requireNonNull(createdAt, "createdAt");
  }

  /** Returns whether this notification ends the alert (RESOLVED). */
  public boolean isResolution() {
    return kind == Kind.RESOLVED;
  }
}
