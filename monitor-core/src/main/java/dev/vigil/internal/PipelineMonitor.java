package dev.vigil.internal;

import dev.vigil.Classification;
import dev.vigil.Classifier;
import dev.vigil.ClassifierProvider;
import dev.vigil.EventBuilder;
import dev.vigil.EventListener;
import dev.vigil.ExceptionSummary;
import dev.vigil.LogLevel;
import dev.vigil.Monitor;
import dev.vigil.MonitorEvent;
import dev.vigil.Redactor;
import dev.vigil.Severity;
import dev.vigil.Subscription;
import dev.vigil.VigilMeters;
import dev.vigil.internal.json.JsonException;
import dev.vigil.internal.json.JsonLogLine;
import dev.vigil.store.EventGroup;
import dev.vigil.store.EventQuery;
import dev.vigil.store.EventStats;
import dev.vigil.store.EventStore;
import dev.vigil.store.Page;
import dev.vigil.metrics.SeriesCounter;
import dev.vigil.metrics.SeriesDistribution;
import dev.vigil.metrics.SeriesOptions;
import dev.vigil.metrics.SeriesStore;
import dev.vigil.metrics.internal.MetricRecorder;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Monitor}: a bounded queue in front of a pipeline of two threads.
 *
 * <p>Threading: capture methods run on application threads and only build a {@link RawEvent}
 * and offer it to the {@link MpscQueue}. The pipeline thread ({@code vigil-pipeline-<name>})
 * parses, classifies and counts every event; those at or above the store threshold it hands, as
 * a {@link Staged} event, to the store thread ({@code vigil-store-<name>}) through a bounded
 * hand-off, waiting (never dropping) while that is full. The store thread redacts,
 * fingerprints, numbers the events, appends them to the store in batches and hands them to each
 * subscription's buffer. The capture queue's cells are freed only as far as the store thread
 * has taken the handed-off events ({@link #releaseTaken()}), so the queue's capacity bounds
 * everything accepted and not yet taken, as with one thread. A scheduler thread deletes expired
 * events and reports drops. Queries run on the caller's thread against the (thread-safe) store.
 * The meter caches are confined to the pipeline thread, {@link #nextId} and the batch to the
 * store thread.
 */
public final class PipelineMonitor implements Monitor {

  private static final Logger LOG = LoggerFactory.getLogger(Monitor.class);
  private static final int BATCH = 256;
  /** Slots between the two stages (fewer if the capture queue is smaller). */
  private static final int HANDOFF = 4_096;
  private static final long HANDOFF_FULL_PARK_NANOS = 50_000;
  private static final long MAX_HANDOFF_PARK_NANOS = 2_000_000;
  /** Events a stage handles between two {@link #releaseTaken()} calls while it is busy. */
  private static final int RELEASE_EVERY = 32;
  private static final int MAX_JSON_DEPTH = 32;
  private static final int MAX_SOURCE_TAGS = 100;
  private static final String OTHER_SOURCE = "other";

  /** Everything the builder collected. */
  public record Settings(
      String name,
      Classifier classifier,
      EventStore eventStore,
      SeriesStore seriesStore,
      int maxEvents,
      MeterRegistry meterRegistry,
      InstantSource clock,
      int queueCapacity,
      Duration retention,
      Severity storeThreshold,
      Redactor redactor,
      Duration shutdownTimeout,
      int maxMessageLength) {}

  private final Settings settings;
  private final String name;
  private final Classifier classifier;
  private final EventStore store;
  private final boolean ownsStore;
  private final SeriesStore series;
  private final boolean ownsSeries;
  private final MetricRecorder metrics;
  private final MeterRegistry registry;
  private final InstantSource clock;
  private final Redactor redactor;
  private final MpscQueue<RawEvent> queue;
  private final MpscQueue<Staged> handoff;
  /** Capture-queue positions below this are free again; advanced by either stage. */
  private final AtomicLong released = new AtomicLong();
  /** Events refused by a full queue or a closed monitor, or lost to an abandoned close. */
  private final LongAdder dropped = new LongAdder();
  private final LongAdder listenerDropped = new LongAdder();
  /** Offers that started and that finished: equal when no offer is between check and publish. */
  private final LongAdder offersStarted = new LongAdder();
  private final LongAdder offersFinished = new LongAdder();
  private final LongAdder pipelineFailures = new LongAdder();
  private final LongAdder storeFailures = new LongAdder();
  private final List<Meter> meters = new ArrayList<>();
  private final CopyOnWriteArrayList<ListenerSubscription> subscriptions =
      new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService scheduler;
  private final Thread storeThread;
  private final Thread pipeline;
  private volatile boolean closed;
  private volatile boolean abandoned;
  /** Set when the pipeline thread ends: nothing more comes through the hand-off. */
  private volatile boolean pipelineDone;
  /** Set when the store thread ends: nothing more is taken from the hand-off. */
  private volatile boolean storeDone;

  // Confined to the store thread.
  private long nextId = 1;

  // Confined to the pipeline thread.
  private final Map<Severity, Map<String, Map<String, SeriesCounter>>> eventCounters =
      new HashMap<>();
  private final Map<String, String> sourceTags = new HashMap<>();
  private long droppedReported; // scheduler thread

  private PipelineMonitor(Settings s) {
    this.settings = s;
    this.name = s.name();
    this.classifier = s.classifier() != null ? s.classifier() : discoverClassifier();
    this.ownsStore = s.eventStore() == null;
    this.store = ownsStore ? EventStore.inMemory(s.maxEvents()) : s.eventStore();
    this.registry = s.meterRegistry() != null ? s.meterRegistry() : new SimpleMeterRegistry();
    this.ownsSeries = s.seriesStore() == null;
    this.series = ownsSeries
        ? SeriesStore.inMemory(SeriesOptions.builder().clock(s.clock()).build())
        : s.seriesStore();
    this.metrics = new MetricRecorder(series, registry);
    this.clock = s.clock();
    this.redactor = s.redactor();
    this.queue = new MpscQueue<>(s.queueCapacity());
    this.handoff = new MpscQueue<>(Math.min(HANDOFF, queue.capacity()));
    register(FunctionCounter.builder(VigilMeters.QUEUE_DROPPED, dropped, LongAdder::sum)
        .description("Events dropped because the capture queue was full or the monitor closed")
        .tag("monitor", name)
        .register(registry));
    register(Gauge.builder(VigilMeters.QUEUE_DEPTH, this, PipelineMonitor::queueDepth)
        .description("Capture-queue cells in use: events accepted and not yet taken by the store "
            + "thread (or classified below the store threshold)")
        .tag("monitor", name).register(registry));
    register(Gauge.builder(VigilMeters.STORE_SIZE, store, EventStore::size)
        .description("Events in the store").tag("monitor", name).register(registry));
    register(FunctionCounter.builder(VigilMeters.STORE_DROPPED, store, EventStore::droppedCount)
        .description("Events the store accepted but lost (a database store's outage buffer "
            + "overflowed, or the database rejected them)")
        .tag("monitor", name).register(registry));
    register(Gauge.builder(VigilMeters.GROUPS, store, EventStore::groupCount)
        .description("Groups of repeated events in the store").tag("monitor", name)
        .register(registry));
    register(FunctionCounter.builder(VigilMeters.LISTENER_DROPPED, listenerDropped,
            LongAdder::sum)
        .description("Events live listeners lost because their buffer was full")
        .tag("monitor", name).register(registry));
    register(FunctionCounter.builder(VigilMeters.PIPELINE_FAILURES, this,
            m -> m.pipelineFailures.sum() + m.storeFailures.sum())
        .description("Events lost to an unexpected failure in the pipeline or the store")
        .tag("monitor", name).register(registry));
    register(FunctionCounter.builder(VigilMeters.SERIES_DROPPED, series,
            SeriesStore::droppedSeries)
        .description("Metric series refused by the series store's cardinality cap")
        .tag("monitor", name).register(registry));
    this.scheduler = Executors.newSingleThreadScheduledExecutor(
        VigilThread.factory("vigil-scheduler-" + name));
    this.storeThread = VigilThread.start("vigil-store-" + name, this::runStore);
    this.pipeline = VigilThread.start("vigil-pipeline-" + name, this::runPipeline);
  }

  /** Builds, starts and registers a monitor (for the Logback appender and the JUL handler). */
  public static Monitor start(Settings settings) {
    Object reservation = MonitorRegistry.reserve(settings.name()); // before threads and meters
    PipelineMonitor monitor;
    try {
      monitor = new PipelineMonitor(settings);
    } catch (RuntimeException | Error e) {
      MonitorRegistry.release(settings.name(), reservation);
      throw e;
    }
    long cleanupMillis = Math.min(60_000, Math.max(1_000, settings.retention().toMillis() / 10));
    monitor.scheduler.scheduleWithFixedDelay(monitor::maintain, cleanupMillis, cleanupMillis,
        TimeUnit.MILLISECONDS);
    MonitorRegistry.fill(reservation, monitor);
    return monitor;
  }

  private <M extends Meter> M register(M meter) {
    meters.add(meter);
    return meter;
  }

  private static Classifier discoverClassifier() {
    for (ClassLoader loader : new ClassLoader[] {
        Monitor.class.getClassLoader(), Thread.currentThread().getContextClassLoader()}) {
      if (loader == null) {
        continue;
      }
      Iterator<ClassifierProvider> providers =
          ServiceLoader.load(ClassifierProvider.class, loader).iterator();
      if (providers.hasNext()) {
        return providers.next().classifier();
      }
    }
    return LevelOnlyClassifier.INSTANCE;
  }

  // ---- capture (application threads) -------------------------------------------------------------

  /** Queues a raw event; the single entry point of every capture path. Never blocks or throws. */
  public boolean offer(RawEvent event) {
    offersStarted.increment();
    try {
      if (closed || !queue.offer(event)) {
        dropped.increment();
        return false;
      }
      return true;
    } finally {
      offersFinished.increment();
    }
  }

  /**
   * Returns whether no offer is under way. Read after {@link #closed} was set: an offer that
   * starts later sees it and publishes nothing, so once this is true the queue only shrinks.
   */
  private boolean quiescent() {
    // Finished first: an offer under way then was started before, so it makes started larger.
    long finished = offersFinished.sum();
    return offersStarted.sum() == finished;
  }

  @Override
  public boolean log(LogLevel level, String message) {
    return log(level, message, null);
  }

  @Override
  public boolean log(LogLevel level, String message, Throwable error) {
    RawEvent event = newEvent(level, message);
    event.exception = error == null ? null : CapturedException.of(error);
    return offer(event);
  }

  @Override
  public EventBuilder event(LogLevel level, String message) {
    return new RawEventBuilder(newEvent(level, message), this);
  }

  private RawEvent newEvent(LogLevel level, String message) {
    RawEvent event = new RawEvent(RawEvent.Kind.STRUCTURED, clock.millis(), name,
        Objects.requireNonNull(level, "level"), String.valueOf(message));
    event.thread = Thread.currentThread().getName();
    return event;
  }

  @Override
  public boolean ingest(String source, String line) {
    Objects.requireNonNull(source, "source");
    if (line == null) {
      return false;
    }
    return offer(new RawEvent(RawEvent.Kind.LINE, clock.millis(), source, null, line));
  }

  @Override
  public Classification classify(CharSequence line) {
    return classifier.classify(line);
  }

  // ---- metrics (application threads) -------------------------------------------------------------

  @Override
  public void increment(String name, String... tags) {
    metrics.increment(name, tags);
  }

  @Override
  public void increment(String name, double amount, String... tags) {
    metrics.increment(name, amount, tags);
  }

  @Override
  public void record(String name, double value, String... tags) {
    metrics.record(name, value, tags);
  }

  @Override
  public void time(String name, Duration duration, String... tags) {
    metrics.time(name, duration, tags);
  }

  @Override
  public void time(String name, Runnable task, String... tags) {
    metrics.time(name, task, tags);
  }

  @Override
  public <T> T time(String name, Supplier<T> task, String... tags) {
    return metrics.time(name, task, tags);
  }

  @Override
  public SeriesCounter counter(String name, String... tags) {
    return metrics.counter(name, tags);
  }

  @Override
  public SeriesDistribution distribution(String name, String... tags) {
    return metrics.distribution(name, tags);
  }

  @Override
  public SeriesStore series() {
    return series;
  }

  // ---- pipeline thread: parse, classify, count ---------------------------------------------------

  /** An event to store as the pipeline thread leaves it: classified, not yet redacted. */
  private record Staged(long timeMillis, String source, LogLevel level, String message,
      String logger, String thread, Map<String, String> context, Map<String, String> tags,
      CapturedException captured, ExceptionSummary exception, Severity severity, String category,
      String ruleId) {}

  private void runPipeline() {
    try {
      classifyAll();
    } finally {
      pipelineDone = true;
      LockSupport.unpark(storeThread);
    }
  }

  private void classifyAll() {
    int sinceRelease = 0;
    while (true) {
      if (abandoned) {
        abandonQueue();
        return;
      }
      RawEvent raw = queue.pollHeld();
      if (raw == null) {
        releaseTaken();
        sinceRelease = 0;
        if (closed && quiescent() && queue.isEmpty()) {
          return;
        }
        queue.await(TimeUnit.MILLISECONDS.toNanos(100));
        continue;
      }
      queue.awake();
      Staged staged = null;
      try {
        staged = classify(raw);
      } catch (Throwable e) { // a classifier bug must not stop the pipeline
        rethrowIfFatal(e);
        pipelineFailures.increment();
        reportFailure(e);
      }
      if (staged != null && !handOff(staged)) {
        dropped.increment(); // not stored: counted
        if (abandoned) {
          abandonQueue();
          return;
        }
      }
      if (++sinceRelease == RELEASE_EVERY) {
        releaseTaken();
        sinceRelease = 0;
      }
    }
  }

  /**
   * Waits while the hand-off is full, backing off from 50 µs to 2 ms so that a stalled store
   * costs little CPU. Returns false if the close gave up meanwhile, or if the store thread has
   * died (an out-of-memory error): then this thread takes over the hand-off and counts what it
   * holds as dropped, and every later event to store is counted the same way.
   */
  private boolean handOff(Staged staged) {
    long park = HANDOFF_FULL_PARK_NANOS;
    while (storeDone || !handoff.offer(staged)) {
      if (abandoned) {
        return false;
      }
      if (storeDone) { // the hand-off has no consumer left: this thread becomes it
        while (handoff.poll() != null) {
          dropped.increment();
        }
        return false;
      }
      releaseTaken();
      LockSupport.parkNanos(this, park);
      park = Math.min(park * 2, MAX_HANDOFF_PARK_NANOS);
    }
    return true;
  }

  /** Too late for the close: whatever was accepted and not classified is counted, not lost. */
  private void abandonQueue() {
    while (!quiescent()) {
      Thread.onSpinWait();
    }
    while (queue.pollHeld() != null) { // the monitor is closed: its cells are no longer needed
      dropped.increment();
    }
  }

  /**
   * Frees the capture-queue cells of all polled events but as many as wait in the hand-off, so
   * that the queue's capacity bounds the events accepted and not yet taken by the store thread
   * (which cells stay taken does not matter: their events were read out when polled). Either
   * stage; each claims the range it frees, and the target never passes the pipeline thread's poll
   * position. A stale poll position frees less (the next call catches up); a stale hand-off size
   * may free the cell of the one event being classified, as the single-thread pipeline did.
   */
  private void releaseTaken() {
    long target = queue.polled() - handoff.size();
    long from = released.get();
    while (from < target) {
      if (released.compareAndSet(from, target)) {
        for (long position = from; position < target; position++) {
          queue.release(position);
        }
        return;
      }
      from = released.get();
    }
  }

  private volatile boolean failureReported;

  /**
   * Ends the thread on out-of-memory and JVM failures; anything else, a stack overflow on
   * hostile input included, costs one event.
   */
  private static void rethrowIfFatal(Throwable e) {
    if (e instanceof VirtualMachineError && !(e instanceof StackOverflowError)) {
      throw (VirtualMachineError) e;
    }
  }

  private void reportFailure(Throwable e) {
    if (!failureReported) {
      failureReported = true;
      LOG.warn("Vigil monitor '{}' could not process an event; further failures are only counted "
          + "in {}", name, VigilMeters.PIPELINE_FAILURES, e);
    }
  }

  /** Classifies and counts an event; returns it staged if it is to be stored, or null. */
  private Staged classify(RawEvent raw) {
    long timeMillis = raw.timeMillis;
    String source = raw.source;
    LogLevel level = raw.level;
    String message = raw.message;
    String logger = raw.logger;
    String thread = raw.thread;
    Map<String, String> context = raw.context;
    CapturedException captured = raw.exception; // frames become strings only if stored
    ExceptionSummary exception = null;

    if (raw.kind == RawEvent.Kind.LINE && isJsonObject(message)) {
      JsonLogLine json = parseJson(message);
      if (json != null) {
        if (json.timestamp() != null) {
          timeMillis = json.timestamp().toEpochMilli();
        }
        if (json.source() != null && !json.source().isBlank()) {
          source = cut(json.source(), 128);
        }
        if (json.level() != null) {
          level = LogLevel.parseOrNull(json.level());
        }
        message = json.message() != null ? json.message() : message;
        logger = json.logger();
        thread = json.thread();
        context = json.context();
        if (json.exception() != null) {
          captured = null;
          exception = ExceptionSummary.parse(json.exception());
          if (exception == null) {
            message = message + "\n" + json.exception();
          }
        }
      }
    }
    message = cut(message, settings.maxMessageLength());

    Classification c = raw.kind == RawEvent.Kind.LINE && level == null
        ? classifier.classify(message, null, null, source)
        : classifier.classify(classificationText(message, captured, exception), level, logger,
            source);
    Severity severity = level == null ? Severity.INFO : level.severity();
    String category = MonitorEvent.UNCATEGORIZED;
    String ruleId = null;
    if (c.matched()) {
      ruleId = c.ruleId();
      category = c.category();
      if (c.severity().compareTo(severity) > 0) {
        severity = c.severity();
      }
    }
    countEvent(severity, category, source);
    if (!severity.isAtLeast(settings.storeThreshold())) {
      return null;
    }
    return new Staged(timeMillis, source, level, message, logger, thread, context,
        raw.tags, captured, exception, severity, category, ruleId);
  }

  private static boolean isJsonObject(String line) {
    for (int i = 0, n = line.length(); i < n; i++) {
      char c = line.charAt(i);
      if (c == '{') {
        return true;
      }
      if (c != ' ' && c != '\t') {
        return false;
      }
    }
    return false;
  }

  private static JsonLogLine parseJson(String line) {
    try {
      return JsonLogLine.parseLine(line, MAX_JSON_DEPTH);
    } catch (JsonException notJson) {
      return null; // classified as text
    }
  }

  /** The message, then a {@code type: message} line per exception of the chain. */
  private static CharSequence classificationText(String message, CapturedException captured,
      ExceptionSummary exception) {
    if (captured == null && exception == null) {
      return message;
    }
    StringBuilder sb = new StringBuilder(message.length() + 128).append(message);
    for (CapturedException c = captured; c != null; c = c.cause) {
      appendException(sb, c.type, c.message);
    }
    for (ExceptionSummary s = exception; s != null; s = s.cause()) {
      appendException(sb, s.type(), s.message());
    }
    return sb;
  }

  private static void appendException(StringBuilder sb, String type, String message) {
    sb.append('\n').append(type);
    if (message != null) {
      sb.append(": ").append(message);
    }
  }

  /** Counts an event in {@code vigil.events}: a Micrometer counter and a series for alerts. */
  private void countEvent(Severity severity, String category, String source) {
    String sourceTag = sourceTags.get(source);
    if (sourceTag == null) {
      sourceTag = sourceTags.size() < MAX_SOURCE_TAGS ? source : OTHER_SOURCE;
      sourceTags.put(source, sourceTag);
    }
    Map<String, Map<String, SeriesCounter>> byCategory = eventCounters.get(severity);
    if (byCategory == null) {
      byCategory = new HashMap<>();
      eventCounters.put(severity, byCategory);
    }
    Map<String, SeriesCounter> bySource = byCategory.get(category);
    if (bySource == null) {
      bySource = new HashMap<>();
      byCategory.put(category, bySource);
    }
    SeriesCounter counter = bySource.get(sourceTag);
    if (counter == null) {
      counter = metrics.counter(VigilMeters.EVENTS, "monitor", name, "severity", severity.name(),
          "category", category, "source", sourceTag);
      bySource.put(sourceTag, counter);
    }
    counter.increment();
  }

  // ---- store thread: redact, fingerprint, store, offer -------------------------------------------

  private void runStore() {
    try {
      storeAll();
    } finally {
      storeDone = true;
      LockSupport.unpark(pipeline);
    }
  }

  private void storeAll() {
    List<MonitorEvent> batch = new ArrayList<>(BATCH);
    int sinceRelease = 0;
    while (true) {
      if (abandoned) {
        dropped.add(batch.size()); // too late for the close: counted, not lost
        batch.clear();
        abandonHandoff();
        return;
      }
      boolean last = pipelineDone; // read before the poll: then an empty hand-off stays empty
      Staged staged = handoff.poll();
      if (staged == null) {
        releaseTaken(); // before the store, which may take its time
        sinceRelease = 0;
        flush(batch);
        if (last) {
          return;
        }
        handoff.await(TimeUnit.MILLISECONDS.toNanos(100));
        continue;
      }
      handoff.awake();
      if (++sinceRelease == RELEASE_EVERY) {
        releaseTaken();
        sinceRelease = 0;
      }
      try {
        batch.add(toEvent(staged));
        if (batch.size() == BATCH) {
          releaseTaken();
          sinceRelease = 0;
          flush(batch);
        }
      } catch (Throwable e) { // a redactor bug must not stop the pipeline
        rethrowIfFatal(e);
        pipelineFailures.increment();
        reportFailure(e);
      }
    }
  }

  /** Counts what is handed off after an abandoned close, until the pipeline thread has ended. */
  private void abandonHandoff() {
    while (true) {
      boolean last = pipelineDone;
      while (handoff.poll() != null) {
        dropped.increment();
      }
      if (last) {
        return;
      }
      handoff.await(TimeUnit.MILLISECONDS.toNanos(100));
    }
  }

  private MonitorEvent toEvent(Staged s) {
    String message = redactor.redact(s.message());
    ExceptionSummary exception = s.captured() != null ? s.captured().toSummary() : s.exception();
    exception = redact(exception);
    Map<String, String> safeContext = redactContext(s.context());
    Map<String, String> tags = s.tags() == null ? Map.of() : s.tags();
    String fingerprint = fingerprint(s.source(), message, exception);
    return new MonitorEvent(nextId++, Instant.ofEpochMilli(s.timeMillis()), s.source(),
        s.severity(), s.category(), s.level(), message, s.logger(), s.thread(), exception,
        safeContext, tags, s.ruleId(), fingerprint);
  }

  private ExceptionSummary redact(ExceptionSummary s) {
    if (s == null) {
      return null;
    }
    ExceptionSummary cause = redact(s.cause());
    String message = s.message() == null ? null : redactor.redact(s.message());
    if (cause == s.cause() && Objects.equals(message, s.message())) {
      return s;
    }
    return new ExceptionSummary(s.type(), message, s.frames(), s.omittedFrames(), cause);
  }

  private Map<String, String> redactContext(Map<String, String> context) {
    if (context == null || context.isEmpty()) {
      return Map.of();
    }
    Map<String, String> safe = new HashMap<>(context.size() * 2);
    context.forEach((k, v) -> {
      if (k != null && v != null) {
        safe.put(k, redactor.redactValue(k, v));
      }
    });
    return safe;
  }

  private static String fingerprint(String source, String message, ExceptionSummary exception) {
    String types = null;
    String frame = null;
    if (exception != null) {
      StringBuilder sb = new StringBuilder();
      for (ExceptionSummary s = exception; s != null; s = s.cause()) {
        sb.append(s.type()).append(';');
      }
      types = sb.toString();
      frame = Fingerprints.topApplicationFrame(exception.rootCause().frames(),
          Fingerprints.DEFAULT_FRAMEWORK_PREFIXES);
      if (frame == null) {
        frame = Fingerprints.topApplicationFrame(exception.frames(),
            Fingerprints.DEFAULT_FRAMEWORK_PREFIXES);
      }
    }
    return Fingerprints.fingerprint(source, Fingerprints.mask(message), types, frame);
  }

  private void flush(List<MonitorEvent> batch) {
    if (batch.isEmpty()) {
      return;
    }
    try {
      store.append(batch);
    } catch (Throwable e) {
      rethrowIfFatal(e);
      storeFailures.add(batch.size());
      batch.clear();
      reportFailure(e);
      return;
    }
    for (ListenerSubscription s : subscriptions) {
      for (MonitorEvent event : batch) {
        s.offer(event);
      }
    }
    batch.clear();
  }

  private static String cut(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max) + "…";
  }

  // ---- scheduler thread --------------------------------------------------------------------------

  /** Deletes expired events and reports drops; runs on the scheduler (and in tests). */
  void maintain() {
    try {
      store.deleteBefore(clock.instant().minus(settings.retention()));
    } catch (RuntimeException e) {
      LOG.warn("Vigil monitor '{}' could not delete expired events", name, e);
    }
    long total = dropped.sum();
    if (total > droppedReported) {
      LOG.warn("Vigil monitor '{}' dropped {} events since the last report: the capture queue of "
          + "{} was full; consider a larger queueCapacity", name,
          total - droppedReported, queue.capacity());
      droppedReported = total;
    }
  }

  // ---- queries -------------------------------------------------------------------------------------

  @Override
  public Page<MonitorEvent> events(EventQuery query) {
    return store.find(Objects.requireNonNull(query, "query"));
  }

  @Override
  public Page<EventGroup> groups(EventQuery query) {
    return store.groups(Objects.requireNonNull(query, "query"));
  }

  @Override
  public EventStats stats(Duration window) {
    Objects.requireNonNull(window, "window");
    Instant now = clock.instant();
    return store.stats(now.minus(window), now.plusMillis(1), 10);
  }

  @Override
  public Subscription subscribe(EventListener listener) {
    return subscribe(listener, 1_024);
  }

  @Override
  public Subscription subscribe(EventListener listener, int bufferSize) {
    Objects.requireNonNull(listener, "listener");
    if (bufferSize < 1) {
      throw new IllegalArgumentException("bufferSize must be positive but was " + bufferSize);
    }
    synchronized (this) { // against close(): no subscription may outlive the monitor
      if (closed) {
        throw new IllegalStateException("monitor '" + name + "' is closed");
      }
      ListenerSubscription s = new ListenerSubscription(listener, bufferSize, listenerDropped,
          subscriptions::remove);
      subscriptions.add(s);
      return s;
    }
  }

  @Override
  public EventStore eventStore() {
    return store;
  }

  @Override
  public MeterRegistry meterRegistry() {
    return registry;
  }

  @Override
  public InstantSource clock() {
    return clock;
  }

  @Override
  public String name() {
    return name;
  }

  private double queueDepth() {
    return Math.max(0, Math.min(queue.capacity(), queue.offered() - released.get()));
  }

  /** Returns how many events were dropped since the monitor started. */
  public long droppedCount() {
    return dropped.sum();
  }

  /** Returns whether the monitor accepts events. */
  public boolean isOpen() {
    return !closed;
  }

  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    MonitorRegistry.unregister(this);
    long deadline = System.nanoTime() + settings.shutdownTimeout().toNanos();
    LockSupport.unpark(pipeline);
    join(pipeline, deadline); // the pipeline thread ends first and wakes the store thread
    join(storeThread, deadline);
    if (pipeline.isAlive() || storeThread.isAlive()) {
      abandoned = true;
    }
    for (ListenerSubscription s : subscriptions) {
      s.awaitDrained(deadline);
      s.close();
    }
    scheduler.shutdownNow();
    // An abandoned pipeline counts what it leaves as dropped when it next looks up (a store or
    // classifier blocked for good never lets it: then those events are neither stored nor
    // counted).
    meters.forEach(registry::remove);
    metrics.removeMeters();
    if (ownsStore) {
      store.close();
    }
    if (ownsSeries) {
      series.close();
    }
  }

  private static void join(Thread thread, long deadlineNanos) {
    try {
      thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime())));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "Monitor[" + name + (closed ? ", closed" : "") + "]";
  }
}
