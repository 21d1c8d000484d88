package dev.vigil.boot.report;

import java.time.Duration;
import java.util.Locale;

/** How the reports write durations and shares. Stateless. */
final class Durations {

  private Durations() {}

  /** A retention in words: {@code 7 days}, {@code 1 day}, {@code 12 hours}, {@code 90 minutes}. */
  static String words(Duration d) {
    long minutes = d.toMinutes();
    if (minutes > 0 && minutes % (24 * 60) == 0) {
      long days = minutes / (24 * 60);
      return days + (days == 1 ? " day" : " days");
    }
    if (minutes > 0 && minutes % 60 == 0) {
      long hours = minutes / 60;
      return hours + (hours == 1 ? " hour" : " hours");
    }
    return minutes == 1 ? "1 minute" : minutes > 0 ? minutes + " minutes" : d.toString();
  }

  /** A latency: {@code 245 ms}, {@code 0.4 ms}, {@code 1.25 s}. */
  static String latency(Duration d) {
    long nanos = d.toNanos();
    if (nanos < 1_000_000 && nanos > 0) {
      return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
    }
    if (nanos < 1_000_000_000L) {
      return (nanos / 1_000_000) + " ms";
    }
    return String.format(Locale.ROOT, "%.2f s", nanos / 1e9);
  }

  /** A length of time: {@code 0 s}, {@code 45 s}, {@code 12 min}, {@code 3 h 5 min}, {@code 2 d 4 h}. */
  static String span(Duration d) {
    long s = d.getSeconds();
    if (s < 60) {
      return s + " s";
    }
    long m = s / 60;
    if (m < 60) {
      return m + " min";
    }
    long h = m / 60;
    if (h < 24) {
      return h + " h" + (m % 60 == 0 ? "" : " " + m % 60 + " min");
    }
    return h / 24 + " d" + (h % 24 == 0 ? "" : " " + h % 24 + " h");
  }

  /** A share as a percentage with two decimals ({@code 99.95%}), or {@code –} for NaN. */
  static String percent(double share) {
    if (Double.isNaN(share)) {
      return "–";
    }
    return String.format(Locale.ROOT, "%.2f%%", share * 100);
  }

  /** A count with thousands separated by commas. */
  static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }
}
