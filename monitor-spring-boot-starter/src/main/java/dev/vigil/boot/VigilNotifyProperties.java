package dev.vigil.boot;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** The {@code vigil.notify.*} properties: the notifier, its channels and routes. */
@ConfigurationProperties("vigil.notify")
public class VigilNotifyProperties {

  /** Whether alerts are sent to the configured channels. */
  private boolean enabled = true;

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }
}
