package dev.vigil.alerts;

import static java.util.Objects.requireNonNull;

import dev.vigil.Severity;
import dev.vigil.alerts.internal.SeriesGroups;
import dev.vigil.metrics.SeriesStore;
import dev.vigil.store.EventStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * What an {@link AlertRule} watches: a small closed set of conditions over a monitor's {@link
 * SeriesStore}, made by the static factories of this class and refined with their fluent methods.
 *
 * <pre>{@code
 * Condition.threshold(Stat.MEAN, "webhook.latency").lastSamples(50).above(5_000);
 * Condition.percentile(0.99, "api.latency").over(Duration.ofMinutes(5)).above(800);
 * Condition.ratio("upload.failure", "upload.failure", "upload.success")
 *     .over(Duration.ofMinutes(15)).minDenominator(10).above(0.05);
 * Condition.events(Severity.CRITICAL).over(Duration.ofMinutes(5)).atLeast(1);
 * Condition.absent("worker.heartbeat").over(Duration.ofMinutes(2));
 * Condition.burnRate(slo).windows(Duration.ofHours(1), Duration.ofMinutes(5)).above(14.4);
 * }</pre>
 *
 * <p>Conditions are immutable and thread-safe; each fluent method returns a new condition. Null
 * arguments are rejected at once; every other problem (a missing window or threshold, a negative
 * duration…) is reported by {@link AlertRule.Builder#build()} together with the rule's other
 * problems.
 *
 * <p><b>Groups.</b> A condition evaluates the series of its name whose tags include its {@code
 * where} filter, grouped by the rule's group-by tag keys: one {@link Reading} per combination of
 * tag values found. Without group-by tags there is exactly one group, the empty one, even when no
 * series exists yet. Series of one group are combined: counts, sums and rates add up, minimum and
 * maximum are taken over all, the mean is the total over the count, and a percentile is the
 * largest of the series' percentiles (a conservative bound when a group holds several series).
 */
public abstract class Condition {

  final Spec spec;
  private String description; // racy single-check cache of describe(), which is pure
  private String filterId; // the same, of SeriesGroups.filterId(spec.filter())

  Condition(Spec spec) {
    this.spec = spec;
  }

  /** Returns {@link SeriesGroups#filterId} of the filter, made once per condition. */
  final String filterId() {
    String id = filterId;
    if (id == null) {
      id = SeriesGroups.filterId(spec.filter());
      filterId = id;
    }
    return id;
  }

  /** Returns {@link #describe()}, made once per condition. */
  final String description() {
    String d = description;
    if (d == null) {
      d = describe();
      description = d;
    }
    return d;
  }

  /**
   * Returns a threshold on {@code stat} of the series {@code series}; choose a window ({@code
   * over}) or a number of last samples ({@code lastSamples}), then a threshold.
   *
   * @throws IllegalArgumentException if {@code stat} is {@link Stat#PERCENTILE}: use {@link
   *     #percentile} to give the quantile
   */
  public static ThresholdCondition threshold(Stat stat, String series) {
    requireNonNull(stat, "stat");
    requireNonNull(series, "series");
    if (stat == Stat.PERCENTILE) {
      throw new IllegalArgumentException("use Condition.percentile(q, series) for percentiles");
    }
    return new ThresholdCondition(stat, Double.NaN, series, Spec.EMPTY);
  }

  /** Returns a threshold on the {@code q}-quantile (0 to 1, such as 0.99) of {@code series}. */
  public static ThresholdCondition percentile(double q, String series) {
    requireNonNull(series, "series");
    return new ThresholdCondition(Stat.PERCENTILE, q, series, Spec.EMPTY);
  }

  /**
   * Returns a threshold on the ratio of the total of counter {@code numerator} to the combined
   * total of the {@code denominator} counters over a window, such as failures over attempts:
   * {@code ratio("upload.failure", "upload.failure", "upload.success")}.
   */
  public static RatioCondition ratio(String numerator, String... denominator) {
    requireNonNull(numerator, "numerator");
    requireNonNull(denominator, "denominator");
    return new RatioCondition(numerator, List.of(denominator), 0, Spec.EMPTY);
  }

  /**
   * Returns a threshold on the number of classified events of at least {@code minSeverity}
   * counted in {@link dev.vigil.VigilMeters#EVENTS} over a window; narrow it with {@code category}
   * and {@code source}.
   */
  public static EventCountCondition events(Severity minSeverity) {
    requireNonNull(minSeverity, "minSeverity");
    return new EventCountCondition(minSeverity, null, null, Spec.EMPTY);
  }

  /**
   * Returns a condition that breaches when {@code series} had nothing over a window: a heartbeat
   * that stopped. Its value is the count in the window.
   */
  public static AbsenceCondition absent(String series) {
    requireNonNull(series, "series");
    return new AbsenceCondition(series, Spec.EMPTY);
  }

  /**
   * Returns a multiwindow burn-rate condition on {@code slo}: set the long and short windows
   * ({@code windows}) and the factor ({@code above}). {@link Slo#alertRules()} makes the three
   * rules of the SRE workbook with it.
   */
  public static BurnRateCondition burnRate(Slo slo) {
    requireNonNull(slo, "slo");
    return new BurnRateCondition(slo, null, null, Spec.EMPTY);
  }

  /**
   * Evaluates this condition now, as the store's clock says.
   *
   * @param series the store to read
   * @param groupBy the tag keys that make groups, possibly empty
   * @return one reading per group; an unmodifiable map whose keys are sorted tag maps
   */
  public abstract Map<SortedMap<String, String>, Reading> evaluate(SeriesStore series,
      List<String> groupBy);

  /**
   * Evaluates this condition as the engine does, with the monitor's event store and the time of
   * the evaluation at hand for conditions that read stored events; the others read only {@code
   * series}.
   */
  Map<SortedMap<String, String>, Reading> evaluate(SeriesStore series, EventStore events,
      Instant now, List<String> groupBy) {
    return evaluate(series, groupBy);
  }

  /**
   * Returns the reading of a group that has an active alert but no reading this time: no data
   * (no value, clear) by default.
   */
  Reading vanished() {
    return new Reading(Double.NaN, false, true, () -> description() + ": no data for the group");
  }

  /** Returns what this condition compares, such as {@code count of oauth.failure over PT1H}. */
  public abstract String describe();

  /** Returns the problems of this condition as {field, reason} pairs; empty when valid. */
  abstract List<String[]> problems();

  @Override
  public String toString() {
    return describe();
  }
}
