package dev.vigil.alerts;

/**
 * Receives every transition of every alert of an {@link AlertEngine}.
 *
 * <p>Contract: called on the thread that evaluates (the engine's {@code vigil-alerts-<monitor>}
 * thread, or the caller of {@link AlertEngine#evaluate()}), one transition at a time, in the order
 * they happened; it must be fast and must not block (hand slow work, such as sending a
 * notification, to an executor of your own). An exception it throws is caught and counted
 * ({@link AlertEngine#listenerFailures()}); the other listeners and the engine carry on.
 */
@FunctionalInterface
public interface AlertListener {

  /**
   * Called after {@code alert} changed state; {@link Alert#lastTransition()} is the change, and
   * {@code alert} is a snapshot as of after it.
   */
  void onTransition(Alert alert);
}
