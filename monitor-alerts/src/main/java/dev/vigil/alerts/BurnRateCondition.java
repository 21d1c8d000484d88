package dev.vigil.alerts;

import static java.util.Objects.requireNonNull;

import dev.vigil.metrics.SeriesStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;

/**
 * A multiwindow burn-rate condition on an {@link Slo}: breaches when the error budget burns more
 * than {@code factor} times too fast over <b>both</b> a long and a short window; made by {@link
 * Condition#burnRate}. The long window makes it significant, the short one makes it stop soon
 * after the errors stop. Immutable and thread-safe.
 *
 * <pre>{@code
 * Condition.burnRate(slo).windows(Duration.ofHours(1), Duration.ofMinutes(5)).above(14.4);
 * }</pre>
 *
 * <p>The burn rate of a window is {@code (1 - good / total) / (1 - objective)}. The value of a
 * reading is the lesser of the two windows' burn rates, so it breaches exactly when both exceed
 * the factor. There is no value (never a breach, always clear) when either window has no event or
 * fewer than the SLO's {@linkplain Slo#minTotal() minimum}.
 */
public final class BurnRateCondition extends Condition {

  private final Slo slo;
  private final Duration longWindow;
  private final Duration shortWindow;

  BurnRateCondition(Slo slo, Duration longWindow, Duration shortWindow, Spec spec) {
    super(spec);
    this.slo = slo;
    this.longWindow = longWindow;
    this.shortWindow = shortWindow;
  }

  /** Returns the SLO this condition watches. */
  public Slo slo() {
    return slo;
  }

  /**
   * Returns a copy reading the windows of lengths {@code longWindow} and {@code shortWindow}
   * ending now; the short one must be shorter, the long one at most {@link Slo#MAX_WINDOW}.
   */
  public BurnRateCondition windows(Duration longWindow, Duration shortWindow) {
    return new BurnRateCondition(slo, requireNonNull(longWindow, "longWindow"),
        requireNonNull(shortWindow, "shortWindow"), spec);
  }

  /** Returns a copy that breaches when both burn rates are greater than {@code factor}. */
  public BurnRateCondition above(double factor) {
    return new BurnRateCondition(slo, longWindow, shortWindow,
        spec.compare(Comparison.GREATER_THAN, factor));
  }

  @Override
  public Map<SortedMap<String, String>, Reading> evaluate(SeriesStore store,
      List<String> groupBy) {
    requireNonNull(store, "store");
    requireNonNull(groupBy, "groupBy");
    Map<SortedMap<String, String>, double[]> longCounts = slo.count(store, longWindow, groupBy);
    Map<SortedMap<String, String>, double[]> shortCounts = slo.count(store, shortWindow, groupBy);
    Set<SortedMap<String, String>> groups = new LinkedHashSet<>(longCounts.keySet());
    groups.addAll(shortCounts.keySet());
    String what = description();
    Map<SortedMap<String, String>, Reading> readings = new LinkedHashMap<>();
    double[] none = new double[2];
    for (SortedMap<String, String> group : groups) {
      double[] l = longCounts.getOrDefault(group, none);
      double[] s = shortCounts.getOrDefault(group, none);
      double min = slo.minTotal();
      if (l[1] <= 0 || s[1] <= 0 || l[1] < min || s[1] < min) {
        readings.put(group, new Reading(Double.NaN, false, true, what + ": " + l[1] + " and "
            + s[1] + " events, too few to judge (at least " + Math.max(min, 1) + " needed)"));
        continue;
      }
      double longRate = slo.burnRate(l[0], l[1]);
      double shortRate = slo.burnRate(s[0], s[1]);
      Reading r = spec.read(Math.min(longRate, shortRate), what);
      readings.put(group, new Reading(r.value(), r.breached(), r.cleared(), what + " = "
          + longRate + " and " + shortRate + " (" + spec.comparison().symbol() + " "
          + spec.threshold() + ")"));
    }
    return Collections.unmodifiableMap(readings);
  }

  @Override
  public String describe() {
    return "burn rate of SLO " + slo.id() + " (" + slo.sli() + " >= " + slo.objective()
        + ") over " + longWindow + " and " + shortWindow;
  }

  @Override
  List<String[]> problems() {
    List<String[]> problems = new ArrayList<>();
    if (longWindow == null) {
      problems.add(new String[] {"condition.window",
          "no windows set (call windows(longWindow, shortWindow))"});
    } else {
      for (Duration w : List.of(longWindow, shortWindow)) {
        if (w.isZero() || w.isNegative()) {
          problems.add(new String[] {"condition.window", "must be positive but was " + w});
        }
      }
      if (shortWindow.compareTo(longWindow) >= 0) {
        problems.add(new String[] {"condition.window", "the short window " + shortWindow
            + " must be shorter than the long window " + longWindow});
      }
      if (longWindow.compareTo(Slo.MAX_WINDOW) > 0) {
        problems.add(new String[] {"condition.window", "the long window " + longWindow
            + " is longer than the series store keeps (" + Slo.MAX_WINDOW + ")"});
      }
    }
    if (spec.comparison() == null) {
      problems.add(new String[] {"condition.threshold", "no factor set (call above(factor))"});
    } else if (!(spec.threshold() > 0) || Double.isInfinite(spec.threshold())) {
      problems.add(new String[] {"condition.threshold",
          "the factor must be positive and finite but was " + spec.threshold()});
    }
    return problems;
  }
}
