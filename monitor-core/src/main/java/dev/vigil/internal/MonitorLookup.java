package dev.vigil.internal;

import java.util.concurrent.atomic.LongAdder;

/**
 * How a logging-framework bridge finds its monitor by name: the last monitor found is cached
 * until it closes, and events that find none are counted. Thread-safe.
 */
public final class MonitorLookup {

  private final String name;
  private final LongAdder unattached = new LongAdder();
  private volatile PipelineMonitor cached;

  /** Creates a lookup of the monitor with that name. */
  public MonitorLookup(String name) {
    this.name = name;
  }

  /** Returns the open monitor, or {@code null} (counted) if none with the name is open. */
  public PipelineMonitor resolve() {
    PipelineMonitor m = cached;
    if (m == null || !m.isOpen()) {
      m = MonitorRegistry.find(name);
      cached = m;
      if (m == null) {
        unattached.increment();
      }
    }
    return m;
  }

  /** Returns how many calls to {@link #resolve()} found no open monitor. */
  public long unattached() {
    return unattached.sum();
  }

  /** Returns the name looked up. */
  public String name() {
    return name;
  }
}
