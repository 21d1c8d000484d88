package dev.vigil.boot.health.bridge.internal;

import dev.vigil.Redactor;
import dev.vigil.health.CheckStatus;
import dev.vigil.health.FailureKind;
import dev.vigil.health.HealthRecord;
import dev.vigil.health.HealthResult;
import dev.vigil.health.HealthStatus;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * The mapping between Vigil's health statuses and Spring Boot's status codes, both ways.
 *
 * <p>Vigil to Actuator: UP is {@code UP}, DEGRADED is {@code vigil.health.actuator.degraded-status}
 * ({@code UP} by default), DOWN is {@code DOWN}, UNKNOWN (not run yet) is {@code UNKNOWN}.
 *
 * <p>Actuator to Vigil: {@code UP} is UP; {@code DOWN} is DOWN (failure kind ERROR when the
 * details hold an {@code error}, BAD_STATE otherwise); {@code OUT_OF_SERVICE} is DOWN
 * (BAD_STATE); {@code UNKNOWN} is UNKNOWN; any other code is DEGRADED (BAD_STATE). A composite
 * takes its worst component: DOWN, then DEGRADED, then UP; UNKNOWN if all are.
 *
 * <p>Every text and detail value passes through the {@link Redactor}. Stateless; thread-safe.
 */
public final class HealthMapping {

  /** The longest detail of a watched indicator's result. */
  static final int MAX_DETAIL = 500;

  private static final Pattern CODE = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");

  private HealthMapping() {}

  /**
   * Returns the status code of {@code property} (such as {@code
   * vigil.health.actuator.degraded-status}), in upper case.
   *
   * @throws InvalidConfigurationPropertyValueException if it is not a status code
   */
  public static String statusCode(String property, String value) {
    if (value == null || !CODE.matcher(value.strip()).matches()) {
      throw new InvalidConfigurationPropertyValueException(property, value,
          "must be a health status code such as UP, DOWN, OUT_OF_SERVICE or a custom code");
    }
    return value.strip().toUpperCase(Locale.ROOT);
  }

  /** Returns the Actuator status code of a check in {@code status}. */
  public static String actuatorCode(HealthStatus status, String degradedCode) {
    return switch (status) {
      case UP -> "UP";
      case DEGRADED -> degradedCode;
      case DOWN -> "DOWN";
      case UNKNOWN -> "UNKNOWN";
    };
  }

  /**
   * Returns the Actuator details of a check: {@code status} (Vigil's: UP, DEGRADED, DOWN or
   * UNKNOWN), {@code since}, and after a first run {@code detail} (redacted), {@code failure} (the
   * kind, when not UP), {@code latencyMillis}, {@code checkedAt} and {@code failuresInARow}. Never
   * the exception a check threw beyond what its redacted detail says.
   */
  public static Map<String, Object> details(CheckStatus status, Redactor redactor) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("status", status.status().name());
    details.put("since", status.since().toString());
    HealthRecord last = status.last();
    if (last != null) {
      details.put("detail", redactor.redact(last.detail()));
      if (last.failure() != null) {
        details.put("failure", last.failure().name());
      }
      details.put("latencyMillis", last.latency().toMillis());
      details.put("checkedAt", last.checkedAt().toString());
      if (status.failuresInARow() > 0) {
        details.put("failuresInARow", status.failuresInARow());
      }
    }
    return details;
  }

  /** Returns the result of a watched indicator that answered {@code reading}. */
  public static HealthResult result(Reading reading, Redactor redactor) {
    HealthStatus status = status(reading);
    String detail = describe(reading, redactor);
    if (detail.length() > MAX_DETAIL) {
      detail = detail.substring(0, MAX_DETAIL - 1) + '…';
    }
    return switch (status) {
      case UP -> HealthResult.up(detail);
      case DEGRADED -> HealthResult.degraded(kind(reading, status), detail);
      case DOWN -> HealthResult.down(kind(reading, status), detail);
      case UNKNOWN -> HealthResult.unknown(detail);
    };
  }

  static HealthStatus status(Reading reading) {
    if (!reading.isComposite()) {
      return switch (reading.code().toUpperCase(Locale.ROOT)) {
        case "UP" -> HealthStatus.UP;
        case "DOWN", "OUT_OF_SERVICE" -> HealthStatus.DOWN;
        case "UNKNOWN" -> HealthStatus.UNKNOWN;
        default -> HealthStatus.DEGRADED;
      };
    }
    boolean up = false;
    boolean degraded = false;
    for (Reading component : reading.components().values()) {
      switch (status(component)) {
        case DOWN -> {
          return HealthStatus.DOWN;
        }
        case DEGRADED -> degraded = true;
        case UP -> up = true;
        case UNKNOWN -> { }
      }
    }
    return degraded ? HealthStatus.DEGRADED : up ? HealthStatus.UP : HealthStatus.UNKNOWN;
  }

  /** Returns the failure kind of a reading in {@code status} (DEGRADED or DOWN). */
  private static FailureKind kind(Reading reading, HealthStatus status) {
    if (!reading.isComposite()) {
      return reading.code().equalsIgnoreCase("DOWN") && reading.details().containsKey("error")
          ? FailureKind.ERROR : FailureKind.BAD_STATE;
    }
    for (Reading component : reading.components().values()) {
      if (status(component) == status) {
        return kind(component, status);
      }
    }
    return FailureKind.BAD_STATE;
  }

  /** Returns a one-line text: {@code CODE {k=v, …}}, or {@code name CODE …; …} for a composite. */
  static String describe(Reading reading, Redactor redactor) {
    StringBuilder text = new StringBuilder();
    describe(reading, redactor, text);
    return text.toString().replaceAll("\\s*\\R\\s*", " | ");
  }

  private static void describe(Reading reading, Redactor redactor, StringBuilder text) {
    if (reading.isComposite()) {
      if (reading.components().isEmpty()) {
        text.append("no components");
      }
      String separator = "";
      for (Map.Entry<String, Reading> c : reading.components().entrySet()) {
        text.append(separator).append(c.getKey()).append(' ');
        describe(c.getValue(), redactor, text);
        separator = "; ";
      }
      return;
    }
    text.append(reading.code().toUpperCase(Locale.ROOT));
    if (!reading.details().isEmpty()) {
      text.append(" {");
      String separator = "";
      for (Map.Entry<String, Object> d : reading.details().entrySet()) {
        text.append(separator).append(d.getKey()).append('=')
            .append(redactor.redactValue(d.getKey(), String.valueOf(d.getValue())));
        separator = ", ";
      }
      text.append('}');
    }
  }
}
