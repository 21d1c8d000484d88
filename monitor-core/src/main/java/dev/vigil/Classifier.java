package dev.vigil;

/**
 * Decides the {@link Severity} and category of log events.
 *
 * <p>Implementations are immutable and thread-safe: one instance is shared by every thread of the
 * application. Both methods must be cheap enough to call on the thread that logged the event; they
 * never block, never do I/O and never throw for any input (a {@code null} line aside).
 */
public interface Classifier {

  /**
   * Classifies a raw log line whose level, logger and source are unknown.
   *
   * @param line the text of the line; only a bounded prefix may be examined
   * @return the classification, or {@link Classification#NONE} if no rule matched
   */
  Classification classify(CharSequence line);

  /**
   * Classifies a structured log event: its message and what the logging framework knows of it.
   * Rules may use the level, logger and source to stay quiet on benign events.
   *
   * @param message the message (and, if present, the exception summary) of the event
   * @param level the level the event was logged at, or {@code null} if unknown
   * @param logger the logger name, or {@code null} if unknown
   * @param source the service the event came from, or {@code null} for the application itself
   * @return the classification, or {@link Classification#NONE} if no rule matched
   */
  Classification classify(CharSequence message, LogLevel level, String logger, String source);
}
