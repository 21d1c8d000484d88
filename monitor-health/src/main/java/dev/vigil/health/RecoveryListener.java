package dev.vigil.health;

/**
 * Hears what a {@link Recoverer} does, such as to alert on escalation (CRITICAL) or on a failed
 * attempt.
 *
 * <p>Contract: called on the thread that handled the result, after the attempt is recorded; must
 * be fast and not block. An exception it throws is logged and ignored. Both methods do nothing by
 * default.
 */
public interface RecoveryListener {

  /** Called after each run of a recovery action, automatic or manual. */
  default void onAttempt(RecoveryAttempt attempt) {}

  /**
   * Called once when a check is escalated: its attempts are exhausted and no more automatic
   * action will run until {@link Recoverer#reset}.
   *
   * @param check the check's name
   * @param reason why, for people, such as {@code attempt 3 of 3 failed: exit 1}
   */
  default void onEscalation(String check, String reason) {}
}
