package dev.vigil.health;

/**
 * Hears every run of a {@link HealthMonitor}'s checks and every change of their status. Called
 * on the monitor's threads, one check at a time per check; must be fast; what it throws is caught
 * and counted.
 */
public interface HealthListener {

  /** Called after each run, with the check's status after it. */
  default void onRun(HealthRecord record, CheckStatus status) {}

  /** Called when a check's status changes (after its thresholds), such as UP to DOWN. */
  default void onChange(CheckStatus before, CheckStatus after) {}
}
