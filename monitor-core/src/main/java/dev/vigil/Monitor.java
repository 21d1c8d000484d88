package dev.vigil;

import dev.vigil.internal.PipelineMonitor;
import dev.vigil.metrics.SeriesCounter;
import dev.vigil.metrics.SeriesDistribution;
import dev.vigil.metrics.SeriesStore;
import dev.vigil.store.EventGroup;
import dev.vigil.store.EventQuery;
import dev.vigil.store.EventStats;
import dev.vigil.store.EventStore;
import dev.vigil.store.Page;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Vigil's entry point: captures log events and metrics, classifies and stores them, and answers
 * queries about them.
 *
 * <p>Capture never blocks and never throws: the calling thread only copies the event and offers
 * it to a bounded queue; one pipeline thread classifies, redacts, fingerprints, stores, counts
 * and publishes. When the queue is full the event is dropped and counted
 * ({@code vigil.queue.dropped}). {@link #close()} drains what was accepted, within a bounded time.
 *
 * <p>Build one per application with {@link #builder()} and share it; it is thread-safe.
 *
 * <pre>{@code
 * try (Monitor monitor = Monitor.builder().name("checkout").build()) {
 *   monitor.log(LogLevel.ERROR, "Payment provider timed out", exception);
 *   monitor.ingest("whatsapp-gateway", "ERROR Connection refused to 10.0.0.7:5432");
 *   monitor.increment("upload.failure", "platform", "tiktok");
 *   Page<EventGroup> problems = monitor.groups(EventQuery.builder().minSeverity(Severity.ERROR).build());
 * }
 * }</pre>
 */
public interface Monitor extends AutoCloseable {

  /** Returns a builder with Vigil's defaults. */
  static Builder builder() {
    return new Builder();
  }

  // ---- capture ---------------------------------------------------------------------------------

  /**
   * Captures an event of the application's own, from the calling thread.
   *
   * @return {@code true} if the event was queued, {@code false} if it was dropped
   */
  boolean log(LogLevel level, String message);

  /** Captures an event of the application's own with an exception; see {@link #log}. */
  boolean log(LogLevel level, String message, Throwable error);

  /**
   * Starts describing an event with more detail (logger, context, tags, another source…);
   * {@link EventBuilder#capture()} queues it.
   */
  EventBuilder event(LogLevel level, String message);

  /**
   * Captures one line that another service logged. A line that is a JSON object is read as a
   * structured log record (timestamp, level, message, logger, context…); anything else is
   * classified as text, its level inferred from the line.
   *
   * @param source the service the line came from, such as {@code whatsapp-gateway}
   * @return {@code true} if the line was queued, {@code false} if it was dropped
   */
  boolean ingest(String source, String line);

  /** Classifies a line on the calling thread, without capturing it. */
  Classification classify(CharSequence line);

  // ---- metrics ---------------------------------------------------------------------------------

  /**
   * Adds one to a counter, such as {@code increment("upload.failure", "platform", "tiktok")}.
   * Feeds the Micrometer registry and the sliding windows of {@link #series()}.
   *
   * @param tags key/value pairs; their values should be bounded (never an id or a message)
   * @throws IllegalArgumentException if {@code tags} has an odd length
   */
  void increment(String name, String... tags);

  /** Adds {@code amount} to a counter; see {@link #increment(String, String...)}. */
  void increment(String name, double amount, String... tags);

  /** Records a value of a distribution, such as a payload size. */
  void record(String name, double value, String... tags);

  /** Records a duration; the series holds milliseconds, Micrometer a {@code Timer}. */
  void time(String name, Duration duration, String... tags);

  /** Runs a task and records how long it took, even if it throws. */
  void time(String name, Runnable task, String... tags);

  /** Calls a task, records how long it took (even if it throws), and returns its result. */
  <T> T time(String name, Supplier<T> task, String... tags);

  /** Returns a counter handle for hot paths: as cheap as a bare Micrometer counter. */
  SeriesCounter counter(String name, String... tags);

  /** Returns a distribution handle for hot paths. */
  SeriesDistribution distribution(String name, String... tags);

  /** Returns the sliding windows of every recorded metric, for alert rules and charts. */
  SeriesStore series();

  // ---- queries ---------------------------------------------------------------------------------

  /** Returns stored events matching the query, newest first. */
  Page<MonitorEvent> events(EventQuery query);

  /** Returns groups of repeated events matching the query, most recently seen first. */
  Page<EventGroup> groups(EventQuery query);

  /** Returns counts of the events stored in the last {@code window}, with the top 10 groups. */
  EventStats stats(Duration window);

  /**
   * Registers a listener for every stored event, with a buffer of 1,024 events.
   * See {@link EventListener} for the delivery contract.
   */
  Subscription subscribe(EventListener listener);

  /** Registers a listener with a buffer of {@code bufferSize} events. */
  Subscription subscribe(EventListener listener, int bufferSize);

  /** Returns the store events are kept in, for modules that query it directly. */
  EventStore eventStore();

  /** Returns the registry Vigil's meters are registered in. */
  MeterRegistry meterRegistry();

  /** Returns the clock this monitor reads time from. */
  InstantSource clock();

  /** Returns this monitor's name, the source of the application's own events. */
  String name();

  /**
   * Stops accepting events, delivers what was accepted (waiting at most the builder's
   * {@code shutdownTimeout}), then stops the monitor's threads. Idempotent.
   */
  @Override
  void close();

  /**
   * Builds a {@link Monitor}. Every setter validates its argument at once; {@link #build()}
   * starts the monitor's threads. Not thread-safe; a builder can build several monitors.
   */
  final class Builder {
    /** The name (and source of own events) when none is set. */
    public static final String DEFAULT_NAME = "app";

    String name = DEFAULT_NAME;
    Classifier classifier;
    EventStore eventStore;
    SeriesStore seriesStore;
    int maxEvents = 20_000;
    MeterRegistry meterRegistry;
    InstantSource clock = InstantSource.system();
    int queueCapacity = 65_536;
    Duration retention = Duration.ofDays(7);
    Severity storeThreshold = Severity.WARN;
    Redactor redactor = Redactor.defaults();
    Duration shutdownTimeout = Duration.ofSeconds(5);
    int maxMessageLength = 8_192;

    Builder() {}

    /**
     * Names the monitor. The name is the source of the application's own events, and the key
     * the Logback appender and the JUL handler find the monitor by. Default {@value #DEFAULT_NAME}.
     */
    public Builder name(String name) {
      Objects.requireNonNull(name, "name");
      if (name.isBlank() || name.length() > 128) {
        throw new IllegalArgumentException("name must be 1 to 128 non-blank chars but was '"
            + name + "'");
      }
      this.name = name.strip();
      return this;
    }

    /**
     * Sets the classifier. By default the first {@link ClassifierProvider} found by
     * {@link java.util.ServiceLoader} is used ({@code monitor-classifier} provides its default
     * rule pack); without one, events keep the severity of their level.
     */
    public Builder classifier(Classifier classifier) {
      this.classifier = Objects.requireNonNull(classifier, "classifier");
      return this;
    }

    /**
     * Sets the event store. The monitor does not close a store it was given. Default: an
     * in-memory store of {@link #maxEvents} events.
     */
    public Builder eventStore(EventStore eventStore) {
      this.eventStore = Objects.requireNonNull(eventStore, "eventStore");
      return this;
    }

    /**
     * Sets the store of metric windows. The monitor does not close a store it was given.
     * Default: {@code SeriesStore.inMemory} with this builder's clock.
     */
    public Builder seriesStore(SeriesStore seriesStore) {
      this.seriesStore = Objects.requireNonNull(seriesStore, "seriesStore");
      return this;
    }

    /** Sets how many events the default in-memory store keeps; default 20,000. */
    public Builder maxEvents(int maxEvents) {
      this.maxEvents = positive("maxEvents", maxEvents);
      return this;
    }

    /** Sets the registry for Vigil's meters; default a new {@code SimpleMeterRegistry}. */
    public Builder meterRegistry(MeterRegistry meterRegistry) {
      this.meterRegistry = Objects.requireNonNull(meterRegistry, "meterRegistry");
      return this;
    }

    /** Sets the clock; default the system clock. Tests inject one they control. */
    public Builder clock(InstantSource clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** The largest queue capacity: 16 Mi events (the queue allocates 12 bytes per slot). */
    public static final int MAX_QUEUE_CAPACITY = 1 << 24;

    /**
     * Sets how many captured events may wait for the pipeline; default 65,536, at most
     * {@link #MAX_QUEUE_CAPACITY}.
     */
    public Builder queueCapacity(int queueCapacity) {
      if (queueCapacity < 1 || queueCapacity > MAX_QUEUE_CAPACITY) {
        throw new IllegalArgumentException("queueCapacity must be between 1 and "
            + MAX_QUEUE_CAPACITY + " but was " + queueCapacity);
      }
      this.queueCapacity = queueCapacity;
      return this;
    }

    /** Sets how long events are kept; default 7 days. */
    public Builder retention(Duration retention) {
      this.retention = positive("retention", retention);
      return this;
    }

    /**
     * Sets the lowest severity that is stored and published; events below it are classified
     * and counted only. Default {@link Severity#WARN}.
     */
    public Builder storeThreshold(Severity storeThreshold) {
      this.storeThreshold = Objects.requireNonNull(storeThreshold, "storeThreshold");
      return this;
    }

    /** Sets the redactor applied before anything is stored; default {@link Redactor#defaults()}. */
    public Builder redactor(Redactor redactor) {
      this.redactor = Objects.requireNonNull(redactor, "redactor");
      return this;
    }

    /** Sets how long {@link Monitor#close()} waits for accepted events; default 5 seconds. */
    public Builder shutdownTimeout(Duration shutdownTimeout) {
      this.shutdownTimeout = positive("shutdownTimeout", shutdownTimeout);
      return this;
    }

    /** Sets the longest message kept, in chars; longer ones are cut. Default 8,192. */
    public Builder maxMessageLength(int maxMessageLength) {
      if (maxMessageLength < 64) {
        throw new IllegalArgumentException("maxMessageLength must be at least 64 but was "
            + maxMessageLength);
      }
      this.maxMessageLength = maxMessageLength;
      return this;
    }

    /** Builds and starts the monitor. */
    public Monitor build() {
      return PipelineMonitor.start(new PipelineMonitor.Settings(name, classifier, eventStore,
          seriesStore, maxEvents, meterRegistry, clock, queueCapacity, retention, storeThreshold, redactor,
          shutdownTimeout, maxMessageLength));
    }

    private static int positive(String name, int value) {
      if (value < 1) {
        throw new IllegalArgumentException(name + " must be positive but was " + value);
      }
      return value;
    }

    private static Duration positive(String name, Duration value) {
      Objects.requireNonNull(value, name);
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(name + " must be positive but was " + value);
      }
      return value;
    }
  }
}
