package dev.vigil.boot;

import static java.util.Objects.requireNonNull;

/**
 * A {@code vigil.*} property has a value Vigil cannot use. Startup stops, and the failure analyzer
 * prints the property, the value and the reason.
 */
public class InvalidVigilPropertyException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String property;
  private final transient Object value;
  private final String reason;

  /**
   * @param property the property's name, such as {@code vigil.notify.channels.ops.url}
   * @param value the value as configured, or {@code null} if missing; never printed for a secret
   * @param reason why it cannot be used, such as {@code must be positive}
   */
  public InvalidVigilPropertyException(String property, Object value, String reason) {
    this(property, value, reason, null);
  }

  /** As {@link #InvalidVigilPropertyException(String, Object, String)}, with the cause. */
  public InvalidVigilPropertyException(String property, Object value, String reason,
      Throwable cause) {
    super("Invalid property '" + requireNonNull(property, "property") + "'"
        + (value == null ? "" : " (value '" + value + "')") + ": " + requireNonNull(reason, "reason"),
        cause);
    this.property = property;
    this.value = value;
    this.reason = reason;
  }

  /** Returns the property's name. */
  public String property() {
    return property;
  }

  /** Returns the configured value, or {@code null} if it was missing or is secret. */
  public Object value() {
    return value;
  }

  /** Returns why the value cannot be used. */
  public String reason() {
    return reason;
  }
}
