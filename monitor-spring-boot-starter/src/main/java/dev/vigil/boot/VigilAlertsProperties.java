package dev.vigil.boot;

import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code vigil.alerts.*} properties: the alert engine and its rule files. Rules, SLOs,
 * maintenance windows and inhibit rules can also be beans of the application ({@code AlertRule},
 * {@code Slo}, {@code MaintenanceWindow}, {@code InhibitRule}).
 */
@ConfigurationProperties("vigil.alerts")
public class VigilAlertsProperties {

  /** Whether the alert engine runs. */
  private boolean enabled = true;

  /**
   * Rule files in the format of {@code AlertRules.load} (JSON or YAML with {@code rules},
   * {@code slos}, {@code maintenance} and {@code inhibit} sections), such as
   * {@code classpath:vigil/alerts.yaml}.
   */
  private List<String> rulesLocations = new ArrayList<>();

  /**
   * Whether the rule {@code health-check-down} (one ERROR alert per DOWN health check) is added
   * when health checks run.
   */
  private boolean healthCheckDown = true;

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public List<String> getRulesLocations() {
    return rulesLocations;
  }

  public void setRulesLocations(List<String> rulesLocations) {
    this.rulesLocations = rulesLocations;
  }

  public boolean isHealthCheckDown() {
    return healthCheckDown;
  }

  public void setHealthCheckDown(boolean healthCheckDown) {
    this.healthCheckDown = healthCheckDown;
  }
}
