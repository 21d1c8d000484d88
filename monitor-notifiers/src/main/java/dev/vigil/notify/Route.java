package dev.vigil.notify;

import static java.util.Objects.requireNonNull;

import dev.vigil.Severity;
import dev.vigil.alerts.Alert;
import dev.vigil.alerts.Silence;
import dev.vigil.alerts.internal.LabelMatchers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which alerts go to which channels, and how: a route matches alerts by severity, rule and
 * labels, sends the kinds of notification it wants to its channels in its wording, possibly only
 * at some times, and may escalate through contacts.
 *
 * <pre>{@code
 * Route.builder()
 *     .minSeverity(Severity.ERROR)
 *     .rules("high_error_rate", "slow_response")   // any rule if none given
 *     .matching("team", "payments")                // the alert's labels: severity, rule labels,
 *                                                  // group tags and alertname
 *     .channels("slack", "email")
 *     .build();
 * }</pre>
 *
 * <p>A {@link Notifier} tries its routes in order; the first that matches an alert decides,
 * unless it {@linkplain Builder#continueMatching() continues}, in which case later routes may
 * add channels (a channel gets one notification however many routes name it). Instances are
 * immutable and thread-safe.
 */
public final class Route {

  /** The kinds a route sends by default: all but TEST. */
  public static final Set<Notification.Kind> DEFAULT_KINDS = Collections.unmodifiableSet(
      EnumSet.of(Notification.Kind.FIRING, Notification.Kind.REMINDER,
          Notification.Kind.FLAPPING, Notification.Kind.ACKNOWLEDGED,
          Notification.Kind.RESOLVED));

  private final String name;
  private final Severity minSeverity;
  private final Set<String> rules;
  private final LabelMatchers matchers;
  private final List<String> channels;
  private final Set<Notification.Kind> kinds;
  private final MessageTemplate template;
  private final TimeWindow activeDuring;
  private final TimeWindow mutedDuring;
  private final Escalation escalation;
  private final boolean continueMatching;
  private final List<String> groupBy;
  private final Duration groupWait;
  private final Duration groupInterval;

  private Route(Builder b) {
    this.name = b.name;
    this.minSeverity = b.minSeverity;
    this.rules = Collections.unmodifiableSet(new LinkedHashSet<>(b.rules));
    this.matchers = new LabelMatchers(b.matchers);
    this.channels = List.copyOf(b.channels);
    this.kinds = Collections.unmodifiableSet(EnumSet.copyOf(b.kinds));
    this.template = b.template;
    this.activeDuring = b.activeDuring;
    this.mutedDuring = b.mutedDuring;
    this.escalation = b.escalation;
    this.continueMatching = b.continueMatching;
    this.groupBy = List.copyOf(b.groupBy);
    this.groupWait = b.groupWait;
    this.groupInterval = b.groupInterval;
  }

  /** Returns a builder; channels or an escalation are required. */
  public static Builder builder() {
    return new Builder();
  }

  /** Returns whether {@code alert} matches this route (its time windows aside). */
  public boolean matches(Alert alert) {
    requireNonNull(alert, "alert");
    if (!alert.severity().isAtLeast(minSeverity)
        || !rules.isEmpty() && !rules.contains(alert.ruleId())) {
      return false;
    }
    return matchers.matches(alert.matchLabels());
  }

  /** Returns the route's name, for messages; {@code route} if none was given. */
  public String name() {
    return name;
  }

  /** Returns the channels' names, in order; unmodifiable. */
  public List<String> channels() {
    return channels;
  }

  /** Returns the kinds of notification the route sends; unmodifiable. */
  public Set<Notification.Kind> kinds() {
    return kinds;
  }

  /** Returns the wording; {@link MessageTemplate#DEFAULT} unless set. */
  public MessageTemplate template() {
    return template;
  }

  /** Returns when the route sends (outside, it drops), or {@code null} for always. */
  public TimeWindow activeDuring() {
    return activeDuring;
  }

  /** Returns when the route drops what it would send, or {@code null} for never. */
  public TimeWindow mutedDuring() {
    return mutedDuring;
  }

  /** Returns the escalation through contacts, or {@code null}. */
  public Escalation escalation() {
    return escalation;
  }

  /**
   * Returns the labels whose values make a group (alerts with equal values go out together on
   * channels that {@linkplain Channel#groups() take groups}); empty (the default) for none.
   */
  public List<String> groupBy() {
    return groupBy;
  }

  /** Returns how long a new group waits for more alerts before its first notification. */
  public Duration groupWait() {
    return groupWait;
  }

  /** Returns the time between two notifications of one group. */
  public Duration groupInterval() {
    return groupInterval;
  }

  /** Returns whether later routes are tried after this one matched. */
  public boolean continues() {
    return continueMatching;
  }

  @Override
  public String toString() {
    return "Route{" + name + " → " + channels + (escalation == null ? "" : " + escalation") + "}";
  }

  /** Builds a {@link Route}. Setters reject {@code null} at once. Not thread-safe. */
  public static final class Builder {
    private String name;
    private Severity minSeverity = Severity.INFO;
    private final Set<String> rules = new LinkedHashSet<>();
    private final List<Silence.Matcher> matchers = new ArrayList<>();
    private final List<String> channels = new ArrayList<>();
    private final Set<Notification.Kind> kinds = EnumSet.copyOf(DEFAULT_KINDS);
    private MessageTemplate template = MessageTemplate.DEFAULT;
    private TimeWindow activeDuring;
    private TimeWindow mutedDuring;
    private Escalation escalation;
    private boolean continueMatching;
    private final List<String> groupBy = new ArrayList<>();
    private Duration groupWait = Duration.ofSeconds(30);
    private Duration groupInterval = Duration.ofMinutes(5);

    Builder() {}

    /** Names the route, for the messages of configuration errors. */
    public Builder name(String name) {
      this.name = requireNonNull(name, "name");
      return this;
    }

    /** Matches alerts of at least {@code severity}; any severity by default. */
    public Builder minSeverity(Severity severity) {
      this.minSeverity = requireNonNull(severity, "severity");
      return this;
    }

    /** Matches only the alerts of these rules (ids); any rule if never called. */
    public Builder rules(String... ruleIds) {
      for (String id : requireNonNull(ruleIds, "ruleIds")) {
        rules.add(requireNonNull(id, "rule id"));
      }
      return this;
    }

    /** Matches alerts whose label {@code name} equals {@code value}. */
    public Builder matching(String name, String value) {
      matchers.add(new Silence.Matcher(name, Silence.Op.EQUAL, value));
      return this;
    }

    /** Matches alerts whose label {@code name} does not equal {@code value}. */
    public Builder notMatching(String name, String value) {
      matchers.add(new Silence.Matcher(name, Silence.Op.NOT_EQUAL, value));
      return this;
    }

    /** Matches alerts whose whole label {@code name} matches the regular expression. */
    public Builder matchingRegex(String name, String regex) {
      matchers.add(new Silence.Matcher(name, Silence.Op.REGEX, regex));
      return this;
    }

    /** Adds channels (by name) the route sends to. */
    public Builder channels(String... names) {
      for (String n : requireNonNull(names, "names")) {
        channels.add(requireNonNull(n, "channel name"));
      }
      return this;
    }

    /** Sets the kinds of notification sent; all but TEST by default. */
    public Builder notify(Notification.Kind first, Notification.Kind... more) {
      kinds.clear();
      kinds.add(requireNonNull(first, "kind"));
      for (Notification.Kind k : requireNonNull(more, "more")) {
        kinds.add(requireNonNull(k, "kind"));
      }
      return this;
    }

    /** Sets the wording of the route's notifications. */
    public Builder template(MessageTemplate template) {
      this.template = requireNonNull(template, "template");
      return this;
    }

    /** Sends only inside {@code window} (office hours for email, say); drops the rest. */
    public Builder activeDuring(TimeWindow window) {
      this.activeDuring = requireNonNull(window, "window");
      return this;
    }

    /** Drops what it would send inside {@code window}. */
    public Builder mutedDuring(TimeWindow window) {
      this.mutedDuring = requireNonNull(window, "window");
      return this;
    }

    /**
     * Escalates through contacts: see {@link Escalation}. A route with an escalation needs no
     * channels of its own. The escalation starts on FIRING whatever {@link #notify} says, and
     * not inside the route's mute times.
     */
    public Builder escalation(Escalation escalation) {
      this.escalation = requireNonNull(escalation, "escalation");
      return this;
    }

    /**
     * Groups the route's notifications by these labels (such as {@code alertname} or {@code
     * cluster}), as Alertmanager's {@code group_by}: the notifications of one group and kind
     * that fall due together go out as one message on channels that {@linkplain
     * Channel#groups() take groups}, and one by one, at the same time, on the others. A group's
     * first notification waits {@link #groupWait(Duration)} (30 s) for more alerts; later ones
     * go out at most every {@link #groupInterval(Duration)} (5 min).
     */
    public Builder groupBy(String... labels) {
      for (String l : requireNonNull(labels, "labels")) {
        groupBy.add(requireNonNull(l, "label"));
      }
      return this;
    }

    /** Sets how long a new group waits for more alerts; 30 seconds by default. */
    public Builder groupWait(Duration wait) {
      requireNonNull(wait, "wait");
      if (wait.isNegative()) {
        throw new IllegalArgumentException("groupWait must not be negative but was " + wait);
      }
      this.groupWait = wait;
      return this;
    }

    /** Sets the time between two notifications of one group; 5 minutes by default. */
    public Builder groupInterval(Duration interval) {
      requireNonNull(interval, "interval");
      if (interval.isNegative() || interval.isZero()) {
        throw new IllegalArgumentException("groupInterval must be positive but was " + interval);
      }
      this.groupInterval = interval;
      return this;
    }

    /** Lets later routes match too, after this one did. */
    public Builder continueMatching() {
      this.continueMatching = true;
      return this;
    }

    /**
     * Builds the route.
     *
     * @throws IllegalArgumentException listing every problem: no channel and no escalation, a
     *     blank or repeated channel, a bad regular expression
     */
    public Route build() {
      List<String> problems = new ArrayList<>();
      if (channels.isEmpty() && escalation == null) {
        problems.add("no channel and no escalation: call channels(...) or escalation(...)");
      }
      Set<String> seen = new LinkedHashSet<>();
      for (String c : channels) {
        if (c.isBlank()) {
          problems.add("a channel name is blank");
        } else if (!seen.add(c)) {
          problems.add("channel '" + c + "' is named twice");
        }
      }
      for (String l : groupBy) {
        if (l.isBlank()) {
          problems.add("a groupBy label is blank");
        }
      }
      if (!matchers.isEmpty()) {
        LabelMatchers.check(matchers, "a route", (m, problem) -> problems.add(problem));
      }
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException("invalid route" + (name == null ? "" : " '" + name
            + "'") + ": " + String.join("; ", problems));
      }
      if (name == null) {
        name = "route";
      }
      return new Route(this);
    }
  }
}
