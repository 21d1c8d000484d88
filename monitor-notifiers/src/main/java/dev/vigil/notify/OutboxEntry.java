package dev.vigil.notify;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * One notification for one channel, as the {@link Outbox} keeps it from before the first attempt
 * until it is delivered, given up (dead letter) or cancelled.
 *
 * @param id {@code <notification id>@<channel>}: unique, the same across retries
 * @param channel the channel's name
 * @param notification what to send
 * @param state where it is
 * @param attempts how many sends were tried
 * @param createdAt when the notifier queued it (its age for {@link RetryPolicy#maxAge()})
 * @param dueAt when it may be tried next (later than its creation for an escalation step or
 *     after a failure)
 * @param lastError why the last attempt failed (no secrets), or {@code null}
 * @param group the group it is sent with, for a route that groups alerts, or {@code null}: the
 *     entries of one group that fall due together go out as one notification on channels that
 *     {@linkplain Channel#groups() take groups}
 */
public record OutboxEntry(String id, String channel, Notification notification, State state,
    int attempts, Instant createdAt, Instant dueAt, String lastError, String group) {

  /** Where an entry is. */
  public enum State {
    /** Waiting for its first or next attempt. */
    PENDING,
    /** Delivered. */
    DELIVERED,
    /** Given up: a permanent failure or too many attempts; can be {@linkplain Notifier#replay replayed}. */
    DEAD,
    /** Not needed any more: an escalation step after the alert was acknowledged or resolved. */
    CANCELLED
  }

  /** Checks that nothing but {@code lastError} is null. */
  public OutboxEntry {
    requireNonNull(id, "id");
    requireNonNull(channel, "channel");
    requireNonNull(notification, "notification");
    requireNonNull(state, "state");
    requireNonNull(createdAt, "createdAt");
    requireNonNull(dueAt, "dueAt");
    if (attempts < 0) {
      throw new IllegalArgumentException("attempts must not be negative but was " + attempts);
    }
  }

  /**
   * Returns a new PENDING entry of {@code notification} for {@code channel}, created at {@code
   * now} and due at {@code dueAt}, in {@code group} (may be null).
   */
  public static OutboxEntry of(Notification notification, String channel, Instant now,
      Instant dueAt, String group) {
    return new OutboxEntry(notification.id() + "@" + channel, channel, notification,
        State.PENDING, 0, now, dueAt, null, group);
  }

  /** Returns this entry in {@code state}, with {@code reason} as its last error. */
  public OutboxEntry with(State state, String reason) {
    return new OutboxEntry(id, channel, notification, state, attempts, createdAt, dueAt, reason,
        group);
  }

  /** Returns this entry in {@code state}. */
  public OutboxEntry with(State state) {
    return new OutboxEntry(id, channel, notification, state, attempts, createdAt, dueAt,
        lastError, group);
  }

  /** Returns this entry after a failed attempt, due again at {@code dueAt}. */
  public OutboxEntry failed(String error, Instant dueAt) {
    return new OutboxEntry(id, channel, notification, state, attempts + 1, createdAt, dueAt,
        error, group);
  }

  /** Returns this entry pending again from {@code now}, its attempts and age reset (a replay). */
  public OutboxEntry replayed(Instant now) {
    return new OutboxEntry(id, channel, notification, State.PENDING, 0, now, now, lastError,
        group);
  }
}
