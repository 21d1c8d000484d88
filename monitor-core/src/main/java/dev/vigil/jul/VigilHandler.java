package dev.vigil.jul;

import dev.vigil.LogLevel;
import dev.vigil.Monitor;
import dev.vigil.internal.CaptureGuard;
import dev.vigil.internal.CapturedException;
import dev.vigil.internal.MonitorLookup;
import dev.vigil.internal.PipelineMonitor;
import dev.vigil.internal.RawEvent;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;

/**
 * A {@code java.util.logging} handler that captures records into a {@link Monitor}.
 *
 * <p>In {@code logging.properties}:
 * <pre>{@code
 * handlers = java.util.logging.ConsoleHandler, dev.vigil.jul.VigilHandler
 * dev.vigil.jul.VigilHandler.monitor = checkout
 * dev.vigil.jul.VigilHandler.level = INFO
 * }</pre>
 * or in code: {@code Logger.getLogger("").addHandler(new VigilHandler("checkout"))}.
 *
 * <p>Like the Logback appender, it only copies the record and offers it to the monitor's queue,
 * ignores Vigil's own loggers and threads, guards against re-entry, and never throws. Records
 * logged while no monitor of that name is open are counted ({@link #unattached()}) and discarded.
 */
public final class VigilHandler extends Handler {

  private static final Formatter MESSAGES = new Formatter() {
    @Override
    public String format(LogRecord record) {
      return formatMessage(record);
    }
  };

  private final MonitorLookup monitor;

  /**
   * Creates a handler configured from the {@link LogManager} properties {@code <class>.monitor}
   * (default {@value Monitor.Builder#DEFAULT_NAME}) and {@code <class>.level} (default INFO).
   */
  public VigilHandler() {
    this(property("monitor", Monitor.Builder.DEFAULT_NAME));
    setLevel(parseLevel(property("level", "INFO")));
  }

  /** Creates a handler for the monitor with that name, at level INFO. */
  public VigilHandler(String monitorName) {
    this.monitor = new MonitorLookup(monitorName);
    setLevel(Level.INFO);
  }

  /** Returns how many records were discarded because no monitor with the name was open. */
  public long unattached() {
    return monitor.unattached();
  }

  @Override
  public void publish(LogRecord record) {
    if (record == null || !isLoggable(record) || !CaptureGuard.mayCapture(record.getLoggerName())) {
      return;
    }
    CaptureGuard.enter();
    try {
      PipelineMonitor target = monitor.resolve();
      if (target != null) {
        RawEvent raw = new RawEvent(RawEvent.Kind.STRUCTURED, record.getMillis(), target.name(),
            level(record.getLevel()), MESSAGES.formatMessage(record));
        raw.logger = record.getLoggerName();
        raw.thread = Thread.currentThread().getName();
        Throwable thrown = record.getThrown();
        if (thrown != null) { // summarized here: a queued event holds no application object
          raw.exception = CapturedException.of(thrown);
        }
        target.offer(raw);
      }
    } catch (RuntimeException e) {
      reportError("Vigil could not capture a record", e, java.util.logging.ErrorManager.WRITE_FAILURE);
    } finally {
      CaptureGuard.exit();
    }
  }

  static LogLevel level(Level level) {
    int v = level.intValue();
    if (v >= Level.SEVERE.intValue()) {
      return LogLevel.ERROR;
    } else if (v >= Level.WARNING.intValue()) {
      return LogLevel.WARN;
    } else if (v >= Level.CONFIG.intValue()) {
      return LogLevel.INFO;
    } else if (v >= Level.FINE.intValue()) {
      return LogLevel.DEBUG;
    }
    return LogLevel.TRACE;
  }

  private static String property(String name, String fallback) {
    String value = LogManager.getLogManager().getProperty(VigilHandler.class.getName() + "." + name);
    return value == null || value.isBlank() ? fallback : value.strip();
  }

  private static Level parseLevel(String name) {
    try {
      return Level.parse(name);
    } catch (IllegalArgumentException e) {
      return Level.INFO;
    }
  }

  @Override
  public void flush() {}

  @Override
  public void close() {}
}
