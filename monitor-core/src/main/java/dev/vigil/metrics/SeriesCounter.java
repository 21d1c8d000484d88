package dev.vigil.metrics;

/**
 * A pre-resolved handle on a counter series: increments go straight to the series (and, for
 * handles from Vigil's recorder, to its Micrometer meter) with no lookup.
 *
 * <p>Implementations are thread-safe and never throw from {@code increment}; keep a handle in a
 * field and share it between threads. Amounts that are not positive and finite (zero, negative,
 * {@code NaN}, infinite) are ignored, since counters only grow.
 */
public interface SeriesCounter {

  /** Adds 1. */
  void increment();

  /** Adds {@code amount}, if it is positive and finite. */
  void increment(double amount);

  /**
   * Returns the total added to this series since the handle's store created it: the cumulative
   * value a monitoring system scrapes. Stores that keep no such total return the total added
   * through this handle.
   */
  double count();
}
