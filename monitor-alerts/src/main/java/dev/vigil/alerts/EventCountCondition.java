package dev.vigil.alerts;

import static java.util.Objects.requireNonNull;

import dev.vigil.MonitorEvent;
import dev.vigil.Severity;
import dev.vigil.VigilMeters;
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
 * A threshold on the number of classified events over a time window, read from the {@link
 * VigilMeters#EVENTS} series the monitor's pipeline keeps (tags {@code severity}, {@code
 * category}, {@code source}); made by {@link Condition#events}. Group by those tags to get, say,
 * one alert per source. Immutable and thread-safe.
 */
public final class EventCountCondition extends Condition {

  private final Severity minSeverity;
  private final String category;
  private final String source;

  EventCountCondition(Severity minSeverity, String category, String source, Spec spec) {
    super(spec);
    this.minSeverity = minSeverity;
    this.category = category;
    this.source = source;
  }

  /** Returns a copy that counts only events of {@code category}, such as {@code database}. */
  public EventCountCondition category(String category) {
    requireNonNull(category, "category");
    return new EventCountCondition(minSeverity, category, source, spec);
  }

  /** Returns a copy that counts only events from {@code source}, such as the monitor's name. */
  public EventCountCondition source(String source) {
    requireNonNull(source, "source");
    return new EventCountCondition(minSeverity, category, source, spec);
  }

  /** Returns a copy that counts over the time window of length {@code window} ending now. */
  public EventCountCondition over(Duration window) {
    return new EventCountCondition(minSeverity, category, source, spec.over(window));
  }

  /** Returns a copy that breaches when the count is greater than {@code threshold}. */
  public EventCountCondition above(double threshold) {
    return when(Comparison.GREATER_THAN, threshold);
  }

  /** Returns a copy that breaches when the count is at least {@code threshold}. */
  public EventCountCondition atLeast(double threshold) {
    return when(Comparison.AT_LEAST, threshold);
  }

  /** Returns a copy that breaches when {@code count comparison threshold}. */
  public EventCountCondition when(Comparison comparison, double threshold) {
    return new EventCountCondition(minSeverity, category, source,
        spec.compare(comparison, threshold));
  }

  /** Returns a copy with a separate clear threshold; see {@link ThresholdCondition#clearAt}. */
  public EventCountCondition clearAt(double clearThreshold) {
    return new EventCountCondition(minSeverity, category, source, spec.clearAt(clearThreshold));
  }

  @Override
  public Map<SortedMap<String, String>, Reading> evaluate(SeriesStore store,
      List<String> groupBy) {
    requireNonNull(store, "store");
    requireNonNull(groupBy, "groupBy");
    String what = description();
    Map<SortedMap<String, String>, Reading> readings = new LinkedHashMap<>();
    SeriesGroups.group(store, VigilMeters.EVENTS, this::counts, groupBy).forEach((group, keys) -> {
      double total = 0;
      for (SeriesKey key : keys) {
        total += store.window(key, spec.window()).sum();
      }
      readings.put(group, spec.read(total, what));
    });
    return Collections.unmodifiableMap(readings);
  }

  private boolean counts(SeriesKey key) {
    String severity = key.tag("severity");
    if (severity == null) {
      return false;
    }
    try {
      if (!Severity.parse(severity).isAtLeast(minSeverity)) {
        return false;
      }
    } catch (IllegalArgumentException unknown) {
      return false;
    }
    return (category == null || category.equals(key.tag("category")))
        && (source == null || source.equals(key.tag("source")));
  }

  /**
   * Returns whether this condition counts {@code event} (severity, category and source), for
   * rules {@linkplain AlertRule#evaluatesOnEvent() evaluated on events}.
   */
  boolean counts(MonitorEvent event) {
    return event.severity().isAtLeast(minSeverity)
        && (category == null || category.equals(event.category()))
        && (source == null || source.equals(event.source()));
  }

  @Override
  public String describe() {
    return "events of severity >= " + minSeverity
        + (category == null ? "" : ", category " + category)
        + (source == null ? "" : ", source " + source) + " " + spec.scope();
  }

  @Override
  List<String[]> problems() {
    return spec.problems(true, true);
  }
}
