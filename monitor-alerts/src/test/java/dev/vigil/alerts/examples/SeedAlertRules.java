package dev.vigil.alerts.examples;

import dev.vigil.Severity;
import dev.vigil.alerts.AlertRule;
import dev.vigil.alerts.Condition;
import dev.vigil.alerts.Stat;
import java.time.Duration;
import java.util.List;

/**
 * The three alert rules of seed 004 (the SLO and alerting guide) as Vigil rules, a documented
 * example. The seed's severities map onto {@link Severity} as Vigil does: low → INFO, medium →
 * WARN, high → ERROR, critical → CRITICAL. Its "throttle" (minutes between alerts) is the rule's
 * {@linkplain AlertRule.Builder#repeatInterval repeat interval}; its channels become a {@code
 * channels} label for notifiers to route on (SMS only for the critical one, as the seed says).
 *
 * <p>The application feeds: {@code monitor.increment("http.requests")} per request and {@code
 * monitor.increment("http.errors")} per failed one, {@code monitor.time("http.latency", d)} per
 * response, and {@code monitor.record("db.connections", n)} from a sampler every few seconds.
 */
public final class SeedAlertRules {

  private SeedAlertRules() {}

  /** {@code errorRate > 1} (%): over 1 % of requests failed in the last 5 minutes; critical. */
  public static AlertRule highErrorRate() {
    return AlertRule.builder("high_error_rate")
        .condition(Condition.ratio("http.errors", "http.requests")
            .over(Duration.ofMinutes(5)).above(0.01))
        .severity(Severity.CRITICAL)
        .label("channels", "email,sms,slack")
        .repeatInterval(Duration.ofMinutes(5))
        .annotation("summary", "Taux d'erreur élevé: {{value | percent}} (seuil {{threshold"
            + " | percent}})")
        .build();
  }

  /** {@code avgResponseTime > 1000} (ms): mean response time over 5 minutes; high. */
  public static AlertRule slowResponse() {
    return AlertRule.builder("slow_response")
        .condition(Condition.threshold(Stat.MEAN, "http.latency")
            .over(Duration.ofMinutes(5)).above(1_000))
        .severity(Severity.ERROR)
        .label("channels", "email,slack")
        .repeatInterval(Duration.ofMinutes(15))
        .annotation("summary", "Temps de réponse lent: {{value | round(0)}} ms")
        .build();
  }

  /**
   * {@code dbConnections > 80}: the mean of the connection-count samples of the last minute (the
   * seed's value is a gauge; a sampler records it); medium.
   */
  public static AlertRule databaseConnections() {
    return AlertRule.builder("database_connections")
        .condition(Condition.threshold(Stat.MEAN, "db.connections")
            .over(Duration.ofMinutes(1)).above(80))
        .severity(Severity.WARN)
        .label("channels", "slack")
        .repeatInterval(Duration.ofMinutes(30))
        .annotation("summary", "Connexions DB élevées: {{value | round(0)}}")
        .build();
  }

  /** The three rules. */
  public static List<AlertRule> all() {
    return List.of(highErrorRate(), slowResponse(), databaseConnections());
  }
}
