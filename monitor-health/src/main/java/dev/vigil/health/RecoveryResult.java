package dev.vigil.health;

import static java.util.Objects.requireNonNull;

/**
 * What one run of a {@link RecoveryAction} did. An action reports failure either by returning
 * {@link #failed} or by throwing; both count the same.
 *
 * @param success whether the action did what it should (the check is re-run afterwards to know
 *     whether it helped)
 * @param detail a one-line explanation for people, never holding secrets, such as {@code exit 0:
 *     restarted}
 */
public record RecoveryResult(boolean success, String detail) {

  /** Checks the components. */
  public RecoveryResult {
    requireNonNull(detail, "detail");
  }

  /** Returns a successful result. */
  public static RecoveryResult ok(String detail) {
    return new RecoveryResult(true, detail);
  }

  /** Returns a failed result. */
  public static RecoveryResult failed(String detail) {
    return new RecoveryResult(false, detail);
  }
}
