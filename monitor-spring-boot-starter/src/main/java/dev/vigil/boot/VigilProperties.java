package dev.vigil.boot;

import dev.vigil.Severity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code vigil.*} properties of the monitor itself: capture, classification and the
 * in-memory store. Alerts, notifications, health checks, the web endpoints and reports have
 * their own prefixes ({@code vigil.alerts}, {@code vigil.notify}, {@code vigil.health},
 * {@code vigil.web}, {@code vigil.report}).
 */
@ConfigurationProperties("vigil")
public class VigilProperties {

  /** Whether Vigil is configured at all. */
  private boolean enabled = true;

  /**
   * The monitor's name: the source of the application's own events and the {@code monitor} tag
   * of Vigil's meters. Defaults to {@code spring.application.name}, else {@code app}.
   */
  private String name;

  /** Capacity of the capture queue; events offered when it is full are dropped and counted. */
  private int queueCapacity = 65_536;

  /** How many events the in-memory store keeps at most (the oldest go first). */
  private int maxEvents = 20_000;

  /** How long events are kept. */
  private Duration retention = Duration.ofDays(7);

  /** The lowest severity that is stored (every event is still counted). */
  private Severity storeThreshold = Severity.WARN;

  /** Messages longer than this many characters are cut. */
  private int maxMessageLength = 8_192;

  /** How long closing the monitor waits for accepted events to be stored. */
  private Duration shutdownTimeout = Duration.ofSeconds(5);

  private final Appender appender = new Appender();

  private final Classifier classifier = new Classifier();

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public int getQueueCapacity() {
    return queueCapacity;
  }

  public void setQueueCapacity(int queueCapacity) {
    this.queueCapacity = queueCapacity;
  }

  public int getMaxEvents() {
    return maxEvents;
  }

  public void setMaxEvents(int maxEvents) {
    this.maxEvents = maxEvents;
  }

  public Duration getRetention() {
    return retention;
  }

  public void setRetention(Duration retention) {
    this.retention = retention;
  }

  public Severity getStoreThreshold() {
    return storeThreshold;
  }

  public void setStoreThreshold(Severity storeThreshold) {
    this.storeThreshold = storeThreshold;
  }

  public int getMaxMessageLength() {
    return maxMessageLength;
  }

  public void setMaxMessageLength(int maxMessageLength) {
    this.maxMessageLength = maxMessageLength;
  }

  public Duration getShutdownTimeout() {
    return shutdownTimeout;
  }

  public void setShutdownTimeout(Duration shutdownTimeout) {
    this.shutdownTimeout = shutdownTimeout;
  }

  public Appender getAppender() {
    return appender;
  }

  public Classifier getClassifier() {
    return classifier;
  }

  /** The Logback appender that copies the application's log events into the monitor. */
  public static class Appender {

    /** Whether the appender is attached to Logback's root logger. */
    private boolean enabled = true;

    /** The lowest Logback level captured (TRACE, DEBUG, INFO, WARN or ERROR). */
    private String minimumLevel = "INFO";

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public String getMinimumLevel() {
      return minimumLevel;
    }

    public void setMinimumLevel(String minimumLevel) {
      this.minimumLevel = minimumLevel;
    }
  }

  /** How log lines are classified. */
  public static class Classifier {

    /** Whether the default rule pack applies (your rules are added to it). */
    private boolean defaults = true;

    /**
     * Rule files (JSON or YAML, in the format of {@code RulePack.load}) added to the classifier,
     * such as {@code classpath:vigil/rules.yaml}.
     */
    private List<String> rulesLocations = new ArrayList<>();

    public boolean isDefaults() {
      return defaults;
    }

    public void setDefaults(boolean defaults) {
      this.defaults = defaults;
    }

    public List<String> getRulesLocations() {
      return rulesLocations;
    }

    public void setRulesLocations(List<String> rulesLocations) {
      this.rulesLocations = rulesLocations;
    }
  }
}
