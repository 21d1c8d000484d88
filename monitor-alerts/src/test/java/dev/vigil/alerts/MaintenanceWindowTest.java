package dev.vigil.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Maintenance windows: the schedule across DST and midnight, matchers, builder problems. */
class MaintenanceWindowTest {

  private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

  private static MaintenanceWindow.Builder window() {
    return MaintenanceWindow.builder("w").matching("alertname", "db").zone(PARIS);
  }

  private static MaintenanceWindow daily(int hour, int minute, Duration duration) {
    return window().daily(LocalTime.of(hour, minute)).duration(duration).build();
  }

  /** An instant given as a UTC local date-time, to state DST cases without ambiguity. */
  private static Instant utc(String localDateTime) {
    return LocalDateTime.parse(localDateTime).toInstant(ZoneOffset.UTC);
  }

  /** Every start strictly after {@code from} and before {@code to}, by nextStart. */
  private static List<Instant> starts(MaintenanceWindow w, Instant from, Instant to) {
    List<Instant> out = new ArrayList<>();
    for (Instant s = w.nextStart(from); s != null && s.isBefore(to); s = w.nextStart(s)) {
      out.add(s);
    }
    return out;
  }

  @Test
  void dailyWindowIsActiveFromItsStartForItsDuration() {
    MaintenanceWindow w = daily(3, 0, Duration.ofHours(1));   // 02:00Z in winter
    assertThat(w.isActiveAt(utc("2026-01-10T01:59:59"))).isFalse();
    assertThat(w.isActiveAt(utc("2026-01-10T02:00:00"))).isTrue();
    assertThat(w.isActiveAt(utc("2026-01-10T02:59:59"))).isTrue();
    assertThat(w.isActiveAt(utc("2026-01-10T03:00:00"))).isFalse();
    assertThat(w.nextStart(utc("2026-01-10T02:00:00"))).isEqualTo(utc("2026-01-11T02:00:00"));
    assertThat(w.nextStart(utc("2026-01-10T01:00:00"))).isEqualTo(utc("2026-01-10T02:00:00"));
    assertThat(w.describe()).isEqualTo("daily at 03:00 Europe/Paris for PT1H");
  }

  @Test
  void springForwardStartsInTheGapAtTheShiftedInstantAndSkipsNoDay() {
    // 2026-03-29 in Paris: 02:00 CET (01:00Z) jumps to 03:00 CEST; 02:30 does not exist
    MaintenanceWindow w = daily(2, 30, Duration.ofHours(1));
    assertThat(starts(w, utc("2026-03-27T12:00"), utc("2026-03-30T12:00"))).containsExactly(
        utc("2026-03-28T01:30"),    // 02:30 CET
        utc("2026-03-29T01:30"),    // 02:30 shifted to 03:30 CEST
        utc("2026-03-30T00:30"));   // 02:30 CEST
    assertThat(w.isActiveAt(utc("2026-03-29T01:15"))).isFalse();   // 03:15 CEST
    assertThat(w.isActiveAt(utc("2026-03-29T01:30"))).isTrue();
    assertThat(w.isActiveAt(utc("2026-03-29T02:29"))).isTrue();
    assertThat(w.isActiveAt(utc("2026-03-29T02:30"))).isFalse();
  }

  @Test
  void fallBackStartsOnceAtTheEarlierOffset() {
    // 2026-10-25 in Paris: 03:00 CEST (01:00Z) goes back to 02:00 CET; 02:30 happens twice
    MaintenanceWindow w = daily(2, 30, Duration.ofHours(1));
    assertThat(starts(w, utc("2026-10-23T12:00"), utc("2026-10-26T12:00"))).containsExactly(
        utc("2026-10-24T00:30"),    // 02:30 CEST
        utc("2026-10-25T00:30"),    // the first 02:30, CEST
        utc("2026-10-26T01:30"));   // 02:30 CET
    assertThat(w.isActiveAt(utc("2026-10-25T01:29"))).isTrue();    // 02:29 CET, 59 min in
    assertThat(w.isActiveAt(utc("2026-10-25T01:30"))).isFalse();   // the second 02:30: not again
    assertThat(w.isActiveAt(utc("2026-10-25T01:45"))).isFalse();
  }

  @Test
  void theDurationIsElapsedTimeOnClockChangeDays() {
    MaintenanceWindow w = daily(1, 0, Duration.ofHours(3));
    // spring: 01:00 CET = 00:00Z, ends 03:00Z = 05:00 CEST (only 3 real hours)
    assertThat(w.isActiveAt(utc("2026-03-29T02:59"))).isTrue();
    assertThat(w.isActiveAt(utc("2026-03-29T03:00"))).isFalse();
    // autumn: 01:00 CEST = 23:00Z the day before, ends 02:00Z = 03:00 CET
    assertThat(w.isActiveAt(utc("2026-10-24T23:00"))).isTrue();
    assertThat(w.isActiveAt(utc("2026-10-25T01:59"))).isTrue();
    assertThat(w.isActiveAt(utc("2026-10-25T02:00"))).isFalse();
  }

  @Test
  void everyDayAcrossBothChangesIsActiveExactlyOnceForItsDuration() {
    // sweep minute by minute over three local days from noon, the change day in the middle:
    // three runs of 60 active minutes each, whatever the hour
    for (int hour : new int[] {0, 1, 2, 3, 23}) {
      MaintenanceWindow w = daily(hour, 30, Duration.ofHours(1));
      for (String day : new String[] {"2026-03-27", "2026-10-23"}) {
        Instant t = LocalDateTime.parse(day + "T12:00").atZone(PARIS).toInstant();
        Instant end = LocalDateTime.parse(day + "T12:00").plusDays(3).atZone(PARIS).toInstant();
        int minutes = 0;
        int runs = 0;
        boolean before = false;
        for (; t.isBefore(end); t = t.plusSeconds(60)) {
          boolean active = w.isActiveAt(t);
          minutes += active ? 1 : 0;
          runs += active && !before ? 1 : 0;
          before = active;
        }
        assertThat(runs).as("windows at %d:30 from %s", hour, day).isEqualTo(3);
        assertThat(minutes).as("minutes at %d:30 from %s", hour, day).isEqualTo(180);
      }
    }
  }

  @Test
  void aWindowSpanningMidnightIsActiveOnTheNextDay() {
    MaintenanceWindow w = daily(23, 0, Duration.ofHours(2));
    assertThat(w.isActiveAt(utc("2026-01-10T23:30"))).isTrue();    // 00:30 local, Jan 11
    assertThat(w.isActiveAt(utc("2026-01-10T23:59"))).isTrue();
    assertThat(w.isActiveAt(utc("2026-01-11T00:00"))).isFalse();   // 01:00 local
  }

  @Test
  void onAWeekdayScheduleTheWindowStartedTheDayBeforeStillCounts() {
    // Friday 2026-01-09 23:00 for 2 h: active Saturday 00:30, though Saturday is not scheduled
    MaintenanceWindow w = window().weekly(LocalTime.of(23, 0), DayOfWeek.FRIDAY)
        .duration(Duration.ofHours(2)).build();
    assertThat(w.isActiveAt(utc("2026-01-09T22:00"))).isTrue();    // Fri 23:00
    assertThat(w.isActiveAt(utc("2026-01-09T23:30"))).isTrue();    // Sat 00:30
    assertThat(w.isActiveAt(utc("2026-01-10T00:00"))).isFalse();   // Sat 01:00
    assertThat(w.isActiveAt(utc("2026-01-10T22:00"))).isFalse();   // Sat 23:00
    assertThat(w.isActiveAt(utc("2026-01-08T23:30"))).isFalse();   // Fri 00:30
    assertThat(w.nextStart(utc("2026-01-09T22:00"))).isEqualTo(utc("2026-01-16T22:00"));
    assertThat(w.describe()).isEqualTo("on FRI at 23:00 Europe/Paris for PT2H");
  }

  @Test
  void weekendDaysOnly() {
    MaintenanceWindow w = window().weekly(LocalTime.of(0, 0), DayOfWeek.SUNDAY,
        DayOfWeek.SATURDAY).duration(Duration.ofHours(24)).build();
    assertThat(w.days()).containsExactly(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY);
    assertThat(w.isActiveAt(utc("2026-01-09T22:59"))).isFalse();   // Fri 23:59
    assertThat(w.isActiveAt(utc("2026-01-09T23:00"))).isTrue();    // Sat 00:00
    assertThat(w.isActiveAt(utc("2026-01-11T22:59"))).isTrue();    // Sun 23:59
    assertThat(w.isActiveAt(utc("2026-01-11T23:00"))).isFalse();   // Mon 00:00
    assertThat(starts(w, utc("2026-01-05T00:00"), utc("2026-01-19T00:00"))).containsExactly(
        utc("2026-01-09T23:00"), utc("2026-01-10T23:00"), utc("2026-01-16T23:00"),
        utc("2026-01-17T23:00"));
    assertThat(w.describe()).isEqualTo("on SAT, SUN at 00:00 Europe/Paris for PT24H");
  }

  @Test
  void fromAndUntilBoundTheRecurrenceAndCutOccurrences() {
    // daily 03:00 Paris (02:00Z) for 2 h, from Jan 10 02:30Z until Jan 12 03:00Z
    MaintenanceWindow w = window().daily(LocalTime.of(3, 0)).duration(Duration.ofHours(2))
        .from(utc("2026-01-10T02:30")).until(utc("2026-01-12T03:00")).build();
    assertThat(w.isActiveAt(utc("2026-01-09T02:30"))).isFalse();
    assertThat(w.isActiveAt(utc("2026-01-10T02:29"))).isFalse();   // before from
    assertThat(w.isActiveAt(utc("2026-01-10T02:30"))).isTrue();
    assertThat(w.isActiveAt(utc("2026-01-11T02:00"))).isTrue();
    assertThat(w.isActiveAt(utc("2026-01-12T02:59"))).isTrue();
    assertThat(w.isActiveAt(utc("2026-01-12T03:00"))).isFalse();   // until, exclusive
    assertThat(w.isActiveAt(utc("2026-01-13T02:30"))).isFalse();
    assertThat(w.nextStart(utc("2026-01-01T00:00"))).isEqualTo(utc("2026-01-10T02:30"));
    assertThat(w.nextStart(utc("2026-01-10T02:30"))).isEqualTo(utc("2026-01-11T02:00"));
    assertThat(w.nextStart(utc("2026-01-12T02:00"))).isNull();
    assertThat(w.describe()).isEqualTo("daily at 03:00 Europe/Paris for PT2H"
        + " from 2026-01-10T02:30:00Z until 2026-01-12T03:00:00Z");
  }

  @Test
  void matchersWorkAsForSilencesWithAMissingLabelAsEmpty() {
    MaintenanceWindow w = MaintenanceWindow.builder("w").zone(PARIS)
        .daily(LocalTime.NOON).duration(Duration.ofHours(1))
        .matching("alertname", "db-latency")
        .matchingRegex("team", "pay.*")
        .notMatching("env", "prod")
        .build();
    assertThat(w.matches(Map.of("alertname", "db-latency", "team", "payments"))).isTrue();
    assertThat(w.matches(Map.of("alertname", "db-latency", "team", "payments", "env", "dev")))
        .isTrue();
    assertThat(w.matches(Map.of("alertname", "db-latency", "team", "payments", "env", "prod")))
        .isFalse();
    assertThat(w.matches(Map.of("alertname", "db-latency", "team", "xpay"))).isFalse();
    assertThat(w.matches(Map.of("alertname", "db-latency"))).isFalse();   // "" !~ pay.*
    assertThat(w.matches(Map.of("team", "payments"))).isFalse();
    assertThat(MaintenanceWindow.builder("w").zone(PARIS).daily(LocalTime.NOON)
        .duration(Duration.ofHours(1)).matching("env", "").build().matches(Map.of())).isTrue();
    assertThat(w.matchers()).extracting(Silence.Matcher::toString)
        .containsExactly("alertname=\"db-latency\"", "team=~\"pay.*\"", "env!=\"prod\"");
  }

  @Test
  void buildReportsEveryProblemTogether() {
    assertThatThrownBy(() -> MaintenanceWindow.builder("bad id!")
        .matchingRegex("team", "(")
        .matching(" ", "x")
        .duration(Duration.ZERO)
        .from(utc("2026-01-02T00:00")).until(utc("2026-01-01T00:00"))
        .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("invalid maintenance window 'bad id!': id 'bad id!' must be 1 to"
            + " 128 letters, digits, '.', '_' or '-'; matcher team=~\"(\": invalid regular"
            + " expression: ")
        .hasMessageContaining("; matcher  =\"x\": the label name is blank"
            + "; no schedule: call daily(at) or weekly(at, days...)"
            + "; no zone: call zone(ZoneId), such as Europe/Paris"
            + "; duration must be positive but was PT0S"
            + "; until 2026-01-01T00:00:00Z is not after from 2026-01-02T00:00:00Z");
    assertThatThrownBy(() -> MaintenanceWindow.builder("w").build())
        .hasMessage("invalid maintenance window 'w': no matchers: a maintenance window must"
            + " match at least one label (call matching(name, value)); no schedule: call"
            + " daily(at) or weekly(at, days...); no zone: call zone(ZoneId), such as"
            + " Europe/Paris; no duration: call duration(Duration)");
  }

  @Test
  void theDurationIsBoundedByTheGapBetweenScheduledDays() {
    assertThat(daily(3, 0, Duration.ofHours(24)).duration()).isEqualTo(Duration.ofHours(24));
    assertThatThrownBy(() -> daily(3, 0, Duration.ofHours(25)))
        .hasMessageEndingWith("duration PT25H is longer than PT24H, the shortest time between"
            + " two scheduled days, so occurrences would merge");
    assertThatThrownBy(() -> window().weekly(LocalTime.MIDNIGHT, DayOfWeek.MONDAY)
        .duration(Duration.ofDays(7)).build())
        .hasMessageEndingWith("duration PT168H must be shorter than 7 days");
    assertThat(window().weekly(LocalTime.MIDNIGHT, DayOfWeek.MONDAY, DayOfWeek.THURSDAY)
        .duration(Duration.ofDays(3)).build().isActiveAt(utc("2026-01-07T22:59"))).isTrue();
    assertThatThrownBy(() -> window().weekly(LocalTime.MIDNIGHT, DayOfWeek.MONDAY,
        DayOfWeek.THURSDAY).duration(Duration.ofDays(4)).build())
        .hasMessageContaining("longer than PT72H");
  }

  @Test
  void silencesKeepTheirMatchingAndMessages() {
    Silence s = Silence.builder().matching("a", "1").notMatching("b", "2")
        .matchingRegex("c", "x|y").createdBy("me").endsAt(Instant.EPOCH.plusSeconds(60)).build();
    assertThat(s.matches(Map.of("a", "1", "c", "y"))).isTrue();
    assertThat(s.matches(Map.of("a", "1", "b", "2", "c", "y"))).isFalse();
    assertThat(s.matches(Map.of("a", "1"))).isFalse();
    assertThat(s.startingAt(Instant.EPOCH)).isNotEqualTo(s)
        .extracting(Silence::matchers).isEqualTo(s.matchers());
    assertThatThrownBy(() -> Silence.builder().createdBy("me").endsAt(Instant.EPOCH).build())
        .hasMessage("invalid silence: no matchers: a silence must match at least one label"
            + " (call matching(name, value))");
  }
}
