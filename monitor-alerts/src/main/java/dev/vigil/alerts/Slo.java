package dev.vigil.alerts;

import static java.util.Objects.requireNonNull;

import dev.vigil.Monitor;
import dev.vigil.Severity;
import dev.vigil.alerts.internal.SeriesGroups;
import dev.vigil.metrics.SeriesKey;
import dev.vigil.metrics.SeriesOptions;
import dev.vigil.metrics.SeriesStore;
import dev.vigil.metrics.WindowStats;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A service level objective: the fraction of good events an SLI must reach over a compliance
 * period, from which come the multiwindow, multi-burn-rate alert rules of the SRE workbook
 * ({@link #alertRules()}) and the remaining error budget ({@link #errorBudget(SeriesStore)}).
 *
 * <pre>{@code
 * // availability: good events over all events, from counters
 * Slo availability = Slo.availability("api-availability")
 *     .good("api.call", "outcome", "success")
 *     .total("api.call")
 *     .objective(0.999)
 *     .build();
 *
 * // latency: "p95 < 500 ms", i.e. at least 95% of the values of a distribution below 500
 * Slo latency = Slo.latency("api-latency", "http.latency").below(500).objective(0.95).build();
 *
 * AlertEngine engine = AlertEngine.builder().monitor(monitor)
 *     .rules(availability.alertRules()).rules(latency.alertRules()).build();
 * }</pre>
 *
 * <p><b>Availability</b> counts events in counter (or distribution) series: {@code good} (or
 * {@code bad}) events and {@code total} events, each a series name with an optional tag filter
 * (a series matches when it has every tag of the filter); the amounts are {@linkplain
 * WindowStats#sum() sums} over a window, so several series matching one selector add up.
 *
 * <p><b>Latency</b> counts the values of a distribution series strictly below a threshold. The
 * store keeps per-bucket count, sum, minimum and maximum and a ring of the most recent values
 * (1,024 per series by default); the good fraction of a window is therefore computed as follows,
 * per series: all values good when the window's maximum is below the threshold, none when its
 * minimum is at or above it (both exact), otherwise the fraction of the values the store still
 * keeps for the window that are below the threshold, applied to the window's count. That is
 * <b>exact while a series recorded no more values in the window than the store keeps</b>, and
 * otherwise an estimate from the most recent values: for a busy service, the 6-hour and 3-day
 * windows then describe roughly the last 1,024 requests, not the whole window. When that matters,
 * count good and total events in the application ({@code monitor.increment("http.requests",
 * "fast", ms < 500 ? "yes" : "no")}) and declare an availability SLO on them: it is exact.
 *
 * <p><b>Windows.</b> The built-in series store keeps 3 days ({@link #MAX_WINDOW}: 864 coarse
 * buckets of 5 minutes); the longest alert window is 3 days and the error budget is read over
 * the compliance period or 3 days, whichever is shorter.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class Slo {

  /** The longest window the default series store keeps: 3 days. */
  public static final Duration MAX_WINDOW = SeriesOptions.ofDefaults().coarseStep()
      .multipliedBy(SeriesOptions.ofDefaults().coarseCount());

  private static final double[] NONE = new double[2];

  private final String id;
  private final double objective;
  private final Duration compliancePeriod;
  private final double minTotal;
  // availability: good or bad, and total; latency: values with the threshold
  private final Selector good;
  private final Selector bad;
  private final Selector total;
  private final Selector values;
  private final double threshold;

  private Slo(Common<?> b, Selector good, Selector bad, Selector total, Selector values,
      double threshold) {
    this.id = b.id;
    this.objective = b.objective;
    this.compliancePeriod = b.compliancePeriod;
    this.minTotal = b.minTotal;
    this.good = good;
    this.bad = bad;
    this.total = total;
    this.values = values;
    this.threshold = threshold;
  }

  /**
   * Returns a builder for an availability SLO: set {@code good} or {@code bad} events, {@code
   * total} events and the {@code objective}.
   *
   * @param id the SLO's id, also the prefix of its rules' ids: letters, digits, {@code .},
   *     {@code _} and {@code -}
   */
  public static AvailabilityBuilder availability(String id) {
    return new AvailabilityBuilder(requireNonNull(id, "id"));
  }

  /**
   * Returns a builder for a latency SLO over the distribution {@code series}: set the threshold
   * with {@code below} and the objective (the fraction of values that must be below it).
   */
  public static LatencyBuilder latency(String id, String series) {
    return new LatencyBuilder(requireNonNull(id, "id"), requireNonNull(series, "series"));
  }

  /** Returns the SLO's id. */
  public String id() {
    return id;
  }

  /** Returns the objective: the fraction of good events to reach, such as 0.999. */
  public double objective() {
    return objective;
  }

  /** Returns the period the error budget is defined over; 30 days by default. */
  public Duration compliancePeriod() {
    return compliancePeriod;
  }

  /** Returns the least number of events a window needs to have a burn rate; 0 by default. */
  public double minTotal() {
    return minTotal;
  }

  /** Returns the error budget, the fraction of events allowed to be bad: {@code 1 - objective}. */
  public double budget() {
    return 1 - objective;
  }

  /** Returns whether this SLO is a latency SLO (else an availability SLO). */
  public boolean isLatency() {
    return values != null;
  }

  /**
   * Returns the burn rate for {@code good} good events out of {@code total}: the bad fraction
   * over the budget, {@code (1 - good / total) / (1 - objective)}; 1 spends exactly the budget
   * over the compliance period. {@code NaN} when {@code total} is not positive.
   */
  public double burnRate(double good, double total) {
    return total > 0 ? (1 - good / total) / budget() : Double.NaN;
  }

  /**
   * Returns the three alert rules of the SRE workbook's multiwindow, multi-burn-rate alerts, for
   * {@link AlertEngine.Builder#rules}:
   *
   * <ul>
   *   <li>{@code <id>.burn-1h}: burn rate above 14.4 over 1 hour and 5 minutes (2% of a 30-day
   *       budget in an hour), {@link Severity#CRITICAL}, label {@code action=page};
   *   <li>{@code <id>.burn-6h}: above 6 over 6 hours and 30 minutes (5% in 6 hours), {@link
   *       Severity#CRITICAL}, {@code action=page};
   *   <li>{@code <id>.burn-3d}: above 1 over 3 days and 6 hours (10% in 3 days), {@link
   *       Severity#WARN}, {@code action=ticket}.
   * </ul>
   *
   * <p>Each has the label {@code slo=<id>} and the annotations {@code summary} and {@code
   * description} (templates; the alert value is the lesser of the two windows' burn rates).
   *
   * @return an unmodifiable list of the three rules
   */
  public List<AlertRule> alertRules() {
    return List.of(
        rule("burn-1h", Duration.ofHours(1), Duration.ofMinutes(5), 14.4, Severity.CRITICAL,
            "page"),
        rule("burn-6h", Duration.ofHours(6), Duration.ofMinutes(30), 6, Severity.CRITICAL,
            "page"),
        rule("burn-3d", Duration.ofDays(3), Duration.ofHours(6), 1, Severity.WARN, "ticket"));
  }

  private AlertRule rule(String suffix, Duration longWindow, Duration shortWindow, double factor,
      Severity severity, String action) {
    return AlertRule.builder(id + "." + suffix)
        .condition(Condition.burnRate(this).windows(longWindow, shortWindow).above(factor))
        .severity(severity)
        .label("slo", id)
        .label("action", action)
        .annotation("summary", "{{labels.slo}} is burning its error budget {{value | round(1)}}×"
            + " too fast (alert above {{threshold}}×)")
        .annotation("description", "Over both the last " + human(longWindow) + " and the last "
            + human(shortWindow) + ", more than " + plain(factor) + " times the "
            + plain((1 - objective) * 100) + "% of bad events the objective of "
            + plain(objective * 100) + "% allows; at {{value | round(1)}}× the " + human(compliancePeriod)
            + " budget lasts " + human(compliancePeriod) + " / {{value | round(1)}}.")
        .build();
  }

  private static String plain(double x) {
    return new BigDecimal(x).round(new MathContext(6)).stripTrailingZeros().toPlainString();
  }

  private static String human(Duration d) {
    if (d.toSeconds() % 86_400 == 0) {
      return d.toDays() + (d.toDays() == 1 ? " day" : " days");
    }
    if (d.toSeconds() % 3_600 == 0) {
      return d.toHours() + (d.toHours() == 1 ? " hour" : " hours");
    }
    return d.toMinutes() + " minutes";
  }

  /**
   * Returns the error budget as {@code store} has it now: the good fraction over the compliance
   * period, or over {@link #MAX_WINDOW} (3 days) when the period is longer, since the built-in
   * store keeps no more, and the burn rate over the last hour. See {@link ErrorBudget} for what
   * the budget of a shorter window means.
   */
  public ErrorBudget errorBudget(SeriesStore store) {
    requireNonNull(store, "store");
    Duration window = compliancePeriod.compareTo(MAX_WINDOW) > 0 ? MAX_WINDOW : compliancePeriod;
    double[] t = count(store, window, List.of()).getOrDefault(Collections.emptySortedMap(), NONE);
    double[] hour = count(store, Duration.ofHours(1), List.of())
        .getOrDefault(Collections.emptySortedMap(), NONE);
    double fraction = t[1] > 0 ? t[0] / t[1] : Double.NaN;
    return new ErrorBudget(id, objective, compliancePeriod, window, t[0], t[1], fraction,
        1 - burnRate(t[0], t[1]), burnRate(hour[0], hour[1]));
  }

  /** Returns the error budget of the series of {@code monitor}; see {@link #errorBudget(SeriesStore)}. */
  public ErrorBudget errorBudget(Monitor monitor) {
    return errorBudget(requireNonNull(monitor, "monitor").series());
  }

  /**
   * Counts good and total events over {@code window} per group of {@code groupBy} tags: {good,
   * total}. Without group-by tags the empty group is always there.
   */
  Map<SortedMap<String, String>, double[]> count(SeriesStore store, Duration window,
      List<String> groupBy) {
    Map<SortedMap<String, String>, double[]> totals = new LinkedHashMap<>();
    if (groupBy.isEmpty()) {
      totals.put(Collections.emptySortedMap(), new double[2]);
    }
    if (values != null) {
      for (SeriesKey key : store.keys(values.name)) {
        if (SeriesGroups.matches(key, values.filter)) {
          WindowStats w = store.window(key, window);
          double fraction = fractionBelow(w, threshold);
          if (w.count() > 0 && !Double.isNaN(fraction)) {
            double[] t = totals.computeIfAbsent(SeriesGroups.groupOf(key, groupBy),
                g -> new double[2]);
            t[0] += w.count() * fraction;
            t[1] += w.count();
          }
        }
      }
      return totals;
    }
    add(store, window, total, 1, 1, groupBy, totals);
    if (good != null) {
      add(store, window, good, 0, 1, groupBy, totals);
    } else {
      add(store, window, total, 0, 1, groupBy, totals);
      add(store, window, bad, 0, -1, groupBy, totals);
    }
    return totals;
  }

  private static void add(SeriesStore store, Duration window, Selector selector, int slot,
      int sign, List<String> groupBy, Map<SortedMap<String, String>, double[]> totals) {
    for (SeriesKey key : store.keys(selector.name)) {
      if (SeriesGroups.matches(key, selector.filter)) {
        double sum = store.window(key, window).sum();
        totals.computeIfAbsent(SeriesGroups.groupOf(key, groupBy), g -> new double[2])[slot] +=
            sign * sum;
      }
    }
  }

  /**
   * Returns the fraction of the values of {@code w} strictly below {@code threshold}: exact from
   * the minimum and maximum when all or none are, otherwise from the kept values; {@code NaN}
   * with no value.
   */
  static double fractionBelow(WindowStats w, double threshold) {
    if (w.count() == 0) {
      return Double.NaN;
    }
    if (w.max() < threshold) {
      return 1;
    }
    if (w.min() >= threshold) {
      return 0;
    }
    int n = w.sampleCount();
    if (n == 0) {
      return Double.NaN;
    }
    // the k-th smallest kept value is percentile(k / n) (nearest rank); find the largest k whose
    // value is below the threshold
    int lo = 0;
    int hi = n;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (w.percentile((double) mid / n) < threshold) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return (double) lo / n;
  }

  /** Returns what the SLI counts, such as {@code api.call{outcome=success} / api.call}. */
  String sli() {
    if (values != null) {
      return values + " < " + threshold;
    }
    return good != null ? good + " / " + total : "1 - " + bad + " / " + total;
  }

  @Override
  public String toString() {
    return "Slo{" + id + ": " + sli() + " >= " + objective + " over " + compliancePeriod + "}";
  }

  /** A series name with a tag filter. */
  private static final class Selector {
    final String name;
    final SortedMap<String, String> filter;

    Selector(String name, String... tags) {
      requireNonNull(name, "name");
      requireNonNull(tags, "tags");
      if (tags.length % 2 != 0) {
        throw new IllegalArgumentException("tags must be key, value pairs but " + tags.length
            + " strings were given");
      }
      TreeMap<String, String> map = new TreeMap<>();
      for (int i = 0; i < tags.length; i += 2) {
        map.put(requireNonNull(tags[i], "tag key"), requireNonNull(tags[i + 1], "tag value"));
      }
      this.name = name;
      this.filter = Collections.unmodifiableSortedMap(map);
    }

    @Override
    public String toString() {
      return filter.isEmpty() ? name : name + filter;
    }
  }

  /** What both builders set. Not thread-safe. */
  abstract static class Common<B extends Common<B>> {
    final String id;
    double objective = Double.NaN;
    Duration compliancePeriod = Duration.ofDays(30);
    double minTotal;

    Common(String id) {
      this.id = id;
    }

    abstract B self();

    /** Sets the objective, the fraction of good events to reach: above 0 and below 1. */
    public B objective(double objective) {
      this.objective = objective;
      return self();
    }

    /** Sets the period the error budget is defined over; 30 days by default. */
    public B compliancePeriod(Duration period) {
      this.compliancePeriod = requireNonNull(period, "period");
      return self();
    }

    /**
     * Sets the least number of events a window needs for a burn rate (too few to judge below
     * it); 0 by default, and a window with no event never has one.
     */
    public B minTotal(double minTotal) {
      this.minTotal = minTotal;
      return self();
    }

    void check(List<String> problems) {
      if (!AlertRule.ID.matcher(id).matches() || id.length() > 120) {
        problems.add("id '" + id + "' must be 1 to 120 letters, digits, '.', '_' or '-'");
      }
      if (Double.isNaN(objective)) {
        problems.add("no objective set (call objective(x), such as 0.999)");
      } else if (!(objective > 0 && objective < 1)) {
        problems.add("objective must be above 0 and below 1 but was " + objective);
      }
      if (compliancePeriod.isZero() || compliancePeriod.isNegative()) {
        problems.add("compliance period must be positive but was " + compliancePeriod);
      }
      if (!(minTotal >= 0) || Double.isInfinite(minTotal)) {
        problems.add("minTotal must be zero or more and finite but was " + minTotal);
      }
    }

    void fail(List<String> problems) {
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException("invalid SLO '" + id + "': "
            + String.join("; ", problems));
      }
    }
  }

  /**
   * Builds an availability {@link Slo}. Setters reject {@code null} and odd tag lists at once;
   * {@link #build()} reports every other problem together. Not thread-safe.
   */
  public static final class AvailabilityBuilder extends Common<AvailabilityBuilder> {
    private Selector good;
    private Selector bad;
    private Selector total;

    AvailabilityBuilder(String id) {
      super(id);
    }

    @Override
    AvailabilityBuilder self() {
      return this;
    }

    /**
     * Sets the good events: the series {@code name} with tags {@code tags} (key, value pairs),
     * such as {@code good("api.call", "outcome", "success")}.
     */
    public AvailabilityBuilder good(String name, String... tags) {
      this.good = new Selector(name, tags);
      return this;
    }

    /** Sets the bad events instead of the good ones; good events are total minus bad. */
    public AvailabilityBuilder bad(String name, String... tags) {
      this.bad = new Selector(name, tags);
      return this;
    }

    /** Sets all events, good and bad: the series {@code name} with tags {@code tags}. */
    public AvailabilityBuilder total(String name, String... tags) {
      this.total = new Selector(name, tags);
      return this;
    }

    /**
     * Builds the SLO.
     *
     * @throws IllegalArgumentException listing every problem found
     */
    public Slo build() {
      List<String> problems = new ArrayList<>();
      check(problems);
      if (good == null && bad == null) {
        problems.add("no good or bad events set (call good(name, tags...) or bad(name, tags...))");
      } else if (good != null && bad != null) {
        problems.add("both good (" + good + ") and bad (" + bad + ") events set; choose one");
      }
      if (total == null) {
        problems.add("no total events set (call total(name, tags...))");
      }
      for (Selector s : new Selector[] {good, bad, total}) {
        if (s != null && s.name.isEmpty()) {
          problems.add("a series name is empty");
        }
      }
      fail(problems);
      return new Slo(this, good, bad, total, null, Double.NaN);
    }
  }

  /**
   * Builds a latency {@link Slo}. Setters reject {@code null} at once; {@link #build()} reports
   * every other problem together. Not thread-safe.
   */
  public static final class LatencyBuilder extends Common<LatencyBuilder> {
    private final String series;
    private final TreeMap<String, String> filter = new TreeMap<>();
    private double threshold = Double.NaN;

    LatencyBuilder(String id, String series) {
      super(id);
      this.series = series;
    }

    @Override
    LatencyBuilder self() {
      return this;
    }

    /** Counts only the series with tag {@code key} set to {@code value}. */
    public LatencyBuilder where(String key, String value) {
      filter.put(requireNonNull(key, "key"), requireNonNull(value, "value"));
      return this;
    }

    /** Sets the threshold: a value strictly below it is good, such as 500 (milliseconds). */
    public LatencyBuilder below(double threshold) {
      this.threshold = threshold;
      return this;
    }

    /**
     * Builds the SLO.
     *
     * @throws IllegalArgumentException listing every problem found
     */
    public Slo build() {
      List<String> problems = new ArrayList<>();
      check(problems);
      if (series.isEmpty()) {
        problems.add("the series name is empty");
      }
      if (Double.isNaN(threshold)) {
        problems.add("no latency threshold set (call below(x))");
      } else if (Double.isInfinite(threshold)) {
        problems.add("the latency threshold must be finite but was " + threshold);
      }
      fail(problems);
      List<String> tags = new ArrayList<>();
      filter.forEach((k, v) -> {
        tags.add(k);
        tags.add(v);
      });
      return new Slo(this, null, null, null, new Selector(series, tags.toArray(new String[0])),
          threshold);
    }
  }
}
