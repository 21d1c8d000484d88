package dev.vigil;

import java.util.Locale;

/**
 * How serious a classified event is, from {@link #INFO} (least) to {@link #CRITICAL} (most).
 *
 * <p>The natural order of the constants is the order of seriousness, so {@code compareTo} and
 * {@link #isAtLeast} can be used to compare severities.
 */
public enum Severity {
  /** Worth recording, not worth attention. */
  INFO,
  /** Something unexpected that may need attention. */
  WARN,
  /** A failure that needs attention. */
  ERROR,
  /** A failure that needs attention now: an outage, data loss, exhausted resources. */
  CRITICAL;

  /** Returns whether this severity is at least as serious as {@code other}. */
  public boolean isAtLeast(Severity other) {
    return compareTo(other) >= 0;
  }

  /**
   * Parses a severity name, ignoring case. Accepts the constant names and the common alias
   * {@code WARNING}.
   *
   * @throws IllegalArgumentException naming the accepted values if {@code name} is not one of them
   */
  public static Severity parse(String name) {
    String upper = name.trim().toUpperCase(Locale.ROOT);
    switch (upper) {
      case "INFO": return INFO;
      case "WARN":
      case "WARNING": return WARN;
      case "ERROR": return ERROR;
      case "CRITICAL": return CRITICAL;
      default:
        throw new IllegalArgumentException(
            "unknown severity '" + name + "' (expected INFO, WARN, ERROR or CRITICAL)");
    }
  }
}
