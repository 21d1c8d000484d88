package dev.vigil.alerts;

import dev.vigil.metrics.WindowStats;

/**
 * The statistic a {@linkplain Condition#threshold threshold condition} compares, read from the
 * {@link WindowStats} of the series it watches.
 *
 * <p>{@link #COUNT}, {@link #SUM} and {@link #RATE} work on counters and distributions; {@link
 * #MEAN}, {@link #MIN}, {@link #MAX} and {@link #PERCENTILE} describe recorded values, so they are
 * {@code NaN} (no data, never breaching) for counters.
 */
public enum Stat {
  /** The number of values, or a counter's total rounded to a whole number. */
  COUNT,
  /** The total of the values, or a counter's total. */
  SUM,
  /** Values (or a counter's amount) per second. */
  RATE,
  /** The mean of the values. */
  MEAN,
  /** The smallest value. */
  MIN,
  /** The largest value. */
  MAX,
  /** A quantile of the values; see {@link Condition#percentile}. */
  PERCENTILE
}
