package dev.vigil.boot.health.bridge;

import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code vigil.health.indicators.*} properties: the application's Spring Boot health
 * indicators watched by Vigil, each as a health check of its own (run on Vigil's schedule,
 * recorded with history and statistics, alerted on by rule {@code health-check-down}).
 */
@ConfigurationProperties("vigil.health.indicators")
public class VigilHealthIndicatorsProperties {

  /**
   * Whether Vigil watches the application's HealthIndicator and CompositeHealthContributor beans
   * (Vigil's own contributor excepted). Off by default: each watched indicator becomes a check
   * that alerts when DOWN.
   */
  private boolean watch = false;

  /**
   * The indicators to watch, by the names /actuator/health shows (such as db or diskSpace);
   * empty for all. Naming an indicator that does not exist stops the startup.
   */
  private List<String> include = new ArrayList<>();

  /**
   * The indicators not to watch, by the names /actuator/health shows. By default ping (always UP)
   * and the probes livenessState and readinessState (they report the application's lifecycle, and
   * readiness turns OUT_OF_SERVICE at every shutdown); setting the list replaces these.
   */
  private List<String> exclude = new ArrayList<>(List.of("ping", "livenessState",
      "readinessState"));

  /**
   * The prefix of the checks' names in Vigil: indicator db becomes check prefix + "db". Empty by
   * default; set one if a Vigil check already has an indicator's name.
   */
  private String namePrefix = "";

  public boolean isWatch() {
    return watch;
  }

  public void setWatch(boolean watch) {
    this.watch = watch;
  }

  public List<String> getInclude() {
    return include;
  }

  public void setInclude(List<String> include) {
    this.include = include;
  }

  public List<String> getExclude() {
    return exclude;
  }

  public void setExclude(List<String> exclude) {
    this.exclude = exclude;
  }

  public String getNamePrefix() {
    return namePrefix;
  }

  public void setNamePrefix(String namePrefix) {
    this.namePrefix = namePrefix;
  }
}
