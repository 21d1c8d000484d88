package dev.vigil.internal;

/**
 * Decides, on the thread that logged, whether an event from a logging framework is captured, and
 * guards against re-entry: if capturing logs something (a meter registry warning, say), that
 * nested event is ignored instead of recursing.
 */
public final class CaptureGuard {

  private static final ThreadLocal<Boolean> CAPTURING = new ThreadLocal<>();
  private static final String OWN_LOGGERS = "dev.vigil.";

  private CaptureGuard() {}

  /**
   * Returns whether an event of this logger, logged on the calling thread, may be captured:
   * not Vigil's own loggers, not Vigil's own threads, not from inside a capture.
   */
  public static boolean mayCapture(String loggerName) {
    return (loggerName == null || !loggerName.startsWith(OWN_LOGGERS))
        && !VigilThread.isCurrent()
        && CAPTURING.get() == null;
  }

  /**
   * Like {@link #mayCapture(String)}, and also refuses events a Vigil thread logged that reach
   * the appender on another thread (behind Logback's {@code AsyncAppender}, say): their thread
   * name says where they came from.
   */
  public static boolean mayCapture(String loggerName, String threadName) {
    return mayCapture(loggerName)
        && (threadName == null || !threadName.startsWith(VigilThread.NAME_PREFIX));
  }

  /** Marks the calling thread as capturing; pair with {@link #exit()} in a {@code finally}. */
  public static void enter() {
    CAPTURING.set(Boolean.TRUE);
  }

  /** Clears the mark set by {@link #enter()}. */
  public static void exit() {
    CAPTURING.remove();
  }
}
