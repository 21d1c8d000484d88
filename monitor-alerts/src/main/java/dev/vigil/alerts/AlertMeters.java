package dev.vigil.alerts;

/**
 * The names of the meters an {@link AlertEngine} registers in its monitor's {@linkplain
 * dev.vigil.Monitor#meterRegistry() meter registry}, and removes when it is closed. Every meter
 * carries a {@code monitor} tag (the monitor's name); tag values are bounded (no rule id or alert
 * key is ever a tag).
 */
public final class AlertMeters {

  /**
   * Counter of rule evaluations, tagged {@code outcome}: {@code success}, or {@code failure} when
   * the condition or the store threw.
   */
  public static final String EVALUATIONS = "vigil.alerts.evaluations";

  /** Timer of one {@link AlertEngine#evaluate()} pass over every rule. */
  public static final String EVALUATION = "vigil.alerts.evaluation";

  /**
   * Gauge of the active alerts in the store, tagged {@code state}: {@code PENDING}, {@code
   * FIRING}, {@code ACKNOWLEDGED} or {@code SILENCED}.
   */
  public static final String ACTIVE = "vigil.alerts.active";

  /** Counter of the transitions published, tagged {@code to} with the state moved to. */
  public static final String TRANSITIONS = "vigil.alerts.transitions";

  private AlertMeters() {}
}
