package dev.vigil.alerts;

import static java.util.Objects.requireNonNull;

import dev.vigil.Severity;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One alert of one rule for one group: what fired, since when, and every state change it went
 * through. The engine keeps at most one active (not RESOLVED) alert per {@linkplain #key()
 * (rule, group)}; when that alert resolves, a later breach starts a new one.
 *
 * <p>Instances are immutable snapshots and thread-safe. {@link #firingSince()}, {@link
 * #resolvedAt()}, {@link #clearingSince()}, {@link #acknowledgement()}, {@link #mutedBy()} and
 * {@link #runbook()} may return {@code null}; nothing else does.
 *
 * <p>The engine makes alerts; a persistent {@link AlertStore} restores the ones it saved with
 * {@link #builder()}, giving back every property read from the getters.
 */
public final class Alert {

  private final String ruleId;
  private final SortedMap<String, String> group;
  private final AlertState state;
  private final Severity severity;
  private final Map<String, String> labels;
  private final Map<String, String> annotations;
  private final URI runbook;
  private final double value;
  private final Instant activeSince;
  private final Instant firingSince;
  private final Instant resolvedAt;
  private final Instant clearingSince;
  private final List<Transition> history;
  private final Acknowledgement acknowledgement;
  private final Muting mutedBy;
  private final Instant notifiedAt;
  private final boolean reminder;
  private final int breaches;
  private final List<Instant> changes;
  private Map<String, String> matchLabels; // racy single-check caches: the alert is immutable
  private String key;

  private Alert(Builder b) {
    this.ruleId = b.ruleId;
    this.group = b.group;
    this.state = b.state;
    this.severity = b.severity;
    this.labels = b.labels;
    this.annotations = b.annotations;
    this.runbook = b.runbook;
    this.value = b.value;
    this.activeSince = b.activeSince;
    this.firingSince = b.firingSince;
    this.resolvedAt = b.resolvedAt;
    this.clearingSince = b.clearingSince;
    this.history = b.history;
    this.acknowledgement = b.acknowledgement;
    this.mutedBy = b.mutedBy;
    this.notifiedAt = b.notifiedAt;
    this.reminder = b.reminder;
    this.breaches = b.breaches;
    this.changes = b.changes;
    this.matchLabels = b.matchLabels;
    this.key = b.key;
  }

  /** Returns a builder, for an {@link AlertStore} that restores saved alerts. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns a builder holding every property of this alert. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Returns a new alert of {@code rule} for {@code group}, its first transition to {@code to}. */
  static Alert open(AlertRule rule, SortedMap<String, String> group, AlertState to, Instant at,
      String reason, double value) {
    Builder b = new Builder();
    b.ruleId = rule.id();
    b.group = Collections.unmodifiableSortedMap(group);
    b.state = to;
    b.severity = rule.severity();
    b.labels = rule.labels();
    b.annotations = rule.annotations();
    b.runbook = rule.runbook();
    b.value = value;
    b.activeSince = at;
    b.firingSince = to.hasFired() ? at : null;
    b.history = List.of(new Transition(null, to, at, reason, value));
    b.notifiedAt = at;
    b.breaches = 1;
    return new Alert(b);
  }

  /**
   * Returns this alert after a transition to {@code to}; an acknowledgement is dropped unless
   * {@code to} is ACKNOWLEDGED, the muting unless it is SILENCED (set them after), and the
   * clearing time is kept while the alert stays fired.
   */
  Alert moveTo(AlertState to, Instant at, String reason, double value) {
    List<Transition> next = new ArrayList<>(history.size() + 1);
    next.addAll(history);
    next.add(new Transition(state, to, at, reason, value));
    Builder b = new Builder(this);
    b.state = to;
    b.value = value;
    b.firingSince = firingSince != null ? firingSince : to.hasFired() ? at : null;
    b.resolvedAt = to == AlertState.RESOLVED ? at : null;
    b.clearingSince = to.hasFired() ? clearingSince : null;
    b.history = Collections.unmodifiableList(next);
    b.acknowledgement = to == AlertState.ACKNOWLEDGED ? acknowledgement : null;
    b.mutedBy = to == AlertState.SILENCED ? mutedBy : null;
    b.notifiedAt = at;
    b.reminder = false;
    return new Alert(b);
  }

  /** Returns this alert with its annotations rendered for its current state. */
  Alert withAnnotations(Map<String, String> rendered) {
    Builder b = new Builder(this);
    b.annotations = rendered;
    return new Alert(b);
  }

  /** Returns this alert with a new value and the time its condition started clearing. */
  Alert update(double value, Instant clearingSince) {
    Builder b = new Builder(this);
    b.value = value;
    b.clearingSince = clearingSince;
    b.reminder = false;
    return new Alert(b);
  }

  /** Returns this alert with an acknowledgement (for an ACKNOWLEDGED alert). */
  Alert withAcknowledgement(Acknowledgement ack) {
    Builder b = new Builder(this);
    b.acknowledgement = ack;
    b.reminder = false;
    return new Alert(b);
  }

  /** Returns this alert with what mutes it (for a SILENCED alert). */
  Alert withMuting(Muting muting) {
    Builder b = new Builder(this);
    b.mutedBy = muting;
    b.reminder = false;
    return new Alert(b);
  }

  /** Returns this alert with {@code breaches} consecutive breaching evaluations. */
  Alert withBreaches(int breaches) {
    Builder b = new Builder(this);
    b.breaches = breaches;
    return new Alert(b);
  }

  /** Returns this alert with the times of its key's recent state changes (flap detection). */
  Alert withChanges(List<Instant> changes) {
    Builder b = new Builder(this);
    b.changes = List.copyOf(changes);
    return new Alert(b);
  }

  /** Returns this alert as a reminder published at {@code at}. */
  Alert asReminder(Instant at) {
    Builder b = new Builder(this);
    b.notifiedAt = at;
    b.reminder = true;
    return new Alert(b);
  }

  /**
   * Returns the labels that silences, maintenance windows and inhibit rules match: {@code
   * severity} (the rule's), the rule's labels, the group's tags and {@code alertname} (the rule
   * id), each overriding the ones before; unmodifiable.
   */
  public Map<String, String> matchLabels() {
    Map<String, String> all = matchLabels;
    if (all == null) {
      Map<String, String> made = new LinkedHashMap<>();
      made.put("severity", severity.name());
      made.putAll(labels);
      made.putAll(group);
      made.put("alertname", ruleId);
      all = Collections.unmodifiableMap(made);
      matchLabels = all;
    }
    return all;
  }

  /** Returns the key of the alert's (rule, group): {@code ruleId} or {@code ruleId{k=v,…}}. */
  public String key() {
    String k = key;
    if (k == null) {
      k = key(ruleId, group);
      key = k;
    }
    return k;
  }

  static String key(String ruleId, Map<String, String> group) {
    if (group.isEmpty()) {
      return ruleId;
    }
    StringBuilder sb = new StringBuilder(ruleId).append('{');
    group.forEach((k, v) -> {
      if (sb.charAt(sb.length() - 1) != '{') {
        sb.append(',');
      }
      sb.append(k).append('=').append(v);
    });
    return sb.append('}').toString();
  }

  /** Returns the id of the rule that raised this alert. */
  public String ruleId() {
    return ruleId;
  }

  /** Returns the group: the values of the rule's group-by tags, empty for an ungrouped rule. */
  public SortedMap<String, String> group() {
    return group;
  }

  /** Returns the current state. */
  public AlertState state() {
    return state;
  }

  /** Returns the rule's severity. */
  public Severity severity() {
    return severity;
  }

  /** Returns the rule's labels; unmodifiable. The group's tags are in {@link #group()}. */
  public Map<String, String> labels() {
    return labels;
  }

  /** Returns the rule's annotations as rendered at the alert's last transition; unmodifiable. */
  public Map<String, String> annotations() {
    return annotations;
  }

  /** Returns the rule's runbook link, or {@code null}. */
  public URI runbook() {
    return runbook;
  }

  /** Returns the condition's value at the last evaluation, {@code NaN} if there was none. */
  public double value() {
    return value;
  }

  /** Returns when the alert became active (its first transition). */
  public Instant activeSince() {
    return activeSince;
  }

  /** Returns when the alert started firing, or {@code null} if it never fired. */
  public Instant firingSince() {
    return firingSince;
  }

  /** Returns when the alert resolved, or {@code null} if it is active. */
  public Instant resolvedAt() {
    return resolvedAt;
  }

  /**
   * Returns since when the condition of this fired alert has been clear: while the rule's
   * keep-firing period runs, or while a FLAPPING alert's condition is clear; {@code null}
   * otherwise.
   */
  public Instant clearingSince() {
    return clearingSince;
  }

  /** Returns every transition, oldest first; unmodifiable. */
  public List<Transition> history() {
    return history;
  }

  /** Returns the acknowledgement of an ACKNOWLEDGED alert, or {@code null}. */
  public Acknowledgement acknowledgement() {
    return acknowledgement;
  }

  /** Returns what mutes a SILENCED alert, or {@code null}. */
  public Muting mutedBy() {
    return mutedBy;
  }

  /**
   * Returns when the alert was last published to the listeners: its last transition, or its last
   * {@linkplain #isReminder() reminder}. Kept in the store, so a restarted engine does not remind
   * early.
   */
  public Instant notifiedAt() {
    return notifiedAt;
  }

  /**
   * Returns whether this snapshot is a reminder: the engine publishes a FIRING alert again every
   * {@linkplain AlertRule#repeatInterval() repeat interval}, with no new transition ({@link
   * #lastTransition()} is the one that made it fire). Always {@code false} for a snapshot read
   * from the store or returned by {@link AlertEngine#evaluate()}.
   */
  public boolean isReminder() {
    return reminder;
  }

  /**
   * Returns how many consecutive evaluations breached while the alert was PENDING (1 when it
   * opened), for the rule's {@linkplain AlertRule#pendingEvaluations() pending evaluations}.
   */
  public int breaches() {
    return breaches;
  }

  /**
   * Returns when the alert's (rule, group) recently fired, resolved or, while FLAPPING, changed
   * between breaching and clear, oldest first, within the rule's {@linkplain
   * AlertRule#flapWindow() flap window}; empty when the rule has no flap detection.
   */
  public List<Instant> changes() {
    return changes;
  }

  /** Returns the latest transition. */
  public Transition lastTransition() {
    return history.get(history.size() - 1);
  }

  @Override
  public String toString() {
    return "Alert{" + key() + " " + state + (reminder ? " (reminder)" : "") + ", value " + value
        + "}";
  }

  /**
   * Builds an {@link Alert} from saved properties. Required: rule id, state, severity, active
   * since, notified at and a non-empty history; the rest defaults to empty, {@code null}, {@code
   * NaN} or zero as the getters describe. Not thread-safe.
   */
  public static final class Builder {
    private String ruleId;
    private SortedMap<String, String> group = Collections.emptySortedMap();
    private AlertState state;
    private Severity severity;
    private Map<String, String> labels = Map.of();
    private Map<String, String> annotations = Map.of();
    private URI runbook;
    private double value = Double.NaN;
    private Instant activeSince;
    private Instant firingSince;
    private Instant resolvedAt;
    private Instant clearingSince;
    private List<Transition> history = List.of();
    private Acknowledgement acknowledgement;
    private Muting mutedBy;
    private Instant notifiedAt;
    private boolean reminder;
    private int breaches = 1;
    private List<Instant> changes = List.of();
    // the caches of the alert copied, while what they derive from is unchanged
    private Map<String, String> matchLabels;
    private String key;

    Builder() {}

    Builder(Alert a) {
      ruleId = a.ruleId;
      group = a.group;
      state = a.state;
      severity = a.severity;
      labels = a.labels;
      annotations = a.annotations;
      runbook = a.runbook;
      value = a.value;
      activeSince = a.activeSince;
      firingSince = a.firingSince;
      resolvedAt = a.resolvedAt;
      clearingSince = a.clearingSince;
      history = a.history;
      acknowledgement = a.acknowledgement;
      mutedBy = a.mutedBy;
      notifiedAt = a.notifiedAt;
      reminder = a.reminder;
      breaches = a.breaches;
      changes = a.changes;
      matchLabels = a.matchLabels;
      key = a.key;
    }

    /** Sets the rule's id; required. */
    public Builder ruleId(String ruleId) {
      this.ruleId = requireNonNull(ruleId, "ruleId");
      matchLabels = null;
      key = null;
      return this;
    }

    /** Sets the group (copied); empty by default. */
    public Builder group(Map<String, String> group) {
      this.group = Collections.unmodifiableSortedMap(new TreeMap<>(requireNonNull(group,
          "group")));
      matchLabels = null;
      key = null;
      return this;
    }

    /** Sets the state; required. */
    public Builder state(AlertState state) {
      this.state = requireNonNull(state, "state");
      return this;
    }

    /** Sets the severity; required. */
    public Builder severity(Severity severity) {
      this.severity = requireNonNull(severity, "severity");
      matchLabels = null;
      return this;
    }

    /** Sets the rule's labels (copied, order kept). */
    public Builder labels(Map<String, String> labels) {
      this.labels = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(labels,
          "labels")));
      matchLabels = null;
      return this;
    }

    /** Sets the rendered annotations (copied, order kept). */
    public Builder annotations(Map<String, String> annotations) {
      this.annotations = Collections.unmodifiableMap(new LinkedHashMap<>(
          requireNonNull(annotations, "annotations")));
      return this;
    }

    /** Sets the runbook link; may be {@code null}. */
    public Builder runbook(URI runbook) {
      this.runbook = runbook;
      return this;
    }

    /** Sets the last value; {@code NaN} by default. */
    public Builder value(double value) {
      this.value = value;
      return this;
    }

    /** Sets when the alert became active; required. */
    public Builder activeSince(Instant activeSince) {
      this.activeSince = requireNonNull(activeSince, "activeSince");
      return this;
    }

    /** Sets when it started firing; may be {@code null}. */
    public Builder firingSince(Instant firingSince) {
      this.firingSince = firingSince;
      return this;
    }

    /** Sets when it resolved; may be {@code null}. */
    public Builder resolvedAt(Instant resolvedAt) {
      this.resolvedAt = resolvedAt;
      return this;
    }

    /** Sets since when its condition has been clear; may be {@code null}. */
    public Builder clearingSince(Instant clearingSince) {
      this.clearingSince = clearingSince;
      return this;
    }

    /** Sets the transitions, oldest first (copied); at least one is required. */
    public Builder history(List<Transition> history) {
      this.history = List.copyOf(requireNonNull(history, "history"));
      return this;
    }

    /** Sets the acknowledgement; may be {@code null}. */
    public Builder acknowledgement(Acknowledgement acknowledgement) {
      this.acknowledgement = acknowledgement;
      return this;
    }

    /** Sets what mutes it; may be {@code null}. */
    public Builder mutedBy(Muting mutedBy) {
      this.mutedBy = mutedBy;
      return this;
    }

    /** Sets when it was last published; required. */
    public Builder notifiedAt(Instant notifiedAt) {
      this.notifiedAt = requireNonNull(notifiedAt, "notifiedAt");
      return this;
    }

    /** Sets the consecutive breaching evaluations while pending; 1 by default. */
    public Builder breaches(int breaches) {
      if (breaches < 0) {
        throw new IllegalArgumentException("breaches must not be negative but was " + breaches);
      }
      this.breaches = breaches;
      return this;
    }

    /** Sets the recent change times, oldest first (copied); empty by default. */
    public Builder changes(List<Instant> changes) {
      this.changes = List.copyOf(requireNonNull(changes, "changes"));
      return this;
    }

    /**
     * Builds the alert (never a reminder).
     *
     * @throws IllegalStateException naming a required property that is missing
     */
    public Alert build() {
      List<String> missing = new ArrayList<>();
      if (ruleId == null) {
        missing.add("ruleId");
      }
      if (state == null) {
        missing.add("state");
      }
      if (severity == null) {
        missing.add("severity");
      }
      if (activeSince == null) {
        missing.add("activeSince");
      }
      if (notifiedAt == null) {
        missing.add("notifiedAt");
      }
      if (history.isEmpty()) {
        missing.add("history");
      }
      if (!missing.isEmpty()) {
        throw new IllegalStateException("cannot build an alert without " + String.join(", ",
            missing));
      }
      reminder = false;
      return new Alert(this);
    }
  }
}
