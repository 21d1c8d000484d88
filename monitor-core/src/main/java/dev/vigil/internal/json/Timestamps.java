package dev.vigil.internal.json;

import java.time.Instant;
import java.time.LocalDate;

/**
 * Reads the timestamps structured loggers write, without exceptions and without
 * {@code DateTimeFormatter}: ISO-8601 / RFC 3339 text and epoch numbers. Stateless; thread-safe.
 *
 * <p>Text: {@code yyyy-MM-dd}, then {@code T}, {@code t} or a space, then {@code HH:mm} with
 * optional {@code :ss} and an optional fraction of 1 to 9 digits (more are truncated) after a
 * {@code .} or {@code ,}, then an optional zone: {@code Z}, {@code z}, or an offset
 * {@code +HH:mm}, {@code +HHmm} or {@code +HH}; without a zone the time is UTC. Text made only of
 * digits, with at most one {@code .}, is read as a number.
 *
 * <p>Numbers count from the epoch in the unit their size suggests: below 10<sup>11</sup> seconds
 * (until the year 5138, so Python's and zap's fractional seconds), below 10<sup>14</sup>
 * milliseconds (pino, bunyan, Java), below 10<sup>17</sup> microseconds, otherwise nanoseconds.
 * Fractions are kept to the microsecond. Zero and negative numbers mean "unset" and are not read.
 */
final class Timestamps {

  private static final int[] DAYS_IN_MONTH = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

  private Timestamps() {}

  /** Returns the instant a JSON value denotes, or {@code null} if it is not a usable timestamp. */
  static Instant parse(Object value) {
    if (value instanceof String) {
      return parseText((String) value);
    } else if (value instanceof Long || value instanceof Integer) {
      return fromLong(((Number) value).longValue());
    } else if (value instanceof Double || value instanceof Float) {
      return fromDouble(((Number) value).doubleValue());
    }
    return null;
  }

  static Instant fromLong(long n) {
    if (n <= 0) {
      return null;
    } else if (n < 100_000_000_000L) {
      return Instant.ofEpochSecond(n);
    } else if (n < 100_000_000_000_000L) {
      return Instant.ofEpochMilli(n);
    } else if (n < 100_000_000_000_000_000L) {
      return Instant.ofEpochSecond(n / 1_000_000, n % 1_000_000 * 1_000);
    }
    return Instant.ofEpochSecond(n / 1_000_000_000, n % 1_000_000_000);
  }

  static Instant fromDouble(double d) {
    if (!(d > 0) || d >= 9.0e18) { // also rejects NaN
      return null;
    } else if (d < 1e11) {
      return ofMicros(Math.round(d * 1e6));
    } else if (d < 1e14) {
      return ofMicros(Math.round(d * 1e3));
    }
    return fromLong((long) d);
  }

  private static Instant ofMicros(long micros) {
    return Instant.ofEpochSecond(
        Math.floorDiv(micros, 1_000_000), Math.floorMod(micros, 1_000_000) * 1_000L);
  }

  static Instant parseText(String t) {
    int n = t.length();
    if (n == 0) {
      return null;
    } else if (t.charAt(0) >= '0' && t.charAt(0) <= '9' && n <= 24 && isDecimal(t)) {
      if (t.indexOf('.') >= 0) {
        return fromDouble(Double.parseDouble(t));
      }
      boolean fits = n < 19 || n == 19 && t.compareTo("9223372036854775807") <= 0;
      return fits ? fromLong(Long.parseLong(t)) : null;
    } else if (n < 16 || t.charAt(4) != '-' || t.charAt(7) != '-' || t.charAt(13) != ':') {
      return null;
    }
    char sep = t.charAt(10);
    if (sep != 'T' && sep != 't' && sep != ' ') {
      return null;
    }
    int year = digits(t, 0, 4);
    int month = digits(t, 5, 2);
    int day = digits(t, 8, 2);
    int hour = digits(t, 11, 2);
    int minute = digits(t, 14, 2);
    if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0
        || minute > 59) {
      return null;
    }
    boolean leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    if (day > DAYS_IN_MONTH[month - 1] + (month == 2 && leap ? 1 : 0)) {
      return null;
    }
    int i = 16;
    int second = 0;
    long nanos = 0;
    if (i < n && t.charAt(i) == ':') {
      second = digits(t, i + 1, 2);
      if (second < 0 || second > 59) {
        return null;
      }
      i += 3;
      if (i < n && (t.charAt(i) == '.' || t.charAt(i) == ',')) {
        int start = ++i;
        long scale = 100_000_000;
        while (i < n && t.charAt(i) >= '0' && t.charAt(i) <= '9') {
          nanos += (t.charAt(i) - '0') * scale;
          scale /= 10;
          i++;
        }
        if (i == start) {
          return null;
        }
      }
    }
    int offsetSeconds = 0;
    if (i < n) {
      char z = t.charAt(i);
      if ((z == 'Z' || z == 'z') && i + 1 == n) {
        i++;
      } else if (z == '+' || z == '-') {
        int offsetHours = digits(t, i + 1, 2);
        int offsetMinutes = 0;
        int rest = n - i - 3;
        if (rest == 3 && t.charAt(i + 3) == ':') {
          offsetMinutes = digits(t, i + 4, 2);
        } else if (rest == 2) {
          offsetMinutes = digits(t, i + 3, 2);
        } else if (rest != 0) {
          return null;
        }
        if (offsetHours < 0 || offsetHours > 18 || offsetMinutes < 0 || offsetMinutes > 59) {
          return null;
        }
        offsetSeconds = (z == '-' ? -1 : 1) * (offsetHours * 3600 + offsetMinutes * 60);
      } else {
        return null;
      }
    }
    long epochSecond = LocalDate.of(year, month, day).toEpochDay() * 86_400
        + hour * 3600 + minute * 60 + second - offsetSeconds;
    return Instant.ofEpochSecond(epochSecond, nanos);
  }

  /** Returns the value of {@code count} ASCII digits at {@code at}, or -1 if they are not. */
  private static int digits(String t, int at, int count) {
    if (at + count > t.length()) {
      return -1;
    }
    int v = 0;
    for (int i = at; i < at + count; i++) {
      char c = t.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  private static boolean isDecimal(String t) {
    boolean dot = false;
    for (int i = 0; i < t.length(); i++) {
      char c = t.charAt(i);
      if (c == '.' && !dot && i > 0 && i < t.length() - 1) {
        dot = true;
      } else if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }
}
