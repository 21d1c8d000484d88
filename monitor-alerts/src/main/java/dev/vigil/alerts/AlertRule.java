package dev.vigil.alerts;

import static java.util.Objects.requireNonNull;

import dev.vigil.Severity;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A named condition that raises one {@link Alert} per group when it holds: what to watch, how long
 * it must hold before firing, how long a firing alert outlives its condition, and what the alert
 * says.
 *
 * <pre>{@code
 * AlertRule rule = AlertRule.builder("oauth-failures")
 *     .condition(Condition.threshold(Stat.COUNT, "oauth.failure")
 *         .over(Duration.ofHours(1)).above(5))
 *     .groupBy("platform")
 *     .severity(Severity.ERROR)
 *     .pendingFor(Duration.ofMinutes(2))
 *     .keepFiringFor(Duration.ofMinutes(5))
 *     .label("team", "social")
 *     .annotation("summary", "More than 5 OAuth failures in an hour")
 *     .runbook("https://runbooks.example.com/oauth")
 *     .build();
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class AlertRule {

  /** What a rule id may contain: letters, digits, {@code .}, {@code _} and {@code -}. */
  static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");

  private final String id;
  private final Condition condition;
  private final List<String> groupBy;
  private final Duration pendingFor;
  private final Duration keepFiringFor;
  private final Duration interval;
  private final Duration repeatInterval;
  private final Severity severity;
  private final Map<String, String> labels;
  private final Map<String, String> annotations;
  private final Map<String, Template> templates;
  private final URI runbook;
  private final int pendingEvaluations;
  private final int flapThreshold;
  private final Duration flapWindow;
  private final Treatment onNoData;
  private final Treatment onError;
  private final boolean evaluatesOnEvent;

  private AlertRule(Builder b, URI runbook) {
    this.id = b.id;
    this.condition = b.condition;
    this.groupBy = List.copyOf(b.groupBy);
    this.pendingFor = b.pendingFor;
    this.keepFiringFor = b.keepFiringFor;
    this.interval = b.interval;
    this.repeatInterval = b.repeatInterval;
    this.severity = b.severity;
    this.labels = Collections.unmodifiableMap(new LinkedHashMap<>(b.labels));
    this.annotations = Collections.unmodifiableMap(new LinkedHashMap<>(b.annotations));
    this.runbook = runbook;
    this.pendingEvaluations = b.pendingEvaluations;
    this.flapThreshold = b.flapThreshold;
    this.flapWindow = b.flapWindow;
    this.onNoData = b.onNoData;
    this.onError = b.onError;
    this.evaluatesOnEvent = b.evaluatesOnEvent;
    Map<String, Template> templates = new LinkedHashMap<>();
    annotations.forEach((name, source) -> templates.put(name, Template.parse(source)));
    this.templates = Collections.unmodifiableMap(templates);
  }

  /**
   * Renders the annotations for an alert of this rule. Variables: {@code value} (the condition's
   * value), {@code threshold}, {@code labels} (the rule's labels and the alert's group),
   * {@code group}, {@code rule}, {@code severity}, {@code state}, {@code reason} (of the last
   * transition), {@code since} (when the alert became active) and {@code runbook}.
   */
  Map<String, String> renderAnnotations(Alert alert) {
    if (templates.isEmpty()) {
      return Map.of();
    }
    Map<String, Object> vars = new HashMap<>();
    vars.put("value", alert.value());
    vars.put("threshold", condition.spec.threshold());
    Map<String, String> allLabels = new LinkedHashMap<>(labels);
    allLabels.putAll(alert.group());
    vars.put("labels", allLabels);
    vars.put("group", alert.group());
    vars.put("rule", id);
    vars.put("severity", severity.name());
    vars.put("state", alert.state().name());
    vars.put("reason", alert.lastTransition().reason());
    vars.put("since", String.valueOf(alert.activeSince()));
    if (runbook != null) {
      vars.put("runbook", runbook.toString());
    }
    Map<String, String> rendered = new LinkedHashMap<>();
    templates.forEach((name, template) -> rendered.put(name, template.render(vars)));
    return Collections.unmodifiableMap(rendered);
  }

  /** Returns a builder for the rule {@code id}: letters, digits, {@code .}, {@code _}, {@code -}. */
  public static Builder builder(String id) {
    return new Builder(requireNonNull(id, "id"));
  }

  /** Returns the rule's id, unique within an engine. */
  public String id() {
    return id;
  }

  /** Returns what the rule watches. */
  public Condition condition() {
    return condition;
  }

  /** Returns the tag keys that make one alert per group; empty for a single alert. */
  public List<String> groupBy() {
    return groupBy;
  }

  /** Returns how long the condition must hold before a pending alert fires; zero fires at once. */
  public Duration pendingFor() {
    return pendingFor;
  }

  /**
   * Returns how many consecutive evaluations must breach before a pending alert fires, in
   * addition to the {@linkplain #pendingFor() pending period}; 1 by default.
   */
  public int pendingEvaluations() {
    return pendingEvaluations;
  }

  /**
   * Returns how many fire and resolve changes of one (rule, group) within the {@linkplain
   * #flapWindow() flap window} make its alert FLAPPING, or 0 when flap detection is off (the
   * default).
   */
  public int flapThreshold() {
    return flapThreshold;
  }

  /** Returns the flap detection window, or {@code null} when flap detection is off. */
  public Duration flapWindow() {
    return flapWindow;
  }

  /** Returns how an evaluation without data is treated; {@link Treatment#NOT_BREACHING} by default. */
  public Treatment onNoData() {
    return onNoData;
  }

  /** Returns how a failed evaluation is treated; {@link Treatment#IGNORE} by default. */
  public Treatment onError() {
    return onError;
  }

  /**
   * Returns whether a started engine also evaluates this rule as soon as a stored event that its
   * {@linkplain Condition#events events condition} counts arrives, rather than only at its
   * interval.
   */
  public boolean evaluatesOnEvent() {
    return evaluatesOnEvent;
  }

  /** Returns how long a firing alert stays firing after its condition cleared; zero by default. */
  public Duration keepFiringFor() {
    return keepFiringFor;
  }

  /** Returns how often a {@linkplain AlertEngine#start() started} engine evaluates this rule. */
  public Duration interval() {
    return interval;
  }

  /**
   * Returns how often an alert that stays FIRING is published again as a {@linkplain
   * Alert#isReminder() reminder}, or {@code null} (the default) for never.
   */
  public Duration repeatInterval() {
    return repeatInterval;
  }

  /** Returns the severity of the rule's alerts. */
  public Severity severity() {
    return severity;
  }

  /** Returns the labels copied onto each alert, in the order given; unmodifiable. */
  public Map<String, String> labels() {
    return labels;
  }

  /**
   * Returns the annotations (summary, description…) as written: {@link Template}s rendered onto
   * each alert at each transition; unmodifiable.
   */
  public Map<String, String> annotations() {
    return annotations;
  }

  /** Returns the runbook link, or {@code null} if none was set. */
  public URI runbook() {
    return runbook;
  }

  @Override
  public String toString() {
    return "AlertRule{" + id + ": " + condition.describe() + "}";
  }

  /**
   * Builds an {@link AlertRule}. Setters reject {@code null} at once and check their value; {@link
   * #build()} reports every problem found, all together. Not thread-safe.
   */
  public static final class Builder {
    private final String id;
    private Condition condition;
    private final List<String> groupBy = new ArrayList<>();
    private Duration pendingFor = Duration.ZERO;
    private Duration keepFiringFor = Duration.ZERO;
    private Duration interval = Duration.ofSeconds(30);
    private Duration repeatInterval;
    private Severity severity = Severity.WARN;
    private final Map<String, String> labels = new LinkedHashMap<>();
    private final Map<String, String> annotations = new LinkedHashMap<>();
    private String runbook;
    private int pendingEvaluations = 1;
    private int flapThreshold;
    private Duration flapWindow;
    private Treatment onNoData = Treatment.NOT_BREACHING;
    private Treatment onError = Treatment.IGNORE;
    private boolean evaluatesOnEvent;
    private final List<String[]> problems = new ArrayList<>();

    Builder(String id) {
      this.id = id;
    }

    /** Sets what the rule watches; required. */
    public Builder condition(Condition condition) {
      this.condition = requireNonNull(condition, "condition");
      return this;
    }

    /** Adds tag keys that make one alert per combination of their values, such as platform. */
    public Builder groupBy(String... tagKeys) {
      requireNonNull(tagKeys, "tagKeys");
      for (String key : tagKeys) {
        requireNonNull(key, "tag key");
        if (key.isBlank()) {
          problems.add(new String[] {"groupBy", "a tag key is blank"});
        } else if (groupBy.contains(key)) {
          problems.add(new String[] {"groupBy", "tag key '" + key + "' is given twice"});
        } else {
          groupBy.add(key);
        }
      }
      return this;
    }

    /** Sets how long the condition must hold before firing (the {@code for} of Prometheus). */
    public Builder pendingFor(Duration pendingFor) {
      this.pendingFor = notNegative("pendingFor", requireNonNull(pendingFor, "pendingFor"));
      return this;
    }

    /**
     * Sets how many consecutive evaluations must breach before a pending alert fires (Kibana's
     * "alert after N consecutive matches"); 1 by default, at most 1,000. With more than 1, a new
     * alert starts PENDING even when the {@linkplain #pendingFor(Duration) pending period} is
     * zero; with both, it fires once both are met.
     */
    public Builder pendingEvaluations(int n) {
      problems.removeIf(p -> p[0].equals("pendingEvaluations"));
      if (n < 1 || n > 1_000) {
        problems.add(new String[] {"pendingEvaluations", "must be 1 to 1000 but was " + n});
      }
      this.pendingEvaluations = n;
      return this;
    }

    /**
     * Turns on flap detection: when the alerts of one (rule, group) fire and resolve {@code
     * changes} times within {@code window} (a fire and its resolve are two), the alert becomes
     * FLAPPING instead, published once, and stays FLAPPING without further notifications until
     * its condition has held steady for {@code window}; it then becomes FIRING or RESOLVED.
     * {@code changes} is 2 to 100; {@code window} at least a minute.
     */
    public Builder flapDetection(int changes, Duration window) {
      requireNonNull(window, "window");
      problems.removeIf(p -> p[0].startsWith("flapDetection"));
      if (changes < 2 || changes > 100) {
        problems.add(new String[] {"flapDetection.changes", "must be 2 to 100 but was "
            + changes});
      }
      if (window.compareTo(Duration.ofMinutes(1)) < 0) {
        problems.add(new String[] {"flapDetection.window", "must be at least 1 minute but was "
            + window});
      }
      this.flapThreshold = changes;
      this.flapWindow = window;
      return this;
    }

    /**
     * Sets how an evaluation that gives a group no value is treated: the series has no sample
     * in the window, a ratio is below its minimum denominator, or a group with an alert has
     * vanished. {@link Treatment#NOT_BREACHING} by default. Absence conditions are not affected:
     * no data is what they look for, nor are event counts (a count without events is zero).
     * With {@link Treatment#IGNORE}, the alert of a group that never comes back stays active
     * until resolved by hand.
     */
    public Builder onNoData(Treatment treatment) {
      this.onNoData = requireNonNull(treatment, "treatment");
      return this;
    }

    /**
     * Sets how an evaluation whose condition throws is treated, for every active alert of the
     * rule (a failing store is only counted): {@link Treatment#IGNORE} (the default) keeps them as they are, {@link
     * Treatment#NOT_BREACHING} lets them clear, {@link Treatment#BREACHING} keeps them breaching
     * and, when the rule has no active alert, opens one with an empty group, so that a rule that
     * cannot be evaluated is seen. The failure is counted either way.
     */
    public Builder onError(Treatment treatment) {
      this.onError = requireNonNull(treatment, "treatment");
      return this;
    }

    /**
     * Makes a {@linkplain AlertEngine#start() started} engine evaluate this rule as soon as a
     * stored event its condition counts arrives, as well as at its interval, so that, say, a
     * CRITICAL event alerts within milliseconds rather than at the next scheduled evaluation.
     * Only for {@linkplain Condition#events events conditions}; the engine sees stored events
     * only (at or above the monitor's store threshold, WARN by default).
     */
    public Builder evaluateOnEvent(boolean onEvent) {
      this.evaluatesOnEvent = onEvent;
      return this;
    }

    /** Sets how long a firing alert stays firing after its condition cleared (hysteresis). */
    public Builder keepFiringFor(Duration keepFiringFor) {
      this.keepFiringFor =
          notNegative("keepFiringFor", requireNonNull(keepFiringFor, "keepFiringFor"));
      return this;
    }

    /** Sets how often a started engine evaluates the rule; 30 seconds by default, at least 1 s. */
    public Builder interval(Duration interval) {
      requireNonNull(interval, "interval");
      problems.removeIf(p -> p[0].equals("interval"));
      if (interval.compareTo(Duration.ofSeconds(1)) < 0) {
        problems.add(new String[] {"interval", "must be at least 1 second but was " + interval});
      }
      this.interval = interval;
      return this;
    }

    /**
     * Sets how often an alert that stays FIRING (not acknowledged, not silenced) is published
     * again, as a {@linkplain Alert#isReminder() reminder}; none by default. Reminders are sent at
     * the first evaluation at least this long after the alert was last published; must be
     * positive.
     */
    public Builder repeatInterval(Duration repeatInterval) {
      requireNonNull(repeatInterval, "repeatInterval");
      problems.removeIf(p -> p[0].equals("repeatInterval"));
      if (repeatInterval.isNegative() || repeatInterval.isZero()) {
        problems.add(new String[] {"repeatInterval", "must be positive but was " + repeatInterval});
      }
      this.repeatInterval = repeatInterval;
      return this;
    }

    /** Sets the severity of the rule's alerts; {@link Severity#WARN} by default. */
    public Builder severity(Severity severity) {
      this.severity = requireNonNull(severity, "severity");
      return this;
    }

    /** Adds a label copied onto each alert; a later value for the same name wins. */
    public Builder label(String name, String value) {
      entry("labels", labels, name, value);
      return this;
    }

    /**
     * Adds an annotation: a {@link Template} such as
     * {@code "Upload error rate {{value | percent}} on {{labels.platform}}"}, rendered onto each
     * alert at each transition (see {@link AlertRule#annotations()} for the variables). An
     * invalid template fails {@link #build()} naming the annotation and the column.
     */
    public Builder annotation(String name, String value) {
      entry("annotations", annotations, name, value);
      return this;
    }

    /** Sets the runbook link: an absolute {@code http} or {@code https} URL. */
    public Builder runbook(String url) {
      this.runbook = requireNonNull(url, "url");
      return this;
    }

    /**
     * Builds the rule.
     *
     * @throws InvalidAlertRuleException listing every problem found, by field
     */
    public AlertRule build() {
      List<InvalidAlertRuleException.Problem> found = new ArrayList<>();
      if (!ID.matcher(id).matches()) {
        found.add(problem("id", "'" + id + "' must be 1 to 128 letters, digits, '.', '_' or '-'"));
      }
      if (condition == null) {
        found.add(problem("condition", "no condition set"));
      } else {
        for (String[] p : condition.problems()) {
          found.add(problem(p[0], p[1]));
        }
      }
      for (String[] p : problems) {
        found.add(problem(p[0], p[1]));
      }
      if (evaluatesOnEvent && condition != null && !(condition instanceof EventCountCondition)) {
        found.add(problem("evaluateOnEvent", "only an events condition can be evaluated on "
            + "events, not " + condition.describe()));
      }
      if (evaluatesOnEvent && pendingEvaluations > 1) {
        found.add(problem("pendingEvaluations", "counts evaluations, and a rule evaluated on "
            + "events is evaluated at each burst of events: use pendingFor instead"));
      }
      annotations.forEach((name, source) -> {
        try {
          Template.parse(source);
        } catch (IllegalArgumentException e) {
          found.add(problem("annotations." + name, e.getMessage()));
        }
      });
      URI uri = null;
      if (runbook != null) {
        try {
          uri = new URI(runbook);
          if (!uri.isAbsolute() || !("http".equalsIgnoreCase(uri.getScheme())
              || "https".equalsIgnoreCase(uri.getScheme())) || uri.getHost() == null) {
            found.add(problem("runbook", "'" + runbook + "' is not an absolute http(s) URL"));
          }
        } catch (URISyntaxException e) {
          found.add(problem("runbook", "'" + runbook + "' is not a URL: " + e.getReason()));
        }
      }
      if (!found.isEmpty()) {
        throw new InvalidAlertRuleException(found);
      }
      return new AlertRule(this, uri);
    }

    private InvalidAlertRuleException.Problem problem(String field, String reason) {
      return new InvalidAlertRuleException.Problem(id, field, reason);
    }

    private Duration notNegative(String field, Duration d) {
      problems.removeIf(p -> p[0].equals(field));
      if (d.isNegative()) {
        problems.add(new String[] {field, "must not be negative but was " + d});
      }
      return d;
    }

    private void entry(String field, Map<String, String> map, String name, String value) {
      requireNonNull(name, "name");
      requireNonNull(value, "value");
      if (name.isBlank()) {
        problems.add(new String[] {field, "a name is blank (value '" + value + "')"});
        return;
      }
      map.put(name, value);
    }
  }
}
