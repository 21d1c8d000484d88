package dev.vigil.notify;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How a failed delivery is retried: exponential backoff from {@code initialBackoff}, times {@code
 * multiplier} per attempt, at most {@code maxBackoff}, each delay spread by ±{@code jitter} (so
 * that many notifiers do not retry in step), and never sooner than the server's {@code
 * Retry-After}. After {@code maxAttempts} attempts, or once the notification is older than
 * {@code maxAge}, it goes to the dead letters.
 *
 * @param maxAttempts attempts in all, at least 1
 * @param initialBackoff the delay after the first failure, positive
 * @param maxBackoff the longest delay, at least {@code initialBackoff}
 * @param multiplier the growth per attempt, at least 1
 * @param jitter the relative spread of each delay, 0 to 1
 * @param maxAge how long after it was queued a notification is retried at most, positive
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff,
    double multiplier, double jitter, Duration maxAge) {

  /**
   * 20 attempts, from 1 s doubling up to 10 min, ±20 %, for at most a day: about two hours of
   * retries before a dead letter.
   */
  public static final RetryPolicy DEFAULT = new RetryPolicy(20, Duration.ofSeconds(1),
      Duration.ofMinutes(10), 2, 0.2, Duration.ofDays(1));

  /** Checks the components, naming the one at fault. */
  public RetryPolicy {
    requireNonNull(initialBackoff, "initialBackoff");
    requireNonNull(maxBackoff, "maxBackoff");
    requireNonNull(maxAge, "maxAge");
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1 but was " + maxAttempts);
    }
    if (initialBackoff.isNegative() || initialBackoff.isZero()) {
      throw new IllegalArgumentException("initialBackoff must be positive but was "
          + initialBackoff);
    }
    if (maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException("maxBackoff " + maxBackoff
          + " must be at least initialBackoff " + initialBackoff);
    }
    if (!(multiplier >= 1)) {
      throw new IllegalArgumentException("multiplier must be at least 1 but was " + multiplier);
    }
    if (!(jitter >= 0 && jitter <= 1)) {
      throw new IllegalArgumentException("jitter must be from 0 to 1 but was " + jitter);
    }
    if (maxAge.isNegative() || maxAge.isZero()) {
      throw new IllegalArgumentException("maxAge must be positive but was " + maxAge);
    }
  }

  /**
   * Returns the delay after failed attempt number {@code attempt} (1 for the first), given a
   * uniform random number {@code random} in [0, 1).
   */
  public Duration backoff(int attempt, double random) {
    double millis = initialBackoff.toMillis() * Math.pow(multiplier, Math.max(0, attempt - 1));
    millis = Math.min(millis, maxBackoff.toMillis());
    millis *= 1 + jitter * (2 * random - 1);
    return Duration.ofMillis(Math.max(1, Math.round(millis)));
  }
}
