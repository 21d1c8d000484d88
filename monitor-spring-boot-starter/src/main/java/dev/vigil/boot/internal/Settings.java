package dev.vigil.boot.internal;

import dev.vigil.boot.InvalidVigilPropertyException;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/** Checks of property values that name the property when they fail. */
public final class Settings {

  private static final Set<String> LOGBACK_LEVELS =
      Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "ALL", "OFF");

  private Settings() {}

  public static int positive(String property, int value) {
    if (value <= 0) {
      throw new InvalidVigilPropertyException(property, value, "must be positive");
    }
    return value;
  }

  public static Duration positive(String property, Duration value) {
    if (value == null) {
      throw new InvalidVigilPropertyException(property, null, "is required");
    }
    if (value.isNegative() || value.isZero()) {
      throw new InvalidVigilPropertyException(property, value, "must be positive");
    }
    return value;
  }

  public static String required(String property, String value) {
    if (value == null || value.isBlank()) {
      throw new InvalidVigilPropertyException(property, null, "is required");
    }
    return value.strip();
  }

  public static String logLevel(String property, String value) {
    if (value == null || !LOGBACK_LEVELS.contains(value.strip().toUpperCase(Locale.ROOT))) {
      throw new InvalidVigilPropertyException(property, value,
          "is not a Logback level (TRACE, DEBUG, INFO, WARN or ERROR)");
    }
    return value.strip();
  }

  /** Checks {@code vigil.store.type}: only the in-memory store exists so far. */
  public static String storeType(String property, String value) {
    String type = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
    switch (type) {
      case "memory", "jdbc":
        return type;
      default:
        throw new InvalidVigilPropertyException(property, value,
            "is not a store type (expected 'memory' or 'jdbc')");
    }
  }
}
