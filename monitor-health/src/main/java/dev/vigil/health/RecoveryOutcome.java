package dev.vigil.health;

import static java.util.Objects.requireNonNull;

/**
 * What a {@link Recoverer} did with one result of a check.
 *
 * @param type what happened
 * @param check the check's name
 * @param detail a one-line explanation for people
 * @param attempt the attempt made, or {@code null} when no action ran
 */
public record RecoveryOutcome(Type type, String check, String detail, RecoveryAttempt attempt) {

  /** Checks the components. */
  public RecoveryOutcome {
    requireNonNull(type, "type");
    requireNonNull(check, "check");
    requireNonNull(detail, "detail");
  }

  /** What a recoverer did. */
  public enum Type {
    /** Nothing to do: the check is healthy, or has no recovery policy. */
    NONE,
    /** The failure's kind is never acted on (such as BAD_STATE): alert only. */
    ALERT_ONLY,
    /** An attempt was made too recently: waiting for the cooldown to end. */
    COOLDOWN,
    /** The action ran and the check, re-run, is UP. */
    ACTED_RECOVERED,
    /** The action ran and failed, or the check is still not UP; attempts remain. */
    ACTED_FAILED,
    /** This attempt failed and was the last allowed: no more automatic action until reset. */
    ESCALATED,
    /** Escalated earlier: waiting for a manual reset. */
    SUSPENDED
  }

  /** Returns whether an action ran. */
  public boolean acted() {
    return attempt != null;
  }
}
