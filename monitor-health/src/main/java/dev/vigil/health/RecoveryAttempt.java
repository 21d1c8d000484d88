package dev.vigil.health;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;

/**
 * One run of a recovery action, for the audit trail.
 *
 * @param check the check's name
 * @param action the action's name
 * @param at when the action started, by the recoverer's clock
 * @param trigger the failure kind that triggered it, or {@code null} for a manual run without a
 *     failure seen
 * @param manual whether a person asked for it ({@link Recoverer#recover}) rather than a failure
 * @param number the automatic attempt's number since the last reset (1 for the first); 0 for a
 *     manual run, which does not count
 * @param outcome {@link RecoveryOutcome.Type#ACTED_RECOVERED}, {@link
 *     RecoveryOutcome.Type#ACTED_FAILED} or {@link RecoveryOutcome.Type#ESCALATED}
 * @param detail what the action and the verification said
 * @param duration how long the action and the verification took, by the recoverer's clock
 * @param verification the result of re-running the check, or {@code null} if it was not re-run
 *     (the action failed, or the policy does not verify)
 */
public record RecoveryAttempt(String check, String action, Instant at, FailureKind trigger,
    boolean manual, int number, RecoveryOutcome.Type outcome, String detail, Duration duration,
    HealthResult verification) {

  /** Checks the components. */
  public RecoveryAttempt {
    requireNonNull(check, "check");
    requireNonNull(action, "action");
    requireNonNull(at, "at");
    requireNonNull(outcome, "outcome");
    requireNonNull(detail, "detail");
    requireNonNull(duration, "duration");
  }

  /** Returns whether the check is UP after this attempt. */
  public boolean recovered() {
    return outcome == RecoveryOutcome.Type.ACTED_RECOVERED;
  }
}
