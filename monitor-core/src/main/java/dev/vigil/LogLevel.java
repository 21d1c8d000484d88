package dev.vigil;

import java.util.Locale;

/**
 * The level an application logged an event at, as its logging framework reports it.
 *
 * <p>This is the event's own opinion of itself, an input to classification; {@link Severity} is
 * Vigil's verdict. The natural order of the constants is the order of seriousness.
 */
public enum LogLevel {
  TRACE,
  DEBUG,
  INFO,
  WARN,
  ERROR,
  FATAL;

  /**
   * Returns the severity an event logged at this level has when no rule says otherwise:
   * {@code FATAL} is {@link Severity#CRITICAL}, {@code ERROR} and {@code WARN} map to their
   * namesakes, and everything below is {@link Severity#INFO}.
   */
  public Severity severity() {
    switch (this) {
      case FATAL: return Severity.CRITICAL;
      case ERROR: return Severity.ERROR;
      case WARN: return Severity.WARN;
      default: return Severity.INFO;
    }
  }

  /** Returns whether this level is at least as serious as {@code other}. */
  public boolean isAtLeast(LogLevel other) {
    return compareTo(other) >= 0;
  }

  /**
   * Parses a level name as the common logging frameworks and syslog print it, ignoring case:
   * the constant names, {@code WARNING}, {@code SEVERE} and {@code ERR} (error), {@code CRITICAL},
   * {@code CRIT}, {@code ALERT}, {@code EMERG} and {@code PANIC} (fatal), {@code NOTICE} and
   * {@code CONFIG} (info), {@code FINE} (debug), {@code FINER}, {@code FINEST} and {@code ALL}
   * (trace).
   *
   * @throws IllegalArgumentException naming the value if it is not a known level name
   */
  public static LogLevel parse(String name) {
    LogLevel level = parseOrNull(name);
    if (level == null) {
      throw new IllegalArgumentException("unknown log level '" + name
          + "' (expected TRACE, DEBUG, INFO, WARN, ERROR or FATAL, or a common alias)");
    }
    return level;
  }

  /**
   * Parses a level name like {@link #parse} but returns {@code null} instead of throwing when the
   * name is not a known level, for input from other services that may print anything.
   */
  public static LogLevel parseOrNull(String name) {
    switch (name.trim().toUpperCase(Locale.ROOT)) {
      case "TRACE": case "FINER": case "FINEST": case "ALL": return TRACE;
      case "DEBUG": case "FINE": return DEBUG;
      case "INFO": case "NOTICE": case "CONFIG": return INFO;
      case "WARN": case "WARNING": return WARN;
      case "ERROR": case "ERR": case "SEVERE": return ERROR;
      case "FATAL": case "CRITICAL": case "CRIT": case "ALERT": case "EMERG": case "PANIC":
        return FATAL;
      default: return null;
    }
  }
}
