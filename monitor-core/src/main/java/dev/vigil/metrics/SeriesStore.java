package dev.vigil.metrics;

import static java.util.Objects.requireNonNull;

import dev.vigil.metrics.internal.InMemorySeriesStore;
import dev.vigil.metrics.internal.KeyedHandles;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Keeps the recent history of metric series and answers window queries on it: the store behind
 * alert rules (thresholds over a time window or the last N values, ratios, group-by a tag) and
 * dashboard charts.
 *
 * <p>A series is a <b>counter</b> ({@link #add}) or a <b>distribution</b> ({@link #record}),
 * decided by its first write; writes of the other kind to it are ignored. Windows are made of
 * time buckets, so a window's actual interval is aligned to bucket boundaries: {@link
 * WindowStats#from()} says where it starts.
 *
 * <p>Implementations are thread-safe. Writes never throw (null arguments aside) and never block
 * for long; they may be dropped, and counted, when the store is full. Reads may throw {@link
 * IllegalArgumentException} for invalid arguments only. {@link #inMemory()} is the built-in
 * implementation; other implementations (a database, a cluster) may come later.
 */
public interface SeriesStore extends AutoCloseable {

  /** Returns an in-memory store with the {@linkplain SeriesOptions#ofDefaults() defaults}. */
  static SeriesStore inMemory() {
    return inMemory(SeriesOptions.ofDefaults());
  }

  /** Returns an in-memory store configured by {@code options}; close it when done. */
  static SeriesStore inMemory(SeriesOptions options) {
    return InMemorySeriesStore.create(requireNonNull(options, "options"));
  }

  /**
   * Adds {@code amount} to the counter series {@code key}; amounts that are not positive and
   * finite are ignored.
   */
  void add(SeriesKey key, double amount);

  /**
   * Records {@code value} in the distribution series {@code key}; values that are not finite are
   * ignored.
   */
  void record(SeriesKey key, double value);

  /**
   * Returns a handle on the counter series {@code key}, creating the series if needed, or empty if
   * the store cannot take it (it is full, or {@code key} is a distribution). Handles from stores
   * that keep series in memory write to them with no lookup.
   *
   * <p>The default implementation returns a handle that calls {@link #add} and counts its own
   * total.
   */
  default Optional<SeriesCounter> counter(SeriesKey key) {
    return Optional.of(KeyedHandles.counter(this, requireNonNull(key, "key")));
  }

  /**
   * Returns a handle on the distribution series {@code key}, creating the series if needed, or
   * empty if the store cannot take it (it is full, or {@code key} is a counter).
   *
   * <p>The default implementation returns a handle that calls {@link #record}.
   */
  default Optional<SeriesDistribution> distribution(SeriesKey key) {
    return Optional.of(KeyedHandles.distribution(this, requireNonNull(key, "key")));
  }

  /**
   * Returns the statistics of series {@code key} over the time window of length {@code window}
   * ending now. The window is aligned to the buckets: it starts at the first bucket boundary at or
   * after {@code now - window} (so it covers between {@code window - bucket width} and {@code
   * window}), and it always includes the current, partly elapsed bucket. Windows longer than the
   * store's retention are cut to it.
   *
   * @return the statistics, with count 0 if the series is unknown or had nothing in the window
   * @throws IllegalArgumentException if {@code window} is not positive
   */
  WindowStats window(SeriesKey key, Duration window);

  /**
   * Returns the statistics of the last {@code n} values of distribution series {@code key}, from
   * the time of the oldest of them to now. When fewer values are kept, all kept values count.
   *
   * @return the statistics, with count 0 if the series is unknown or a counter
   * @throws IllegalArgumentException if {@code n} is not positive
   */
  WindowStats lastSamples(SeriesKey key, int n);

  /**
   * Returns the keys of all series named {@code name}, whatever their tags: the groups of an alert
   * rule that groups by a tag.
   *
   * @return an unmodifiable snapshot that never changes, empty if there are none; a store may
   *     return the same instance again while no series of that name was added, which lets the
   *     alert engine reuse what it derived from it
   */
  Set<SeriesKey> keys(String name);

  /**
   * Returns consecutive statistics of series {@code key} over the window of length {@code window}
   * ending now, one per {@code step}, oldest first, for charts. The step is rounded up to a
   * multiple of the bucket width serving the window, and the points are aligned to multiples of
   * it, so they stay put as time passes: a point that would start before the window is left out,
   * and the last point is the partly elapsed one. A window narrower than a step gives the one
   * point holding now.
   *
   * @return the points, empty if the series is unknown
   * @throws IllegalArgumentException if {@code window} or {@code step} is not positive
   */
  List<WindowStats> buckets(SeriesKey key, Duration window, Duration step);

  /**
   * Returns how many times a new series was refused because the store was full. A series refused
   * again is counted again.
   */
  long droppedSeries();

  /**
   * Releases what the store holds beyond its memory (a background clock, connections). The
   * default does nothing. Closing twice has no further effect.
   */
  @Override
  default void close() {}
}
