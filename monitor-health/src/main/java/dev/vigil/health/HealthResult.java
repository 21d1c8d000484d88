package dev.vigil.health;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * What one run of a check found. The {@link HealthMonitor} sets the latency when the check leaves
 * it unset, and makes results for the checks that time out or throw.
 *
 * @param status what was found
 * @param failure why it is not UP, or {@code null} when it is
 * @param detail a one-line explanation for people, such as {@code HTTP 503 in 87 ms}
 * @param latency how long the check took, or {@code null} for the monitor to measure
 */
public record HealthResult(HealthStatus status, FailureKind failure, String detail,
    Duration latency) {

  /** Checks the components: a failure kind only on a result that is not UP. */
  public HealthResult {
    requireNonNull(status, "status");
    requireNonNull(detail, "detail");
    if (status == HealthStatus.UP && failure != null) {
      throw new IllegalArgumentException("an UP result has no failure kind but got " + failure);
    }
  }

  /** Returns an UP result. */
  public static HealthResult up(String detail) {
    return new HealthResult(HealthStatus.UP, null, detail, null);
  }

  /** Returns a DEGRADED result. */
  public static HealthResult degraded(FailureKind kind, String detail) {
    return new HealthResult(HealthStatus.DEGRADED, kind, detail, null);
  }

  /** Returns a DOWN result. */
  public static HealthResult down(FailureKind kind, String detail) {
    return new HealthResult(HealthStatus.DOWN, requireNonNull(kind, "kind"), detail, null);
  }

  /** Returns an UNKNOWN result. */
  public static HealthResult unknown(String detail) {
    return new HealthResult(HealthStatus.UNKNOWN, null, detail, null);
  }

  /** Returns this result with {@code latency}. */
  public HealthResult withLatency(Duration latency) {
    return new HealthResult(status, failure, detail, requireNonNull(latency, "latency"));
  }
}
