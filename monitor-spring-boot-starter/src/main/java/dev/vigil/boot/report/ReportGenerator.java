package dev.vigil.boot.report;

import static java.util.Objects.requireNonNull;

import dev.vigil.Monitor;
import dev.vigil.Severity;
import dev.vigil.alerts.Alert;
import dev.vigil.alerts.AlertStore;
import dev.vigil.health.CheckStatus;
import dev.vigil.health.HealthMonitor;
import dev.vigil.health.HealthStats;
import dev.vigil.store.EventGroup;
import dev.vigil.store.EventQuery;
import dev.vigil.store.EventStats;
import dev.vigil.store.EventStore;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Makes the {@link Report} of a period from what the monitor's stores hold: the event store's
 * counts and groups ({@link EventStore#stats}), each health check's records ({@link
 * dev.vigil.health.HealthLogStore#stats}) and the alert store's active and resolved alerts.
 *
 * <p>The stores keep only so much, and the report says so in its {@linkplain Report#notes()
 * notes} rather than show partial counts as complete: events older than the monitor's retention
 * (7 days by default) or evicted from a full store, health records older than the health
 * retention (30 days by default), alerts resolved before the oldest the alert store keeps (the
 * in-memory store keeps the 1,000 most recently resolved, and nothing across a restart).
 *
 * <pre>{@code
 * ReportGenerator generator = ReportGenerator.builder(monitor)
 *     .health(healthMonitor).alerts(alertEngine.store())
 *     .zone(ZoneId.of("Europe/Paris")).build();
 * Report lastWeek = generator.generate(from, to);
 * }</pre>
 *
 * <p>Immutable and thread-safe; {@link #generate} reads the stores on the calling thread (a
 * database store does I/O there).
 */
public final class ReportGenerator {

  /** The title when none is set. */
  public static final String DEFAULT_TITLE = "Vigil report for {name}: {from} – {to}";
  /** How many groups the event store is asked for, before keeping the errors among them. */
  static final int GROUPS_SCANNED = EventQuery.MAX_LIMIT;

  private static final DateTimeFormatter MINUTES =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);

  private final Monitor monitor;
  private final HealthMonitor health;
  private final AlertStore alerts;
  private final ZoneId zone;
  private final int topErrors;
  private final String title;
  private final Report.Objectives objectives;
  private final Duration eventRetention;
  private final long maxEvents;
  private final Duration healthRetention;
  private final int alertHistory;

  private ReportGenerator(Builder b) {
    this.monitor = b.monitor;
    this.health = b.health;
    this.alerts = b.alerts;
    this.zone = b.zone;
    this.topErrors = b.topErrors;
    this.title = b.title;
    this.objectives = b.objectives;
    this.eventRetention = b.eventRetention;
    this.maxEvents = b.maxEvents;
    this.healthRetention = b.healthRetention;
    this.alertHistory = b.alertHistory;
  }

  /** Returns a builder reading the events of {@code monitor} (and its clock). */
  public static Builder builder(Monitor monitor) {
    return new Builder(monitor);
  }

  /** Returns the zone the reports' dates are written in (and days counted in). */
  public ZoneId zone() {
    return zone;
  }

  /**
   * Returns the report of {@code [from, to)}.
   *
   * @throws IllegalArgumentException if {@code to} is before {@code from}
   */
  public Report generate(Instant from, Instant to) {
    requireNonNull(from, "from");
    requireNonNull(to, "to");
    if (to.isBefore(from)) {
      throw new IllegalArgumentException("to (" + to + ") is before from (" + from + ")");
    }
    Instant now = monitor.clock().instant();
    List<String> notes = new ArrayList<>();

    // events
    EventStore store = monitor.eventStore();
    EventStats stats = store.stats(from, to, GROUPS_SCANNED);
    Instant eventsFrom = now.minus(eventRetention);
    if (from.isBefore(eventsFrom)) {
      notes.add("Events are kept for " + Durations.words(eventRetention) + ": the event counts"
          + " cover " + format(eventsFrom) + " onwards only.");
    }
    long stored = store.size();
    if (maxEvents > 0 && stored >= maxEvents) {
      notes.add("The event store is full (" + stored + " events): older events were evicted,"
          + " so the event counts may be low.");
    }
    List<Report.ErrorGroup> groups = new ArrayList<>();
    for (EventGroup g : stats.topGroups()) {
      if (groups.size() < topErrors && g.severity().isAtLeast(Severity.ERROR)) {
        groups.add(new Report.ErrorGroup(g.fingerprint(), g.severity(), g.latest().category(),
            g.latest().source(), g.latest().message(), g.count(), g.firstSeen(), g.lastSeen()));
      }
    }

    // health checks
    List<Report.Check> checks = new ArrayList<>();
    long runs = 0;
    double successes = 0;
    if (health == null) {
      notes.add("No health monitor: uptime and latency are not measured.");
    } else {
      List<CheckStatus> statuses = health.statuses();
      if (statuses.isEmpty()) {
        notes.add("No health checks are configured: uptime and latency are not measured.");
      }
      Instant healthFrom = now.minus(healthRetention);
      if (!statuses.isEmpty() && from.isBefore(healthFrom)) {
        notes.add("Health check results are kept for " + Durations.words(healthRetention)
            + ": uptime and latency cover " + format(healthFrom) + " onwards only.");
      }
      for (CheckStatus status : statuses) {
        HealthStats s = health.store().stats(status.check(), from, to, zone);
        checks.add(new Report.Check(status.check(), status.status().name(), s.runs(),
            s.successRate(), s.averageLatency(), s.p95Latency(), s.recoveries()));
        if (s.runs() > 0) {
          runs += s.runs();
          successes += s.successRate() * s.runs();
        }
      }
    }

    // incidents
    List<Report.Incident> incidents = new ArrayList<>();
    if (alerts == null) {
      notes.add("No alert engine: incidents are not counted.");
    } else {
      List<Alert> resolved = alerts.resolved();
      if (alertHistory > 0 && resolved.size() >= alertHistory) {
        Instant oldest = resolved.stream().map(Alert::resolvedAt).filter(t -> t != null)
            .min(Comparator.naturalOrder()).orElse(null);
        if (oldest != null && oldest.isAfter(from)) {
          notes.add("The alert store keeps the " + alertHistory + " most recently resolved alerts:"
              + " incidents resolved before " + format(oldest) + " are missing.");
        }
      }
      List<Alert> all = new ArrayList<>(alerts.active());
      all.addAll(resolved);
      for (Alert a : all) {
        Report.Incident incident = incident(a, from, to, now);
        if (incident != null) {
          incidents.add(incident);
        }
      }
      incidents.sort(Comparator.comparing(Report.Incident::severity).reversed()
          .thenComparing(Report.Incident::duration, Comparator.reverseOrder())
          .thenComparing(Report.Incident::firingSince));
    }
    Map<Severity, Report.IncidentCount> bySeverity = new EnumMap<>(Severity.class);
    for (Report.Incident i : incidents) {
      Report.IncidentCount c = bySeverity.get(i.severity());
      bySeverity.put(i.severity(), c == null
          ? new Report.IncidentCount(i.severity(), 1, i.duration(), i.duration())
          : new Report.IncidentCount(i.severity(), c.count() + 1, c.total().plus(i.duration()),
              i.duration().compareTo(c.longest()) > 0 ? i.duration() : c.longest()));
    }

    String name = monitor.name();
    String heading = title.replace("{name}", name).replace("{from}", format(from))
        .replace("{to}", format(to)).replace("{zone}", zone.getId());
    return new Report(name + "-" + to, heading, name, from, to, zone, now, objectives, checks,
        runs == 0 ? Double.NaN : successes / runs, stats.total(), stats.bySeverity(),
        stats.byCategory(), bySeverity, incidents, groups, notes);
  }

  /** Returns the incident of {@code a} if it fired during {@code [from, to)}, else null. */
  private static Report.Incident incident(Alert a, Instant from, Instant to, Instant now) {
    Instant start = a.firingSince();
    if (start == null || !start.isBefore(to)) {
      return null; // never fired (pending, then resolved), or fired after the period
    }
    Instant end = a.resolvedAt() != null ? a.resolvedAt() : now;
    if (a.resolvedAt() != null && !a.resolvedAt().isAfter(from)) {
      return null; // over before the period
    }
    Instant clippedStart = start.isBefore(from) ? from : start;
    Instant clippedEnd = end.isAfter(to) ? to : end;
    Duration d = clippedEnd.isAfter(clippedStart) ? Duration.between(clippedStart, clippedEnd)
        : Duration.ZERO;
    String summary = a.annotations().getOrDefault("summary", "");
    return new Report.Incident(a.ruleId(), a.key(), a.severity(),
        summary.isBlank() ? a.key() : summary, start, a.resolvedAt(), d);
  }

  private String format(Instant instant) {
    return MINUTES.format(instant.atZone(zone));
  }

  /**
   * Builds a {@link ReportGenerator}; every setter checks its argument at once. Not thread-safe.
   */
  public static final class Builder {
    private final Monitor monitor;
    private HealthMonitor health;
    private AlertStore alerts;
    private ZoneId zone = ZoneId.systemDefault();
    private int topErrors = 10;
    private String title = DEFAULT_TITLE;
    private Report.Objectives objectives = new Report.Objectives(0.999, Duration.ofMillis(500));
    private Duration eventRetention = Duration.ofDays(7);
    private long maxEvents = 20_000;
    private Duration healthRetention = Duration.ofDays(30);
    private int alertHistory = 1_000;

    private Builder(Monitor monitor) {
      this.monitor = requireNonNull(monitor, "monitor");
    }

    /** Sets the health monitor whose checks' uptime and latency are reported; none by default. */
    public Builder health(HealthMonitor health) {
      this.health = requireNonNull(health, "health");
      return this;
    }

    /** Sets the alert store whose alerts are the incidents; none by default. */
    public Builder alerts(AlertStore alerts) {
      this.alerts = requireNonNull(alerts, "alerts");
      return this;
    }

    /** Sets the zone dates are written in and days counted in; the JVM's by default. */
    public Builder zone(ZoneId zone) {
      this.zone = requireNonNull(zone, "zone");
      return this;
    }

    /** Sets how many groups of errors are listed; 10 by default, 0 for none, at most 100. */
    public Builder topErrors(int topErrors) {
      if (topErrors < 0 || topErrors > 100) {
        throw new IllegalArgumentException("topErrors must be from 0 to 100 but was " + topErrors);
      }
      this.topErrors = topErrors;
      return this;
    }

    /**
     * Sets the title, where {@code {name}} stands for the monitor's name, {@code {from}} and
     * {@code {to}} for the period's bounds ({@code yyyy-MM-dd HH:mm} in the zone) and {@code
     * {zone}} for the zone; {@link #DEFAULT_TITLE} by default.
     */
    public Builder title(String title) {
      requireNonNull(title, "title");
      if (title.isBlank() || title.length() > 200) {
        throw new IllegalArgumentException("title must be 1 to 200 non-blank characters");
      }
      this.title = title;
      return this;
    }

    /** Sets the objectives checks are compared with; 99.9 % uptime and a p95 of 500 ms by default. */
    public Builder objectives(Report.Objectives objectives) {
      this.objectives = requireNonNull(objectives, "objectives");
      return this;
    }

    /**
     * Sets how long the monitor keeps events and how many its store holds (0: unbounded), as
     * configured on it, so that reports note what they cannot see; 7 days and 20,000 by default.
     */
    public Builder eventStore(Duration retention, long maxEvents) {
      this.eventRetention = positive("retention", retention);
      if (maxEvents < 0) {
        throw new IllegalArgumentException("maxEvents must not be negative but was " + maxEvents);
      }
      this.maxEvents = maxEvents;
      return this;
    }

    /** Sets how long the health monitor keeps results; 30 days by default. */
    public Builder healthRetention(Duration retention) {
      this.healthRetention = positive("healthRetention", retention);
      return this;
    }

    /**
     * Sets how many resolved alerts the alert store keeps (0: unbounded); 1,000 by default, as
     * {@link AlertStore#inMemory()}.
     */
    public Builder alertHistory(int alertHistory) {
      if (alertHistory < 0) {
        throw new IllegalArgumentException("alertHistory must not be negative but was "
            + alertHistory);
      }
      this.alertHistory = alertHistory;
      return this;
    }

    private static Duration positive(String what, Duration d) {
      requireNonNull(d, what);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(what + " must be positive but was " + d);
      }
      return d;
    }

    /** Builds the generator. */
    public ReportGenerator build() {
      return new ReportGenerator(this);
    }
  }
}
