package dev.vigil.health;

import java.time.Instant;

/**
 * Hears the end of each maintenance run. Callbacks come from the scheduler's threads, outside
 * its lock; they must be fast and must not block. An exception they throw is logged and
 * otherwise ignored.
 */
@FunctionalInterface
public interface MaintenanceListener {

  /** Called once when {@code run} has become COMPLETED or FAILED. */
  void onFinished(MaintenanceRun run);

  /**
   * Called when an automatic run due at {@code scheduledFor} is not queued because {@code
   * blocking} is still active or started within the dedup window, or, in a cluster, because
   * {@code blocking} is the automatic run of that slot that another instance queued. Called on
   * the leader only. Does nothing by default.
   */
  default void onSkipped(String task, Instant scheduledFor, MaintenanceRun blocking) {}
}
