package dev.vigil.logback;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import dev.vigil.ExceptionSummary;
import dev.vigil.LogLevel;
import dev.vigil.Monitor;
import dev.vigil.internal.CaptureGuard;
import dev.vigil.internal.CapturedException;
import dev.vigil.internal.MonitorLookup;
import dev.vigil.internal.PipelineMonitor;
import dev.vigil.internal.RawEvent;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * A Logback appender that captures events into a {@link Monitor}. Usable from any
 * {@code logback.xml}, with or without Spring:
 *
 * <pre>{@code
 * <appender name="VIGIL" class="dev.vigil.logback.VigilAppender">
 *   <monitor>checkout</monitor>          <!-- the Monitor's name; default "app" -->
 *   <minimumLevel>INFO</minimumLevel>    <!-- default INFO -->
 * </appender>
 * <root level="INFO"><appender-ref ref="VIGIL"/></root>
 * }</pre>
 *
 * <p>The appender finds the monitor built under that name ({@link Monitor.Builder#name}); events
 * logged while none is open are counted ({@link #unattached()}) and discarded. On the logging
 * thread it only copies the event (formatted message, level, logger, thread, MDC, throwable) and
 * offers it to the monitor's bounded queue: it never blocks, never does I/O and never throws into
 * the application. It ignores Vigil's own {@code dev.vigil.*} loggers and Vigil's threads, and
 * guards against re-entry itself (Logback 1.5.21 and later no longer does for unsynchronized
 * appenders).
 */
public final class VigilAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {

  private volatile MonitorLookup monitor = new MonitorLookup(Monitor.Builder.DEFAULT_NAME);
  private int minimumLevel = Level.INFO_INT;
  private final LongAdder failures = new LongAdder();
  private volatile boolean warnedUnattached;

  /** Creates an appender for the monitor named {@value Monitor.Builder#DEFAULT_NAME}. */
  public VigilAppender() {}

  /** Sets the name of the monitor to capture into. */
  public void setMonitor(String name) {
    this.monitor = new MonitorLookup(
        name == null || name.isBlank() ? Monitor.Builder.DEFAULT_NAME : name.strip());
  }

  /** Sets the lowest level captured, such as {@code WARN}; default {@code INFO}. */
  public void setMinimumLevel(String level) {
    this.minimumLevel = Level.toLevel(level, Level.INFO).toInt();
  }

  /** Returns how many events were discarded because no monitor with the name was open. */
  public long unattached() {
    return monitor.unattached();
  }

  /** Returns how many events could not be copied because of an unexpected failure. */
  public long failures() {
    return failures.sum();
  }

  @Override
  protected void append(ILoggingEvent event) {
    if (event.getLevel().toInt() < minimumLevel || !CaptureGuard.mayCapture(event.getLoggerName(),
        event.getThreadName())) {
      return;
    }
    CaptureGuard.enter();
    try {
      PipelineMonitor target = resolve();
      if (target != null) {
        target.offer(copy(event, target.name()));
      }
    } catch (RuntimeException | LinkageError e) {
      failures.increment();
      if (failures.sum() == 1) {
        addWarn("Vigil could not capture an event; further failures are only counted", e);
      }
    } finally {
      CaptureGuard.exit();
    }
  }

  private PipelineMonitor resolve() {
    MonitorLookup lookup = monitor;
    PipelineMonitor m = lookup.resolve();
    if (m == null && !warnedUnattached) {
      warnedUnattached = true;
      addWarn("No Vigil monitor named '" + lookup.name() + "' is open; events are discarded "
          + "until Monitor.builder().name(\"" + lookup.name() + "\").build() runs");
    }
    return m;
  }

  private static RawEvent copy(ILoggingEvent e, String source) {
    RawEvent raw = new RawEvent(RawEvent.Kind.STRUCTURED, e.getTimeStamp(), source,
        level(e.getLevel()), e.getFormattedMessage());
    raw.logger = e.getLoggerName();
    raw.thread = e.getThreadName();
    Map<String, String> mdc = e.getMDCPropertyMap(); // Logback hands out an immutable snapshot
    if (mdc != null && !mdc.isEmpty()) {
      raw.context = mdc;
    }
    IThrowableProxy proxy = e.getThrowableProxy();
    if (proxy != null) { // summarized here: a queued event holds no application object
      raw.exception = capture(proxy, 0);
    }
    return raw;
  }

  private static LogLevel level(Level level) {
    switch (level.toInt()) {
      case Level.ERROR_INT: return LogLevel.ERROR;
      case Level.WARN_INT: return LogLevel.WARN;
      case Level.INFO_INT: return LogLevel.INFO;
      case Level.DEBUG_INT: return LogLevel.DEBUG;
      default: return LogLevel.TRACE;
    }
  }

  /** Copies Logback's view of a throwable, which it has already built on this thread. */
  private static CapturedException capture(IThrowableProxy proxy, int depth) {
    StackTraceElementProxy[] trace = proxy.getStackTraceElementProxyArray();
    int length = trace == null ? 0 : trace.length;
    StackTraceElement[] frames =
        new StackTraceElement[Math.min(length, ExceptionSummary.MAX_FRAMES)];
    for (int i = 0; i < frames.length; i++) {
      frames[i] = trace[i].getStackTraceElement();
    }
    IThrowableProxy cause = proxy.getCause();
    return new CapturedException(proxy.getClassName(), proxy.getMessage(), frames,
        length - frames.length, cause == null || cause == proxy
            || depth >= ExceptionSummary.MAX_CAUSES ? null : capture(cause, depth + 1));
  }
}
