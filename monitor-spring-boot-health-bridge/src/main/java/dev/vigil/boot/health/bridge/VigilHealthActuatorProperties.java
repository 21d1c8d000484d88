package dev.vigil.boot.health.bridge;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code vigil.health.actuator.*} properties: Vigil's health checks shown in {@code
 * /actuator/health} as the contributor {@code vigil}, one component per check.
 */
@ConfigurationProperties("vigil.health.actuator")
public class VigilHealthActuatorProperties {

  /**
   * Whether Vigil's health checks appear in /actuator/health as the composite contributor
   * 'vigil' (needs Spring Boot Actuator's health support on the class path).
   */
  private boolean enabled = true;

  /**
   * The Actuator status code of a check that is DEGRADED (it works, but worse than it should).
   * UP by default, so that a slow dependency does not fail the application's health; a custom
   * code such as DEGRADED must also be placed in management.endpoint.health.status.order.
   */
  private String degradedStatus = "UP";

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public String getDegradedStatus() {
    return degradedStatus;
  }

  public void setDegradedStatus(String degradedStatus) {
    this.degradedStatus = degradedStatus;
  }
}
