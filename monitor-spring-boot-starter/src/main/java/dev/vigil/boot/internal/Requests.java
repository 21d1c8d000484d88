package dev.vigil.boot.internal;

import dev.vigil.Severity;
import dev.vigil.store.EventQuery;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.function.Function;
import org.springframework.boot.convert.DurationStyle;

/**
 * Turns request parameters into queries. Bad values throw {@link IllegalArgumentException} with
 * a message for the caller (answered as 400).
 */
public final class Requests {

  /** The most events one page holds. */
  public static final int MAX_LIMIT = 1_000;

  /** The longest duration (window) taken: about a hundred years. */
  public static final Duration MAX_DURATION = Duration.ofDays(36_500);

  private Requests() {}

  /**
   * The event filters of the endpoint, the stream and the exports: {@code source},
   * {@code severity} (the lowest), {@code category}, {@code text}, {@code fingerprint},
   * {@code from}/{@code to} (ISO-8601 instants) or {@code window} (such as {@code 15m}, back from
   * now), {@code limit} and {@code cursor}.
   */
  public static EventQuery events(Function<String, String> param, Instant now, int defaultLimit) {
    EventQuery.Builder q = EventQuery.builder();
    String source = blankToNull(param.apply("source"));
    if (source != null) {
      q.source(source);
    }
    String severity = blankToNull(param.apply("severity"));
    if (severity != null) {
      q.minSeverity(severity(severity));
    }
    String category = blankToNull(param.apply("category"));
    if (category != null) {
      q.category(category);
    }
    String text = blankToNull(param.apply("text"));
    if (text != null) {
      q.text(text);
    }
    String fingerprint = blankToNull(param.apply("fingerprint"));
    if (fingerprint != null) {
      q.fingerprint(fingerprint);
    }
    String window = blankToNull(param.apply("window"));
    if (window != null) {
      q.from(now.minus(duration("window", window)));
    }
    String from = blankToNull(param.apply("from"));
    if (from != null) {
      q.from(instant("from", from));
    }
    String to = blankToNull(param.apply("to"));
    if (to != null) {
      q.to(instant("to", to));
    }
    String limit = blankToNull(param.apply("limit"));
    q.limit(limit == null ? defaultLimit : limit(limit));
    String cursor = blankToNull(param.apply("cursor"));
    if (cursor != null) {
      q.after(cursor);
    }
    return q.build();
  }

  public static Severity severity(String value) {
    try {
      return Severity.valueOf(value.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'severity' must be one of INFO, WARN, ERROR, CRITICAL"
          + " but was '" + shorten(value) + "'");
    }
  }

  public static Duration duration(String name, String value) {
    Duration d;
    try {
      d = DurationStyle.detectAndParse(value.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'" + name + "' is not a duration (such as 30s, 15m, 1h,"
          + " 7d or PT15M): '" + shorten(value) + "'");
    }
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException("'" + name + "' must be positive but was '"
          + shorten(value) + "'");
    }
    if (d.compareTo(MAX_DURATION) > 0) { // "now minus it" must stay on the calendar
      throw new IllegalArgumentException("'" + name + "' must be at most "
          + MAX_DURATION.toDays() + " days but was '" + shorten(value) + "'");
    }
    return d;
  }

  public static Instant instant(String name, String value) {
    try {
      return Instant.parse(value.strip());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("'" + name + "' is not an ISO-8601 instant (such as"
          + " 2026-11-21T10:15:30Z): '" + shorten(value) + "'");
    }
  }

  public static int limit(String value) {
    int n;
    try {
      n = Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'limit' is not a number: '" + shorten(value) + "'");
    }
    if (n < 1 || n > MAX_LIMIT) {
      throw new IllegalArgumentException("'limit' must be between 1 and " + MAX_LIMIT
          + " but was " + n);
    }
    return n;
  }

  public static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  /** A value quoted in a message: at most 100 characters of it. */
  public static String shorten(String value) {
    return value.length() <= 100 ? value : value.substring(0, 100) + "…";
  }
}
