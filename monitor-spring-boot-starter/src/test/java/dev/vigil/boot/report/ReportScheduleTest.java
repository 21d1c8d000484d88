package dev.vigil.boot.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** Run instants and periods across Europe/Paris's daylight saving changes of 2026. */
class ReportScheduleTest {

  private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
  private final ReportSchedule weekly =
      ReportSchedule.weekly(DayOfWeek.MONDAY, LocalTime.of(9, 0), PARIS);

  private static Instant at(String s) {
    return Instant.parse(s);
  }

  @Test
  void weeklyOnMondayAtNineLocalTime() {
    // Friday 2026-11-20 → Monday 2026-11-23 09:00 CET (08:00Z)
    assertThat(weekly.nextAfter(at("2026-11-20T12:00:00Z"))).isEqualTo(at("2026-11-23T08:00:00Z"));
    // strictly after: a run at its instant is followed by next week's
    assertThat(weekly.nextAfter(at("2026-11-23T08:00:00Z"))).isEqualTo(at("2026-11-30T08:00:00Z"));
    assertThat(weekly.nextAfter(at("2026-11-23T07:59:59Z"))).isEqualTo(at("2026-11-23T08:00:00Z"));
    assertThat(weekly.periodStart(at("2026-11-23T08:00:00Z"))).isEqualTo(at("2026-11-16T08:00:00Z"));
  }

  @Test
  void springForwardWeekHas167HoursAndStillStartsAtNine() {
    // DST starts Sunday 2026-03-29: Monday 03-23 09:00 is CET (08:00Z), 03-30 09:00 CEST (07:00Z)
    Instant before = at("2026-03-23T08:00:00Z");
    Instant run = weekly.nextAfter(before);
    assertThat(run).isEqualTo(at("2026-03-30T07:00:00Z"));
    assertThat(weekly.periodStart(run)).isEqualTo(before);
    assertThat(Duration.between(weekly.periodStart(run), run)).isEqualTo(Duration.ofHours(167));
  }

  @Test
  void fallBackWeekHas169Hours() {
    // DST ends Sunday 2026-10-25: Monday 10-19 09:00 CEST (07:00Z), 10-26 09:00 CET (08:00Z)
    Instant run = weekly.nextAfter(at("2026-10-19T07:00:00Z"));
    assertThat(run).isEqualTo(at("2026-10-26T08:00:00Z"));
    assertThat(weekly.periodStart(run)).isEqualTo(at("2026-10-19T07:00:00Z"));
    assertThat(Duration.between(weekly.periodStart(run), run)).isEqualTo(Duration.ofHours(169));
  }

  @Test
  void dailyInTheGapRunsOnceShiftedAndInTheOverlapOnce() {
    ReportSchedule daily = ReportSchedule.daily(LocalTime.of(2, 30), PARIS);
    // 02:30 does not exist on 2026-03-29: 03:30 CEST (01:30Z), once
    Instant gap = daily.nextAfter(at("2026-03-28T12:00:00Z"));
    assertThat(gap).isEqualTo(at("2026-03-29T01:30:00Z"));
    assertThat(daily.nextAfter(gap)).isEqualTo(at("2026-03-30T00:30:00Z"));
    // 02:30 happens twice on 2026-10-25: the first (CEST, 00:30Z), then the next day
    Instant overlap = daily.nextAfter(at("2026-10-24T12:00:00Z"));
    assertThat(overlap).isEqualTo(at("2026-10-25T00:30:00Z"));
    assertThat(daily.nextAfter(overlap)).isEqualTo(at("2026-10-26T01:30:00Z"));
    // a day-long period in local days starts at the previous run: the shifted one, 23 h before
    Instant monday = at("2026-03-30T00:30:00Z");
    assertThat(daily.periodStart(monday)).isEqualTo(gap);
    assertThat(Duration.between(gap, monday)).isEqualTo(Duration.ofHours(23));
  }

  @Test
  void aPeriodOfHoursIsElapsedTime() {
    ReportSchedule s = weekly.period(Duration.ofHours(12));
    assertThat(s.periodStart(at("2026-03-30T07:00:00Z"))).isEqualTo(at("2026-03-29T19:00:00Z"));
    assertThat(s.toString()).isEqualTo("weekly on MONDAY at 09:00 Europe/Paris, covering 12 hours");
    assertThatThrownBy(() -> weekly.period(Duration.ZERO))
        .hasMessage("period must be positive and at most 366 days but was PT0S");
  }
}
