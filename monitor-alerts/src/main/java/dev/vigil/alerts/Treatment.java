package dev.vigil.alerts;

/**
 * How a rule treats an evaluation that gave no value ({@linkplain AlertRule#onNoData() no data})
 * or that failed ({@linkplain AlertRule#onError() an error}), as CloudWatch's "treat missing
 * data".
 */
public enum Treatment {
  /** As if the condition held: a firing alert stays firing, a new one opens. */
  BREACHING,
  /** As if the condition were clear: a firing alert may resolve (the default for no data). */
  NOT_BREACHING,
  /**
   * As if the evaluation had not happened: every alert keeps its state, a pending alert does not
   * progress, a clearing one keeps its clearing start (the default for errors).
   */
  IGNORE
}
