package dev.vigil.internal;

import dev.vigil.LogLevel;
import java.util.Map;

/**
 * An event as captured on the application's thread, before classification: only copies and
 * references to immutable values, so it can cross to the pipeline thread.
 *
 * <p>Mutable while it is being built on the capturing thread; handed over through the queue
 * (a happens-before edge) and never touched by the capturing thread afterwards.
 */
public final class RawEvent {

  /** What {@link #message} holds. */
  public enum Kind {
    /** A structured event: the fields are set. */
    STRUCTURED,
    /** A line of another service: text or a JSON object; level and logger are unknown. */
    LINE
  }

  public final Kind kind;
  public long timeMillis;
  public String source;
  public LogLevel level;
  public String message;
  public String logger;
  public String thread;
  /**
   * The exception, copied on the capturing thread so that a queued event holds no object of the
   * application's (bounded, whatever the throwable references), or {@code null}.
   */
  public CapturedException exception;
  public Map<String, String> context;
  public Map<String, String> tags;

  public RawEvent(Kind kind, long timeMillis, String source, LogLevel level, String message) {
    this.kind = kind;
    this.timeMillis = timeMillis;
    this.source = source;
    this.level = level;
    this.message = message;
  }
}
