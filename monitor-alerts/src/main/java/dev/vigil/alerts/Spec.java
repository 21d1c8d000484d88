package dev.vigil.alerts;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What conditions share: a tag filter, a window or a number of last samples, and a comparison
 * with a threshold and an optional clear threshold. Immutable; the withers return copies.
 */
record Spec(SortedMap<String, String> filter, Duration window, int lastSamples,
    Comparison comparison, double threshold, double clearThreshold) {

  static final Spec EMPTY = new Spec(Collections.emptySortedMap(), null, 0, null, Double.NaN,
      Double.NaN);

  Spec where(String key, String value) {
    requireNonNull(key, "key");
    requireNonNull(value, "value");
    TreeMap<String, String> copy = new TreeMap<>(filter);
    copy.put(key, value);
    return new Spec(Collections.unmodifiableSortedMap(copy), window, lastSamples, comparison,
        threshold, clearThreshold);
  }

  Spec over(Duration window) {
    requireNonNull(window, "window");
    return new Spec(filter, window, lastSamples, comparison, threshold, clearThreshold);
  }

  Spec lastSamples(int n) {
    return new Spec(filter, window, n, comparison, threshold, clearThreshold);
  }

  Spec compare(Comparison comparison, double threshold) {
    requireNonNull(comparison, "comparison");
    return new Spec(filter, window, lastSamples, comparison, threshold, clearThreshold);
  }

  Spec clearAt(double clearThreshold) {
    return new Spec(filter, window, lastSamples, comparison, threshold, clearThreshold);
  }

  boolean hasClearThreshold() {
    return !Double.isNaN(clearThreshold);
  }

  /** Returns the reading of {@code value}: breached against the threshold, cleared against the clear one. */
  Reading read(double value, String what) {
    boolean breached = comparison.test(value, threshold);
    boolean cleared = hasClearThreshold() ? !comparison.test(value, clearThreshold) : !breached;
    return new Reading(value, breached, cleared, describe(what, value));
  }

  /**
   * Returns the reading of {@code value} as {@link #read(double, String)} does, but with a
   * description made (from {@code condition}'s cached description) only if it is read.
   */
  Reading read(double value, Condition condition) {
    boolean breached = comparison.test(value, threshold);
    boolean cleared = hasClearThreshold() ? !comparison.test(value, clearThreshold) : !breached;
    return new Reading(value, breached, cleared,
        () -> describe(condition.description(), value));
  }

  private String describe(String what, double value) {
    return what + " = " + value + " (" + comparison.symbol() + " " + threshold + ")";
  }

  /** Collects the problems of the window, the last samples and the comparison. */
  List<String[]> problems(boolean windowOnly, boolean needsComparison) {
    List<String[]> problems = new ArrayList<>();
    if (window == null && lastSamples == 0) {
      problems.add(new String[] {"condition.window", windowOnly
          ? "no window set (call over(Duration))"
          : "neither a window nor a number of last samples set (call over(Duration) or lastSamples(n))"});
    }
    if (window != null && (window.isZero() || window.isNegative())) {
      problems.add(new String[] {"condition.window", "must be positive but was " + window});
    }
    if (lastSamples < 0) {
      problems.add(new String[] {"condition.lastSamples",
          "must be positive but was " + lastSamples});
    }
    if (window != null && lastSamples != 0) {
      problems.add(new String[] {"condition.window",
          "both a window (" + window + ") and last samples (" + lastSamples + ") set; choose one"});
    }
    if (!needsComparison) {
      return problems;
    }
    if (comparison == null) {
      problems.add(new String[] {"condition.threshold",
          "no threshold set (call above, atLeast, below or atMost)"});
      return problems;
    }
    if (!Double.isFinite(threshold)) {
      problems.add(new String[] {"condition.threshold", "must be finite but was " + threshold});
    }
    if (Double.isInfinite(clearThreshold)) {
      problems.add(new String[] {"condition.clearThreshold",
          "must be finite but was " + clearThreshold});
    } else if (hasClearThreshold() && Double.isFinite(threshold)) {
      boolean wrongSide = comparison.firesUpward()
          ? clearThreshold > threshold : clearThreshold < threshold;
      if (wrongSide) {
        problems.add(new String[] {"condition.clearThreshold", clearThreshold
            + " is on the firing side of threshold " + comparison.symbol() + " " + threshold});
      }
    }
    return problems;
  }

  String scope() {
    return window != null ? "over " + window : "over the last " + lastSamples + " samples";
  }
}
