package dev.vigil.boot.report;

import static java.util.Objects.requireNonNull;

import dev.vigil.health.Schedule;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;

/**
 * When reports are sent and what period each covers: weekly on a day at a local time in a time
 * zone (seed 004: Monday 09:00), or daily at a local time; each report covers the period ending at
 * its run, one week or one day by default.
 *
 * <p>Runs follow the zone's daylight saving rules (through {@link Schedule}): a local time in
 * the spring-forward gap runs once, shifted by the gap; a local time that happens twice runs once,
 * at its first occurrence. A period of whole days is counted in local days, so the week before
 * Monday 09:00 starts at the previous Monday 09:00 even when it lasted 167 or 169 hours.
 *
 * <p>Immutable and thread-safe.
 */
public final class ReportSchedule {

  private final Schedule schedule;
  private final String description;
  private final ZoneId zone;
  private final Duration period;

  private ReportSchedule(Schedule schedule, String description, ZoneId zone, Duration period) {
    this.schedule = schedule;
    this.description = description;
    this.zone = zone;
    this.period = period;
  }

  /** Returns a schedule weekly on {@code day} at {@code time} in {@code zone}, covering a week. */
  public static ReportSchedule weekly(DayOfWeek day, LocalTime time, ZoneId zone) {
    requireNonNull(day, "day");
    requireNonNull(time, "time");
    requireNonNull(zone, "zone");
    return new ReportSchedule(Schedule.dailyAt(time, zone, day),
        "weekly on " + day + " at " + time + " " + zone.getId(), zone, Duration.ofDays(7));
  }

  /** Returns a schedule daily at {@code time} in {@code zone}, covering a day. */
  public static ReportSchedule daily(LocalTime time, ZoneId zone) {
    requireNonNull(time, "time");
    requireNonNull(zone, "zone");
    return new ReportSchedule(Schedule.dailyAt(time, zone),
        "daily at " + time + " " + zone.getId(), zone, Duration.ofDays(1));
  }

  /**
   * Returns this schedule with each report covering {@code period} before its run.
   *
   * @throws IllegalArgumentException if {@code period} is not positive or longer than 366 days
   */
  public ReportSchedule period(Duration period) {
    requireNonNull(period, "period");
    if (period.isNegative() || period.isZero() || period.compareTo(Duration.ofDays(366)) > 0) {
      throw new IllegalArgumentException("period must be positive and at most 366 days but was "
          + period);
    }
    return new ReportSchedule(schedule, description, zone, period);
  }

  /** Returns the zone of the runs. */
  public ZoneId zone() {
    return zone;
  }

  /** Returns the length of the period each report covers (in local days when whole days). */
  public Duration period() {
    return period;
  }

  /** Returns the first run strictly after {@code instant}. */
  public Instant nextAfter(Instant instant) {
    return schedule.nextAfter(requireNonNull(instant, "instant"));
  }

  /**
   * Returns the start of the period that the report of the run at {@code end} covers: {@code
   * end} less the period, whole days counted in the zone's local days.
   */
  public Instant periodStart(Instant end) {
    requireNonNull(end, "end");
    if (period.toNanos() % Duration.ofDays(1).toNanos() == 0) {
      return end.atZone(zone).minusDays(period.toDays()).toInstant();
    }
    return end.minus(period);
  }

  @Override
  public String toString() {
    return description + ", covering " + Durations.words(period);
  }
}
