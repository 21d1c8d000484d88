package dev.vigil.alerts;

import static java.util.Objects.requireNonNull;

import dev.vigil.alerts.internal.SeriesGroups;
import dev.vigil.alerts.internal.SeriesGroups.Combined;
import dev.vigil.metrics.SeriesKey;
import dev.vigil.metrics.SeriesStore;
import dev.vigil.metrics.WindowStats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;

/**
 * A threshold on a statistic of a series over a time window or over its last N samples; made by
 * {@link Condition#threshold} and {@link Condition#percentile}. Immutable and thread-safe.
 *
 * <p>Last samples are read per series ({@link SeriesStore#lastSamples}), so they exist only for
 * distributions; a counter has none (no data).
 */
public final class ThresholdCondition extends Condition {

  private final Stat stat;
  private final double q;
  private final String series;

  ThresholdCondition(Stat stat, double q, String series, Spec spec) {
    super(spec);
    this.stat = stat;
    this.q = q;
    this.series = series;
  }

  /** Returns a copy that watches only series with tag {@code key} set to {@code value}. */
  public ThresholdCondition where(String key, String value) {
    return new ThresholdCondition(stat, q, series, spec.where(key, value));
  }

  /** Returns a copy that reads the time window of length {@code window} ending now. */
  public ThresholdCondition over(Duration window) {
    return new ThresholdCondition(stat, q, series, spec.over(window));
  }

  /** Returns a copy that reads the last {@code n} values of each series (distributions only). */
  public ThresholdCondition lastSamples(int n) {
    return new ThresholdCondition(stat, q, series, spec.lastSamples(n));
  }

  /** Returns a copy that breaches when the value is greater than {@code threshold}. */
  public ThresholdCondition above(double threshold) {
    return when(Comparison.GREATER_THAN, threshold);
  }

  /** Returns a copy that breaches when the value is at least {@code threshold}. */
  public ThresholdCondition atLeast(double threshold) {
    return when(Comparison.AT_LEAST, threshold);
  }

  /** Returns a copy that breaches when the value is less than {@code threshold}. */
  public ThresholdCondition below(double threshold) {
    return when(Comparison.LESS_THAN, threshold);
  }

  /** Returns a copy that breaches when the value is at most {@code threshold}. */
  public ThresholdCondition atMost(double threshold) {
    return when(Comparison.AT_MOST, threshold);
  }

  /** Returns a copy that breaches when {@code value comparison threshold}. */
  public ThresholdCondition when(Comparison comparison, double threshold) {
    return new ThresholdCondition(stat, q, series, spec.compare(comparison, threshold));
  }

  /**
   * Returns a copy with a separate clear threshold: a firing alert resolves only once the value
   * no longer compares with {@code clearThreshold} the way it compares with the threshold (for
   * {@code above(0.05).clearAt(0.03)}, once the value is at most 0.03). It must lie on the clear
   * side of the threshold.
   */
  public ThresholdCondition clearAt(double clearThreshold) {
    return new ThresholdCondition(stat, q, series, spec.clearAt(clearThreshold));
  }

  @Override
  public Map<SortedMap<String, String>, Reading> evaluate(SeriesStore store,
      List<String> groupBy) {
    requireNonNull(store, "store");
    requireNonNull(groupBy, "groupBy");
    if (groupBy.isEmpty()) {
      double value = value(SeriesGroups.combine(stats(store,
          SeriesGroups.keys(store, series, spec.filter(), filterId())), q));
      return Collections.singletonMap(Collections.emptySortedMap(), spec.read(value, this));
    }
    Map<SortedMap<String, String>, Reading> readings = new LinkedHashMap<>();
    SeriesGroups.group(store, series, spec.filter(), groupBy)
        .forEach((group, keys) -> readings.put(group,
            spec.read(value(SeriesGroups.combine(stats(store, keys), q)), this)));
    return Collections.unmodifiableMap(readings);
  }

  private List<WindowStats> stats(SeriesStore store, Collection<SeriesKey> keys) {
    List<WindowStats> stats = new ArrayList<>(keys.size());
    for (SeriesKey key : keys) {
      stats.add(spec.window() != null
          ? store.window(key, spec.window()) : store.lastSamples(key, spec.lastSamples()));
    }
    return stats;
  }

  private double value(Combined c) {
    switch (stat) {
      case COUNT: return c.count();
      case SUM: return c.sum();
      case RATE: return c.rate();
      case MEAN: return c.mean();
      case MIN: return c.min();
      case MAX: return c.max();
      default: return c.percentile();
    }
  }

  @Override
  public String describe() {
    String name = stat == Stat.PERCENTILE
        ? "p" + (q * 100) : stat.name().toLowerCase(Locale.ROOT);
    return name + " of " + series + (spec.filter().isEmpty() ? "" : spec.filter()) + " "
        + spec.scope();
  }

  @Override
  List<String[]> problems() {
    List<String[]> problems = spec.problems(false, true);
    if (series.isEmpty()) {
      problems.add(0, new String[] {"condition.series", "must not be empty"});
    }
    if (stat == Stat.PERCENTILE && !(q >= 0 && q <= 1)) {
      problems.add(0, new String[] {"condition.percentile", "q must be between 0 and 1 but was "
          + q});
    }
    return problems;
  }
}
