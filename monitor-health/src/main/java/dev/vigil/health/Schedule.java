package dev.vigil.health;

import static java.util.Objects.requireNonNull;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * When a {@link MaintenanceTask} runs: at a fixed interval of real elapsed time, or daily at a
 * local time in a time zone (optionally on some days of the week only). Immutable and
 * thread-safe.
 *
 * <p>Daily schedules follow the zone's daylight saving rules like {@link ZonedDateTime#of}: a
 * local time that does not exist (the spring-forward gap) runs once, shifted by the length of
 * the gap (02:30 becomes 03:30 in Europe/Paris); a local time that happens twice (fall-back)
 * runs once, at its first occurrence. A daily run is thus never skipped nor doubled.
 */
public final class Schedule {

  private final Duration interval;
  private final LocalTime time;
  private final ZoneId zone;
  private final Set<DayOfWeek> days;

  private Schedule(Duration interval, LocalTime time, ZoneId zone, Set<DayOfWeek> days) {
    this.interval = interval;
    this.time = time;
    this.zone = zone;
    this.days = days;
  }

  /**
   * Returns a schedule every {@code interval} of real elapsed time, whatever the wall clock
   * does; the first run is one interval after the scheduler starts (or the task is enabled).
   *
   * @throws IllegalArgumentException if {@code interval} is not positive
   */
  public static Schedule every(Duration interval) {
    requireNonNull(interval, "interval");
    if (interval.isZero() || interval.isNegative()) {
      throw new IllegalArgumentException("interval must be positive but was " + interval);
    }
    return new Schedule(interval, null, null, null);
  }

  /**
   * Returns a schedule daily at {@code time} in {@code zone}, on every day, or on {@code days}
   * only when some are given.
   */
  public static Schedule dailyAt(LocalTime time, ZoneId zone, DayOfWeek... days) {
    requireNonNull(time, "time");
    requireNonNull(zone, "zone");
    requireNonNull(days, "days");
    EnumSet<DayOfWeek> set = EnumSet.allOf(DayOfWeek.class);
    if (days.length > 0) {
      set = EnumSet.noneOf(DayOfWeek.class);
      for (DayOfWeek day : days) {
        set.add(requireNonNull(day, "day"));
      }
    }
    return new Schedule(null, time, zone, Collections.unmodifiableSet(set));
  }

  /**
   * Returns the first run strictly after {@code instant}: {@code instant} plus the interval, or
   * the next matching day's local time resolved in the zone.
   */
  public Instant nextAfter(Instant instant) {
    requireNonNull(instant, "instant");
    if (interval != null) {
      return instant.plus(interval);
    }
    // start a day early: a run resolved into a gap can move past midnight
    LocalDate day = instant.atZone(zone).toLocalDate().minusDays(1);
    for (int i = 0; i < 10; i++, day = day.plusDays(1)) {
      if (!days.contains(day.getDayOfWeek())) {
        continue;
      }
      Instant candidate = ZonedDateTime.of(day, time, zone).toInstant();
      if (candidate.isAfter(instant)) {
        return candidate;
      }
    }
    throw new AssertionError("no run within 10 days of " + instant + " for " + this);
  }

  /**
   * Returns the run after the one due at {@code due}, skipping those already past at {@code now}
   * so that a late scheduler runs a task once rather than in a burst.
   */
  Instant following(Instant due, Instant now) {
    if (interval != null) {
      Instant next = due.plus(interval);
      if (!next.isAfter(now)) {
        // whole intervals elapsed since due, then one more: still on the interval's grid
        long missed = Duration.between(due, now).toNanos() / interval.toNanos();
        next = due.plus(interval.multipliedBy(missed + 1));
      }
      return next;
    }
    return nextAfter(now.isAfter(due) ? now : due);
  }

  /**
   * Returns whether an automatic run scheduled for {@code runFor} stands for the run due at
   * {@code due}: on a daily schedule, a run of that slot or a later one; on an interval, a run
   * less than one interval before {@code due}, or later (another instance's grid, whose runs a
   * new leader continues).
   */
  boolean covers(Instant runFor, Instant due) {
    if (interval != null) {
      return runFor.isAfter(due.minus(interval));
    }
    return !runFor.isBefore(due);
  }

  @Override
  public String toString() {
    if (interval != null) {
      return "every " + interval;
    }
    return "daily at " + time + " " + zone
        + (days.size() == 7 ? "" : " on " + Arrays.toString(days.toArray()));
  }
}
