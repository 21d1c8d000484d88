package dev.vigil;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A classified log event as Vigil stores and publishes it.
 *
 * <p>Secrets have already been redacted from the message, the exception messages and the context
 * values. Events with the same {@link #fingerprint} are repeats of one problem and are grouped
 * (see {@link dev.vigil.store.EventGroup}). Immutable and thread-safe.
 *
 * @param id a number unique within the monitor that captured the event, increasing in capture
 *     order
 * @param timestamp when the event happened (the time the source reported, or the capture time)
 * @param source the service the event came from: the application's own name for its logs, or
 *     the name given to {@link Monitor#ingest}
 * @param severity Vigil's verdict: the higher of the rule's severity and the logged level's
 * @param category the rule's category, or {@link #UNCATEGORIZED}
 * @param level the level the event was logged at, or {@code null} if unknown (a raw line)
 * @param message the redacted message
 * @param logger the logger name, or {@code null}
 * @param thread the name of the thread that logged the event, or {@code null}
 * @param exception the redacted exception summary, or {@code null}
 * @param context the redacted diagnostic context (MDC: {@code requestId}, …); possibly empty
 * @param tags the tags given at capture; possibly empty
 * @param ruleId the id of the classification rule that matched, or {@code null}
 * @param fingerprint a 16-hex-digit hash of the source, the message with its variable parts
 *     (numbers, ids, hex, UUIDs, IPs) masked, the exception type and the top application frame
 */
public record MonitorEvent(
    long id,
    Instant timestamp,
    String source,
    Severity severity,
    String category,
    LogLevel level,
    String message,
    String logger,
    String thread,
    ExceptionSummary exception,
    Map<String, String> context,
    Map<String, String> tags,
    String ruleId,
    String fingerprint) {

  /** The category of events that no rule matched. */
  public static final String UNCATEGORIZED = "uncategorized";

  /** Validates and copies the components. */
  public MonitorEvent {
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(category, "category");
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(fingerprint, "fingerprint");
    context = Map.copyOf(context);
    tags = Map.copyOf(tags);
  }
}
