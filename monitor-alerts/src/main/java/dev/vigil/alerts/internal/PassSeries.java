package dev.vigil.alerts.internal;

import static java.util.Objects.requireNonNull;

import dev.vigil.metrics.SeriesCounter;
import dev.vigil.metrics.SeriesDistribution;
import dev.vigil.metrics.SeriesKey;
import dev.vigil.metrics.SeriesStore;
import dev.vigil.metrics.WindowStats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A view of a {@link SeriesStore} for one evaluation pass over many rules: it reads each name's
 * keys, each (series, window) and each (series, last samples) once per pass and indexes the keys
 * by tag (and remembers the keys of each filter of several tags), so that rules sharing series
 * and filters do not repeat the work. Writes go to the underlying store. Not thread-safe: one
 * pass, on one thread, then discard it. The windows do not move during the pass (the pass reads
 * them as of its first read of each).
 */
public final class PassSeries implements SeriesStore {

  private final SeriesStore store;
  private final Indexes kept;
  private final Map<String, Index> indexes = new HashMap<>();
  private final Map<SeriesKey, Map<Object, WindowStats>> stats = new HashMap<>();

  /** Returns a pass over {@code store} that keeps nothing for the next pass. */
  public PassSeries(SeriesStore store) {
    this(store, new Indexes());
  }

  /**
   * Returns a pass over {@code store} that reuses the indexes {@code kept} from earlier passes
   * for each series name whose keys are still the same set instance (a {@link SeriesStore} hands
   * out the same snapshot until a series of that name is added), and keeps its own there.
   */
  public PassSeries(SeriesStore store, Indexes kept) {
    this.store = requireNonNull(store, "store");
    this.kept = requireNonNull(kept, "kept");
  }

  /**
   * The indexes of one pass kept for the next: by series name, with the keys of the filters
   * found. Not thread-safe: one pass at a time.
   */
  public static final class Indexes {
    private final Map<String, Index> byName = new HashMap<>();
  }

  /** Returns the keys of {@code name} that have every tag of {@code filter}, from the index. */
  public Collection<SeriesKey> keys(String name, Map<String, String> filter) {
    return keys(name, filter, filter.size() > 1 ? SeriesGroups.filterId(filter) : "");
  }

  /**
   * Returns the keys of {@code name} that have every tag of {@code filter}, from the index;
   * {@code filterId} is {@link SeriesGroups#filterId(Map)} of {@code filter}, which callers may
   * cache.
   */
  public Collection<SeriesKey> keys(String name, Map<String, String> filter, String filterId) {
    Index index = index(name);
    if (filter.isEmpty()) {
      return index.all;
    }
    Collection<SeriesKey> known = filter.size() > 1 ? index.byFilter.get(filterId) : null;
    if (known != null) {
      return known;
    }
    List<SeriesKey> narrowest = null;
    for (Map.Entry<String, String> tag : filter.entrySet()) {
      Map<String, List<SeriesKey>> byValue = index.byTag.get(tag.getKey());
      List<SeriesKey> candidates = byValue == null ? null : byValue.get(tag.getValue());
      if (candidates == null) {
        return List.of();
      }
      if (narrowest == null || candidates.size() < narrowest.size()) {
        narrowest = candidates;
      }
    }
    if (filter.size() == 1) {
      return narrowest;
    }
    List<SeriesKey> matching = new ArrayList<>(narrowest.size());
    for (SeriesKey key : narrowest) {
      if (SeriesGroups.matches(key, filter)) {
        matching.add(key);
      }
    }
    List<SeriesKey> kept = Collections.unmodifiableList(matching);
    index.byFilter.put(filterId, kept);
    return kept;
  }

  private Index index(String name) {
    Index index = indexes.get(name);
    if (index == null) {
      Set<SeriesKey> keys = store.keys(name);
      index = kept.byName.get(name);
      if (index == null || index.set != keys) {
        index = new Index(keys);
        kept.byName.put(name, index);
      }
      indexes.put(name, index);
    }
    return index;
  }

  @Override
  public Set<SeriesKey> keys(String name) {
    return index(name).set;
  }

  @Override
  public WindowStats window(SeriesKey key, Duration window) {
    Map<Object, WindowStats> byScope = stats.computeIfAbsent(key, k -> new HashMap<>());
    WindowStats s = byScope.get(window);
    if (s == null) {
      s = store.window(key, window);
      byScope.put(window, s);
    }
    return s;
  }

  @Override
  public WindowStats lastSamples(SeriesKey key, int n) {
    Map<Object, WindowStats> byScope = stats.computeIfAbsent(key, k -> new HashMap<>());
    Integer scope = n;
    WindowStats s = byScope.get(scope);
    if (s == null) {
      s = store.lastSamples(key, n);
      byScope.put(scope, s);
    }
    return s;
  }

  @Override
  public void add(SeriesKey key, double amount) {
    store.add(key, amount);
  }

  @Override
  public void record(SeriesKey key, double value) {
    store.record(key, value);
  }

  @Override
  public Optional<SeriesCounter> counter(SeriesKey key) {
    return store.counter(key);
  }

  @Override
  public Optional<SeriesDistribution> distribution(SeriesKey key) {
    return store.distribution(key);
  }

  @Override
  public List<WindowStats> buckets(SeriesKey key, Duration window, Duration step) {
    return store.buckets(key, window, step);
  }

  @Override
  public long droppedSeries() {
    return store.droppedSeries();
  }

  /** The keys of one name, and the same by tag key and value. */
  private static final class Index {
    final Set<SeriesKey> set;
    final List<SeriesKey> all;
    final Map<String, Map<String, List<SeriesKey>>> byTag = new HashMap<>();
    /** The keys of filters of two or more tags, by filter id, as found this pass. */
    final Map<String, Collection<SeriesKey>> byFilter = new HashMap<>();

    Index(Set<SeriesKey> keys) {
      this.set = keys;
      this.all = List.copyOf(keys);
      for (SeriesKey key : all) {
        for (Map.Entry<String, String> tag : key.tags().entrySet()) {
          byTag.computeIfAbsent(tag.getKey(), k -> new HashMap<>())
              .computeIfAbsent(tag.getValue(), v -> new ArrayList<>()).add(key);
        }
      }
    }
  }
}
