package dev.vigil.alerts.internal;

import dev.vigil.metrics.SeriesKey;
import dev.vigil.metrics.SeriesStore;
import dev.vigil.metrics.WindowStats;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Predicate;

/** Groups series by tag values and combines their statistics. Stateless. */
public final class SeriesGroups {

  private SeriesGroups() {}

  /**
   * Returns the series named {@code name} that pass {@code filter}, grouped by the values of the
   * {@code groupBy} tags (a tag a series lacks is left out of its group). Without group-by tags
   * the result always holds the empty group, even with no series.
   */
  public static Map<SortedMap<String, String>, List<SeriesKey>> group(SeriesStore store,
      String name, Predicate<SeriesKey> filter, List<String> groupBy) {
    Map<SortedMap<String, String>, List<SeriesKey>> groups = new LinkedHashMap<>();
    if (groupBy.isEmpty()) {
      groups.put(Collections.emptySortedMap(), new ArrayList<>());
    }
    for (SeriesKey key : store.keys(name)) {
      if (filter.test(key)) {
        groups.computeIfAbsent(groupOf(key, groupBy), g -> new ArrayList<>()).add(key);
      }
    }
    return groups;
  }

  /**
   * Returns the series named {@code name} whose tags include {@code filter}, grouped as by {@link
   * #group(SeriesStore, String, Predicate, List)}; from the tag index when {@code store} is a
   * {@link PassSeries}.
   */
  public static Map<SortedMap<String, String>, List<SeriesKey>> group(SeriesStore store,
      String name, Map<String, String> filter, List<String> groupBy) {
    Map<SortedMap<String, String>, List<SeriesKey>> groups = new LinkedHashMap<>();
    if (groupBy.isEmpty()) {
      groups.put(Collections.emptySortedMap(), new ArrayList<>());
    }
    for (SeriesKey key : keys(store, name, filter)) {
      groups.computeIfAbsent(groupOf(key, groupBy), g -> new ArrayList<>()).add(key);
    }
    return groups;
  }

  /**
   * Returns the keys of the series named {@code name} whose tags include {@code filter}; from the
   * tag index when {@code store} is a {@link PassSeries}.
   */
  public static Collection<SeriesKey> keys(SeriesStore store, String name,
      Map<String, String> filter) {
    if (store instanceof PassSeries pass) {
      return pass.keys(name, filter);
    }
    List<SeriesKey> matching = new ArrayList<>();
    for (SeriesKey key : store.keys(name)) {
      if (matches(key, filter)) {
        matching.add(key);
      }
    }
    return matching;
  }

  /**
   * Returns the keys of the series named {@code name} whose tags include {@code filter}, as {@link
   * #keys(SeriesStore, String, Map)} does; {@code filterId} is {@link #filterId(Map)} of {@code
   * filter}.
   */
  public static Collection<SeriesKey> keys(SeriesStore store, String name,
      Map<String, String> filter, String filterId) {
    if (store instanceof PassSeries pass) {
      return pass.keys(name, filter, filterId);
    }
    return keys(store, name, filter);
  }

  /**
   * Returns a string that identifies {@code filter} (equal for equal filters, different for
   * different ones whatever their tags hold): each key and value, length first, in the map's
   * order, which must be sorted.
   */
  public static String filterId(Map<String, String> filter) {
    StringBuilder id = new StringBuilder();
    for (Map.Entry<String, String> tag : filter.entrySet()) {
      id.append(tag.getKey().length()).append(':').append(tag.getKey())
          .append(tag.getValue().length()).append(':').append(tag.getValue());
    }
    return id.toString();
  }

  /** Returns the group of {@code key}: its values of the {@code groupBy} tags. */
  public static SortedMap<String, String> groupOf(SeriesKey key, List<String> groupBy) {
    if (groupBy.isEmpty()) {
      return Collections.emptySortedMap();
    }
    TreeMap<String, String> group = new TreeMap<>();
    for (String tag : groupBy) {
      String value = key.tag(tag);
      if (value != null) {
        group.put(tag, value);
      }
    }
    return Collections.unmodifiableSortedMap(group);
  }

  /** Returns whether {@code key} has every tag of {@code filter} with the same value. */
  public static boolean matches(SeriesKey key, Map<String, String> filter) {
    for (Map.Entry<String, String> tag : filter.entrySet()) {
      if (!tag.getValue().equals(key.tag(tag.getKey()))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Combines the statistics of several series: counts, sums and rates add up, minimum and maximum
   * over all, the mean as total over count (only if some series recorded values), and the
   * largest of the series' {@code q}-quantiles ({@code q} ignored when NaN).
   */
  public static Combined combine(List<WindowStats> stats, double q) {
    long count = 0;
    double sum = 0;
    double min = Double.NaN;
    double max = Double.NaN;
    double rate = 0;
    double percentile = Double.NaN;
    boolean values = false;
    for (WindowStats s : stats) {
      if (s.count() == 0) {
        continue;
      }
      count += s.count();
      sum += s.sum();
      if (!Double.isNaN(s.rate())) {
        rate += s.rate();
      }
      if (!Double.isNaN(s.min())) {
        values = true;
        min = Double.isNaN(min) ? s.min() : Math.min(min, s.min());
        max = Double.isNaN(max) ? s.max() : Math.max(max, s.max());
      }
      if (!Double.isNaN(q)) {
        double p = s.percentile(q);
        if (!Double.isNaN(p)) {
          percentile = Double.isNaN(percentile) ? p : Math.max(percentile, p);
        }
      }
    }
    double mean = values && count > 0 ? sum / count : Double.NaN;
    return new Combined(count, sum, min, max, mean, rate, percentile);
  }

  /** Combined statistics of a group of series. */
  public record Combined(long count, double sum, double min, double max, double mean, double rate,
      double percentile) {}
}
