package dev.vigil.alerts;

import static java.util.Objects.requireNonNull;

import dev.vigil.alerts.Silence.Matcher;
import dev.vigil.alerts.Silence.Op;
import dev.vigil.alerts.internal.LabelMatchers;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.StringJoiner;

/**
 * A recurring period, in a time zone, during which the alerts whose labels match all of its
 * matchers are muted, as a {@link Silence} mutes them once: every day, or on given days of the
 * week, at a local time, for a duration.
 *
 * <pre>{@code
 * MaintenanceWindow backup = MaintenanceWindow.builder("nightly-backup")
 *     .matching("alertname", "db-latency")
 *     .matchingRegex("team", "pay.*")
 *     .daily(LocalTime.of(3, 0))              // or weekly(at, DayOfWeek.SATURDAY, ...)
 *     .zone(ZoneId.of("Europe/Paris"))
 *     .duration(Duration.ofHours(1))
 *     .build();
 * backup.describe();   // "daily at 03:00 Europe/Paris for PT1H"
 * }</pre>
 *
 * <p><b>Schedule.</b> On each scheduled date, an occurrence starts at the local time in the zone
 * and lasts the duration in real elapsed time (a 3-hour occurrence is 3 hours long on a day the
 * clocks change). A local time that does not exist that day (the spring-forward gap) starts at the
 * instant it is shifted to, later by the gap's length; a local time that exists twice (the
 * fall-back overlap) starts once, at the earlier of the two instants, as {@link
 * ZonedDateTime#of(LocalDate, LocalTime, ZoneId)} resolves them. An occurrence may run past
 * midnight into the next day, which then needs not be a scheduled day. {@link #from()} and {@link
 * #until()}, when given, bound the whole recurrence: nothing is active before {@code from} or from
 * {@code until} on, and an occurrence they cut is active only for its part inside them.
 *
 * <p><b>Duration.</b> Positive, at most the shortest time between two scheduled days (24 hours for
 * a daily window; 1 day for Saturday and Sunday) and shorter than 7 days, so that occurrences never
 * merge into a permanent silence. On a day the clocks go forward the occurrences of two
 * consecutive days may overlap by the shift; the window is active in either.
 *
 * <p><b>Matching</b> is a silence's: an alert's labels are the rule's labels, the alert's group and
 * {@code alertname} (the rule id); a label the alert lacks matches as the empty string.
 *
 * <p>Instances are immutable and thread-safe. {@link #from()} and {@link #until()} may return
 * {@code null}; nothing else does.
 */
public final class MaintenanceWindow {

  /** The longest duration, exclusive. */
  private static final Duration MAX_DURATION = Duration.ofDays(7);

  private final String id;
  private final LabelMatchers matchers;
  private final Set<DayOfWeek> days;
  private final LocalTime at;
  private final ZoneId zone;
  private final Duration duration;
  private final Instant from;
  private final Instant until;
  private final String createdBy;
  private final String comment;
  /** How many local dates before an instant's own an occurrence covering it may have started. */
  private final int lookBackDays;

  private MaintenanceWindow(Builder b) {
    this.id = b.id;
    this.matchers = new LabelMatchers(b.matchers);
    this.days = Collections.unmodifiableSet(EnumSet.copyOf(b.days));
    this.at = b.at;
    this.zone = b.zone;
    this.duration = b.duration;
    this.from = b.from;
    this.until = b.until;
    this.createdBy = b.createdBy;
    this.comment = b.comment;
    // one more day for a start late in the day, one for a clock change shortening the day
    this.lookBackDays = (int) duration.toDays() + 2;
  }

  /**
   * Returns a builder for a window with this id: 1 to 128 letters, digits, '.', '_' or '-', as
   * for {@link AlertRule} ids. At least one matcher, a schedule, a zone and a duration are
   * required.
   */
  public static Builder builder(String id) {
    return new Builder(requireNonNull(id, "id"));
  }

  /** Returns the window's id. */
  public String id() {
    return id;
  }

  /** Returns the matchers, all of which an alert's labels must match; unmodifiable. */
  public List<Matcher> matchers() {
    return matchers.matchers();
  }

  /** Returns the days an occurrence starts on, all seven for a daily window; unmodifiable. */
  public Set<DayOfWeek> days() {
    return days;
  }

  /** Returns the local time an occurrence starts at. */
  public LocalTime at() {
    return at;
  }

  /** Returns the time zone of the schedule. */
  public ZoneId zone() {
    return zone;
  }

  /** Returns how long each occurrence lasts, in elapsed time. */
  public Duration duration() {
    return duration;
  }

  /** Returns the instant before which the window is never active, or {@code null} for none. */
  public Instant from() {
    return from;
  }

  /** Returns the instant from which on the window is never active, or {@code null} for none. */
  public Instant until() {
    return until;
  }

  /** Returns who created the window; empty if not given. */
  public String createdBy() {
    return createdBy;
  }

  /** Returns why; empty if no comment was given. */
  public String comment() {
    return comment;
  }

  /** Returns whether {@code labels} match every matcher (a missing label counts as empty). */
  public boolean matches(Map<String, String> labels) {
    requireNonNull(labels, "labels");
    return matchers.matches(labels);
  }

  /**
   * Returns whether the window is in effect at {@code t}: inside an occurrence (its start
   * inclusive, its end exclusive) and inside {@code [from, until)}.
   */
  public boolean isActiveAt(Instant t) {
    requireNonNull(t, "t");
    if (from != null && t.isBefore(from) || until != null && !t.isBefore(until)) {
      return false;
    }
    LocalDate date = LocalDate.ofInstant(t, zone);
    for (int back = 0; back <= lookBackDays; back++) {
      LocalDate d = date.minusDays(back);
      if (days.contains(d.getDayOfWeek())) {
        Instant start = start(d);
        if (!t.isBefore(start) && t.isBefore(start.plus(duration))) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Returns the first instant strictly after {@code after} at which an occurrence begins to be in
   * effect: its start, or {@code from} for an occurrence that {@code from} cuts; {@code null} if
   * there is none (the recurrence ended at {@code until}).
   */
  public Instant nextStart(Instant after) {
    requireNonNull(after, "after");
    Instant origin = from != null && from.isAfter(after) ? from : after;
    LocalDate date = LocalDate.ofInstant(origin, zone).minusDays(lookBackDays);
    // every week has a start, so two weeks past the look-back always find one
    LocalDate last = date.plusDays(lookBackDays + 15L);
    for (; !date.isAfter(last); date = date.plusDays(1)) {
      if (!days.contains(date.getDayOfWeek())) {
        continue;
      }
      Instant start = start(date);
      if (until != null && !start.isBefore(until)) {
        return null;
      }
      Instant end = start.plus(duration);
      Instant begins = from != null && from.isAfter(start) ? from : start;
      if (begins.isAfter(after) && begins.isBefore(end)) {
        return begins;
      }
    }
    return null;
  }

  /** Returns the start of the occurrence of local date {@code d}, resolved as documented. */
  private Instant start(LocalDate d) {
    return ZonedDateTime.of(d, at, zone).toInstant();
  }

  /**
   * Returns the schedule in words, such as {@code daily at 03:00 Europe/Paris for PT1H} or {@code
   * on SAT, SUN at 22:00 UTC for PT6H}, followed by {@code from …} and {@code until …} if set.
   */
  public String describe() {
    StringBuilder sb = new StringBuilder();
    if (days.size() == 7) {
      sb.append("daily");
    } else {
      StringJoiner names = new StringJoiner(", ", "on ", "");
      for (DayOfWeek d : days) {
        names.add(d.name().substring(0, 3));
      }
      sb.append(names);
    }
    sb.append(" at ").append(at).append(' ').append(zone).append(" for ").append(duration);
    if (from != null) {
      sb.append(" from ").append(from);
    }
    if (until != null) {
      sb.append(" until ").append(until);
    }
    return sb.toString();
  }

  /** Returns whether {@code o} is a window with the same id, matchers, schedule and notes. */
  @Override
  public boolean equals(Object o) {
    return o instanceof MaintenanceWindow w && id.equals(w.id) && matchers().equals(w.matchers())
        && days.equals(w.days) && at.equals(w.at) && zone.equals(w.zone)
        && duration.equals(w.duration) && Objects.equals(from, w.from)
        && Objects.equals(until, w.until) && createdBy.equals(w.createdBy)
        && comment.equals(w.comment);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, matchers(), days, at, zone, duration, from, until, createdBy, comment);
  }

  @Override
  public String toString() {
    return "MaintenanceWindow{" + id + " " + matchers() + " " + describe() + "}";
  }

  /**
   * Builds a {@link MaintenanceWindow}. Setters reject {@code null} at once; {@link #build()}
   * checks the rest. Not thread-safe.
   */
  public static final class Builder {
    /** One problem of a builder: the field at fault, in the builder's terms, and why. */
    record Issue(String field, String reason) {}

    private final String id;
    private final List<Matcher> matchers = new ArrayList<>();
    private Set<DayOfWeek> days;
    private LocalTime at;
    private ZoneId zone;
    private Duration duration;
    private Instant from;
    private Instant until;
    private String createdBy = "";
    private String comment = "";

    Builder(String id) {
      this.id = id;
    }

    /** Adds a matcher: the label {@code name} equals {@code value}. */
    public Builder matching(String name, String value) {
      matchers.add(new Matcher(name, Op.EQUAL, value));
      return this;
    }

    /** Adds a matcher: the label {@code name} does not equal {@code value}. */
    public Builder notMatching(String name, String value) {
      matchers.add(new Matcher(name, Op.NOT_EQUAL, value));
      return this;
    }

    /** Adds a matcher: the whole label {@code name} matches the regular expression. */
    public Builder matchingRegex(String name, String regex) {
      matchers.add(new Matcher(name, Op.REGEX, regex));
      return this;
    }

    /** Starts an occurrence every day at local time {@code at}; replaces any schedule set. */
    public Builder daily(LocalTime at) {
      this.at = requireNonNull(at, "at");
      this.days = EnumSet.allOf(DayOfWeek.class);
      return this;
    }

    /**
     * Starts an occurrence on each of the given days at local time {@code at}; replaces any
     * schedule set.
     */
    public Builder weekly(LocalTime at, DayOfWeek day, DayOfWeek... more) {
      requireNonNull(at, "at");
      EnumSet<DayOfWeek> set = EnumSet.of(requireNonNull(day, "day"));
      for (DayOfWeek d : requireNonNull(more, "more")) {
        set.add(requireNonNull(d, "more[]"));
      }
      this.at = at;
      this.days = set;
      return this;
    }

    /** Sets the time zone of the schedule; required. */
    public Builder zone(ZoneId zone) {
      this.zone = requireNonNull(zone, "zone");
      return this;
    }

    /** Sets how long each occurrence lasts; required (see the class's limits). */
    public Builder duration(Duration duration) {
      this.duration = requireNonNull(duration, "duration");
      return this;
    }

    /** Sets the instant before which the window is never active; none by default. */
    public Builder from(Instant from) {
      this.from = requireNonNull(from, "from");
      return this;
    }

    /** Sets the instant from which on the window is never active; none by default. */
    public Builder until(Instant until) {
      this.until = requireNonNull(until, "until");
      return this;
    }

    /** Sets who creates the window; empty by default. */
    public Builder createdBy(String createdBy) {
      this.createdBy = requireNonNull(createdBy, "createdBy");
      return this;
    }

    /** Sets why; empty by default. */
    public Builder comment(String comment) {
      this.comment = requireNonNull(comment, "comment");
      return this;
    }

    /**
     * Builds the window.
     *
     * @throws IllegalArgumentException listing every problem: an invalid id, no matcher, a blank
     *     label name, an invalid regular expression, no schedule, no zone, no duration or one out
     *     of bounds, or an {@code until} not after {@code from}
     */
    public MaintenanceWindow build() {
      List<Issue> issues = issues();
      if (!issues.isEmpty()) {
        StringJoiner message = new StringJoiner("; ", "invalid maintenance window '" + id + "': ",
            "");
        for (Issue i : issues) {
          message.add(i.reason());
        }
        throw new IllegalArgumentException(message.toString());
      }
      return new MaintenanceWindow(this);
    }

    /** Returns every problem of the window as configured, in a fixed order. */
    List<Issue> issues() {
      List<Issue> issues = new ArrayList<>();
      if (!AlertRule.ID.matcher(id).matches()) {
        issues.add(new Issue("id", "id '" + id
            + "' must be 1 to 128 letters, digits, '.', '_' or '-'"));
      }
      LabelMatchers.check(matchers, "a maintenance window", (m, problem) -> issues.add(
          new Issue(m == null ? "matchers" : "matchers." + m.name(), problem)));
      if (days == null) {
        issues.add(new Issue("schedule",
            "no schedule: call daily(at) or weekly(at, days...)"));
      }
      if (zone == null) {
        issues.add(new Issue("zone", "no zone: call zone(ZoneId), such as Europe/Paris"));
      }
      if (duration == null) {
        issues.add(new Issue("duration", "no duration: call duration(Duration)"));
      } else if (duration.isNegative() || duration.isZero()) {
        issues.add(new Issue("duration", "duration must be positive but was " + duration));
      } else if (duration.compareTo(MAX_DURATION) >= 0) {
        issues.add(new Issue("duration", "duration " + duration
            + " must be shorter than 7 days"));
      } else if (days != null && duration.compareTo(shortestGap(days)) > 0) {
        issues.add(new Issue("duration", "duration " + duration + " is longer than "
            + shortestGap(days) + ", the shortest time between two scheduled days, so"
            + " occurrences would merge"));
      }
      if (from != null && until != null && !until.isAfter(from)) {
        issues.add(new Issue("until", "until " + until + " is not after from " + from));
      }
      return issues;
    }

    /** Returns the fewest days, as a duration, from one scheduled day to the next. */
    private static Duration shortestGap(Set<DayOfWeek> days) {
      int shortest = 7;
      for (DayOfWeek d : days) {
        for (int n = 1; n < 7; n++) {
          if (days.contains(d.plus(n))) {
            shortest = Math.min(shortest, n);
            break;
          }
        }
      }
      return Duration.ofDays(shortest);
    }
  }
}
