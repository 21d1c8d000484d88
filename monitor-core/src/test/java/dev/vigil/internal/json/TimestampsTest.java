package dev.vigil.internal.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TimestampsTest {

  static Stream<Arguments> texts() {
    return Stream.of(
        Arguments.of("2026-11-21T10:00:00Z", "2026-11-21T10:00:00Z"),
        Arguments.of("2026-11-21T10:00:00.123Z", "2026-11-21T10:00:00.123Z"),
        Arguments.of("2026-11-21T10:00:00.1Z", "2026-11-21T10:00:00.100Z"),
        Arguments.of("2026-11-21T10:00:00.123456789Z", "2026-11-21T10:00:00.123456789Z"),
        Arguments.of("2026-11-21T10:00:00.1234567899Z", "2026-11-21T10:00:00.123456789Z"),
        Arguments.of("2026-11-21t10:00:00z", "2026-11-21T10:00:00Z"),
        Arguments.of("2026-11-21T11:00:00+01:00", "2026-11-21T10:00:00Z"),
        Arguments.of("2026-11-21T11:00:00.5+0100", "2026-11-21T10:00:00.500Z"),
        Arguments.of("2026-11-21T11:00:00+01", "2026-11-21T10:00:00Z"),
        Arguments.of("2026-11-21T04:30:00-05:30", "2026-11-21T10:00:00Z"),
        Arguments.of("2026-11-21T00:30:00+01:00", "2026-11-20T23:30:00Z"),
        Arguments.of("2026-11-21 10:00:00,123", "2026-11-21T10:00:00.123Z"), // Python asctime
        Arguments.of("2026-11-21 10:00:00.123", "2026-11-21T10:00:00.123Z"),
        Arguments.of("2026-11-21 10:00:00", "2026-11-21T10:00:00Z"),
        Arguments.of("2026-11-21T10:00", "2026-11-21T10:00:00Z"),
        Arguments.of("2026-11-21T10:00+02:00", "2026-11-21T08:00:00Z"),
        Arguments.of("2024-02-29T12:00:00Z", "2024-02-29T12:00:00Z"),
        Arguments.of("2000-02-29T12:00:00Z", "2000-02-29T12:00:00Z"),
        Arguments.of("1763719200", "2025-11-21T10:00:00Z"),
        Arguments.of("1763719200.5", "2025-11-21T10:00:00.500Z"),
        Arguments.of("1763719200123", "2025-11-21T10:00:00.123Z"),
        Arguments.of("1763719200123456789", "2025-11-21T10:00:00.123456789Z"),
        // not timestamps
        Arguments.of("", null),
        Arguments.of("yesterday", null),
        Arguments.of("2026-11-21", null),
        Arguments.of("2026-02-29T12:00:00Z", null),
        Arguments.of("1900-02-29T12:00:00Z", null),
        Arguments.of("2026-11-31T12:00:00Z", null),
        Arguments.of("2026-13-01T12:00:00Z", null),
        Arguments.of("2026-00-01T12:00:00Z", null),
        Arguments.of("2026-11-21T24:00:00Z", null),
        Arguments.of("2026-11-21T10:60:00Z", null),
        Arguments.of("2026-11-21T10:00:60Z", null),
        Arguments.of("2026-11-21T10:00:00.Z", null),
        Arguments.of("2026-11-21T10:00:00+19:00", null),
        Arguments.of("2026-11-21T10:00:00+01:60", null),
        Arguments.of("2026-11-21T10:00:00+1", null),
        Arguments.of("2026-11-21T10:00:00 UTC", null),
        Arguments.of("2026-11-21T10:00:00Zjunk", null),
        Arguments.of("2026-11-21_10:00:00", null),
        Arguments.of("2026-1１-21T10:00:00Z", null),
        Arguments.of("21/Nov/2026:10:00:00 +0000", null),
        Arguments.of("Sat, 21 Nov 2026 10:00:00 GMT", null),
        Arguments.of("0", null),
        Arguments.of("99999999999999999999", null),
        Arguments.of("1.2.3", null));
  }

  @ParameterizedTest
  @MethodSource
  void texts(String text, String expected) {
    assertThat(Timestamps.parse(text)).isEqualTo(expected == null ? null : Instant.parse(expected));
  }

  static Stream<Arguments> numbers() {
    return Stream.of(
        Arguments.of(1_763_719_200L, "2025-11-21T10:00:00Z"),
        Arguments.of(99_999_999_999L, "5138-11-16T09:46:39Z"), // the largest read as seconds
        Arguments.of(100_000_000_000L, "1973-03-03T09:46:40Z"), // the smallest read as millis
        Arguments.of(1_763_719_200_123L, "2025-11-21T10:00:00.123Z"),
        Arguments.of(1_763_719_200_123_456L, "2025-11-21T10:00:00.123456Z"),
        Arguments.of(1_763_719_200_123_456_789L, "2025-11-21T10:00:00.123456789Z"),
        Arguments.of(Long.MAX_VALUE, "2262-04-11T23:47:16.854775807Z"),
        Arguments.of(1_763_719_200.25, "2025-11-21T10:00:00.250Z"),
        Arguments.of(1_763_719_200.123456, "2025-11-21T10:00:00.123456Z"),
        Arguments.of(1_763_719_200_123.5, "2025-11-21T10:00:00.123500Z"),
        Arguments.of(1.7637192001234568E15, "2025-11-21T10:00:00.123456Z"),
        Arguments.of(0.5, "1970-01-01T00:00:00.500Z"),
        Arguments.of(0L, null),
        Arguments.of(-1L, null),
        Arguments.of(0.0, null),
        Arguments.of(-0.0, null),
        Arguments.of(-1.5, null),
        Arguments.of(1e300, null),
        Arguments.of(Double.NaN, null));
  }

  @ParameterizedTest
  @MethodSource
  void numbers(Object number, String expected) {
    assertThat(Timestamps.parse(number))
        .isEqualTo(expected == null ? null : Instant.parse(expected));
  }

  @Test
  void otherValuesAreNotTimestamps() {
    assertThat(Timestamps.parse(null)).isNull();
    assertThat(Timestamps.parse(Boolean.TRUE)).isNull();
    assertThat(Timestamps.parse(JsonReader.NULL)).isNull();
    assertThat(Timestamps.parse(java.util.List.of("2026-11-21T10:00:00Z"))).isNull();
  }

  /** Random date-times written by java.time read back as the same instants. */
  @Test
  void agreesWithJavaTime() {
    Random random = new Random(3339);
    for (int i = 0; i < 5_000; i++) {
      LocalDateTime local = LocalDateTime.of(1970, 1, 1, 0, 0)
          .plusSeconds(random.nextInt(Integer.MAX_VALUE) * 2L)
          .plusNanos(random.nextInt(1_000_000_000));
      ZoneOffset offset = ZoneOffset.ofTotalSeconds((random.nextInt(37) - 18) * 1800);
      OffsetDateTime odt = OffsetDateTime.of(local, offset);
      String iso = odt.toString(); // +HH:MM or Z, fractions of 3, 6 or 9 digits
      assertThat(Timestamps.parse(iso)).as(iso).isEqualTo(odt.toInstant());
      String spaced = local.truncatedTo(ChronoUnit.MILLIS).toString().replace('T', ' ');
      assertThat(Timestamps.parse(spaced)).as(spaced)
          .isEqualTo(local.truncatedTo(ChronoUnit.MILLIS).toInstant(ZoneOffset.UTC));
    }
  }
}
