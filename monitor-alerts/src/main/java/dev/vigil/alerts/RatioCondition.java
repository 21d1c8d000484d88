package dev.vigil.alerts;

import static java.util.Objects.requireNonNull;

import dev.vigil.alerts.internal.SeriesGroups;
import dev.vigil.metrics.SeriesKey;
import dev.vigil.metrics.SeriesStore;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * A threshold on the ratio of one series' total to the combined total of others over a time
 * window, with a minimum denominator below which there is no value (too few attempts to judge);
 * made by {@link Condition#ratio}. Immutable and thread-safe.
 *
 * <p>The totals are {@link dev.vigil.metrics.WindowStats#sum() sums}: the amounts of counters, or
 * the totals of recorded values. A group exists when any of its numerator or denominator series
 * does; the tag filter applies to both.
 */
public final class RatioCondition extends Condition {

  private final String numerator;
  private final List<String> denominator;
  private final double minDenominator;

  RatioCondition(String numerator, List<String> denominator, double minDenominator, Spec spec) {
    super(spec);
    this.numerator = numerator;
    this.denominator = denominator;
    this.minDenominator = minDenominator;
  }

  /** Returns a copy that watches only series with tag {@code key} set to {@code value}. */
  public RatioCondition where(String key, String value) {
    return new RatioCondition(numerator, denominator, minDenominator, spec.where(key, value));
  }

  /** Returns a copy that reads the time window of length {@code window} ending now. */
  public RatioCondition over(Duration window) {
    return new RatioCondition(numerator, denominator, minDenominator, spec.over(window));
  }

  /**
   * Returns a copy that has no value (never breaches) while the denominator's total is below
   * {@code min}, such as 10 attempts. The denominator must always be above zero.
   */
  public RatioCondition minDenominator(double min) {
    return new RatioCondition(numerator, denominator, min, spec);
  }

  /** Returns a copy that breaches when the ratio is greater than {@code threshold}. */
  public RatioCondition above(double threshold) {
    return when(Comparison.GREATER_THAN, threshold);
  }

  /** Returns a copy that breaches when the ratio is at least {@code threshold}. */
  public RatioCondition atLeast(double threshold) {
    return when(Comparison.AT_LEAST, threshold);
  }

  /** Returns a copy that breaches when the ratio is less than {@code threshold}. */
  public RatioCondition below(double threshold) {
    return when(Comparison.LESS_THAN, threshold);
  }

  /** Returns a copy that breaches when the ratio is at most {@code threshold}. */
  public RatioCondition atMost(double threshold) {
    return when(Comparison.AT_MOST, threshold);
  }

  /** Returns a copy that breaches when {@code ratio comparison threshold}. */
  public RatioCondition when(Comparison comparison, double threshold) {
    return new RatioCondition(numerator, denominator, minDenominator,
        spec.compare(comparison, threshold));
  }

  /** Returns a copy with a separate clear threshold; see {@link ThresholdCondition#clearAt}. */
  public RatioCondition clearAt(double clearThreshold) {
    return new RatioCondition(numerator, denominator, minDenominator,
        spec.clearAt(clearThreshold));
  }

  @Override
  public Map<SortedMap<String, String>, Reading> evaluate(SeriesStore store,
      List<String> groupBy) {
    requireNonNull(store, "store");
    requireNonNull(groupBy, "groupBy");
    if (groupBy.isEmpty()) {
      double[] t = new double[2];
      t[0] = total(store, numerator, 0);
      for (String name : denominator) {
        t[1] = total(store, name, t[1]);
      }
      return Collections.singletonMap(Collections.emptySortedMap(), read(t));
    }
    Map<SortedMap<String, String>, double[]> totals = new LinkedHashMap<>();
    add(store, numerator, 0, groupBy, totals);
    for (String name : denominator) {
      add(store, name, 1, groupBy, totals);
    }
    Map<SortedMap<String, String>, Reading> readings = new LinkedHashMap<>();
    totals.forEach((group, t) -> readings.put(group, read(t)));
    return Collections.unmodifiableMap(readings);
  }

  /** Returns the reading of the totals {numerator, denominator}. */
  private Reading read(double[] t) {
    double n = t[1];
    if (n <= 0 || n < minDenominator) {
      return new Reading(Double.NaN, false, true, () -> description() + ": denominator " + n
          + " is below the minimum " + minDenominator);
    }
    return spec.read(t[0] / n, this);
  }

  /** Returns {@code total} plus the sums of the series {@code name} over the window. */
  private double total(SeriesStore store, String name, double total) {
    for (SeriesKey key : SeriesGroups.keys(store, name, spec.filter(), filterId())) {
      total += store.window(key, spec.window()).sum();
    }
    return total;
  }

  private void add(SeriesStore store, String name, int slot, List<String> groupBy,
      Map<SortedMap<String, String>, double[]> totals) {
    for (SeriesKey key : SeriesGroups.keys(store, name, spec.filter())) {
      double sum = store.window(key, spec.window()).sum();
      totals.computeIfAbsent(SeriesGroups.groupOf(key, groupBy), g -> new double[2])[slot] +=
          sum;
    }
  }

  @Override
  public String describe() {
    return numerator + " / (" + String.join(" + ", denominator) + ")"
        + (spec.filter().isEmpty() ? "" : spec.filter()) + " " + spec.scope();
  }

  @Override
  List<String[]> problems() {
    List<String[]> problems = spec.problems(true, true);
    if (numerator.isEmpty()) {
      problems.add(0, new String[] {"condition.numerator", "must not be empty"});
    }
    if (denominator.isEmpty()) {
      problems.add(0, new String[] {"condition.denominator", "names no series"});
    }
    for (String name : denominator) {
      if (name.isEmpty()) {
        problems.add(0, new String[] {"condition.denominator", "names an empty series"});
      }
    }
    if (!(minDenominator >= 0) || Double.isInfinite(minDenominator)) {
      problems.add(new String[] {"condition.minDenominator",
          "must be zero or more and finite but was " + minDenominator});
    }
    return problems;
  }
}
