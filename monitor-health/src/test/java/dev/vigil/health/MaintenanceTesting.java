package dev.vigil.health;

import java.util.concurrent.Executor;

/**
 * Drives a {@link MaintenanceScheduler} by hand, for the tests of other modules (the JDBC store's
 * runs the cluster suites): no thread, actions on a given executor, passes when the test says.
 */
public final class MaintenanceTesting {

  private MaintenanceTesting() {}

  /** Makes {@code builder} build a scheduler without thread, actions run on {@code executor}. */
  public static MaintenanceScheduler.Builder withoutThread(MaintenanceScheduler.Builder builder,
      Executor executor) {
    return builder.withoutThread(executor);
  }

  /** Does one pass of {@code scheduler} at its clock's instant. */
  public static void tick(MaintenanceScheduler scheduler) {
    scheduler.tick();
  }
}
