package dev.vigil.boot;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** The {@code vigil.health.*} properties: health checks, their recovery and their history. */
@ConfigurationProperties("vigil.health")
public class VigilHealthProperties {

  /** Whether health checks run. */
  private boolean enabled = true;

  /** How long check results are kept. */
  private Duration retention = Duration.ofDays(30);

  /** How many checks may run at once. */
  private int maxConcurrency = 4;

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public Duration getRetention() {
    return retention;
  }

  public void setRetention(Duration retention) {
    this.retention = retention;
  }

  public int getMaxConcurrency() {
    return maxConcurrency;
  }

  public void setMaxConcurrency(int maxConcurrency) {
    this.maxConcurrency = maxConcurrency;
  }
}
