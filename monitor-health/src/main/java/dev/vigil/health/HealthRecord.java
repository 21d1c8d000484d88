package dev.vigil.health;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;

/**
 * One run of one check, as the {@link HealthLogStore} keeps it (seed 003's history table).
 *
 * @param check the check's name
 * @param checkedAt when the run started
 * @param status what the run found (the raw result, before thresholds)
 * @param failure why it is not UP, or {@code null}
 * @param detail the result's explanation
 * @param latency how long the run took
 * @param error the exception the check threw, {@code Class: message}, or {@code null}
 * @param trigger whether it ran on schedule or by hand
 * @param recoveryTriggered whether a recovery action ran after it
 * @param recoverySucceeded whether that action brought the check back, or {@code null} if none ran
 * @param supportNotified whether it raised or escalated an alert
 */
public record HealthRecord(String check, Instant checkedAt, HealthStatus status,
    FailureKind failure, String detail, Duration latency, String error, Trigger trigger,
    boolean recoveryTriggered, Boolean recoverySucceeded, boolean supportNotified) {

  /** How a run started. */
  public enum Trigger {
    /** On the check's schedule. */
    AUTOMATIC,
    /** By hand ({@link HealthMonitor#runNow}). */
    MANUAL
  }

  /** Checks that the required components are not null. */
  public HealthRecord {
    requireNonNull(check, "check");
    requireNonNull(checkedAt, "checkedAt");
    requireNonNull(status, "status");
    requireNonNull(detail, "detail");
    requireNonNull(latency, "latency");
    requireNonNull(trigger, "trigger");
  }

  /** Returns whether the run found the target working: UP or DEGRADED. */
  public boolean isSuccess() {
    return status == HealthStatus.UP || status == HealthStatus.DEGRADED;
  }

  /** Returns this record with the outcome of the recovery that followed it. */
  public HealthRecord withRecovery(boolean triggered, Boolean succeeded, boolean notified) {
    return new HealthRecord(check, checkedAt, status, failure, detail, latency, error, trigger,
        triggered, succeeded, notified);
  }
}
