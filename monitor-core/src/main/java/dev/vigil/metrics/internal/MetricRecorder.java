package dev.vigil.metrics.internal;

import static java.util.Objects.requireNonNull;

import dev.vigil.metrics.SeriesCounter;
import dev.vigil.metrics.SeriesDistribution;
import dev.vigil.metrics.SeriesKey;
import dev.vigil.metrics.SeriesStore;
import dev.vigil.metrics.internal.MeteredHandles.MeteredCounter;
import dev.vigil.metrics.internal.MeteredHandles.MeteredDistribution;
import dev.vigil.metrics.internal.MeteredHandles.MeteredTimer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.search.Search;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Feeds each increment, value and timing to both a {@link SeriesStore} (windows for alerts and
 * charts) and a Micrometer {@link MeterRegistry}: what the {@code Monitor}'s {@code increment},
 * {@code record} and {@code time} methods delegate to.
 *
 * <h2>Meters</h2>
 *
 * <p>A counter becomes a Micrometer {@link FunctionCounter} that reads the series' own cumulative
 * total, so an increment writes one adder for both sides. Consequences: the application must not
 * register a plain {@link Counter} under the same name and tags afterwards (Micrometer refuses a
 * second meter type for one id, and {@code registry.counter(...)} would throw); if a plain {@code
 * Counter} exists before, this recorder finds it and writes to it as well (two additions per
 * increment); if a meter of another type holds the id, the series is kept in the store only.
 * Distributions become {@link DistributionSummary}s and timings {@link Timer}s (the series holds
 * milliseconds), written next to the series, so the registry's meter filters, histograms and
 * percentiles apply to them. Micrometer failures (a type clash) are caught: the series is then
 * kept in the store only. Nothing here logs.
 *
 * <h2>Lookups</h2>
 *
 * <p>Name-based calls find their handle in a {@link HandleTable} keyed by the name and the tag
 * array as passed, comparing strings by identity and cached hash codes: no {@link SeriesKey},
 * Micrometer {@link Tags} or {@link Meter.Id} is built after the first call. Resolving a new name
 * and tags is slow (key validation, Micrometer registration) and serialized by one lock.
 *
 * <h2>Cardinality</h2>
 *
 * <p>When the store refuses a new series (it is full: {@link SeriesStore#droppedSeries()} counts
 * it), the handle writes to Micrometer only: Micrometer still records it, and bounding meters
 * there is the job of the registry's own filters ({@code MeterFilter.maximumAllowableTags}). This
 * recorder holds at most {@code maxHandles} handles of each kind; past that, calls with new names
 * or tags are not cached, and each one validates its tags and looks its meter up in the registry
 * (correct, but slower than Micrometer alone), so memory stays bounded.
 *
 * <h2>Errors and threading</h2>
 *
 * <p>Thread-safe. Recording methods never throw, except for invalid arguments: a null name or
 * tag ({@link NullPointerException}) or an odd number of tag strings ({@link
 * IllegalArgumentException}); timed tasks may throw their own exceptions, which propagate after
 * the timing is recorded.
 */
public final class MetricRecorder {

  /** The default limit on cached handles of each kind (counters, distributions, timers). */
  public static final int DEFAULT_MAX_HANDLES = 10_000;

  private final SeriesStore store;
  private final MeterRegistry registry;
  private final int maxHandles;
  private final HandleTable counterTable;
  private final HandleTable distributionTable;
  private final HandleTable timerTable;
  private final Object lock = new Object();
  // guarded by lock
  private final Map<SeriesKey, SeriesCounter> counters = new HashMap<>();
  private final Map<SeriesKey, SeriesDistribution> distributions = new HashMap<>();
  private final Map<SeriesKey, SeriesDistribution> timers = new HashMap<>();
  private final List<Meter> created = new ArrayList<>(); // meters this recorder registered

  /** Returns a recorder caching up to {@link #DEFAULT_MAX_HANDLES} handles of each kind. */
  public MetricRecorder(SeriesStore store, MeterRegistry registry) {
    this(store, registry, DEFAULT_MAX_HANDLES);
  }

  /**
   * Returns a recorder writing to {@code store} and {@code registry}.
   *
   * @param maxHandles how many handles of each kind to cache (series, and tag orders, beyond that
   *     take the slow path on every call)
   * @throws IllegalArgumentException if {@code maxHandles} is not positive
   */
  public MetricRecorder(SeriesStore store, MeterRegistry registry, int maxHandles) {
    this.store = requireNonNull(store, "store");
    this.registry = requireNonNull(registry, "registry");
    if (maxHandles <= 0) {
      throw new IllegalArgumentException("maxHandles must be positive but was " + maxHandles);
    }
    this.maxHandles = maxHandles;
    // a series may be reached by several tag orders: leave the tables room for some
    int tableEntries = (int) Math.min(Integer.MAX_VALUE / 4, 2L * maxHandles);
    this.counterTable = new HandleTable(tableEntries);
    this.distributionTable = new HandleTable(tableEntries);
    this.timerTable = new HandleTable(tableEntries);
  }

  /** Returns the store series are written to. */
  public SeriesStore store() {
    return store;
  }

  /** Returns the registry meters are written to. */
  public MeterRegistry registry() {
    return registry;
  }

  /** Adds 1 to counter {@code name} with {@code tags}. */
  public void increment(String name, String... tags) {
    counter(name, tags).increment();
  }

  /** Adds {@code amount} to counter {@code name} with {@code tags} if it is positive and finite. */
  public void increment(String name, double amount, String... tags) {
    counter(name, tags).increment(amount);
  }

  /** Records {@code value} in distribution {@code name} with {@code tags}, if it is finite. */
  public void record(String name, double value, String... tags) {
    distribution(name, tags).record(value);
  }

  /** Records {@code duration} in timer {@code name} with {@code tags}, if it is not negative. */
  public void time(String name, Duration duration, String... tags) {
    timer(name, tags).record(duration);
  }

  /** Runs {@code task} and records its duration in timer {@code name} with {@code tags}. */
  public void time(String name, Runnable task, String... tags) {
    timer(name, tags).time(task);
  }

  /** Calls {@code task}, records its duration in timer {@code name}, and returns its result. */
  public <T> T time(String name, Supplier<T> task, String... tags) {
    return timer(name, tags).time(task);
  }

  /**
   * Returns the handle on counter {@code name} with {@code tags}, the same instance for the same
   * series while the cache has room.
   */
  public SeriesCounter counter(String name, String... tags) {
    Object h = counterTable.get(requireNonNull(name, "name"), requireNonNull(tags, "tags"));
    return h != null ? (SeriesCounter) h : resolveCounter(name, tags);
  }

  /** Returns the handle on distribution {@code name} with {@code tags}. */
  public SeriesDistribution distribution(String name, String... tags) {
    Object h = distributionTable.get(requireNonNull(name, "name"), requireNonNull(tags, "tags"));
    return h != null ? (SeriesDistribution) h : resolveDistribution(name, tags, false);
  }

  /**
   * Returns the handle on timer {@code name} with {@code tags}: a distribution in milliseconds
   * whose Micrometer side is a {@link Timer}.
   */
  public SeriesDistribution timer(String name, String... tags) {
    Object h = timerTable.get(requireNonNull(name, "name"), requireNonNull(tags, "tags"));
    return h != null ? (SeriesDistribution) h : resolveDistribution(name, tags, true);
  }

  private SeriesCounter resolveCounter(String name, String[] tags) {
    SeriesKey key = SeriesKey.of(name, tags);
    synchronized (lock) {
      SeriesCounter h = counters.get(key);
      if (h == null) {
        if (counters.size() >= maxHandles) {
          return uncachedCounter(key);
        }
        h = newCounter(key);
        counters.put(key, h);
      }
      counterTable.put(name, tags, h);
      return h;
    }
  }

  private SeriesDistribution resolveDistribution(String name, String[] tags, boolean timer) {
    SeriesKey key = SeriesKey.of(name, tags);
    Map<SeriesKey, SeriesDistribution> handles = timer ? timers : distributions;
    synchronized (lock) {
      SeriesDistribution h = handles.get(key);
      if (h == null) {
        if (handles.size() >= maxHandles) {
          return newDistribution(key, timer);
        }
        h = newDistribution(key, timer);
        handles.put(key, h);
      }
      (timer ? timerTable : distributionTable).put(name, tags, h);
      return h;
    }
  }

  private SeriesCounter newCounter(SeriesKey key) {
    SeriesCounter series = store.counter(key).orElse(null);
    if (series == null) { // the store is full: Micrometer only
      Counter meter = plainCounter(key);
      return meter == null ? MeteredHandles.NO_COUNTER
          : new MeteredCounter(MeteredHandles.NO_COUNTER, meter);
    }
    Tags tags = tags(key);
    Meter existing = exactMeter(key, tags);
    if (existing == null) {
      try {
        created.add(FunctionCounter.builder(key.name(), series, SeriesCounter::count)
            .tags(tags)
            .register(registry));
        return series;
      } catch (RuntimeException e) {
        existing = plainCounter(key); // a meter of another type appeared: use it if it counts
      }
    }
    return existing instanceof Counter ? new MeteredCounter(series, (Counter) existing) : series;
  }

  /** Returns a handle on a series the cache has no room for; Micrometer gets a plain counter. */
  private SeriesCounter uncachedCounter(SeriesKey key) {
    SeriesCounter series = counters.get(key);
    if (series == null) {
      series = store.counter(key).orElse(MeteredHandles.NO_COUNTER);
    }
    Counter meter = plainCounter(key);
    return meter == null ? series : new MeteredCounter(series, meter);
  }

  private SeriesDistribution newDistribution(SeriesKey key, boolean timer) {
    SeriesDistribution series = store.distribution(key).orElse(MeteredHandles.NO_DISTRIBUTION);
    Tags tags = tags(key);
    boolean fresh = exactMeter(key, tags) == null;
    try {
      Meter meter = timer
          ? Timer.builder(key.name()).tags(tags).register(registry)
          : DistributionSummary.builder(key.name()).tags(tags).register(registry);
      if (fresh) {
        created.add(meter);
      }
      return timer ? new MeteredTimer(series, (Timer) meter)
          : new MeteredDistribution(series, (DistributionSummary) meter);
    } catch (RuntimeException e) { // a meter of another type holds the name and tags
      return series;
    }
  }

  private Counter plainCounter(SeriesKey key) {
    try {
      return registry.counter(key.name(), tags(key));
    } catch (RuntimeException e) { // a meter of another type holds the name and tags
      return null;
    }
  }

  /** Returns the meter registered under exactly this name and these tags, or null. */
  private Meter exactMeter(SeriesKey key, Tags tags) {
    try {
      for (Meter m : Search.in(registry).name(key.name()).tags(tags).meters()) {
        if (m.getId().getTags().size() == key.tags().size()) {
          return m;
        }
      }
    } catch (RuntimeException e) {
      // a registry that cannot be searched: register and see
    }
    return null;
  }

  private static Tags tags(SeriesKey key) {
    List<Tag> tags = new ArrayList<>(key.tags().size());
    key.tags().forEach((k, v) -> tags.add(Tag.of(k, v)));
    return Tags.of(tags);
  }

  /**
   * Removes from the registry the meters this recorder registered (not those the application
   * registered itself), so that a closed monitor leaves nothing behind in a long-lived registry.
   * Handles keep working on their series afterwards, without Micrometer.
   */
  public void removeMeters() {
    synchronized (lock) {
      created.forEach(registry::remove);
      created.clear();
    }
  }

  @Override
  public String toString() {
    return "MetricRecorder[" + store + ", " + registry.getClass().getSimpleName() + "]";
  }
}
