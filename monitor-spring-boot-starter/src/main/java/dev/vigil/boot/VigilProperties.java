package dev.vigil.boot;

import dev.vigil.Severity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code vigil.*} properties of the monitor itself: capture, classification and the
 * event store. Alerts, notifications, health checks, the web endpoints and reports have
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

  private final Store store = new Store();

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

  public Store getStore() {
    return store;
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

    /**
     * Rules written in the properties, added after the default pack and the rule files, with
     * the fields of a rule file in kebab case: {@code vigil.classifier.rules[0].keywords},
     * {@code severity}, {@code category}, {@code whole-word}, {@code level-at-least}...
     */
    private List<ClassifierRule> rules = new ArrayList<>();

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

    public List<ClassifierRule> getRules() {
      return rules;
    }

    public void setRules(List<ClassifierRule> rules) {
      this.rules = rules;
    }
  }

  /**
   * One classification rule written in the properties, with the fields of a rule pack file
   * (monitor-classifier README, "Rule files"): an id, one of {@code keywords}, {@code keyword} or
   * {@code regex}, a severity and a category, and optional conditions.
   */
  public static class ClassifierRule {

    /**
     * The rule's id: 1 to 128 letters, digits, '.', '_', ':' or '-', starting with a letter or
     * digit; unique within the classifier (the default pack's ids included).
     */
    private String id;

    /** Keywords, any of which in the line makes the rule match (1 to 256 characters each). */
    private List<String> keywords;

    /** A single keyword; the same as a one-element {@code keywords}. */
    private String keyword;

    /**
     * A regular expression found in the line ({@code java.util.regex} syntax without
     * backreferences and lookaround, at most 1,024 characters, run in linear time).
     */
    private String regex;

    /** Literal strings one of which occurs in every match of the regex (rarely needed). */
    private List<String> factors;

    /** The severity given to matching lines: INFO, WARN, ERROR or CRITICAL. */
    private String severity;

    /** The category given to matching lines: 1 to 64 lowercase letters, digits, '.', '_' or '-'. */
    private String category;

    /** Breaks ties between matching rules of equal severity: higher wins. Default 0. */
    private Integer priority;

    /** Whether matching is case-sensitive. Default false. */
    private Boolean caseSensitive;

    /** Whether the match must be a whole word (no word character on either side). Default false. */
    private Boolean wholeWord;

    /** Matches only events logged at this level or above, such as WARN. */
    private String levelAtLeast;

    /** Matches only events logged at this level or below. */
    private String levelAtMost;

    /** Matches only events whose logger name starts with this. */
    private String loggerPrefix;

    /** Matches only events from this source (service). */
    private String source;

    /** What the rule is for; documentation only. */
    private String description;

    public String getId() {
      return id;
    }

    public void setId(String id) {
      this.id = id;
    }

    public List<String> getKeywords() {
      return keywords;
    }

    public void setKeywords(List<String> keywords) {
      this.keywords = keywords;
    }

    public String getKeyword() {
      return keyword;
    }

    public void setKeyword(String keyword) {
      this.keyword = keyword;
    }

    public String getRegex() {
      return regex;
    }

    public void setRegex(String regex) {
      this.regex = regex;
    }

    public List<String> getFactors() {
      return factors;
    }

    public void setFactors(List<String> factors) {
      this.factors = factors;
    }

    public String getSeverity() {
      return severity;
    }

    public void setSeverity(String severity) {
      this.severity = severity;
    }

    public String getCategory() {
      return category;
    }

    public void setCategory(String category) {
      this.category = category;
    }

    public Integer getPriority() {
      return priority;
    }

    public void setPriority(Integer priority) {
      this.priority = priority;
    }

    public Boolean getCaseSensitive() {
      return caseSensitive;
    }

    public void setCaseSensitive(Boolean caseSensitive) {
      this.caseSensitive = caseSensitive;
    }

    public Boolean getWholeWord() {
      return wholeWord;
    }

    public void setWholeWord(Boolean wholeWord) {
      this.wholeWord = wholeWord;
    }

    public String getLevelAtLeast() {
      return levelAtLeast;
    }

    public void setLevelAtLeast(String levelAtLeast) {
      this.levelAtLeast = levelAtLeast;
    }

    public String getLevelAtMost() {
      return levelAtMost;
    }

    public void setLevelAtMost(String levelAtMost) {
      this.levelAtMost = levelAtMost;
    }

    public String getLoggerPrefix() {
      return loggerPrefix;
    }

    public void setLoggerPrefix(String loggerPrefix) {
      this.loggerPrefix = loggerPrefix;
    }

    public String getSource() {
      return source;
    }

    public void setSource(String source) {
      this.source = source;
    }

    public String getDescription() {
      return description;
    }

    public void setDescription(String description) {
      this.description = description;
    }
  }

  /** Where events are stored. */
  public static class Store {

    /**
     * The event store: {@code memory} (the default: a bounded in-memory store, see {@code
     * vigil.max-events} and {@code vigil.retention}). A JDBC store ({@code jdbc}) is planned.
     */
    private String type = "memory";

    public String getType() {
      return type;
    }

    public void setType(String type) {
      this.type = type;
    }
  }
}
