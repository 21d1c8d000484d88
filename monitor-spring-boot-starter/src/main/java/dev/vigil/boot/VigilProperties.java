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

  /** Where events (and, with {@code jdbc}, alerts, notifications and health logs) are stored. */
  public static class Store {

    /**
     * The store: {@code memory} (the default: a bounded in-memory event store, see {@code
     * vigil.max-events} and {@code vigil.retention}) or {@code jdbc}: every store in the
     * application's {@code DataSource}, which needs {@code dev.vigil:monitor-store-jdbc}, and makes
     * the instances of the application sharing that database one cluster with one leader.
     */
    private String type = "memory";

    private final Jdbc jdbc = new Jdbc();

    public String getType() {
      return type;
    }

    public void setType(String type) {
      this.type = type;
    }

    public Jdbc getJdbc() {
      return jdbc;
    }
  }

  /** The JDBC store ({@code vigil.store.type=jdbc}). */
  public static class Jdbc {

    /**
     * When to create the tables: {@code always}, {@code embedded} (the default: only on an
     * embedded database such as H2) or {@code never}. Creating is idempotent. (A string, so that
     * these properties bind without the optional JDBC module.)
     */
    private String initializeSchema = "embedded";

    /** The prefix of every table and index name. */
    private String tablePrefix = "vigil_";

    /** How long the leader's lease lasts without renewal; a dead leader is replaced within about 1.25 of it. */
    private Duration leaseDuration = Duration.ofSeconds(15);

    /** The id of this instance in the cluster (default: pid@host with a random suffix). */
    private String instanceId;

    public String getInitializeSchema() {
      return initializeSchema;
    }

    public void setInitializeSchema(String initializeSchema) {
      this.initializeSchema = initializeSchema;
    }

    public String getTablePrefix() {
      return tablePrefix;
    }

    public void setTablePrefix(String tablePrefix) {
      this.tablePrefix = tablePrefix;
    }

    public Duration getLeaseDuration() {
      return leaseDuration;
    }

    public void setLeaseDuration(Duration leaseDuration) {
      this.leaseDuration = leaseDuration;
    }

    public String getInstanceId() {
      return instanceId;
    }

    public void setInstanceId(String instanceId) {
      this.instanceId = instanceId;
    }
  }
}
