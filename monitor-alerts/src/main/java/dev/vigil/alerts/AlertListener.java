package dev.vigil.alerts;

/**
 * Receives every transition of every alert of an {@link AlertEngine}, and its reminders.
 *
 * <p>Contract: called on the thread that evaluates (the engine's {@code vigil-alerts-<monitor>}
 * thread, or the caller of {@link AlertEngine#evaluate()}), or that called {@link
 * AlertEngine#acknowledge} or {@link AlertEngine#resolve}, one transition at a time, in the order
 * they happened; it must be fast and must not block (hand slow work, such as sending a
 * notification, to an executor of your own). Anything it throws (but a VM error) is caught and
 * counted ({@link AlertEngine#listenerFailures()}); the other listeners and the engine carry
 * on. It must not acknowledge or resolve alerts on the evaluating thread (the engine refuses).
 */
@FunctionalInterface
public interface AlertListener {

  /**
   * Called after {@code alert} changed state; {@link Alert#lastTransition()} is the change, and
   * {@code alert} is a snapshot as of after it. Also called for a {@linkplain Alert#isReminder()
   * reminder} of an alert that stays FIRING: then nothing changed, and {@link
   * Alert#lastTransition()} is the transition that made it fire. A notifier typically sends
   * FIRING (new or reminder), FLAPPING (once) and RESOLVED, and ignores PENDING, ACKNOWLEDGED
   * and SILENCED.
   */
  void onTransition(Alert alert);
}
