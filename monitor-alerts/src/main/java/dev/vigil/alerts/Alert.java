package dev.vigil.alerts;

import dev.vigil.Severity;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * One alert of one rule for one group: what fired, since when, and every state change it went
 * through. The engine keeps at most one active (not RESOLVED) alert per {@linkplain #key()
 * (rule, group)}; when that alert resolves, a later breach starts a new one.
 *
 * <p>Instances are immutable snapshots and thread-safe. {@link #firingSince()}, {@link
 * #resolvedAt()}, {@link #clearingSince()}, {@link #acknowledgement()}, {@link #silenceId()} and
 * {@link #runbook()} may return {@code null}; nothing else does.
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
  private final String silenceId;
  private final Instant notifiedAt;
  private final boolean reminder;

  private Alert(String ruleId, SortedMap<String, String> group, AlertState state,
      Severity severity, Map<String, String> labels, Map<String, String> annotations,
      URI runbook, double value, Instant activeSince, Instant firingSince, Instant resolvedAt,
      Instant clearingSince, List<Transition> history, Acknowledgement acknowledgement,
      String silenceId, Instant notifiedAt, boolean reminder) {
    this.ruleId = ruleId;
    this.group = group;
    this.state = state;
    this.severity = severity;
    this.labels = labels;
    this.annotations = annotations;
    this.runbook = runbook;
    this.value = value;
    this.activeSince = activeSince;
    this.firingSince = firingSince;
    this.resolvedAt = resolvedAt;
    this.clearingSince = clearingSince;
    this.history = history;
    this.acknowledgement = acknowledgement;
    this.silenceId = silenceId;
    this.notifiedAt = notifiedAt;
    this.reminder = reminder;
  }

  /** Returns a new alert of {@code rule} for {@code group}, its first transition to {@code to}. */
  static Alert open(AlertRule rule, SortedMap<String, String> group, AlertState to, Instant at,
      String reason, double value) {
    List<Transition> history = List.of(new Transition(null, to, at, reason, value));
    return new Alert(rule.id(), Collections.unmodifiableSortedMap(group), to, rule.severity(),
        rule.labels(), rule.annotations(), rule.runbook(), value, at,
        to.hasFired() ? at : null, null, null, history, null, null, at, false);
  }

  /**
   * Returns this alert after a transition to {@code to}; an acknowledgement is dropped unless
   * {@code to} is ACKNOWLEDGED, the silence id unless it is SILENCED (set them after), and the
   * clearing time is kept while the alert stays fired.
   */
  Alert moveTo(AlertState to, Instant at, String reason, double value) {
    List<Transition> next = new ArrayList<>(history.size() + 1);
    next.addAll(history);
    next.add(new Transition(state, to, at, reason, value));
    Instant fired = firingSince != null ? firingSince : to.hasFired() ? at : null;
    return new Alert(ruleId, group, to, severity, labels, annotations, runbook, value,
        activeSince, fired, to == AlertState.RESOLVED ? at : null,
        to.hasFired() ? clearingSince : null, Collections.unmodifiableList(next),
        to == AlertState.ACKNOWLEDGED ? acknowledgement : null,
        to == AlertState.SILENCED ? silenceId : null, at, false);
  }

  /** Returns this alert with its annotations rendered for its current state. */
  Alert withAnnotations(Map<String, String> rendered) {
    return new Alert(ruleId, group, state, severity, labels, rendered, runbook, value,
        activeSince, firingSince, resolvedAt, clearingSince, history, acknowledgement, silenceId,
        notifiedAt, reminder);
  }

  /** Returns this alert with a new value and the time its condition started clearing. */
  Alert update(double value, Instant clearingSince) {
    return new Alert(ruleId, group, state, severity, labels, annotations, runbook, value,
        activeSince, firingSince, resolvedAt, clearingSince, history, acknowledgement, silenceId,
        notifiedAt, false);
  }

  /** Returns this alert with an acknowledgement (for an ACKNOWLEDGED alert). */
  Alert withAcknowledgement(Acknowledgement ack) {
    return new Alert(ruleId, group, state, severity, labels, annotations, runbook, value,
        activeSince, firingSince, resolvedAt, clearingSince, history, ack, silenceId, notifiedAt,
        false);
  }

  /** Returns this alert with the id of the silence that silences it (for a SILENCED alert). */
  Alert withSilence(String id) {
    return new Alert(ruleId, group, state, severity, labels, annotations, runbook, value,
        activeSince, firingSince, resolvedAt, clearingSince, history, acknowledgement, id,
        notifiedAt, false);
  }

  /** Returns this alert as a reminder published at {@code at}. */
  Alert asReminder(Instant at) {
    return new Alert(ruleId, group, state, severity, labels, annotations, runbook, value,
        activeSince, firingSince, resolvedAt, clearingSince, history, acknowledgement, silenceId,
        at, true);
  }

  /**
   * Returns the rule's labels, the group's tags and {@code alertname} (the rule id): the labels
   * a {@link Silence} matches.
   */
  Map<String, String> matchLabels() {
    Map<String, String> all = new LinkedHashMap<>(labels);
    all.putAll(group);
    all.put("alertname", ruleId);
    return all;
  }

  /** Returns the key of the alert's (rule, group): {@code ruleId} or {@code ruleId{k=v,…}}. */
  public String key() {
    return key(ruleId, group);
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
   * Returns since when the condition of this firing alert has been clear while the rule's
   * keep-firing period runs, or {@code null} if it is not clearing.
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

  /** Returns the id of the {@link Silence} that silences a SILENCED alert, or {@code null}. */
  public String silenceId() {
    return silenceId;
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

  /** Returns the latest transition. */
  public Transition lastTransition() {
    return history.get(history.size() - 1);
  }

  @Override
  public String toString() {
    return "Alert{" + key() + " " + state + (reminder ? " (reminder)" : "") + ", value " + value
        + "}";
  }
}
