package dev.vigil.notify;

import static java.util.Objects.requireNonNull;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * A recurring span of local time, such as "Monday to Friday, 09:00 to 18:00, Europe/Paris", for
 * a route's active or mute times. A span whose end is not after its start runs past midnight
 * (22:00 to 06:00), and counts for the day it starts on. Immutable and thread-safe.
 */
public final class TimeWindow {

  private final Set<DayOfWeek> days;
  private final LocalTime from;
  private final LocalTime to;
  private final ZoneId zone;

  private TimeWindow(Set<DayOfWeek> days, LocalTime from, LocalTime to, ZoneId zone) {
    this.days = Collections.unmodifiableSet(EnumSet.copyOf(days));
    this.from = from;
    this.to = to;
    this.zone = zone;
  }

  /** Returns the window from {@code from} to {@code to} every day in {@code zone}. */
  public static TimeWindow daily(LocalTime from, LocalTime to, ZoneId zone) {
    return of(EnumSet.allOf(DayOfWeek.class), from, to, zone);
  }

  /**
   * Returns the window from {@code from} to {@code to} (exclusive) on {@code days} in {@code
   * zone}.
   *
   * @throws IllegalArgumentException if {@code days} is empty or {@code from} equals {@code to}
   */
  public static TimeWindow of(Set<DayOfWeek> days, LocalTime from, LocalTime to, ZoneId zone) {
    requireNonNull(days, "days");
    requireNonNull(from, "from");
    requireNonNull(to, "to");
    requireNonNull(zone, "zone");
    if (days.isEmpty()) {
      throw new IllegalArgumentException("a time window needs at least one day");
    }
    if (from.equals(to)) {
      throw new IllegalArgumentException("a time window from " + from + " to " + to
          + " is empty: use daily(00:00, 23:59:59.999…) for a whole day");
    }
    return new TimeWindow(days, from, to, zone);
  }

  /** Returns whether {@code t} falls inside the window. */
  public boolean contains(Instant t) {
    ZonedDateTime local = requireNonNull(t, "t").atZone(zone);
    LocalTime time = local.toLocalTime();
    DayOfWeek day = local.getDayOfWeek();
    if (from.isBefore(to)) {
      return days.contains(day) && !time.isBefore(from) && time.isBefore(to);
    }
    // past midnight: the evening part belongs to today, the morning part to yesterday
    return days.contains(day) && !time.isBefore(from)
        || days.contains(day.minus(1)) && time.isBefore(to);
  }

  @Override
  public String toString() {
    return days + " " + from + "-" + to + " " + zone;
  }
}
