package dev.vigil.internal;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The open monitors by name, so that a Logback appender or JUL handler configured in a file can
 * find the monitor the application built. Names are unique among open monitors: two monitors
 * of one name would share meters (their {@code monitor} tag) and confuse the appender.
 */
public final class MonitorRegistry {

  private static final ConcurrentMap<String, PipelineMonitor> MONITORS = new ConcurrentHashMap<>();

  private MonitorRegistry() {}

  static void register(PipelineMonitor monitor) {
    if (MONITORS.putIfAbsent(monitor.name(), monitor) != null) {
      throw new IllegalStateException("a monitor named '" + monitor.name() + "' is already open;"
          + " close it first, or give this one another name (Monitor.builder().name(...))");
    }
  }

  static void unregister(PipelineMonitor monitor) {
    MONITORS.remove(monitor.name(), monitor);
  }

  /** Returns the open monitor with that name, or {@code null}. */
  public static PipelineMonitor find(String name) {
    return MONITORS.get(name);
  }
}
