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
 * Breaches when a series had no sample over a time window, such as a heartbeat that stopped;
 * made by {@link Condition#absent}. Its value is the count in the window. Immutable and
 * thread-safe.
 *
 * <p>Without group-by tags it breaches also when the series never existed. With group-by tags
 * it can only see groups that have a series in the store: a group that never reported is not
 * known.
 */
public final class AbsenceCondition extends Condition {

  private final String series;

  AbsenceCondition(String series, Spec spec) {
    super(spec);
    this.series = series;
  }

  /** Returns a copy that watches only series with tag {@code key} set to {@code value}. */
  public AbsenceCondition where(String key, String value) {
    return new AbsenceCondition(series, spec.where(key, value));
  }

  /** Returns a copy that looks for samples in the window of length {@code window} ending now. */
  public AbsenceCondition over(Duration window) {
    return new AbsenceCondition(series, spec.over(window));
  }

  @Override
  public Map<SortedMap<String, String>, Reading> evaluate(SeriesStore store,
      List<String> groupBy) {
    requireNonNull(store, "store");
    requireNonNull(groupBy, "groupBy");
    String what = description();
    Map<SortedMap<String, String>, Reading> readings = new LinkedHashMap<>();
    SeriesGroups.group(store, series, spec.filter(), groupBy)
        .forEach((group, keys) -> {
          long count = 0;
          for (SeriesKey key : keys) {
            count += store.window(key, spec.window()).count();
          }
          boolean absent = count == 0;
          readings.put(group, new Reading(count, absent, !absent,
              what + ": " + count + " samples"));
        });
    return Collections.unmodifiableMap(readings);
  }

  @Override
  public String describe() {
    return "no sample of " + series + (spec.filter().isEmpty() ? "" : spec.filter()) + " "
        + spec.scope();
  }

  @Override
  List<String[]> problems() {
    List<String[]> problems = spec.problems(true, false);
    if (series.isEmpty()) {
      problems.add(0, new String[] {"condition.series", "must not be empty"});
    }
    return problems;
  }
}
