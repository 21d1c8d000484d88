package dev.vigil.metrics.internal;

import static java.util.Objects.requireNonNull;

import dev.vigil.metrics.SeriesCounter;
import dev.vigil.metrics.SeriesDistribution;
import dev.vigil.metrics.SeriesKey;
import dev.vigil.metrics.SeriesOptions;
import dev.vigil.metrics.SeriesStore;
import dev.vigil.metrics.WindowStats;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * The built-in {@link SeriesStore}: every series in memory, in rings of time buckets (see {@link
 * SeriesOptions} for their sizes and the memory they take).
 *
 * <p>Threading: series are found in a {@link ConcurrentHashMap}; new series are created under one
 * lock, which is also what keeps their number at most {@link SeriesOptions#maxSeries()}. Series are
 * never removed. Each series has its own threading model ({@link Series}): writes take no lock,
 * reads lock one series at a time. With the system clock, the store holds the shared {@link
 * CoarseClock} thread until {@link #close()}; a closed store still works, but writers then see a
 * frozen time, so writes made after close are bucketed by the time of the next read.
 */
public final class InMemorySeriesStore implements SeriesStore {

  private final BucketLayout layout;
  private final int maxSeries;
  private final ConcurrentHashMap<SeriesKey, Series> series = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Set<SeriesKey>> byName = new ConcurrentHashMap<>();
  private final LongAdder dropped = new LongAdder();
  private final Object createLock = new Object();
  private final AtomicBoolean closed = new AtomicBoolean();

  private InMemorySeriesStore(SeriesOptions options) {
    this.layout = new BucketLayout(options);
    this.maxSeries = options.maxSeries();
    if (layout.systemClock) {
      CoarseClock.acquire();
    }
  }

  /** Returns a new store; use {@link SeriesStore#inMemory(SeriesOptions)}. */
  public static InMemorySeriesStore create(SeriesOptions options) {
    return new InMemorySeriesStore(requireNonNull(options, "options"));
  }

  @Override
  public void add(SeriesKey key, double amount) {
    Series s = find(key, true);
    if (s instanceof CounterSeries) {
      ((CounterSeries) s).increment(amount);
    }
  }

  @Override
  public void record(SeriesKey key, double value) {
    Series s = find(key, false);
    if (s instanceof DistributionSeries) {
      ((DistributionSeries) s).record(value);
    }
  }

  @Override
  public Optional<SeriesCounter> counter(SeriesKey key) {
    Series s = find(key, true);
    return s instanceof CounterSeries ? Optional.of((CounterSeries) s) : Optional.empty();
  }

  @Override
  public Optional<SeriesDistribution> distribution(SeriesKey key) {
    Series s = find(key, false);
    return s instanceof DistributionSeries
        ? Optional.of((DistributionSeries) s) : Optional.empty();
  }

  /** Returns the series {@code key}, creating it as a counter or distribution, or null if full. */
  private Series find(SeriesKey key, boolean counter) {
    Series s = series.get(requireNonNull(key, "key"));
    if (s != null) {
      return s;
    }
    synchronized (createLock) {
      s = series.get(key);
      if (s == null) {
        if (series.size() >= maxSeries) {
          dropped.increment();
          return null;
        }
        s = counter ? new CounterSeries(key, layout) : new DistributionSeries(key, layout);
        // copy on write: keys(name) hands out the same snapshot until a series is added
        Set<SeriesKey> names = new HashSet<>(byName.getOrDefault(key.name(), Set.of()));
        names.add(key);
        byName.put(key.name(), Set.copyOf(names));
        series.put(key, s);
      }
      return s;
    }
  }

  @Override
  public WindowStats window(SeriesKey key, Duration window) {
    long w = positiveMillis(window, "window");
    long now = layout.readTime();
    Series s = series.get(requireNonNull(key, "key"));
    return s == null ? Series.empty(now - w, now) : s.window(now, w);
  }

  @Override
  public WindowStats lastSamples(SeriesKey key, int n) {
    if (n <= 0) {
      throw new IllegalArgumentException("n must be positive but was " + n);
    }
    long now = layout.readTime();
    Series s = series.get(requireNonNull(key, "key"));
    return s == null ? Series.empty(now, now) : s.lastValues(now, n);
  }

  @Override
  public Set<SeriesKey> keys(String name) {
    return byName.getOrDefault(requireNonNull(name, "name"), Set.of());
  }

  @Override
  public List<WindowStats> buckets(SeriesKey key, Duration window, Duration step) {
    long w = positiveMillis(window, "window");
    long st = positiveMillis(step, "step");
    Series s = series.get(requireNonNull(key, "key"));
    return s == null ? List.of() : s.buckets(layout.readTime(), w, st);
  }

  @Override
  public long droppedSeries() {
    return dropped.sum();
  }

  /** Returns the number of series held. */
  public int size() {
    return series.size();
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true) && layout.systemClock) {
      CoarseClock.release();
    }
  }

  private static long positiveMillis(Duration d, String what) {
    requireNonNull(d, what);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(what + " must be positive but was " + d);
    }
    try {
      return Math.max(1, d.toMillis());
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE / 4;
    }
  }

  @Override
  public String toString() {
    return "InMemorySeriesStore[" + series.size() + "/" + maxSeries + " series]";
  }
}
