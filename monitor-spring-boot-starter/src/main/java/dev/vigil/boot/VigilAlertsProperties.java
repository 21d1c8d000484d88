package dev.vigil.boot;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code vigil.alerts.*} properties: the alert engine, its rule files and inline rules. The
 * inline {@code rules}, {@code slos}, {@code maintenance} and {@code inhibit} entries have the
 * structure of the sections of a rule file (monitor-alerts README, "Rule files"), field names in
 * kebab or camel case ({@code keep-firing-for} or {@code keepFiringFor}), and are checked by the
 * same reader, with the same messages, each naming its property. Rules, SLOs, maintenance
 * windows and inhibit rules can also be beans of the application ({@code AlertRule}, {@code
 * Slo}, {@code MaintenanceWindow}, {@code InhibitRule}).
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

  /**
   * Alert rules, as in the {@code rules} section of a rule file: {@code id}, {@code severity},
   * one condition ({@code threshold}, {@code percentile}, {@code ratio}, {@code events} or
   * {@code absent}, each with {@code series}, {@code where}, {@code window}, a comparison
   * {@code above}/{@code at-least}/{@code below}/{@code at-most} and {@code clear-at}), {@code
   * group-by}, {@code for}, {@code keep-firing-for}, {@code interval}, {@code repeat-interval},
   * {@code labels}, {@code annotations}, {@code runbook}, {@code pending-evaluations}, {@code
   * flap-detection}, {@code on-no-data}, {@code on-error} and {@code evaluate-on-event}.
   */
  private List<Map<String, Object>> rules = new ArrayList<>();

  /**
   * Service level objectives, as in the {@code slos} section of a rule file: {@code id}, {@code
   * availability} ({@code good}/{@code bad}/{@code total}) or {@code latency} ({@code series},
   * {@code where}, {@code below}), {@code objective}, {@code compliance-period} and {@code
   * min-total}. Each adds its burn-rate alert rules.
   */
  private List<Map<String, Object>> slos = new ArrayList<>();

  /**
   * Maintenance windows that mute matching alerts, as in the {@code maintenance} section of a
   * rule file: {@code id}, {@code matchers}, {@code daily} or {@code weekly} ({@code days},
   * {@code at}) with {@code zone} and {@code duration}, or {@code from}/{@code until}, {@code
   * created-by} and {@code comment}.
   */
  private List<Map<String, Object>> maintenance = new ArrayList<>();

  /**
   * Inhibit rules, as in the {@code inhibit} section of a rule file: while an alert matching
   * {@code source} fires, alerts matching {@code target} with the same values of the {@code
   * equal} labels are muted.
   */
  private List<Map<String, Object>> inhibit = new ArrayList<>();

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

  public List<Map<String, Object>> getRules() {
    return rules;
  }

  public void setRules(List<Map<String, Object>> rules) {
    this.rules = rules;
  }

  public List<Map<String, Object>> getSlos() {
    return slos;
  }

  public void setSlos(List<Map<String, Object>> slos) {
    this.slos = slos;
  }

  public List<Map<String, Object>> getMaintenance() {
    return maintenance;
  }

  public void setMaintenance(List<Map<String, Object>> maintenance) {
    this.maintenance = maintenance;
  }

  public List<Map<String, Object>> getInhibit() {
    return inhibit;
  }

  public void setInhibit(List<Map<String, Object>> inhibit) {
    this.inhibit = inhibit;
  }
}
