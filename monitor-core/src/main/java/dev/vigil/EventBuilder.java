package dev.vigil;

import dev.vigil.internal.RawEvent;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Describes one event in detail before capturing it; returned by {@link Monitor#event}.
 *
 * <pre>{@code
 * monitor.event(LogLevel.ERROR, "Upload failed")
 *     .source("uploader")
 *     .context("requestId", requestId)
 *     .tag("platform", "tiktok")
 *     .error(exception)
 *     .capture();
 * }</pre>
 *
 * <p>Not thread-safe: build and capture on one thread. A builder captures at most once.
 */
public final class EventBuilder {

  private final RawEvent event;
  private final Predicate<RawEvent> sink;
  private boolean captured;

  /** For {@link Monitor} implementations. */
  public EventBuilder(RawEvent event, Predicate<RawEvent> sink) {
    this.event = Objects.requireNonNull(event, "event");
    this.sink = Objects.requireNonNull(sink, "sink");
  }

  /** Sets the service the event comes from; default the monitor's name. */
  public EventBuilder source(String source) {
    event.source = Objects.requireNonNull(source, "source");
    return this;
  }

  /** Sets the logger name. */
  public EventBuilder logger(String logger) {
    event.logger = logger;
    return this;
  }

  /** Sets the thread name; default the calling thread's. */
  public EventBuilder thread(String thread) {
    event.thread = thread;
    return this;
  }

  /** Sets when the event happened; default now. */
  public EventBuilder timestamp(Instant timestamp) {
    event.timeMillis = timestamp.toEpochMilli();
    return this;
  }

  /** Attaches an exception; only its summary is kept. */
  public EventBuilder error(Throwable error) {
    event.error = error;
    return this;
  }

  /** Adds a diagnostic context entry, such as {@code requestId}. */
  public EventBuilder context(String key, String value) {
    if (event.context == null) {
      event.context = new HashMap<>();
    }
    event.context.put(Objects.requireNonNull(key, "key"), String.valueOf(value));
    return this;
  }

  /** Adds diagnostic context entries. */
  public EventBuilder context(Map<String, String> context) {
    context.forEach(this::context);
    return this;
  }

  /** Adds a tag, such as {@code platform=tiktok}. */
  public EventBuilder tag(String key, String value) {
    if (event.tags == null) {
      event.tags = new HashMap<>();
    }
    event.tags.put(Objects.requireNonNull(key, "key"), String.valueOf(value));
    return this;
  }

  /**
   * Queues the event.
   *
   * @return {@code true} if queued, {@code false} if dropped
   * @throws IllegalStateException if this builder already captured its event
   */
  public boolean capture() {
    if (captured) {
      throw new IllegalStateException("this event was already captured");
    }
    captured = true;
    return sink.test(event);
  }
}
