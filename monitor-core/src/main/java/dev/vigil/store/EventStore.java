package dev.vigil.store;

import dev.vigil.MonitorEvent;
import java.time.Instant;
import java.util.List;

/**
 * Keeps classified events and their groups, and answers the queries of the dashboard, the
 * Actuator endpoint and the alert engine.
 *
 * <p>Threading: {@link #append} is called by one thread at a time per store instance (the
 * pipeline of the monitor that owns it), in batches, never on an application thread; queries may come from any thread at any time,
 * concurrently with appends. Implementations must be thread-safe in that sense and should make an
 * appended batch visible to queries at once. A store that does I/O (the JDBC store) may block in
 * {@code append}; the pipeline's bounded queue absorbs that, and events are dropped and counted if
 * the store falls behind for long.
 *
 * <p>Groups: a store keeps one {@link EventGroup} per fingerprint, counting every appended
 * event, even after the event itself has been evicted.
 *
 * <p>Identity: {@link MonitorEvent#id()} is unique within one monitor's run only; a store shared
 * by several monitors or kept across restarts must key events by its own id (cursors are opaque
 * strings for that reason). {@link #size()} and {@link #groupCount()} back gauges read at every
 * metrics scrape: a store where they are expensive should cache them.
 *
 * <p>{@link #inMemory(int)} gives the default store, bounded by count and age.
 */
public interface EventStore extends AutoCloseable {

  /**
   * Stores a batch of events, given in capture order (increasing {@link MonitorEvent#id()}),
   * and updates their groups.
   */
  void append(List<MonitorEvent> events);

  /** Returns the stored events that match the query, newest first, one page at a time. */
  Page<MonitorEvent> find(EventQuery query);

  /**
   * Returns the groups whose latest event matches the query, the most recently seen first, one
   * page at a time; the query's time range applies to when groups were last seen. Each group's
   * count is since first seen.
   */
  Page<EventGroup> groups(EventQuery query);

  /**
   * Returns counts of the stored events that happened in {@code [from, to)}, with the
   * {@code topGroups} largest groups of that window.
   */
  EventStats stats(Instant from, Instant to, int topGroups);

  /**
   * Deletes the events that happened before {@code cutoff}, and the groups last seen before it.
   * Called periodically by the monitor that owns the store.
   *
   * @return how many events were deleted
   */
  long deleteBefore(Instant cutoff);

  /** Returns how many events are stored. */
  long size();

  /** Returns how many groups are kept. */
  long groupCount();

  /**
   * Returns how many appended events this store has lost since it was created: events it
   * accepted in {@link #append} but could not keep, such as those a store that writes to a
   * database buffers while the database is down and drops once that buffer is full, or those the
   * database rejects. Events removed by eviction or {@link #deleteBefore} do not count. Backs the
   * {@code vigil.store.dropped} counter, read at every metrics scrape: must be cheap and must not
   * block. The default returns 0, for stores that never lose an event they accepted.
   */
  default long droppedCount() {
    return 0;
  }

  /** Releases the store's resources; the default does nothing. */
  @Override
  default void close() {}

  /**
   * Returns a store that keeps events in memory: at most {@code maxEvents} (the oldest are
   * evicted first) and at most {@code maxEvents} groups (the least recently seen are evicted).
   * A monitor removes older events through {@link #deleteBefore} as its retention says.
   *
   * <p>Memory: about 1 KiB per event with a 200-char message and a short context, more with
   * exception summaries (at most {@code ExceptionSummary.MAX_FRAMES} frames each).
   *
   * @throws IllegalArgumentException if {@code maxEvents} is not positive
   */
  static EventStore inMemory(int maxEvents) {
    return new InMemoryEventStore(maxEvents);
  }
}
