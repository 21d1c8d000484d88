package dev.vigil.internal;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The open monitors by name, so that a Logback appender or JUL handler configured in a file can
 * find the monitor the application built. The latest monitor built under a name wins; closing
 * it removes it only if it is still the registered one.
 */
public final class MonitorRegistry {

  private static final ConcurrentMap<String, PipelineMonitor> MONITORS = new ConcurrentHashMap<>();

  private MonitorRegistry() {}

  static void register(PipelineMonitor monitor) {
    MONITORS.put(monitor.name(), monitor);
  }

  static void unregister(PipelineMonitor monitor) {
    MONITORS.remove(monitor.name(), monitor);
  }

  /** Returns the open monitor with that name, or {@code null}. */
  public static PipelineMonitor find(String name) {
    return MONITORS.get(name);
  }
}
