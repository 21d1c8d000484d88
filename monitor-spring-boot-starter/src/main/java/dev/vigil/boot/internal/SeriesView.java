package dev.vigil.boot.internal;

import dev.vigil.Monitor;
import dev.vigil.Severity;
import dev.vigil.VigilMeters;
import dev.vigil.metrics.SeriesKey;
import dev.vigil.metrics.SeriesStore;
import dev.vigil.metrics.WindowStats;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The dashboard's charts: events per step by severity (from the {@code vigil.events} series), and
 * the application's recorded series ({@code Monitor.increment/record/time}) with their window
 * statistics and points. Bounded: at most {@link #MAX_SERIES} series and about
 * {@link #MAX_POINTS} points each, whatever the window.
 *
 * <p>A recorded series is found through the Micrometer meter that the monitor registered next to
 * it: the series store lists keys by name only. Series kept in the store only (a meter type clash)
 * are not listed. Reads only; thread-safe as the store and the registry are.
 */
public final class SeriesView {

  /** The most series one answer holds. */
  public static final int MAX_SERIES = 50;

  /** About the most points per series: the step grows with the window. */
  static final int MAX_POINTS = 360;

  /** The longest window: the in-memory store's default coarse retention. */
  static final Duration MAX_WINDOW = Duration.ofDays(3);

  private SeriesView() {}

  /**
   * @param window the window, back from now
   * @param name only series whose name contains this, or {@code null} for all
   * @param source only the events of this source, or {@code null}
   * @param max the most series, 1 to {@link #MAX_SERIES}
   */
  public static Map<String, Object> of(Monitor monitor, Duration window, String name,
      String source, int max) {
    if (window.compareTo(MAX_WINDOW) > 0) {
      throw new IllegalArgumentException("'window' of series must be at most 3d but was "
          + window.toHours() + "h");
    }
    Duration step = step(window);
    SeriesStore store = monitor.series();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("windowMs", window.toMillis());
    m.put("stepMs", step.toMillis());
    m.put("events", events(store, window, step, source));
    m.put("series", recorded(monitor.meterRegistry(), store, window, step, name, max));
    return m;
  }

  /** One minute up to an hour's window, then a multiple of 5 minutes (the coarse buckets). */
  static Duration step(Duration window) {
    if (window.compareTo(Duration.ofHours(1)) <= 0) {
      return Duration.ofMinutes(1);
    }
    long minutes = Math.max(1, (window.toMinutes() + MAX_POINTS - 1) / MAX_POINTS);
    return Duration.ofMinutes(((minutes + 4) / 5) * 5);
  }

  private static Map<String, Object> events(SeriesStore store, Duration window, Duration step,
      String source) {
    Severity[] severities = Severity.values();
    TreeMap<Long, double[]> byTime = new TreeMap<>();
    for (SeriesKey key : store.keys(VigilMeters.EVENTS)) {
      if (source != null && !source.equals(key.tag("source"))) {
        continue;
      }
      int severity = severityIndex(key.tag("severity"));
      for (WindowStats b : store.buckets(key, window, step)) {
        double[] counts = byTime.computeIfAbsent(b.from().getEpochSecond(),
            t -> new double[severities.length]);
        if (severity >= 0) {
          counts[severity] += b.sum();
        }
      }
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("t", new ArrayList<>(byTime.keySet()));
    Map<String, Object> bySeverity = new LinkedHashMap<>();
    for (Severity s : severities) {
      List<Long> counts = new ArrayList<>(byTime.size());
      byTime.values().forEach(c -> counts.add(Math.round(c[s.ordinal()])));
      bySeverity.put(s.name(), counts);
    }
    m.put("bySeverity", bySeverity);
    return m;
  }

  private static int severityIndex(String name) {
    try {
      return name == null ? -1 : Severity.valueOf(name.toUpperCase(Locale.ROOT)).ordinal();
    } catch (IllegalArgumentException e) {
      return -1;
    }
  }

  private static List<Object> recorded(MeterRegistry registry, SeriesStore store,
      Duration window, Duration step, String filter, int max) {
    Map<String, String> kinds = new TreeMap<>();
    if (registry != null) {
      for (Meter meter : registry.getMeters()) {
        String n = meter.getId().getName();
        if (n.startsWith("vigil.") || kinds.containsKey(n)
            || (filter != null && !n.contains(filter))) {
          continue;
        }
        kinds.put(n, meter instanceof Timer ? "timer"
            : meter instanceof DistributionSummary ? "distribution" : "counter");
      }
    }
    List<Object> out = new ArrayList<>();
    for (Map.Entry<String, String> e : kinds.entrySet()) {
      TreeSet<SeriesKey> keys = new TreeSet<>((a, b) -> a.toString().compareTo(b.toString()));
      keys.addAll(store.keys(e.getKey()));
      for (SeriesKey key : keys) {
        if (out.size() >= max) {
          return out;
        }
        out.add(series(store, key, e.getValue(), window, step));
      }
    }
    return out;
  }

  private static Map<String, Object> series(SeriesStore store, SeriesKey key, String kind,
      Duration window, Duration step) {
    boolean counter = kind.equals("counter");
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("key", key.toString());
    m.put("name", key.name());
    m.put("tags", key.tags());
    m.put("kind", kind);
    if (kind.equals("timer")) {
      m.put("unit", "ms");
    }
    WindowStats w = store.window(key, window);
    m.put("count", w.count());
    m.put("sum", number(w.sum()));
    m.put("rate", number(w.rate()));
    if (!counter) {
      m.put("mean", number(w.mean()));
      m.put("p95", number(w.percentile(0.95)));
      m.put("max", number(w.max()));
    }
    List<Long> t = new ArrayList<>();
    List<Double> values = new ArrayList<>();
    List<Double> p95 = new ArrayList<>();
    for (WindowStats b : store.buckets(key, window, step)) {
      t.add(b.from().getEpochSecond());
      values.add(number(counter ? b.sum() : b.mean()));
      if (!counter) {
        p95.add(number(b.percentile(0.95)));
      }
    }
    Map<String, Object> points = new LinkedHashMap<>();
    points.put("t", t);
    points.put(counter ? "sum" : "mean", values);
    if (!counter) {
      points.put("p95", p95);
    }
    m.put("points", points);
    return m;
  }

  /** JSON has no NaN: no value is {@code null}. */
  private static Double number(double d) {
    return Double.isFinite(d) ? d : null;
  }
}
