package dev.vigil.boot.report;

import static java.util.Objects.requireNonNull;

import dev.vigil.Severity;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What happened in a period: the uptime and latency of each health check, the events by severity
 * and category, the incidents (alerts that fired) by severity, and the largest groups of errors.
 * Made by {@link ReportGenerator}; rendered by {@link ReportFormat}. Immutable and thread-safe;
 * nothing is null but {@link Incident#resolvedAt()}.
 *
 * @param id a stable id of the report: the application and the end of the period, such as
 *     {@code checkout-2026-11-23T08:00:00Z}; the idempotency key when it is sent
 * @param title the title (and email subject), with the period written in {@code zone}
 * @param application the monitor's name
 * @param from the start of the period, inclusive
 * @param to the end of the period, exclusive
 * @param zone the time zone the report's dates are written in
 * @param generatedAt when it was made
 * @param objectives the objectives the checks are compared with
 * @param checks each health check, in the order the health monitor has them
 * @param uptime the share of all checks' runs that succeeded, 0 to 1; {@code NaN} without runs
 * @param events how many events were stored in the period
 * @param eventsBySeverity events per severity, most serious first; every severity is present
 * @param eventsByCategory events per category, largest first
 * @param incidentsBySeverity incidents per severity, most serious first; every severity is present
 * @param incidents the incidents, most serious first, then the longest first
 * @param topErrors the largest groups of ERROR and CRITICAL events of the period, largest first
 * @param notes what the report could not see (data older than a store keeps, a store that is
 *     full, a missing health monitor or alert engine); empty when the data is complete
 */
public record Report(String id, String title, String application, Instant from, Instant to,
    ZoneId zone, Instant generatedAt, Objectives objectives, List<Check> checks, double uptime,
    long events, Map<Severity, Long> eventsBySeverity, Map<String, Long> eventsByCategory,
    Map<Severity, IncidentCount> incidentsBySeverity, List<Incident> incidents,
    List<ErrorGroup> topErrors, List<String> notes) {

  /** Checks the components and copies the collections, keeping their orders. */
  public Report {
    requireNonNull(id, "id");
    requireNonNull(title, "title");
    requireNonNull(application, "application");
    requireNonNull(from, "from");
    requireNonNull(to, "to");
    requireNonNull(zone, "zone");
    requireNonNull(generatedAt, "generatedAt");
    requireNonNull(objectives, "objectives");
    checks = List.copyOf(checks);
    Map<Severity, Long> severities = new LinkedHashMap<>();
    Map<Severity, IncidentCount> incidentCounts = new LinkedHashMap<>();
    for (Severity s : mostSeriousFirst()) {
      severities.put(s, eventsBySeverity.getOrDefault(s, 0L));
      incidentCounts.put(s, incidentsBySeverity.getOrDefault(s,
          new IncidentCount(s, 0, Duration.ZERO, Duration.ZERO)));
    }
    eventsBySeverity = Collections.unmodifiableMap(severities);
    incidentsBySeverity = Collections.unmodifiableMap(incidentCounts);
    eventsByCategory = Collections.unmodifiableMap(new LinkedHashMap<>(eventsByCategory));
    incidents = List.copyOf(incidents);
    topErrors = List.copyOf(topErrors);
    notes = List.copyOf(notes);
    if (to.isBefore(from)) {
      throw new IllegalArgumentException("to (" + to + ") is before from (" + from + ")");
    }
  }

  /** Returns the severities, CRITICAL first. */
  static List<Severity> mostSeriousFirst() {
    List<Severity> all = new ArrayList<>(List.of(Severity.values()));
    Collections.reverse(all);
    return all;
  }

  /** Returns how many incidents the period had, of every severity. */
  public long incidentCount() {
    return incidentsBySeverity.values().stream().mapToLong(IncidentCount::count).sum();
  }

  /** Returns how many events of {@code severity} or more serious the period had. */
  public long eventsAtLeast(Severity severity) {
    long n = 0;
    for (Map.Entry<Severity, Long> e : eventsBySeverity.entrySet()) {
      if (e.getKey().isAtLeast(severity)) {
        n += e.getValue();
      }
    }
    return n;
  }

  /** Returns whether every source of data covered the whole period (no notes). */
  public boolean isComplete() {
    return notes.isEmpty();
  }

  /**
   * The objectives of seed 004's SLO table the checks are compared with.
   *
   * @param uptime the share of runs that must succeed, 0 to 1, such as {@code 0.999}
   * @param p95Latency the highest acceptable 95th percentile latency, such as 500 ms
   */
  public record Objectives(double uptime, Duration p95Latency) {
    /** Checks the values. */
    public Objectives {
      requireNonNull(p95Latency, "p95Latency");
      if (!(uptime >= 0 && uptime <= 1)) {
        throw new IllegalArgumentException("uptime must be from 0 to 1 but was " + uptime);
      }
    }
  }

  /**
   * One health check over the period.
   *
   * @param name the check's name
   * @param status its status when the report was made ({@code UP}, {@code DOWN}…)
   * @param runs how many times it ran in the period
   * @param uptime the share of runs that found it working (UP or DEGRADED); {@code NaN} without
   *     runs
   * @param averageLatency the mean latency; zero without runs
   * @param p95Latency the 95th percentile latency (nearest rank); zero without runs
   * @param recoveries how many runs triggered a recovery action
   */
  public record Check(String name, String status, long runs, double uptime,
      Duration averageLatency, Duration p95Latency, long recoveries) {
    /** Checks that nothing is null. */
    public Check {
      requireNonNull(name, "name");
      requireNonNull(status, "status");
      requireNonNull(averageLatency, "averageLatency");
      requireNonNull(p95Latency, "p95Latency");
    }

    /** Returns whether the check ran and met both objectives. */
    public boolean meets(Objectives objectives) {
      return runs > 0 && uptime >= objectives.uptime()
          && p95Latency.compareTo(objectives.p95Latency()) <= 0;
    }
  }

  /**
   * The incidents of one severity.
   *
   * @param severity the severity
   * @param count how many alerts of it fired during the period
   * @param total how long they fired within the period, added up
   * @param longest the longest of them within the period
   */
  public record IncidentCount(Severity severity, long count, Duration total, Duration longest) {
    /** Checks that nothing is null. */
    public IncidentCount {
      requireNonNull(severity, "severity");
      requireNonNull(total, "total");
      requireNonNull(longest, "longest");
    }
  }

  /**
   * An alert that fired during the period (or was firing when it began).
   *
   * @param ruleId the alert rule
   * @param key the alert's key: the rule and its group
   * @param severity the rule's severity
   * @param summary the alert's {@code summary} annotation, else its key
   * @param firingSince when it started firing (may be before the period)
   * @param resolvedAt when it resolved, or {@code null} if it still fires
   * @param duration how long it fired within the period
   */
  public record Incident(String ruleId, String key, Severity severity, String summary,
      Instant firingSince, Instant resolvedAt, Duration duration) {
    /** Checks that nothing but {@code resolvedAt} is null. */
    public Incident {
      requireNonNull(ruleId, "ruleId");
      requireNonNull(key, "key");
      requireNonNull(severity, "severity");
      requireNonNull(summary, "summary");
      requireNonNull(firingSince, "firingSince");
      requireNonNull(duration, "duration");
    }
  }

  /**
   * A group of repeated errors in the period.
   *
   * @param fingerprint the group's fingerprint
   * @param severity the highest severity seen in the group
   * @param category the category of its latest event
   * @param source the source of its latest event
   * @param message the message of its latest event (text from a log: escape it)
   * @param count how many events of the group the period had
   * @param firstSeen the first of them
   * @param lastSeen the last of them
   */
  public record ErrorGroup(String fingerprint, Severity severity, String category, String source,
      String message, long count, Instant firstSeen, Instant lastSeen) {
    /** Checks that nothing is null. */
    public ErrorGroup {
      requireNonNull(fingerprint, "fingerprint");
      requireNonNull(severity, "severity");
      requireNonNull(category, "category");
      requireNonNull(source, "source");
      requireNonNull(message, "message");
      requireNonNull(firstSeen, "firstSeen");
      requireNonNull(lastSeen, "lastSeen");
    }
  }
}
