package dev.vigil.health;

import static java.util.Objects.requireNonNull;

import dev.vigil.Severity;
import dev.vigil.alerts.AlertRule;
import dev.vigil.alerts.Condition;
import dev.vigil.alerts.Stat;
import java.time.Duration;

/**
 * Alert rules over the statuses a {@link HealthMonitor} built with a monitor writes to the series
 * {@value HealthMonitor#STATUS_SERIES} (tag {@code check}: 0 UP, 1 DEGRADED, 2 DOWN): a check
 * that turns DOWN (after its failure threshold) fires an alert, one per check, and the alert
 * resolves when the check is UP or DEGRADED again. Add them to the {@link
 * dev.vigil.alerts.AlertEngine} of the same monitor; maintenance windows and silences matching
 * {@code check=<name>} mute them as any alert.
 *
 * <pre>{@code
 * AlertEngine.builder().monitor(monitor)
 *     .rule(HealthAlerts.down())                                  // any check, ERROR
 *     .rule(HealthAlerts.down("db-down", Severity.CRITICAL, "postgres"))
 *     .build();
 * }</pre>
 */
public final class HealthAlerts {

  private HealthAlerts() {}

  /** Returns rule {@code health-check-down}: any check DOWN, severity ERROR, one alert per check. */
  public static AlertRule down() {
    return rule("health-check-down", Severity.ERROR, null);
  }

  /** Returns rule {@code id}: check {@code check} DOWN, at {@code severity}. */
  public static AlertRule down(String id, Severity severity, String check) {
    return rule(id, severity, requireNonNull(check, "check"));
  }

  /**
   * Returns rule {@code health-recovery-escalated}: CRITICAL, one alert per check whose automatic
   * recovery gave up (attempts exhausted or verification failed), resolved by {@link
   * HealthMonitor#resetRecovery}.
   */
  public static AlertRule escalated() {
    return AlertRule.builder("health-recovery-escalated")
        .condition(Condition.threshold(Stat.MAX, HealthMonitor.ESCALATED_SERIES).lastSamples(1)
            .atLeast(1))
        .groupBy("check")
        .severity(Severity.CRITICAL)
        .interval(Duration.ofSeconds(10))
        .annotation("summary", "Automatic recovery of {{ labels.check }} gave up: a human is "
            + "needed")
        .build();
  }

  private static AlertRule rule(String id, Severity severity, String check) {
    requireNonNull(id, "id");
    requireNonNull(severity, "severity");
    var condition = Condition.threshold(Stat.MAX, HealthMonitor.STATUS_SERIES).lastSamples(1)
        .atLeast(2);
    return AlertRule.builder(id)
        .condition(check == null ? condition : condition.where("check", check))
        .groupBy("check")
        .severity(severity)
        .interval(Duration.ofSeconds(10))
        .annotation("summary", "Health check {{ labels.check }} is DOWN")
        .build();
  }
}
