package dev.vigil;

import java.time.Instant;
import java.util.Map;

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
 * <p>Not thread-safe: build and capture on one thread. A builder captures once; after
 * {@link #capture()}, every method throws {@link IllegalStateException}. Like every capture
 * method, {@code capture()} never blocks.
 */
public interface EventBuilder {

  /** Sets the service the event comes from; default the monitor's name. */
  EventBuilder source(String source);

  /** Sets the logger name. */
  EventBuilder logger(String logger);

  /** Sets the thread name; default the calling thread's. */
  EventBuilder thread(String thread);

  /** Sets when the event happened; default now. */
  EventBuilder timestamp(Instant timestamp);

  /** Attaches an exception; only its summary is kept. */
  EventBuilder error(Throwable error);

  /** Adds a diagnostic context entry, such as {@code requestId}. */
  EventBuilder context(String key, String value);

  /** Adds diagnostic context entries. */
  EventBuilder context(Map<String, String> context);

  /** Adds a tag, such as {@code platform=tiktok}. */
  EventBuilder tag(String key, String value);

  /**
   * Queues the event.
   *
   * @return {@code true} if queued, {@code false} if dropped
   * @throws IllegalStateException if this builder already captured its event
   */
  boolean capture();
}
