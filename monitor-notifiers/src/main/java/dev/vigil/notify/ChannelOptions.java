package dev.vigil.notify;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How a {@link Notifier} delivers to one channel: a rate limit, a circuit breaker, a fallback
 * channel and the retries. Immutable; each method returns a copy.
 *
 * <pre>{@code
 * ChannelOptions.defaults()
 *     .rateLimit(1, Duration.ofSeconds(1))        // Slack: about one message a second
 *     .circuitBreaker(5, Duration.ofMinutes(1))
 *     .fallback("email");
 * }</pre>
 */
public final class ChannelOptions {

  private static final ChannelOptions DEFAULTS = new ChannelOptions(0, null, 5,
      Duration.ofMinutes(1), null, null);

  private final int permits;
  private final Duration per;
  private final int failures;
  private final Duration openFor;
  private final String fallback;
  private final RetryPolicy retry;

  private ChannelOptions(int permits, Duration per, int failures, Duration openFor,
      String fallback, RetryPolicy retry) {
    this.permits = permits;
    this.per = per;
    this.failures = failures;
    this.openFor = openFor;
    this.fallback = fallback;
    this.retry = retry;
  }

  /**
   * Returns the defaults: no rate limit; the breaker opens after 5 failures in a row for a
   * minute; no fallback; the notifier's retry policy.
   */
  public static ChannelOptions defaults() {
    return DEFAULTS;
  }

  /**
   * Returns a copy sending at most {@code permits} notifications per {@code per}, evenly spaced
   * (one every {@code per / permits}); the others wait their turn.
   */
  public ChannelOptions rateLimit(int permits, Duration per) {
    requireNonNull(per, "per");
    if (permits < 1) {
      throw new IllegalArgumentException("permits must be positive but was " + permits);
    }
    if (per.isNegative() || per.isZero()) {
      throw new IllegalArgumentException("per must be positive but was " + per);
    }
    return new ChannelOptions(permits, per, failures, openFor, fallback, retry);
  }

  /**
   * Returns a copy whose breaker opens after {@code failures} failed attempts in a row: for
   * {@code openFor}, nothing is sent to the channel (its notifications go to the fallback, if
   * any, or wait); then one attempt decides whether it closes or opens again.
   */
  public ChannelOptions circuitBreaker(int failures, Duration openFor) {
    requireNonNull(openFor, "openFor");
    if (failures < 1) {
      throw new IllegalArgumentException("failures must be positive but was " + failures);
    }
    if (openFor.isNegative() || openFor.isZero()) {
      throw new IllegalArgumentException("openFor must be positive but was " + openFor);
    }
    return new ChannelOptions(permits, per, failures, openFor, fallback, retry);
  }

  /**
   * Returns a copy whose notifications go to channel {@code channel} when they cannot be
   * delivered: given up (dead letter), or while the breaker is open.
   */
  public ChannelOptions fallback(String channel) {
    return new ChannelOptions(permits, per, failures, openFor, requireNonNull(channel, "channel"),
        retry);
  }

  /** Returns a copy with its own retry policy rather than the notifier's. */
  public ChannelOptions retry(RetryPolicy retry) {
    return new ChannelOptions(permits, per, failures, openFor, fallback,
        requireNonNull(retry, "retry"));
  }

  /** Returns the time between two sends, or {@code null} without a rate limit. */
  public Duration minInterval() {
    return per == null ? null : per.dividedBy(permits);
  }

  /** Returns the failures in a row that open the breaker. */
  public int breakerFailures() {
    return failures;
  }

  /** Returns how long the breaker stays open. */
  public Duration breakerOpenFor() {
    return openFor;
  }

  /** Returns the fallback channel's name, or {@code null}. */
  public String fallback() {
    return fallback;
  }

  /** Returns the channel's retry policy, or {@code null} for the notifier's. */
  public RetryPolicy retry() {
    return retry;
  }
}
