package dev.vigil.health;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * Where a check stands after its thresholds: its status, since when, and its last run.
 *
 * @param check the check's name
 * @param status UNKNOWN before the first run; then DOWN once {@link
 *     CheckOptions#failureThreshold()} runs in a row found it DOWN, and UP or DEGRADED (the last
 *     run's) once {@link CheckOptions#successThreshold()} runs in a row did not
 * @param since when it took this status
 * @param last the last run, or {@code null} before the first
 * @param failuresInARow DOWN runs in a row so far
 * @param successesInARow other runs in a row so far
 */
public record CheckStatus(String check, HealthStatus status, Instant since, HealthRecord last,
    int failuresInARow, int successesInARow) {

  /** Checks that the required components are not null. */
  public CheckStatus {
    requireNonNull(check, "check");
    requireNonNull(status, "status");
    requireNonNull(since, "since");
  }
}
