package dev.vigil.notify;

import java.time.Duration;

/**
 * A delivery that failed: {@linkplain #isPermanent() permanently} (a 4xx other than 408 and 429,
 * a malformed address: retrying cannot help, so the notification goes to the dead letters at
 * once), or for now (a 5xx, 408, 429, a timeout, a refused connection: retried with backoff,
 * after {@link #retryAfter()} if the server said so). Messages never hold secrets: channels name
 * the host, never the URL or a token.
 */
public final class DeliveryException extends Exception {

  private static final long serialVersionUID = 1L;

  private final boolean permanent;
  private final transient Duration retryAfter;

  private DeliveryException(String message, Throwable cause, boolean permanent,
      Duration retryAfter) {
    super(message, cause, false, false); // no stack trace: expected, and counted
    this.permanent = permanent;
    this.retryAfter = retryAfter;
  }

  /** Returns a failure that retrying may cure. */
  public static DeliveryException retryable(String message) {
    return new DeliveryException(message, null, false, null);
  }

  /** Returns a failure that retrying may cure, not before {@code retryAfter}. */
  public static DeliveryException retryable(String message, Duration retryAfter) {
    return new DeliveryException(message, null, false, retryAfter);
  }

  /** Returns a failure that retrying may cure, caused by {@code cause} (an I/O error). */
  public static DeliveryException retryable(String message, Throwable cause) {
    return new DeliveryException(message, cause, false, null);
  }

  /** Returns a failure that retrying cannot cure. */
  public static DeliveryException permanent(String message) {
    return new DeliveryException(message, null, true, null);
  }

  /** Returns whether retrying cannot help. */
  public boolean isPermanent() {
    return permanent;
  }

  /** Returns how long the server asked to wait ({@code Retry-After}), or {@code null}. */
  public Duration retryAfter() {
    return retryAfter;
  }
}
