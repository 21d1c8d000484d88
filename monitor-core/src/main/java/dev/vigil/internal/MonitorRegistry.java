package dev.vigil.internal;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The open monitors by name, so that a Logback appender or JUL handler configured in a file can
 * find the monitor the application built. Names are unique among open monitors: two monitors
 * of one name would share meters (their {@code monitor} tag) and confuse the appender.
 */
public final class MonitorRegistry {

  /** A {@link PipelineMonitor}, or a reservation while one of that name is being built. */
  private static final ConcurrentMap<String, Object> MONITORS = new ConcurrentHashMap<>();

  private MonitorRegistry() {}

  /**
   * Reserves a name before a monitor starts any thread or registers any meter, so that a clash
   * fails before it can leak either.
   *
   * @return the reservation, for {@link #fill} or {@link #release}
   */
  static Object reserve(String name) {
    Object reservation = new Object();
    if (MONITORS.putIfAbsent(name, reservation) != null) {
      throw new IllegalStateException("a monitor named '" + name + "' is already open;"
          + " close it first, or give this one another name (Monitor.builder().name(...))");
    }
    return reservation;
  }

  /** Puts the started monitor in place of its reservation. */
  static void fill(Object reservation, PipelineMonitor monitor) {
    MONITORS.replace(monitor.name(), reservation, monitor);
  }

  /** Gives up a reservation whose monitor could not be built. */
  static void release(String name, Object reservation) {
    MONITORS.remove(name, reservation);
  }

  static void unregister(PipelineMonitor monitor) {
    MONITORS.remove(monitor.name(), monitor);
  }

  /** Returns the open monitor with that name, or {@code null}. */
  public static PipelineMonitor find(String name) {
    Object m = MONITORS.get(name);
    return m instanceof PipelineMonitor ? (PipelineMonitor) m : null;
  }
}
