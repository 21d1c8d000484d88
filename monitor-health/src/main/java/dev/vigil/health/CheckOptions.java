package dev.vigil.health;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How a {@link HealthMonitor} runs one check: how often (with jitter, so that checks added
 * together do not run in step), how long it may take, and how many results in a row change its
 * status (against flapping). Immutable; each method returns a copy.
 *
 * <pre>{@code
 * CheckOptions.defaults()
 *     .interval(Duration.ofMinutes(5))   // seed 003
 *     .timeout(Duration.ofSeconds(10))
 *     .failureThreshold(2)               // DOWN after 2 failed runs in a row
 *     .successThreshold(2);              // UP again after 2 good runs in a row
 * }</pre>
 */
public final class CheckOptions {

  private static final CheckOptions DEFAULTS =
      new CheckOptions(Duration.ofSeconds(60), 0.1, Duration.ofSeconds(10), 1, 1);

  private final Duration interval;
  private final double jitter;
  private final Duration timeout;
  private final int failureThreshold;
  private final int successThreshold;

  private CheckOptions(Duration interval, double jitter, Duration timeout, int failureThreshold,
      int successThreshold) {
    this.interval = interval;
    this.jitter = jitter;
    this.timeout = timeout;
    this.failureThreshold = failureThreshold;
    this.successThreshold = successThreshold;
  }

  /** Returns the defaults: every 60 s ±10 %, 10 s timeout, thresholds of 1. */
  public static CheckOptions defaults() {
    return DEFAULTS;
  }

  /** Returns a copy run every {@code interval} (at least 1 s). */
  public CheckOptions interval(Duration interval) {
    requireNonNull(interval, "interval");
    if (interval.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException("interval must be at least 1 second but was "
          + interval);
    }
    return new CheckOptions(interval, jitter, timeout, failureThreshold, successThreshold);
  }

  /** Returns a copy whose runs are spread by ±{@code jitter} of the interval (0 to 0.5). */
  public CheckOptions jitter(double jitter) {
    if (!(jitter >= 0 && jitter <= 0.5)) {
      throw new IllegalArgumentException("jitter must be from 0 to 0.5 but was " + jitter);
    }
    return new CheckOptions(interval, jitter, timeout, failureThreshold, successThreshold);
  }

  /**
   * Returns a copy cut after {@code timeout}: the run is reported DOWN with {@link
   * FailureKind#TIMEOUT} and its thread interrupted, even if the check hangs.
   */
  public CheckOptions timeout(Duration timeout) {
    requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive but was " + timeout);
    }
    return new CheckOptions(interval, jitter, timeout, failureThreshold, successThreshold);
  }

  /** Returns a copy that turns DOWN after {@code n} DOWN results in a row (1 to 100). */
  public CheckOptions failureThreshold(int n) {
    return new CheckOptions(interval, jitter, timeout, checkThreshold("failureThreshold", n),
        successThreshold);
  }

  /** Returns a copy that leaves DOWN after {@code n} results in a row that are not DOWN. */
  public CheckOptions successThreshold(int n) {
    return new CheckOptions(interval, jitter, timeout, failureThreshold,
        checkThreshold("successThreshold", n));
  }

  private static int checkThreshold(String name, int n) {
    if (n < 1 || n > 100) {
      throw new IllegalArgumentException(name + " must be 1 to 100 but was " + n);
    }
    return n;
  }

  /** Returns the time between two runs. */
  public Duration interval() {
    return interval;
  }

  /** Returns the relative spread of the interval. */
  public double jitter() {
    return jitter;
  }

  /** Returns how long a run may take. */
  public Duration timeout() {
    return timeout;
  }

  /** Returns how many DOWN results in a row make the check DOWN. */
  public int failureThreshold() {
    return failureThreshold;
  }

  /** Returns how many other results in a row bring a DOWN check back. */
  public int successThreshold() {
    return successThreshold;
  }
}
