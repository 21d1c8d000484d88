package dev.vigil;

/**
 * The names of the meters a {@link Monitor} registers. Every meter carries a {@code monitor} tag
 * (the monitor's name); tag values are bounded (no message or id is ever a tag).
 */
public final class VigilMeters {

  /** Counter of classified events, tagged {@code severity}, {@code category}, {@code source}. */
  public static final String EVENTS = "vigil.events";

  /** Counter of events dropped because the capture queue was full or the monitor closed. */
  public static final String QUEUE_DROPPED = "vigil.queue.dropped";

  /** Gauge of the events waiting in the capture queue. */
  public static final String QUEUE_DEPTH = "vigil.queue.depth";

  /** Gauge of the events in the store. */
  public static final String STORE_SIZE = "vigil.store.size";

  /**
   * Counter of the events the store accepted but lost ({@code EventStore.droppedCount()}): a
   * database store's outage buffer overflowed, or the database rejected them.
   */
  public static final String STORE_DROPPED = "vigil.store.dropped";

  /** Gauge of the groups of repeated events in the store. */
  public static final String GROUPS = "vigil.groups";

  /** Counter of the events live listeners lost because their buffer was full. */
  public static final String LISTENER_DROPPED = "vigil.listener.dropped";

  /** Counter of events lost to an unexpected failure of the pipeline or the store. */
  public static final String PIPELINE_FAILURES = "vigil.pipeline.failures";

  /** Counter of metric series refused by the series store's cardinality cap (not windowed). */
  public static final String SERIES_DROPPED = "vigil.series.dropped";

  private VigilMeters() {}
}
